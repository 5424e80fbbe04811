# shellcheck shell=bash
# tests/lifecycle/lib.sh: helpers for the lifecycle end-to-end tests.
# Source it from bash.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# On top of tests/lib/e2e.sh (the daemon and the test pool, unique names,
# the cleanup of what a test registered, running vdctl) and
# tests/lib/tap.sh (ok, not_ok, check), this file adds what these tests
# check with: assertions that keep going after a failure, so that one run
# reports every broken step, and the parts of a definition an edit must
# leave alone.

set -u

LC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The daemon, unique names, tracking and cleanup, running vdctl.
# shellcheck source=tests/lib/e2e.sh
. "$LC_DIR/../lib/e2e.sh"
# ok, not_ok, check, counted.
# shellcheck source=tests/lib/tap.sh
. "$LC_DIR/../lib/tap.sh"

for lc_tool in python3 diff; do
  command -v "$lc_tool" >/dev/null 2>&1 ||
    { echo "SKIP: $lc_tool is not installed (Debian: python3, diffutils)"; exit 77; }
done

LC_TMP=$E2E_TMP

# ---- reporting ------------------------------------------------------

LC_LAST_CMD=
lc_context ()
{
  echo "    last command: vdctl $LC_LAST_CMD (exit $LC_RC)"
  printf '%s\n' "$LC_OUT" | sed 's/^/    stdout: /'
  printf '%s\n' "$LC_ERR" | sed 's/^/    stderr: /'
}

# A setup step failed: nothing after it would mean anything.
lc_die ()
{
  echo "Bail out! $*"
  [ -n "$LC_LAST_CMD" ] && lc_context
  exit 1
}

lc_finish ()
{
  echo "1..$tap_n"
  if [ "$tap_failed" -ne 0 ]; then
    echo "FAIL: $tap_failed of $tap_n checks failed"
    exit 1
  fi
  echo "PASS: $tap_n checks"
  exit 0
}

# ---- running vdctl --------------------------------------------------

# lc_vdctl ARGS...: run vdctl on qemu:///system with standard input from
# $LC_STDIN (default /dev/null).  Sets LC_RC, LC_OUT and LC_ERR.
LC_STDIN=/dev/null
LC_RC=0
LC_OUT=
LC_ERR=
lc_vdctl ()
{
  LC_LAST_CMD="$*"
  E2E_STDIN=$LC_STDIN e2e_vdctl "$@"
  LC_RC=$E2E_RC
  LC_OUT=$E2E_OUT
  LC_ERR=$E2E_ERR
  LC_STDIN=/dev/null
}

# lc_expect DESCRIPTION RC [STDOUT-SUBSTRING [STDERR-SUBSTRING]]: the last
# vdctl run exited RC, and its stdout and stderr hold those strings (an
# empty string: no requirement; the single word EMPTY: nothing at all).
lc_expect ()
{
  local what=$1 rc=$2 out=${3-} err=${4-} problems=()

  [ "$LC_RC" -eq "$rc" ] || problems+=("exit $LC_RC, expected $rc")
  if [ "$out" = EMPTY ]; then
    [ -z "$LC_OUT" ] || problems+=("stdout is not empty")
  elif [ -n "$out" ]; then
    case $LC_OUT in *"$out"*) ;; *) problems+=("stdout lacks '$out'") ;; esac
  fi
  if [ "$err" = EMPTY ]; then
    [ -z "$LC_ERR" ] || problems+=("stderr is not empty")
  elif [ -n "$err" ]; then
    case $LC_ERR in *"$err"*) ;; *) problems+=("stderr lacks '$err'") ;; esac
  fi
  if [ "${#problems[@]}" -eq 0 ]; then
    ok "$what"
    return 0
  fi
  not_ok "$what" "${problems[@]}"
  lc_context
  return 1
}

# lc_expect_error DESCRIPTION RC STDERR-SUBSTRING: a failure that says why
# in exactly one 'vdctl: error:' line and prints nothing on stdout.
lc_expect_error ()
{
  local what=$1 rc=$2 err=$3 problems=() lines

  lines=$(printf '%s\n' "$LC_ERR" | grep -c '^vdctl: error: ' || true)
  [ "$LC_RC" -eq "$rc" ] || problems+=("exit $LC_RC, expected $rc")
  [ -z "$LC_OUT" ] || problems+=("stdout is not empty")
  case $LC_ERR in *"$err"*) ;; *) problems+=("stderr lacks '$err'") ;; esac
  [ "$lines" -eq 1 ] || problems+=("$lines 'vdctl: error:' lines on stderr, expected one")
  if [ "${#problems[@]}" -eq 0 ]; then
    ok "$what"
    return 0
  fi
  not_ok "$what" "${problems[@]}"
  lc_context
  return 1
}

# ---- the domain's real state ----------------------------------------

lc_state ()
{
  vd_virsh domstate -- "$1" 2>/dev/null
}

# lc_expect_state DESCRIPTION NAME STATE
lc_expect_state ()
{
  local got
  got=$(lc_state "$2")
  if [ "$got" = "$3" ]; then
    ok "$1"
  else
    not_ok "$1" "virsh domstate $2 says '$got', expected '$3'"
  fi
}

# lc_dump NAME FILE [--inactive]: the definition, passwords included.
lc_dump ()
{
  local name=$1 file=$2
  shift 2
  vd_virsh dumpxml --security-info "$@" -- "$name" >"$file" ||
    lc_die "cannot read the XML of $name"
}

