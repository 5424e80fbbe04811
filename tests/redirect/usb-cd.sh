#!/bin/bash
# USB redirection end to end, with no USB hardware: spice-gtk emulates a
# USB CD drive (mass storage, class 0x08, id 2b23:cdcd) from an ISO file
# and redirects it as soon as it connects.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Two desktops on qemu:///system, both 'vdctl create --usb3 --start':
#   A  --usb-allow storage: a <redirfilter> allowing class 0x08, and the
#      .vv file's usb-filter says the same; remote-viewer
#      --spice-share-cd=ISO --spice-usbredir-redirect-on-connect=-1,-1,-1,-1,1
#      redirects the CD and QEMU's 'info usb' shows a USB Redirection
#      Device at 480 Mb/s.
#   B  --usb-deny storage: a <redirfilter> refusing class 0x08 and allowing
#      the rest; the same viewer is told "rejected by host" (spice-gtk
#      checks QEMU's filter before it sends a device) and every
#      redirection device stays at 1.5 Mb/s (empty).
# The viewers read the tickets from .vv files ('vdctl export-vv --ttl 300
# -o FILE'), never from their argv.

# shellcheck source=tests/redirect/lib.sh
. "$(dirname "$0")/lib.sh"

redirect_need genisoimage genisoimage

a=$(e2e_name usb-allow)
b=$(e2e_name usb-deny)
redirect_create "$a" --usb3 --usb-allow storage --start
redirect_create "$b" --usb3 --usb-deny storage --start

# --- what vdctl defined -----------------------------------------------------

xa="$E2E_TMP/a.xml"
xb="$E2E_TMP/b.xml"
redirect_xml "$a" "$xa"
redirect_xml "$b" "$xb"
redirect_check "$xa" "A: the filter's first rule is class 0x08" \
  "string(/domain/devices/redirfilter/usbdev[1]/@class)" 0x08
redirect_check "$xa" "A: ... and allows it" \
  "string(/domain/devices/redirfilter/usbdev[1]/@allow)" yes
redirect_check "$xb" "B: the filter's first rule is class 0x08" \
  "string(/domain/devices/redirfilter/usbdev[1]/@class)" 0x08
redirect_check "$xb" "B: ... and refuses it" \
  "string(/domain/devices/redirfilter/usbdev[1]/@allow)" no
redirect_check "$xb" "B: the last rule allows any other device" \
  "concat(count(/domain/devices/redirfilter/usbdev[last()]/@class), '/', /domain/devices/redirfilter/usbdev[last()]/@allow)" \
  "0/yes"
for x in "$xa" "$xb"; do
  [ "$(redirect_count "$x" "/domain/devices/redirdev[@bus='usb'][@type='spicevmc']")" -ge 1 ] ||
    viewer_bad "$(basename "$x"): no spicevmc redirection channel"
done

# --- the .vv files ----------------------------------------------------------

va="$E2E_TMP/a.vv"
vb="$E2E_TMP/b.vv"
redirect_export_vv "$a" "$va"
redirect_export_vv "$b" "$vb"
redirect_vv_check "$va.kept" enable-usbredir 1
redirect_vv_check "$va.kept" usb-filter "0x08,-1,-1,-1,1"
redirect_vv_check "$vb.kept" enable-usbredir 1
redirect_vv_check "$vb.kept" usb-filter "0x08,-1,-1,-1,0|-1,-1,-1,-1,1"
grep -q password= "$va.kept" || e2e_fail "export-vv wrote no password"

# Nothing is redirected before a client comes.
for d in "$a" "$b"; do
  redirect_info_usb "$d" >"$E2E_TMP/usb-before" 2>&1 || e2e_fail "'info usb' failed on $d"
  grep -q "USB Redirection Device" "$E2E_TMP/usb-before" ||
    { cat "$E2E_TMP/usb-before"; e2e_fail "$d: 'info usb' lists no USB Redirection Device"; }
  ! grep -q "480 Mb/s, Product USB Redirection Device" "$E2E_TMP/usb-before" ||
    e2e_fail "$d: a redirection device is in use before any client connected"
done

# --- the viewers ------------------------------------------------------------

iso="$E2E_TMP/cd.iso"
redirect_iso "$iso"
cd_opts=(--spice-share-cd="$iso" "--spice-usbredir-redirect-on-connect=-1,-1,-1,-1,1")

viewer_start_xvfb

# A: the CD goes through.
log="$E2E_TMP/a.log"
viewer_run "$va" "$log" "${cd_opts[@]}"
rv=$VIEWER_PID
viewer_channels_up "$log" main-1:0 usbredir-9:0 ||
  viewer_bad "A: the viewer did not link main and usbredir"
deadline=$((SECONDS + 60))
until redirect_usb_in_use "$a" || [ "$SECONDS" -ge "$deadline" ]; do
  sleep 1
done
redirect_info_usb "$a" >"$E2E_TMP/usb-a" 2>&1
if grep -q "Speed 480 Mb/s, Product USB Redirection Device" "$E2E_TMP/usb-a"; then
  viewer_ok "A: 'info usb': $(grep "480 Mb/s, Product USB Redirection" "$E2E_TMP/usb-a" | sed 's/^ *//')"
else
  sed 's/^/# /' "$E2E_TMP/usb-a"
  viewer_keep "$log"
  viewer_bad "A: no USB Redirection Device at 480 Mb/s within 60 s"
fi
grep -qE "usbredir-9:[0-9]+: connecting device 2b23:cdcd" "$log" &&
  viewer_ok "A: the viewer's log: $(grep -oE "usbredir-9:[0-9]+: connecting device 2b23:cdcd" "$log" | head -n 1)" ||
  viewer_bad "A: the viewer's log does not show the CD (2b23:cdcd) being connected"
! grep -q "rejected by host" "$log" ||
  viewer_bad "A: the viewer's log says the host rejected a device"
viewer_stop "$rv"

# B: QEMU's filter refuses it.
log="$E2E_TMP/b.log"
viewer_run "$vb" "$log" "${cd_opts[@]}"
rv=$VIEWER_PID
viewer_channels_up "$log" main-1:0 usbredir-9:0 ||
  viewer_bad "B: the viewer did not link main and usbredir"
refusal="usbredir-9:[0-9]+: +SPICE CD \(cd\.iso\) \[2b23:cdcd\] at [0-9-]+ rejected by host"
if viewer_wait_log "$log" "$refusal" 60; then
  viewer_ok "B: the viewer's log: $(grep -oE "$refusal" "$log" | head -n 1)"
else
  viewer_keep "$log"
  viewer_bad "B: the viewer's log does not say the CD was rejected by the host"
fi
grep -q "denied class 8" "$log" &&
  viewer_ok "B: the viewer's log: $(grep -o "denied class 8.*" "$log" | head -n 1)" ||
  viewer_bad "B: the viewer's log does not say class 8 was denied"
# Give a late redirection the time it would need.
sleep 5
redirect_info_usb "$b" >"$E2E_TMP/usb-b" 2>&1
if grep -q "USB Redirection Device" "$E2E_TMP/usb-b" &&
   ! grep -q "480 Mb/s, Product USB Redirection Device" "$E2E_TMP/usb-b"; then
  viewer_ok "B: 'info usb': every redirection device still at 1.5 Mb/s (empty)"
else
  sed 's/^/# /' "$E2E_TMP/usb-b"
  viewer_bad "B: a device was redirected in spite of --usb-deny storage"
fi
viewer_stop "$rv"

viewer_finish "--usb-allow storage lets spice-gtk's USB CD through, --usb-deny storage keeps it out"
