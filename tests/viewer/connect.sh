#!/bin/bash
# End to end with the real SPICE client: a desktop made with
# 'vdctl create --usb3 --usbredir 2 --start' on qemu:///system, reached by
# remote-viewer under a private Xvfb, on loopback only.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 1. 'vdctl connect NAME --debug' starts remote-viewer with the connection
#    on its standard input and returns while it runs, its --spice-debug
#    output in the log file --debug names, none on vdctl's output: a window
#    titled with the desktop's name shows the guest's firmware screen, main,
#    display and both usbredir channels link, and the password is in no
#    process's /proc/PID/cmdline or environ.
# 2. 'vdctl export-vv NAME --ttl 60 -o F' writes a 0600 file whose password
#    is a fresh ticket set on the running desktop with passwdValidTo;
#    remote-viewer F links both usbredir channels and shows the firmware
#    screen (text on black, unlike the empty display), then deletes F
#    (delete-this-file=1).
# 3. The same file with a wrong password is refused: "link result: reply 7"
#    (SPICE_LINK_ERR_PERMISSION_DENIED) and no channel comes up.

# shellcheck source=tests/lib/viewer.sh
. "$(dirname "$0")/../lib/viewer.sh"

name=$(e2e_name viewer)
pwfile="$E2E_TMP/password"
viewer_password_file "$pwfile"

e2e_note "vdctl create $name --usb3 --usbredir 2 --start --network none --memory 256 --password-file FILE"
viewer_create "$name" --usb3 --usbredir 2 --start --password-file "$pwfile"

viewer_start_xvfb
viewer_empty_screenshot

# --- 1. vdctl connect ---------------------------------------------------------

log="$E2E_TMP/connect.log"
rc=0
viewer_env timeout 60 "$VDCTL" -c "$VD_QEMU_URI" connect "$name" --debug \
  >"$log" 2>&1 </dev/null || rc=$?
if [ "$rc" -ne 0 ]; then
  viewer_keep "$log"
  e2e_fail "vdctl connect $name --debug exited $rc (log: $(tail -n 3 "$log"))"
fi
grep -qE "^Viewer for '.*' started \(pid [0-9]+\)" "$log" ||
  viewer_bad "vdctl connect did not say which viewer it started"
rv=$(sed -n "s/^Viewer for '.*' started (pid \([0-9]*\))$/\1/p" "$log")
vlog=$(sed -n 's/^Its output goes to //p' "$log")
if [ -n "$rv" ] && kill -0 "$rv" 2>/dev/null; then
  viewer_ok "vdctl connect returned while the viewer (pid $rv) runs"
else
  viewer_bad "vdctl connect returned, but no viewer runs (pid '$rv')"
fi
[ "$vlog" = "$E2E_TMP/xdg/state/vdctl/viewer-$name.log" ] &&
  viewer_ok "vdctl connect --debug names the viewer's log under XDG_STATE_HOME" ||
  viewer_bad "vdctl connect --debug named '$vlog' as the viewer's log"
! grep -q "channel up\|spice" "$log" &&
  viewer_ok "vdctl's own output holds none of the viewer's" ||
  viewer_bad "the viewer's output reached vdctl's"

if viewer_channels_up "$vlog" main-1:0 display-2:0 usbredir-9:0 usbredir-9:1; then
  viewer_ok "vdctl connect: main, display and both usbredir channels linked (the viewer's log)"
else
  viewer_keep "$log" "$vlog"
  viewer_bad "vdctl connect: the viewer did not link every channel"
fi
if viewer_find_window "$name (1)"; then
  viewer_ok "vdctl connect: a window titled '$name (1)'"
else
  viewer_bad "vdctl connect: no viewer window titled with the desktop's name"
fi
if viewer_guest_screen "$name (1)" "$E2E_TMP/connect.png"; then
  viewer_ok "vdctl connect: the window shows the guest's text screen"
else
  viewer_keep "$E2E_TMP/connect.png" "$E2E_TMP/empty.png" "$log" "$vlog"
  viewer_bad "vdctl connect: the window shows no guest screen"
fi
# The viewer runs and holds the password: no process shows it.
if vvtool procscan "$pwfile" >"$E2E_TMP/procscan" 2>&1; then
  viewer_ok "vdctl connect: the password is in no process's cmdline or environment ($(head -n 1 "$E2E_TMP/procscan" | sed 's/^procscan: //'))"
