#!/bin/bash
# build-aux/deb-check.sh: CI's Debian package stage (build-aux/test.sh runs
# it after the test suite). Builds the package with build-aux/deb.sh
# (lintian included), installs it on this machine, and checks what it
# installed with the installed vdctl, /usr/bin/vdctl:
#
#   the package       installed, its version meson's, /etc/vdctl/vdctl.conf
#                     a conffile, no unit of data/systemd/ enabled
#   the layout        tests/install/layout.sh --installed: binary, man page,
#                     completion, profiles, examples, configuration, units
#   a smoke run       create, show and export-vv on libvirt's test driver
#   man vdctl         found by man, renders without warnings
#   completion        bash-completion loads the installed shim on demand
#
# The package stays installed. Nothing else in the suite uses it: the tests
# run the build tree's vdctl and read no /etc/vdctl/vdctl.conf
# (VDCTL_SYSTEM_CONFIG).
#
# The package build runs with DEB_BUILD_OPTIONS=nocheck: the whole suite
# has run on the same sources before this stage, so the package's own run
# of the unit tests would add only time.
#
# Ends with one line "deb: N passed, N failed, N skipped".
#
# SPDX-License-Identifier: GPL-2.0-or-later

# "COND && pass ... || fail ...": pass only prints, it cannot fail.
# shellcheck disable=SC2015

set -euo pipefail

cd "$(dirname "$0")/.."
src=$PWD
BIN=/usr/bin/vdctl

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() {
  failed=$((failed + 1))
  echo "not ok - $1"
  shift
  local line
  for line in "$@"; do printf '#   %s\n' "$line"; done
}
skip() { skipped=$((skipped + 1)); echo "ok - $1 # SKIP $2"; }
finish() {
  echo "deb: $passed passed, $failed failed, $skipped skipped"
  if [ "$failed" -eq 0 ]; then exit 0; fi
  exit 1
}
# show FILE: its lines as diagnostics.
show() { sed 's/^/#   /' "$1"; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-deb-check.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}

# --- build ------------------------------------------------------------------------

version=$(meson introspect --projectinfo meson.build |
          python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
want_deb=$src/build-deb/vdctl_${version}_$(dpkg --print-architecture).deb

start=$SECONDS
rc=0
DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS-}" bash build-aux/deb.sh </dev/null \
  2>&1 | tee "$TMP/deb.log" || rc=$?
deb=$(tail -n 1 "$TMP/deb.log")
if [ "$rc" -eq 0 ] && [ "$deb" = "$want_deb" ] && [ -f "$deb" ]; then
  pass "deb.sh built ${deb#"$src/"} in $((SECONDS - start)) s, lintian clean"
else
  fail "deb.sh exited $rc, or did not end with the path $want_deb"
  finish
fi

# --- install --------------------------------------------------------------------------

# --reinstall: the same version built again (another commit) is installed too.
rc=0
as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 \
  --no-install-recommends --reinstall install "$deb" </dev/null >"$TMP/install.log" 2>&1 || rc=$?
if [ "$rc" -eq 0 ]; then
  pass "apt-get install ${deb#"$src/"}"
else
  fail "apt-get install ${deb#"$src/"} exited $rc (as root, or with sudo)"; show "$TMP/install.log"
  finish
fi

status=$(dpkg-query -W -f='${db:Status-Status} ${Version}' vdctl 2>&1) || true
[ "$status" = "installed $version" ] && pass "dpkg: vdctl $version is installed" ||
  fail "dpkg says '$status', expected 'installed $version'"

got=$("$BIN" --version 2>&1) || true
[ "$got" = "vdctl $version" ] && pass "$BIN --version: $got" ||
  fail "$BIN --version said '$got', expected 'vdctl $version'"

conffiles=$(dpkg-query -W -f='${Conffiles}' vdctl | awk '{ print $1 }') || true
[ "$conffiles" = /etc/vdctl/vdctl.conf ] && pass "/etc/vdctl/vdctl.conf is the package's conffile" ||
  fail "the package's conffiles are '$conffiles', expected /etc/vdctl/vdctl.conf"

