#!/bin/bash
# 'vdctl edit' of the redirection policy on a running desktop: the
# persistent definition changes, the running QEMU does not, vdctl says a
# restart applies it, and a restart does.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A desktop made with 'vdctl create --start' (clipboard and file transfer
# on, SPICE's own compression), then
# 'vdctl edit NAME --redirect -clipboard,-files --display-profile wan':
#   - vdctl says the running desktop keeps its settings until its next boot;
#   - the persistent definition has <clipboard copypaste='no'/>,
#     <filetransfer enable='no'/> and <jpeg compression='always'/>, and
#     validates; the live one has none of them;
#   - the running QEMU (the same pid) has no disable-copy-paste;
#   - after 'vdctl stop --force' and 'vdctl start', QEMU runs with
#     disable-copy-paste=on, disable-agent-file-xfer=on and
#     jpeg-wan-compression=always.

# shellcheck source=tests/redirect/lib.sh
. "$(dirname "$0")/lib.sh"

name=$(e2e_name redirect-edit)
redirect_create "$name" --start

dev=/domain/devices
gr="$dev/graphics[@type='spice']"
before="$E2E_TMP/before.cmdline"
redirect_qemu_cmdline "$name" "$before" ||
  e2e_fail "cannot read QEMU's command line for $name (its pid file or its log)"
pid_before=$(cat "/run/libvirt/qemu/$name.pid" 2>/dev/null || echo unknown)
! grep -q "disable-copy-paste=on" "$before" ||
  e2e_fail "a new desktop runs with the clipboard off"

e2e_note "vdctl edit $name --redirect -clipboard,-files --display-profile wan"
e2e_vdctl edit "$name" --redirect -clipboard,-files --display-profile wan
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl edit exited $E2E_RC"; }
said=$(printf '%s\n%s\n' "$E2E_OUT" "$E2E_ERR")
if grep -qE "running desktop keeps its .*settings until its next boot" <<<"$said"; then
  viewer_ok "vdctl edit: $(grep -E "running desktop keeps its" <<<"$said" | head -n 1)"
else
  e2e_show_output
  viewer_bad "vdctl edit did not say that the running desktop keeps its settings until its next boot"
fi

redirect_validate "$name"
xi="$E2E_TMP/inactive.xml"
xl="$E2E_TMP/live.xml"
redirect_xml "$name" "$xi"
vd_virsh dumpxml -- "$name" >"$xl" || e2e_fail "cannot read the live definition of $name"
redirect_check "$xi" "persistent: <clipboard copypaste='no'/>" "count($gr/clipboard[@copypaste='no'])" 1
redirect_check "$xi" "persistent: <filetransfer enable='no'/>" "count($gr/filetransfer[@enable='no'])" 1
redirect_check "$xi" "persistent: <jpeg compression='always'/>" "string($gr/jpeg/@compression)" always
redirect_check "$xl" "live: the clipboard still on" "count($gr/clipboard[@copypaste='no'])" 0
redirect_check "$xl" "live: file transfer still on" "count($gr/filetransfer[@enable='no'])" 0
redirect_check "$xl" "live: no <jpeg> yet" "count($gr/jpeg)" 0

now="$E2E_TMP/now.cmdline"
redirect_qemu_cmdline "$name" "$now" || e2e_fail "cannot read QEMU's command line for $name"
pid_now=$(cat "/run/libvirt/qemu/$name.pid" 2>/dev/null || echo unknown)
if [ "$pid_now" = "$pid_before" ] && ! grep -q "disable-copy-paste=on" "$now"; then
  viewer_ok "the running QEMU (pid $pid_now) is untouched: no disable-copy-paste"
else
  viewer_bad "the running QEMU changed (pid $pid_before -> $pid_now) or has disable-copy-paste"
fi

# A restart applies it.
e2e_vdctl stop --force "$name"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl stop --force exited $E2E_RC"; }
e2e_vdctl start "$name"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl start exited $E2E_RC"; }
after="$E2E_TMP/after.cmdline"
redirect_qemu_cmdline "$name" "$after" || e2e_fail "cannot read QEMU's command line for $name"
spice=$(redirect_spice_arg "$after")
e2e_note "after a restart: -spice $spice"
for opt in disable-copy-paste=on disable-agent-file-xfer=on jpeg-wan-compression=always; do
  printf '%s\n' "$spice" | grep -qE "(^|,)$opt(,|$)" &&
    viewer_ok "after stop --force and start: -spice ...,$opt" ||
    viewer_bad "after a restart QEMU's -spice lacks $opt"
done

viewer_finish "vdctl edit of the policy on a running desktop: the next boot applies it"
