#!/bin/bash
# End to end: once a one-time ticket from 'vdctl export-vv --ttl' has
# expired, 'vdctl connect NAME' and 'vdctl export-vv NAME' must not hand the
# dead ticket to a viewer.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A ticket replaces the running desktop's password (libvirt's passwdValidTo
# on the live <graphics>); the definition keeps the password the desktop
# was created with. After the ticket's life, either vdctl refuses with a
# message that says the password expired (exit non-zero), or it connects
# with a password that works. Starting remote-viewer with the expired
# ticket, which the server refuses (link result: reply 7) while vdctl says
# "Viewer ... started" and exits 0, leaves the user at a password prompt.

# shellcheck source=tests/lib/viewer.sh
. "$(dirname "$0")/../lib/viewer.sh"

name=$(e2e_name afterticket)
pwfile="$E2E_TMP/password"
viewer_password_file "$pwfile"
viewer_create "$name" --usb3 --usbredir 2 --start --password-file "$pwfile"
viewer_start_xvfb

e2e_vdctl export-vv "$name" --ttl 2 -o "$E2E_TMP/t2.vv"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl export-vv --ttl 2 exited $E2E_RC"; }
sleep 3.5

# vdctl connect after the ticket expired.
log="$E2E_TMP/connect.log"
rc=0
viewer_env timeout 60 "$VDCTL" -c "$VD_QEMU_URI" connect "$name" --debug \
  >"$log" 2>&1 </dev/null || rc=$?
if [ "$rc" -ne 0 ]; then
  if grep -qiE "expired|--ttl" "$log"; then
    viewer_ok "vdctl connect after an expired ticket: exit $rc, $(grep 'vdctl: error' "$log")"
  else
    viewer_bad "vdctl connect after an expired ticket: exit $rc without saying the ticket expired: $(grep 'vdctl: error' "$log")"
  fi
elif vlog=$(viewer_log_of "$log") && [ -n "$vlog" ] &&
     viewer_wait_log "$vlog" " main-1:0: (channel up|link result)" 15 &&
     grep -q " main-1:0: channel up" "$vlog"; then
  viewer_ok "vdctl connect after an expired ticket: the viewer links"
else
  viewer_keep "$log" ${vlog:+"$vlog"}
  viewer_bad "vdctl connect after an expired ticket exited 0 ('$(grep -m1 '^Viewer for' "$log")') but handed the viewer a password the server refuses ($(grep -o 'link result: reply [0-9]*' "${vlog:-$log}" | head -n 1))"
fi
viewer_stop_all

# vdctl export-vv (no --ttl) after the ticket expired.
vv="$E2E_TMP/after.vv"
e2e_vdctl export-vv "$name" -o "$vv"
if [ "$E2E_RC" -ne 0 ]; then
  if printf '%s\n' "$E2E_ERR" | grep -qiE "expired|--ttl"; then
    viewer_ok "vdctl export-vv after an expired ticket: exit $E2E_RC, $E2E_ERR"
  else
    viewer_bad "vdctl export-vv after an expired ticket: exit $E2E_RC without saying the ticket expired: $E2E_ERR"
  fi
else
  log="$E2E_TMP/after.log"
  viewer_run "$vv" "$log"
  rv=$VIEWER_PID
  if viewer_wait_log "$log" " main-1:0: (channel up|link result)" 15 &&
     grep -q " main-1:0: channel up" "$log"; then
    viewer_ok "vdctl export-vv after an expired ticket: its file lets the viewer in"
  else
    viewer_keep "$log"
    viewer_bad "vdctl export-vv after an expired ticket exited 0 and wrote a password the server refuses ($(grep -o 'link result: reply [0-9]*' "$log" | head -n 1))"
  fi
  viewer_stop "$rv"
fi

viewer_finish "connect and export-vv after an expired ticket on $VD_QEMU_URI"