# Every file of the package is where dpkg says.
missing=()
while IFS= read -r f; do
  [ -e "$f" ] || missing+=("$f")
done < <(dpkg -L vdctl)
[ "${#missing[@]}" -eq 0 ] && pass "every file dpkg lists for vdctl is there ($(dpkg -L vdctl | wc -l) paths)" ||
  fail "files dpkg lists for vdctl are missing" "${missing[@]}"

# The units of data/systemd/: in the package, none enabled (no link to it
# under /etc/systemd/system).
units=()
for f in data/systemd/*; do
  [ -f "$f" ] && [ "${f##*/}" != meson.build ] && units+=("${f##*/}")
done
if [ "${#units[@]}" -eq 0 ]; then
  skip "no unit of data/systemd/ is enabled" "data/systemd/ has no unit yet"
fi
for unit in "${units[@]}"; do
  packaged=$(dpkg -L vdctl | grep -c "/systemd/system/$unit\$") || true
  enabled=$(find /etc/systemd/system -name "$unit" 2>/dev/null | head -n 5) || true
  if [ "$packaged" -eq 1 ] && [ -z "$enabled" ]; then
    pass "$unit is in the package, not enabled"
  else
    fail "$unit: $packaged copies in the package; enabled as: ${enabled:-nothing}"
  fi
done

# --- the installed layout ----------------------------------------------------------

# Its TAP lines count here, each a check.
rc=0
VDCTL_SRCDIR=$src bash tests/install/layout.sh meson --installed </dev/null >"$TMP/layout.tap" 2>&1 || rc=$?
layout_failed=0
while IFS= read -r line; do
  case $line in
    "ok "*"# SKIP"*) skipped=$((skipped + 1)); echo "$line" ;;
    "ok "*) passed=$((passed + 1)); echo "$line" ;;
    "not ok "*) failed=$((failed + 1)); layout_failed=$((layout_failed + 1)); echo "$line" ;;
    "1.."*) ;;
    *) echo "$line" ;;
  esac
done <"$TMP/layout.tap"
# It stopped early, or failed without saying which check.
if ! grep -q '^1\.\.[1-9]' "$TMP/layout.tap" || { [ "$rc" -ne 0 ] && [ "$layout_failed" -eq 0 ]; }; then
  fail "tests/install/layout.sh --installed exited $rc"
fi

# --- a smoke run on libvirt's test driver ------------------------------------------

# The host-wide /etc/vdctl/vdctl.conf is the package's, as for any user;
# the user's own is left out.
export XDG_CONFIG_HOME=$TMP/xdg-config
unset VDCTL_SYSTEM_CONFIG LIBVIRT_DEFAULT_URI
vd() { timeout 60 "$BIN" "$@" </dev/null; }

if vd -c test:///default create smoke --network none >"$TMP/create.txt" 2>"$TMP/create.err" &&
   grep -q "^Desktop 'smoke' defined" "$TMP/create.txt" && [ ! -s "$TMP/create.err" ]; then
  pass "vdctl -c test:///default create smoke"
else
  fail "vdctl -c test:///default create smoke"; show "$TMP/create.txt"; show "$TMP/create.err"
fi

# The test driver keeps nothing once vdctl exits: show and export-vv read a
# test driver state made of the domain create prints.
if vd -c test:///default create smoke --network none --port 5931 --print-xml >"$TMP/smoke.xml" 2>"$TMP/create.err" &&
   python3 -c '
import sys
import xml.etree.ElementTree as ET
node = ET.Element("node")
node.append(ET.parse(sys.argv[1]).getroot())
ET.ElementTree(node).write(sys.argv[2], encoding="unicode")
' "$TMP/smoke.xml" "$TMP/node.xml"; then
  pass "vdctl -c test:///default create smoke --print-xml"
else
  fail "vdctl -c test:///default create smoke --print-xml"; show "$TMP/create.err"
fi
node=test://$TMP/node.xml

if vd -c "$node" show smoke --json >"$TMP/show.json" 2>"$TMP/show.err" && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(not (d["name"] == "smoke" and d["listen"] == "127.0.0.1" and d["port"] == 5931))
' "$TMP/show.json"; then
  pass "vdctl show smoke --json: listen 127.0.0.1, port 5931"