else
  cat "$E2E_TMP/procscan"
  viewer_bad "vdctl connect: the password shows in /proc"
fi
viewer_stop_all

# --- 2. export-vv --ttl 60 and remote-viewer FILE ----------------------------

vv="$E2E_TMP/ticket.vv"
cp_vv="$E2E_TMP/ticket-copy.vv"
before=$(date +%s)
e2e_vdctl export-vv "$name" --ttl 60 -o "$vv"
after=$(date +%s)
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl export-vv --ttl 60 -o FILE exited $E2E_RC"; }
[ -f "$vv" ] || e2e_fail "export-vv -o wrote no file"
mode=$(stat -c %a "$vv")
[ "$mode" = 600 ] && viewer_ok "export-vv -o: mode 0600" ||
  viewer_bad "export-vv -o wrote mode $mode, expected 600"
cp -p "$vv" "$cp_vv"

# The ticket is live: the running definition has the file's password and
# an expiry about 60 s away.
live="$E2E_TMP/live.xml"
viewer_live_xml "$name" "$live"
vvtool get "$vv" password >"$E2E_TMP/ticket" || e2e_fail "the file has no password"
ticket=$(cat "$E2E_TMP/ticket")
livepw=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@passwd)")
[ -n "$ticket" ] && [ "$ticket" = "$livepw" ] &&
  viewer_ok "export-vv --ttl: the file's password is the desktop's live password" ||
  viewer_bad "export-vv --ttl: the file's password is not the live one"
[ "$ticket" != "$(cat "$pwfile")" ] ||
  viewer_bad "export-vv --ttl handed out the desktop's own password, not a fresh ticket"
valid_to=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@passwdValidTo)")
valid_epoch=$(date -u -d "${valid_to}Z" +%s 2>/dev/null || echo 0)
if [ "$valid_epoch" -ge $((before + 58)) ] && [ "$valid_epoch" -le $((after + 61)) ]; then
  viewer_ok "export-vv --ttl 60: passwdValidTo $valid_to"
else
  viewer_bad "export-vv --ttl 60: passwdValidTo is '$valid_to', expected about 60 s from $(date -u -d "@$before" +%FT%T)"
fi
port=$(vvtool get "$vv" port)
liveport=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@port)")
[ "$port" = "$liveport" ] && [ "$(vvtool get "$vv" host)" = 127.0.0.1 ] &&
  viewer_ok "export-vv: host 127.0.0.1, port $port" ||
  viewer_bad "export-vv: host/port are '$(vvtool get "$vv" host)':'$port', the desktop listens on 127.0.0.1:$liveport"

log="$E2E_TMP/ticket.log"
viewer_run "$vv" "$log"
rv=$VIEWER_PID
if viewer_channels_up "$log" main-1:0 display-2:0 usbredir-9:0 usbredir-9:1; then
  viewer_ok "remote-viewer FILE: main, display and both usbredir channels linked"
else
  viewer_keep "$log"
  viewer_bad "remote-viewer FILE: not every channel linked"
fi
if viewer_guest_screen "$name (1)" "$E2E_TMP/ticket.png"; then
  viewer_ok "remote-viewer FILE: the guest's firmware screen is shown"
else
  viewer_keep "$E2E_TMP/ticket.png" "$E2E_TMP/empty.png" "$log"
  viewer_bad "remote-viewer FILE: no guest screen in the window"
fi
[ ! -e "$vv" ] && viewer_ok "remote-viewer deleted the file (delete-this-file=1)" ||
  viewer_bad "remote-viewer left the file in place: delete-this-file did not reach it"
viewer_stop "$rv"

# --- 3. the same file with a wrong password ----------------------------------

bad="$E2E_TMP/wrong.vv"
vvtool set "$cp_vv" "$bad" password "not-the-ticket-$RANDOM" || e2e_fail "cannot write $bad"
log="$E2E_TMP/wrong.log"
viewer_run "$bad" "$log"
rv=$VIEWER_PID
if viewer_wait_log "$log" "main-1:0: link result: reply 7"; then
  viewer_ok "a wrong password is refused (link result: reply 7)"
else
  viewer_keep "$log"
  viewer_bad "a wrong password was not refused with reply 7"
fi
! grep -q " main-1:0: channel up" "$log" ||
  viewer_bad "with a wrong password the main channel came up"
viewer_stop "$rv"

viewer_finish "vdctl connect and export-vv with remote-viewer on $VD_QEMU_URI"
