#!/bin/bash
# Every redirection on, then none, seen from the SPICE client and from QEMU.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 1. 'vdctl create --redirect usb,smartcard,folders,audio,microphone,
#    clipboard,files --start': the definition has usbredir channels, a CCID
#    controller with a passthrough spicevmc smartcard, the
#    org.spice-space.webdav.0 spiceport channel and a sound device, and
#    neither clipboard nor file transfer turned off; its .vv file has
#    enable-usbredir=1 and enable-smartcard=1. remote-viewer with a
#    software smartcard (an NSS database with three self-signed
#    certificates) and a shared folder links main, display, inputs, cursor,
#    playback, record, usbredir and smartcard ("NAME: channel up" in its
#    --spice-debug log), inserts the software card, and is offered the
#    folder-sharing channel (webdav-11, which spice-gtk makes of that
#    spiceport); remote-viewer opens it only when its user ticks "Share
#    folder", so spice-channels.py, a client on spice-gtk's own API, opens
#    it: "webdav-11:0: channel up".
# 2. 'vdctl create --redirect none --start': no usbredir channel, no
#    smartcard, no spiceport, no sound device, <clipboard copypaste='no'/>
#    and <filetransfer enable='no'/>; QEMU runs with disable-copy-paste=on
#    and disable-agent-file-xfer=on; the same remote-viewer links main,
#    display, inputs and cursor, and no playback, record, usbredir,
#    smartcard or webdav channel is even offered.
# 3. 'vdctl create --redirect -microphone --start': the sound device has
#    only an output codec (<codec type='output'/>, QEMU's hda-output);
#    remote-viewer links playback, and the record channel is not offered.

# shellcheck source=tests/redirect/lib.sh
. "$(dirname "$0")/lib.sh"

redirect_need certutil libnss3-tools

all=$(e2e_name redirect-all)
none=$(e2e_name redirect-none)
redirect_create "$all" --redirect usb,smartcard,folders,audio,microphone,clipboard,files --start
redirect_create "$none" --redirect none --start
mic=$(e2e_name redirect-nomic)
redirect_create "$mic" --redirect -microphone --start

# --- what vdctl defined -----------------------------------------------------

xa="$E2E_TMP/all.xml"
xn="$E2E_TMP/none.xml"
redirect_xml "$all" "$xa"
redirect_xml "$none" "$xn"

dev=/domain/devices
[ "$(redirect_count "$xa" "$dev/redirdev[@bus='usb'][@type='spicevmc']")" -ge 1 ] &&
  viewer_ok "all: spicevmc USB redirection channels" ||
  viewer_bad "all: no spicevmc USB redirection channel"
redirect_check "$xa" "all: a CCID controller" "count($dev/controller[@type='ccid'])" 1
redirect_check "$xa" "all: a passthrough spicevmc smartcard" \
  "count($dev/smartcard[@mode='passthrough'][@type='spicevmc'])" 1
redirect_check "$xa" "all: the org.spice-space.webdav.0 spiceport channel" \
  "count($dev/channel[@type='spiceport'][source/@channel='org.spice-space.webdav.0'][target/@name='org.spice-space.webdav.0'])" 1
redirect_check "$xa" "all: a sound device" "boolean($dev/sound)" true
redirect_check "$xa" "all: its input is not turned off (no output-only codec)" \
  "count($dev/sound/codec[@type='output'])" 0
redirect_check "$xa" "all: the clipboard is not turned off" \
  "count($dev/graphics[@type='spice']/clipboard[@copypaste='no'])" 0
redirect_check "$xa" "all: file transfer is not turned off" \
  "count($dev/graphics[@type='spice']/filetransfer[@enable='no'])" 0