else
  fail "vdctl show smoke --json"; show "$TMP/show.json"; show "$TMP/show.err"
fi

if vd -c "$node" export-vv smoke --host desk.example.com -o "$TMP/smoke.vv" >"$TMP/vv.out" 2>"$TMP/vv.err" &&
   python3 -c '
import configparser, sys
vv = configparser.ConfigParser(interpolation=None)
vv.read(sys.argv[1])
s = vv["virt-viewer"]
sys.exit(not (s["type"] == "spice" and s["host"] == "desk.example.com" and s["port"] == "5931"))
' "$TMP/smoke.vv" && [ "$(stat -c %a "$TMP/smoke.vv")" = 600 ]; then
  pass "vdctl export-vv smoke -o FILE: a spice .vv for desk.example.com:5931, mode 0600"
else
  fail "vdctl export-vv smoke"; show "$TMP/vv.out"; show "$TMP/vv.err"
fi

# --- man vdctl ------------------------------------------------------------------------

page=$(man -w vdctl 2>&1) || true
case $page in
  /usr/share/man/man1/vdctl.1*) pass "man -w vdctl: $page" ;;
  *) fail "man -w vdctl: '$page', expected /usr/share/man/man1/vdctl.1.gz" ;;
esac
rc=0
# The page itself, not a formatted copy man-db may keep in /var/cache/man
# from an earlier install of it.
MANWIDTH=80 man --warnings -l "$page" 2>"$TMP/man.err" | col -b >"$TMP/man.txt" || rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$TMP/man.err" ] && grep -q '^NAME' "$TMP/man.txt" &&
   grep -qF '/etc/vdctl/vdctl.conf' "$TMP/man.txt" && grep -q "^ *vdctl $version" "$TMP/man.txt"; then
  pass "man vdctl renders without warnings ($(wc -l <"$TMP/man.txt") lines, version $version)"
else
  fail "man vdctl (exit $rc)"; show "$TMP/man.err"; head -n 5 "$TMP/man.txt" | show /dev/stdin
fi

# --- completion ----------------------------------------------------------------------

# As an interactive bash does it: bash-completion's loader finds the
# installed shim on the first TAB after "vdctl", and the shim asks the
# vdctl on the line, here the one on PATH: /usr/bin/vdctl.
if [ -f /usr/share/bash-completion/bash_completion ]; then
  # XDG_DATA_DIRS=/usr/share: not a shim a meson install left in
  # /usr/local/share.
  # shellcheck disable=SC2016 # the inner bash expands them
  got=$(env -i HOME="$TMP" PATH=/usr/bin:/bin XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
    XDG_DATA_DIRS=/usr/share bash --norc --noprofile -c '
      . /usr/share/bash-completion/bash_completion
      [ "$(command -v vdctl)" = /usr/bin/vdctl ] || { echo "vdctl on PATH: $(command -v vdctl)"; exit 1; }
      _completion_loader vdctl
      complete -p vdctl >/dev/null || { echo "no completion for vdctl"; exit 1; }
      shopt -s extdebug
      set -- $(declare -F _vdctl)
      [ "$3" = /usr/share/bash-completion/completions/vdctl ] || { echo "_vdctl from ${3-nowhere}"; exit 1; }
      shopt -u extdebug
      COMP_LINE="vdctl export-"; COMP_POINT=${#COMP_LINE}
      COMP_WORDS=(vdctl export-); COMP_CWORD=1
      _vdctl vdctl export- vdctl
      printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' 2>&1) || true
  # What the installed binary's own command table offers, sorted the same way.
  want=$(/usr/bin/vdctl complete -- vdctl export- </dev/null | sort | tr "\n" " ")
  [ -n "$want" ] && [ "$got" = "$want" ] &&
    pass "bash-completion loads the installed shim: 'vdctl export-' completes to $got" ||
    fail "bash-completion with the installed shim completed 'vdctl export-' as '$got'"
else
  skip "bash-completion loads the installed shim" "bash-completion is not installed"
fi

finish
