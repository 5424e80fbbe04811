#!/bin/bash
# --monitors and --display-profile, in the definition and on QEMU's command
# line.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 1. 'vdctl create --monitors 2 --display-profile wan --start' (the linux
#    profile): one QXL video device with heads='2', and in <graphics>
#    <image compression='auto_glz'/>, <jpeg compression='always'/>,
#    <zlib compression='always'/>, <playback compression='on'/>,
#    <streaming mode='all'/>; QEMU runs with qxl-vga max_outputs=2 and
#    -spice ...,image-compression=auto_glz,jpeg-wan-compression=always,
#    zlib-glz-wan-compression=always,playback-compression=on,
#    streaming-video=all. 'vdctl show' says so.
# 2. 'vdctl create --profile windows11 --virt-type qemu --monitors 2
#    --display-profile lan', defined only (UEFI, Secure Boot and a TPM under
#    TCG start too slowly for a test): Windows wants one QXL device a
#    monitor, so two video devices, both qxl, one primary; no lossy JPEG
#    (<jpeg compression='never'/>). 'vdctl show' says so. --virt-type qemu
#    because on a nested-KVM host vdctl refuses a Windows profile without
#    --virt-type (profiles-define.sh checks that refusal); where there is no
#    KVM it is what vdctl picks anyway.
# Both definitions validate against libvirt's schema.

# shellcheck source=tests/redirect/lib.sh
. "$(dirname "$0")/lib.sh"

lin=$(e2e_name monitors-linux)
win=$(e2e_name monitors-win11)
redirect_create "$lin" --monitors 2 --display-profile wan --start
redirect_create "$win" --profile windows11 --virt-type qemu --monitors 2 --display-profile lan

dev=/domain/devices
gr="$dev/graphics[@type='spice']"

# --- linux, wan, running ----------------------------------------------------

xl="$E2E_TMP/linux.xml"
redirect_xml "$lin" "$xl"
redirect_check "$xl" "linux: one video device" "count($dev/video)" 1
redirect_check "$xl" "linux: a qxl with heads='2'" "string($dev/video/model[@type='qxl']/@heads)" 2
redirect_check "$xl" "wan: <image compression='auto_glz'/>" "string($gr/image/@compression)" auto_glz
redirect_check "$xl" "wan: <jpeg compression='always'/>" "string($gr/jpeg/@compression)" always
redirect_check "$xl" "wan: <zlib compression='always'/>" "string($gr/zlib/@compression)" always
redirect_check "$xl" "wan: <playback compression='on'/>" "string($gr/playback/@compression)" on
redirect_check "$xl" "wan: <streaming mode='all'/>" "string($gr/streaming/@mode)" all

cmdline="$E2E_TMP/linux.cmdline"
redirect_qemu_cmdline "$lin" "$cmdline" ||
  e2e_fail "cannot read QEMU's command line for $lin (its pid file or its log)"
qxl=$(grep -E '"driver":"qxl-vga"|^qxl-vga,' "$cmdline" | head -n 1)
e2e_note "linux: -device $qxl"
if printf '%s\n' "$qxl" | grep -qE '"max_outputs":2([,}])|max_outputs=2(,|$)'; then
  viewer_ok "linux: QEMU runs qxl-vga with max_outputs 2"
else
  viewer_bad "linux: QEMU's qxl-vga has no max_outputs 2"
fi
spice=$(redirect_spice_arg "$cmdline")
e2e_note "linux: -spice $spice"
for opt in image-compression=auto_glz jpeg-wan-compression=always \
           zlib-glz-wan-compression=always playback-compression=on streaming-video=all; do
  printf '%s\n' "$spice" | grep -qE "(^|,)$opt(,|$)" &&
    viewer_ok "wan: QEMU runs with -spice ...,$opt" ||
    viewer_bad "wan: QEMU's -spice lacks $opt"
done

e2e_vdctl show "$lin"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl show $lin exited $E2E_RC"; }
grep -qE "^Monitors: +2$" <<<"$E2E_OUT" &&
  viewer_ok "vdctl show $lin: $(grep -E "^Monitors:" <<<"$E2E_OUT")" ||
  viewer_bad "vdctl show $lin does not say 'Monitors: 2'"
grep -qE "^Display profile: +wan" <<<"$E2E_OUT" &&
  viewer_ok "vdctl show $lin: $(grep -E "^Display profile:" <<<"$E2E_OUT")" ||
  viewer_bad "vdctl show $lin does not say 'Display profile: wan'"

# --- windows11, lan, defined ------------------------------------------------

xw="$E2E_TMP/win.xml"
redirect_xml "$win" "$xw"
redirect_check "$xw" "windows11: domain type qemu (TCG), as asked" "string(/domain/@type)" qemu
redirect_check "$xw" "windows11: two video devices" "count($dev/video)" 2
redirect_check "$xw" "windows11: both qxl" "count($dev/video/model[@type='qxl'])" 2
redirect_check "$xw" "windows11: one primary" "count($dev/video/model[@primary='yes'])" 1
redirect_check "$xw" "lan: no lossy JPEG (<jpeg compression='never'/>)" \
  "string($gr/jpeg/@compression)" never

e2e_vdctl show "$win"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl show $win exited $E2E_RC"; }
grep -qE "^Monitors: +2$" <<<"$E2E_OUT" &&
  viewer_ok "vdctl show $win: $(grep -E "^Monitors:" <<<"$E2E_OUT")" ||
  viewer_bad "vdctl show $win does not say 'Monitors: 2'"
grep -qE "^Display profile: +lan" <<<"$E2E_OUT" &&
  viewer_ok "vdctl show $win: $(grep -E "^Display profile:" <<<"$E2E_OUT")" ||
  viewer_bad "vdctl show $win does not say 'Display profile: lan'"

viewer_finish "--monitors 2 and --display-profile wan/lan in the definition and on QEMU's command line"
