#!/bin/bash
# The RDP options of create, edit, connect and export-rdp against
# libvirt's test driver (test:///default, no daemon): what they record,
# what they print, and the usage errors (exit 2) for bad values.
#
# SPDX-License-Identifier: GPL-2.0-or-later

set -u
: "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"
command -v xmllint >/dev/null 2>&1 || { echo "SKIP: xmllint is not installed (Debian: libxml2-utils)"; exit 77; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-rdp-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
URI=test:///default
NS='https://vdctl.org/xmlns/desktop/1.0'
failed=0

fail ()
{
  echo "FAIL: $*"
  echo "--- stdout:"; cat "$TMP/out"
  echo "--- stderr:"; cat "$TMP/err"
  failed=1
}

run ()
{
  RC=0
  "$VDCTL" -c "$URI" "$@" </dev/null >"$TMP/out" 2>"$TMP/err" || RC=$?
}

xpath ()
{
  xmllint --xpath "$1" "$TMP/out" 2>/dev/null
}

# expect_usage MESSAGE ARGS...: exit 2 and one error line holding MESSAGE.
expect_usage ()
{
  local message=$1

  shift
  run "$@"
  if [ "$RC" -ne 2 ] || ! grep -qF -- "$message" "$TMP/err" || [ "$(wc -l <"$TMP/err")" -ne 1 ]; then
    fail "vdctl $*: expected exit 2 and one line with '$message' (exit $RC)"
  fi
}

# ---- create --rdp ----------------------------------------------------

run create lab-rdp --rdp --rdp-port 3390 --rdp-user 'Jérôme <&"x">' --rdp-domain CORP \
  --rdp-redirect clipboard,drive:share=/home/u/Share,printers,smartcard \
  --rdp-redirect serial,parallel,audio,microphone,usb:054C:0268 --print-xml
[ "$RC" -eq 0 ] || fail "create --rdp --print-xml: exit $RC"
RDP="/domain/metadata/*[local-name()='desktop' and namespace-uri()='$NS']/*[local-name()='rdp' and namespace-uri()='$NS']"
[ "$(xpath "string($RDP/@port)")" = 3390 ] || fail "create: port not recorded"
[ "$(xpath "string($RDP/@user)")" = 'Jérôme <&"x">' ] || fail "create: user not recorded intact"
[ "$(xpath "string($RDP/@domain)")" = CORP ] || fail "create: domain not recorded"
[ "$(xpath "count($RDP/*[local-name()='redirect'])")" = 9 ] || fail "create: not 9 redirections"
[ "$(xpath "string($RDP/*[@type='drive']/@path)")" = /home/u/Share ] || fail "create: drive path"
[ "$(xpath "string($RDP/*[@type='usb']/@vendor)")" = 054c ] || fail "create: USB vendor"
[ "$(xpath "count(/domain/devices/channel/target[@name='org.qemu.guest_agent.0'])")" = 1 ] ||
  fail "create --rdp: no guest agent channel"

# The settings, as the user sees them after a create (the test driver
# keeps the domain for the one command only).
run create lab-rdp2 --rdp-user alice
[ "$RC" -eq 0 ] && grep -qx "  rdp:       port 3389, user alice; redirect none" "$TMP/out" ||
  fail "create --rdp-user: the summary does not show the RDP settings"

# ---- edit --rdp / --no-rdp --------------------------------------------

run edit test --rdp --print-xml
[ "$RC" -eq 0 ] || fail "edit --rdp --print-xml: exit $RC"
[ "$(xpath "string($RDP/@port)")" = 3389 ] || fail "edit --rdp: default port not recorded"
[ "$(xpath "count($RDP/*)")" = 0 ] || fail "edit --rdp: something is redirected by default"
[ "$(xpath "count(/domain/devices/channel/target[@name='org.qemu.guest_agent.0'])")" = 1 ] ||
  fail "edit --rdp: no guest agent channel"

run edit test --no-rdp
[ "$RC" -eq 0 ] && grep -q "already has these settings" "$TMP/out" ||
  fail "edit --no-rdp on a domain without RDP settings should change nothing"

run show test --json
python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); sys.exit(0 if "rdp" in d and d["rdp"] is None else 1)' "$TMP/out" ||
  fail "show --json: 'rdp' must be null for a domain without RDP settings"
run show test
grep -qx "RDP:             none" "$TMP/out" || fail "show: no 'RDP: none' line"

# ---- bad values: exit 2 -------------------------------------------------

expect_usage "unknown redirection 'bogus'" create x --rdp-redirect clipboard,bogus
expect_usage "unknown redirection 'Clipboard'" edit test --rdp-redirect Clipboard
expect_usage "bad USB device '54c:268'" create x --rdp-redirect usb:54c:268
expect_usage "bad USB device 'usb:054c'" create x --rdp-redirect usb:054c
expect_usage "drive 'share' needs a path" create x --rdp-redirect drive:share
expect_usage "drive 'a' needs a path" create x --rdp-redirect drive:a,b=/tmp
expect_usage "invalid drive name 'a\\nb'" create x --rdp-redirect $'drive:a\nb=/tmp'
expect_usage "control character or a line break" create x --rdp-redirect $'drive:s=/tmp/a\nfull address:s:evil'
expect_usage "must be absolute" create x --rdp-redirect drive:s=tmp
expect_usage "empty redirection" create x --rdp-redirect clipboard,,printers
expect_usage "'none' goes alone" create x --rdp-redirect none,clipboard
expect_usage "invalid --rdp-port '0'" create x --rdp-port 0
expect_usage "invalid --rdp-port '65536'" edit test --rdp-port 65536
expect_usage "--rdp-user holds a control character" create x --rdp-user $'alice\r\nfull address:s:evil'
expect_usage "--rdp-domain holds a control character" edit test --rdp-domain $'a\nb'
expect_usage "--no-rdp removes the RDP settings" edit test --no-rdp --rdp-user x
expect_usage "Unknown option --no-rdp" create x --no-rdp

# ---- connect --rdp ----------------------------------------------------

run connect --rdp test --print
[ "$RC" -eq 0 ] && [ "$(cat "$TMP/out")" = "xfreerdp /v:192.168.122.3:3389 /cert:tofu -clipboard /dynamic-resolution" ] ||
  fail "connect --rdp --print with the guest's address and no recorded settings"
run connect --rdp test --print --rdp-address '[2001:db8::5]:3390' --rdp-user 'CORP\bob' \
  --rdp-domain CORP --cert ignore --password-file /nonexistent --fullscreen --viewer /opt/freerdp/bin/xfreerdp
[ "$RC" -eq 0 ] && [ "$(cat "$TMP/out")" = "/opt/freerdp/bin/xfreerdp '/v:[2001:db8::5]:3390' '/u:CORP\\bob' /d:CORP /cert:ignore /from-stdin:force -clipboard /dynamic-resolution /f" ] ||
  fail "connect --rdp --print with every option"

expect_usage "--rdp-user goes with --rdp" connect test --rdp-user x
expect_usage "--password-file goes with --rdp" connect test --password-file /dev/null
expect_usage "--ssh-tunnel goes with --rdp" connect test --ssh-tunnel
expect_usage "--ttl is for SPICE displays" connect --rdp test --ttl 5
expect_usage "--host is for SPICE displays" connect --rdp test --host h
expect_usage "invalid --cert 'prompt'" connect --rdp test --cert prompt
expect_usage "invalid --rdp-address 'a b'" connect --rdp test --rdp-address 'a b'
expect_usage "invalid port in --rdp-address '0'" connect --rdp test --rdp-address h:0
expect_usage "a password needs a user" connect --rdp test --password-file /dev/null
expect_usage "is not one; connect with -c qemu+ssh://" connect --rdp test --ssh-tunnel

# ---- export-rdp -------------------------------------------------------

run export-rdp test
[ "$RC" -eq 1 ] && grep -q "desktop 'test' has no RDP settings; record them with 'vdctl edit test --rdp'" "$TMP/err" ||
  fail "export-rdp of a desktop without RDP settings: expected exit 1 and a hint"
expect_usage "invalid port in --rdp-address 'y'" export-rdp test --rdp-address 'x:y'
run export-rdp nosuch
[ "$RC" -eq 1 ] || fail "export-rdp of a missing domain: exit $RC"

[ "$failed" -eq 0 ] && echo "PASS: RDP options"
exit "$failed"