# lc_expect_xpath DESCRIPTION FILE EXPR EXPECTED
lc_expect_xpath ()
{
  local got
  got=$(e2e_xpath "$2" "$3")
  if [ "$got" = "$4" ]; then
    ok "$1"
  else
    not_ok "$1" "$3 gave '$got', expected '$4' (in $2)"
  fi
}

# lc_expect_valid DESCRIPTION FILE: valid against libvirt's domain schema.
lc_expect_valid ()
{
  if virt-xml-validate "$2" domain >"$LC_TMP/validate" 2>&1; then
    ok "$1"
  else
    not_ok "$1" "virt-xml-validate $2 domain:" "$(cat "$LC_TMP/validate")"
  fi
}

# lc_expect_same DESCRIPTION FILE-A FILE-B
lc_expect_same ()
{
  if cmp -s "$2" "$3"; then
    ok "$1"
  else
    not_ok "$1" "$(diff -u "$2" "$3" | head -n 40)"
  fi
}

# lc_expect_json DESCRIPTION MODE ARGS...: tests/lifecycle/json-check.py
# on $LC_OUT (MODE object or array; see that file).
lc_expect_json ()
{
  local what=$1
  shift
  printf '%s\n' "$LC_OUT" >"$LC_TMP/json"
  if python3 "$LC_DIR/json-check.py" "$@" <"$LC_TMP/json" >"$LC_TMP/json-check" 2>&1; then
    ok "$what"
  else
    not_ok "$what" "$(cat "$LC_TMP/json-check")"
  fi
}

# lc_field LABEL: a value from 'vdctl show' text output ("Port:  5900").
lc_field ()
{
  printf '%s\n' "$LC_OUT" | sed -n "s/^$1: *//p"
}

# lc_list_row NAME: the row of 'vdctl list' text output for NAME.
lc_list_row ()
{
  printf '%s\n' "$LC_OUT" | awk -v n="$1" '$1 == n'
}

# lc_create NAME ARGS...: vdctl create NAME --network none --memory 256
# ARGS, and stop the test if that fails: it is setup, not the subject.
lc_create ()
{
  local name=$1
  shift
  e2e_track "$name"
  lc_vdctl create "$name" --network none --memory 256 "$@"
  [ "$LC_RC" -eq 0 ] || lc_die "vdctl create $name failed"
  [ "$(lc_state "$name")" = "shut off" ] || [ "$(lc_state "$name")" = running ] ||
    lc_die "vdctl create $name left no domain"
}

# ---- content an edit must leave alone --------------------------------

# A foreign <metadata> element and a <description>, put in with virsh;
# the description has markup characters, quotes, a tab and non-ASCII.
LC_META_URI=https://example.org/vdctl-lifecycle/1
LC_META_KEY=lcx
LC_META_XML='<note owner="a&amp;b &lt;c&gt; &quot;q&quot;"><item n="1">keep me &amp; me</item><item n="2">ünïcödé ✓</item><empty/></note>'
LC_DESC=$(printf 'Lab desk <7> & "quoted" \x27apos\x27\tTab — ünïcödé ✓')

lc_add_foreign ()
{
  vd_virsh desc --config --new-desc "$LC_DESC" -- "$1" >/dev/null ||
    lc_die "virsh desc $1 failed"
  vd_virsh metadata --config --uri "$LC_META_URI" --key "$LC_META_KEY" \
    --set "$LC_META_XML" -- "$1" >/dev/null ||
    lc_die "virsh metadata $1 failed"
}

# Parts of a definition that no vdctl option is about: they must come
# through every edit exactly as they were.
LC_UNRELATED="/domain/uuid | /domain/name | /domain/os | /domain/features |
  /domain/cpu | /domain/clock | /domain/on_poweroff | /domain/on_reboot |
  /domain/on_crash | /domain/pm | /domain/devices/emulator | /domain/devices/disk |
  /domain/devices/interface | /domain/devices/serial | /domain/devices/console |
  /domain/devices/input | /domain/devices/memballoon | /domain/devices/rng |
  /domain/devices/channel[@type='unix'] |
  /domain/devices/controller[@type='sata' or @model='pcie-root']"

# lc_unrelated FILE OUT: the description and the foreign metadata byte for
# byte as libvirt wrote them, then the unrelated parts.
lc_unrelated ()
{
  python3 "$LC_DIR/xml-parts.py" raw "$1" description "$LC_META_KEY:note" >"$2" ||
    echo "(some foreign part is missing)" >>"$2"
  echo "== unrelated" >>"$2"
  xmllint --xpath "$LC_UNRELATED" "$1" >>"$2" 2>&1
}

# lc_expect_kept DESCRIPTION REFERENCE FILE: FILE kept what REFERENCE (an
# lc_unrelated output) holds.
lc_expect_kept ()
{
  lc_unrelated "$3" "$LC_TMP/kept"
  lc_expect_same "$1" "$2" "$LC_TMP/kept"
}

# lc_expect_changed_only DESCRIPTION BEFORE AFTER REGEX: every line that
# differs between the files matches REGEX.  Lines are compared as sets:
# libvirt itself moves a controller or two when a domain is redefined.
lc_expect_changed_only ()
{
  local stray
  sort "$2" >"$LC_TMP/changed-a"
  sort "$3" >"$LC_TMP/changed-b"
  stray=$(diff "$LC_TMP/changed-a" "$LC_TMP/changed-b" | grep '^[<>]' | grep -vE -- "$4" || true)
  if [ -z "$stray" ]; then
    ok "$1"
  else
    not_ok "$1" "lines changed that should not have:" "$stray"
  fi
}

# A TCP port nothing listens on now, for --port N.
lc_free_port ()
{
  python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'
}