redirect_check "$xn" "none: no USB redirection channel" "count($dev/redirdev)" 0
redirect_check "$xn" "none: no smartcard" "count($dev/smartcard)" 0
redirect_check "$xn" "none: no spiceport channel" "count($dev/channel[@type='spiceport'])" 0
redirect_check "$xn" "none: no sound device" "count($dev/sound)" 0
redirect_check "$xn" "none: <clipboard copypaste='no'/>" \
  "count($dev/graphics[@type='spice']/clipboard[@copypaste='no'])" 1
redirect_check "$xn" "none: <filetransfer enable='no'/>" \
  "count($dev/graphics[@type='spice']/filetransfer[@enable='no'])" 1

xm="$E2E_TMP/nomic.xml"
redirect_xml "$mic" "$xm"
redirect_check "$xm" "no microphone: a sound device with only an output codec" \
  "concat(count($dev/sound), '/', count($dev/sound/codec), '/', string($dev/sound/codec/@type))" "1/1/output"

# --- QEMU's command line ----------------------------------------------------

for d in all none; do
  [ "$d" = all ] && name=$all || name=$none
  redirect_qemu_cmdline "$name" "$E2E_TMP/$d.cmdline" ||
    e2e_fail "cannot read QEMU's command line for $name (its pid file or its log)"
  redirect_spice_arg "$E2E_TMP/$d.cmdline" >"$E2E_TMP/$d.spice"
  e2e_note "$d: -spice $(cat "$E2E_TMP/$d.spice")"
done
for opt in disable-copy-paste=on disable-agent-file-xfer=on; do
  grep -qE "(^|,)$opt(,|$)" "$E2E_TMP/none.spice" &&
    viewer_ok "none: QEMU runs with -spice ...,$opt" ||
    viewer_bad "none: QEMU's -spice lacks $opt"
  ! grep -qE "(^|,)$opt(,|$)" "$E2E_TMP/all.spice" ||
    viewer_bad "all: QEMU runs with $opt"
done
redirect_qemu_cmdline "$mic" "$E2E_TMP/nomic.cmdline" ||
  e2e_fail "cannot read QEMU's command line for $mic"
grep -qE '"driver":"hda-output"|^hda-output,' "$E2E_TMP/nomic.cmdline" &&
  ! grep -qE '"driver":"hda-(duplex|micro)"|^hda-(duplex|micro),' "$E2E_TMP/nomic.cmdline" &&
  viewer_ok "no microphone: QEMU's codec is hda-output" ||
  viewer_bad "no microphone: QEMU's codec is not hda-output alone"
grep -q "smartcard\|ccid" "$E2E_TMP/all.cmdline" &&
  viewer_ok "all: QEMU has the CCID smartcard device" ||
  viewer_bad "all: no smartcard device on QEMU's command line"

# --- the .vv files ----------------------------------------------------------

va="$E2E_TMP/all.vv"
vn="$E2E_TMP/none.vv"
redirect_export_vv "$all" "$va"
redirect_export_vv "$none" "$vn"
redirect_vv_check "$va.kept" enable-usbredir 1
redirect_vv_check "$va.kept" enable-smartcard 1
redirect_vv_check "$vn.kept" enable-usbredir 0
redirect_vv_check "$vn.kept" enable-smartcard ""

# --- remote-viewer ----------------------------------------------------------

nss="$E2E_TMP/nss"
redirect_nss_db "$nss" card-a card-b card-c
shared="$E2E_TMP/shared"
mkdir -p "$shared"
echo "shared with the desktop" >"$shared/hello.txt"
client_opts=(--spice-smartcard --spice-smartcard-db "$nss"
             --spice-smartcard-certificates "card-a,card-b,card-c"
             --spice-shared-dir "$shared")

viewer_start_xvfb

log="$E2E_TMP/all.log"
viewer_run "$va" "$log" "${client_opts[@]}"
rv=$VIEWER_PID
up=(main-1:0 display-2:0 inputs-3:0 cursor-4:0 playback-5:0 record-6:0 usbredir-9:0 smartcard-8:0)
if viewer_channels_up "$log" "${up[@]}"; then
  viewer_ok "all: remote-viewer's log has '<channel>: channel up' for ${up[*]}"
