# shellcheck shell=bash
# tests/lifecycle/lib.sh: helpers for the lifecycle end-to-end tests.
# Source it from bash.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The daemon and the test pool come from tests/lib/libvirtd.sh (SKIP, exit
# 77, where libvirtd cannot run).  This file adds what these tests check
# with: running vdctl with its exit code, stdout and stderr kept apart,
# assertions that keep going after a failure (so one run reports every
# broken step) and a trap that removes every domain and volume a test
# registered, whatever happened.

set -u

LC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/libvirtd.sh
. "$LC_DIR/../lib/libvirtd.sh"

: "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"

for lc_tool in virsh xmllint virt-xml-validate python3 diff; do
  command -v "$lc_tool" >/dev/null 2>&1 ||
    { echo "SKIP: $lc_tool is not installed (Debian: libvirt-clients, libxml2-utils, python3, diffutils)"; exit 77; }
done

LC_TMP=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-lifecycle.XXXXXX")
LC_DOMAINS=()
LC_VOLUMES=()
LC_PIDS=()
LC_FAILURES=0
LC_CHECKS=0

lc_cleanup ()
{
  local pid name vol

  for pid in ${LC_PIDS[@]+"${LC_PIDS[@]}"}; do
    kill "$pid" 2>/dev/null || true
  done
  # No domstate first: a define that timed out may have gone through.
  for name in ${LC_DOMAINS[@]+"${LC_DOMAINS[@]}"}; do
    vd_virsh destroy -- "$name" >/dev/null 2>&1 || true
    vd_virsh undefine --nvram -- "$name" >/dev/null 2>&1 ||
      vd_virsh undefine -- "$name" >/dev/null 2>&1 || true
  done
  for vol in ${LC_VOLUMES[@]+"${LC_VOLUMES[@]}"}; do
    vd_virsh pool-refresh "$VD_TEST_POOL" >/dev/null 2>&1 || true
    if vd_virsh vol-info --pool "$VD_TEST_POOL" -- "$vol" >/dev/null 2>&1; then
      vd_virsh vol-delete --pool "$VD_TEST_POOL" -- "$vol" >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$LC_TMP"
}
trap lc_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- reporting ------------------------------------------------------

lc_note ()
{
  echo "# $*"
}

LC_LAST_CMD=
lc_context ()
{
  echo "    last command: vdctl $LC_LAST_CMD (exit $LC_RC)"
  printf '%s\n' "$LC_OUT" | sed 's/^/    stdout: /'
  printf '%s\n' "$LC_ERR" | sed 's/^/    stderr: /'
}

# lc_ok DESCRIPTION / lc_not_ok DESCRIPTION [DETAIL...]
lc_ok ()
{
  LC_CHECKS=$((LC_CHECKS + 1))
  echo "ok $LC_CHECKS - $1"
}

lc_not_ok ()
{
  LC_CHECKS=$((LC_CHECKS + 1))
  LC_FAILURES=$((LC_FAILURES + 1))
  echo "not ok $LC_CHECKS - $1"
  shift
  local line
  for line in "$@"; do
    printf '%s\n' "$line" | sed 's/^/    /'
  done
}

# lc_check DESCRIPTION COMMAND...: a check that does not stop the test.
lc_check ()
{
  local what=$1
  shift
  if "$@"; then
    lc_ok "$what"
  else
    lc_not_ok "$what"
  fi
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
  echo "1..$LC_CHECKS"
  if [ "$LC_FAILURES" -ne 0 ]; then
    echo "FAIL: $LC_FAILURES of $LC_CHECKS checks failed"
    exit 1
  fi
  echo "PASS: $LC_CHECKS checks"
  exit 0
}

# ---- names and tracking ---------------------------------------------

# A name no other run uses: tests of several checkouts share one daemon.
lc_name ()
{
  printf 'vdctl-lc-%s-%s-%s' "$1" "$$" "$RANDOM"
}

# lc_track NAME: remove domain NAME and volume NAME.qcow2 at exit.
lc_track ()
{
  LC_DOMAINS+=("$1")
  LC_VOLUMES+=("$1.qcow2")
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
  LC_RC=0
  timeout 180 "$VDCTL" -c "$VD_QEMU_URI" "$@" <"$LC_STDIN" \
    >"$LC_TMP/out" 2>"$LC_TMP/err" || LC_RC=$?
  LC_OUT=$(cat "$LC_TMP/out")
  LC_ERR=$(cat "$LC_TMP/err")
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
    lc_ok "$what"
    return 0
  fi
  lc_not_ok "$what" "${problems[@]}"
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
    lc_ok "$what"
    return 0
  fi
  lc_not_ok "$what" "${problems[@]}"
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
    lc_ok "$1"
  else
    lc_not_ok "$1" "virsh domstate $2 says '$got', expected '$3'"
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

lc_xpath ()
{
  xmllint --xpath "$2" "$1" 2>/dev/null
}

# lc_expect_xpath DESCRIPTION FILE EXPR EXPECTED
lc_expect_xpath ()
{
  local got
  got=$(lc_xpath "$2" "$3")
  if [ "$got" = "$4" ]; then
    lc_ok "$1"
  else
    lc_not_ok "$1" "$3 gave '$got', expected '$4' (in $2)"
  fi
}

# lc_expect_valid DESCRIPTION FILE: valid against libvirt's domain schema.
lc_expect_valid ()
{
  if virt-xml-validate "$2" domain >"$LC_TMP/validate" 2>&1; then
    lc_ok "$1"
  else
    lc_not_ok "$1" "virt-xml-validate $2 domain:" "$(cat "$LC_TMP/validate")"
  fi
}

# lc_expect_same DESCRIPTION FILE-A FILE-B
lc_expect_same ()
{
  if cmp -s "$2" "$3"; then
    lc_ok "$1"
  else
    lc_not_ok "$1" "$(diff -u "$2" "$3" | head -n 40)"
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
    lc_ok "$what"
  else
    lc_not_ok "$what" "$(cat "$LC_TMP/json-check")"
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

# lc_volume_exists VOLUME: is it in the test pool (after a refresh)?
lc_volume_exists ()
{
  vd_virsh pool-refresh "$VD_TEST_POOL" >/dev/null 2>&1 || true
  vd_virsh vol-list "$VD_TEST_POOL" 2>/dev/null | awk '{print $1}' | grep -qxF -- "$1"
}

lc_domain_exists ()
{
  vd_virsh dominfo -- "$1" >/dev/null 2>&1
}

# Does something accept TCP connections on 127.0.0.1:PORT?
lc_port_open ()
{
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# lc_create NAME ARGS...: vdctl create NAME --network none --memory 256
# ARGS, and stop the test if that fails: it is setup, not the subject.
lc_create ()
{
  local name=$1
  shift
  lc_track "$name"
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
    lc_ok "$1"
  else
    lc_not_ok "$1" "lines changed that should not have:" "$stray"
  fi
}

# A TCP port nothing listens on now, for --port N.
lc_free_port ()
{
  python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'
}

vd_libvirtd_require