else
  viewer_keep "$log"
  viewer_bad "all: not every channel came up"
fi
for re in "smartcard: reader-added" "smartcard: card-inserted" "webdav-11:0: spice_channel_constructed"; do
  if viewer_wait_log "$log" "$re" 10; then
    viewer_ok "all: remote-viewer's log: $re"
  else
    viewer_keep "$log"
    viewer_bad "all: remote-viewer's log lacks '$re'"
  fi
done
viewer_stop "$rv"

# The folder-sharing channel, opened by a client that asks for it.
if "$E2E_PYTHON_GI" -c 'import gi; gi.require_version("SpiceClientGLib", "2.0")' >/dev/null 2>&1; then
  e2e_vdctl export-vv "$all" --ttl 300 -o "$E2E_TMP/webdav.vv"
  [ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl export-vv $all exited $E2E_RC"; }
  wlog="$E2E_TMP/webdav.log"
  # It waits until the server has listed its channels and a webdav one is
  # up with its port name, however the links interleave (they do so
  # differently under KVM and under TCG).
  timeout 60 "$E2E_PYTHON_GI" "$REDIRECT_DIR/spice-channels.py" "$E2E_TMP/webdav.vv" "$shared" 30 webdav \
    >"$wlog" 2>&1 </dev/null || true
  if grep -q "webdav-11:0: channel up" "$wlog" &&
     grep -q "webdav-11:0: init: org.spice-space.webdav.0" "$wlog"; then
    viewer_ok "all: spice-channels.py's log: webdav-11:0: channel up; webdav-11:0: init: org.spice-space.webdav.0"
  else
    grep "^spice-channels: " "$wlog" | sed 's/^/# /'
    viewer_keep "$wlog"
    viewer_bad "all: the folder-sharing channel did not come up"
  fi
else
  e2e_note "not checked: the folder-sharing channel up (no spice-gtk GObject bindings; Debian: gir1.2-spiceclientglib-2.0)"
fi

log="$E2E_TMP/none.log"
viewer_run "$vn" "$log" "${client_opts[@]}"
rv=$VIEWER_PID
if viewer_channels_up "$log" main-1:0 display-2:0 inputs-3:0 cursor-4:0; then
  viewer_ok "none: main, display, inputs and cursor came up"
else
  viewer_keep "$log"
  viewer_bad "none: the basic channels did not come up"
fi
# The server lists its channels at once; give stragglers a moment anyway.
sleep 5
extra=$(grep -oE " (playback-5|record-6|usbredir-9|smartcard-8|webdav-11|port-10):[0-9]+: (channel up|spice_channel_constructed)" "$log" | sort -u)
if [ -z "$extra" ]; then
  viewer_ok "none: no playback, record, usbredir, smartcard or webdav channel offered or up"
else
  printf '%s\n' "$extra" | sed 's/^/#   /'
  viewer_keep "$log"
  viewer_bad "none: channels came up that --redirect none turns off"
fi
viewer_stop "$rv"

vm="$E2E_TMP/nomic.vv"
redirect_export_vv "$mic" "$vm"
log="$E2E_TMP/nomic.log"
viewer_run "$vm" "$log"
rv=$VIEWER_PID
if viewer_channels_up "$log" main-1:0 display-2:0 inputs-3:0 cursor-4:0 playback-5:0; then
  viewer_ok "no microphone: playback came up"
else
  viewer_keep "$log"
  viewer_bad "no microphone: playback or a basic channel did not come up"
fi
sleep 3
if ! grep -qE " record-6:[0-9]+: (channel up|spice_channel_constructed)" "$log"; then
  viewer_ok "no microphone: no record channel offered"
else
  viewer_keep "$log"
  viewer_bad "no microphone: a record channel was offered"
fi
viewer_stop "$rv"

viewer_finish "--redirect with everything, with none, from the client's and QEMU's side"
