#!/bin/bash
# End to end: a create that fails leaves no partial state on a real libvirtd.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 1. A create whose start fails (a CD-ROM image that does not exist: libvirt
#    defines the domain, then QEMU cannot open the image) exits 1 with one
#    error line carrying libvirt's reason, and leaves neither the domain nor
#    the volume it made. libvirt's lifecycle events show the domain really
#    was defined and then undefined, so this is a roll-back, not a create
#    that never began.
# 2. Creating a name that already exists fails and leaves the existing
#    domain as it was: same inactive XML, not started, no volume made.

. "$(dirname "$0")/../lib/e2e.sh"

# --- 1. the start fails -----------------------------------------------------

name=$(e2e_name startfail)
e2e_track "$name"
iso=/nonexistent-vdctl-e2e-$$.iso
[ ! -e "$iso" ] || e2e_fail "$iso exists"

# Watch the daemon's lifecycle events while the create runs (bounded; ours).
timeout 60 virsh -c "$VD_QEMU_URI" event --event lifecycle --loop --timestamp \
  >"$E2E_TMP/events" 2>&1 </dev/null &
events_pid=$!
sleep 1

e2e_note "vdctl create $name --start --disk 1 --pool $VD_TEST_POOL --cdrom $iso"
e2e_vdctl create "$name" --usb3 --start --network none --disk 1 --pool "$VD_TEST_POOL" \
  --cdrom "$iso" --virt-type qemu
sleep 1
kill "$events_pid" 2>/dev/null || true
wait "$events_pid" 2>/dev/null || true

[ "$E2E_RC" -eq 1 ] || { e2e_show_output; e2e_fail "a create whose start fails exited $E2E_RC, expected 1"; }
[ -z "$E2E_OUT" ] || { e2e_show_output; e2e_fail "a failed create printed on stdout"; }
[ "$(printf '%s\n' "$E2E_ERR" | wc -l)" -eq 1 ] ||
  { e2e_show_output; e2e_fail "a failed create must print exactly one line on stderr"; }
case $E2E_ERR in
  "vdctl: error: "*) ;;
  *) e2e_show_output; e2e_fail "the error line does not start with 'vdctl: error: '" ;;
esac
# vdctl says what it was doing, and keeps libvirt's reason with the path.
printf '%s\n' "$E2E_ERR" | grep -qF "$name" ||
  { e2e_show_output; e2e_fail "the error does not name the desktop"; }
printf '%s\n' "$E2E_ERR" | grep -q 'start' ||
  { e2e_show_output; e2e_fail "the error does not say the start failed"; }
printf '%s\n' "$E2E_ERR" | grep -qF "$iso" ||
  { e2e_show_output; e2e_fail "the error lost libvirt's reason (the image path)"; }
printf '%s\n' "$E2E_ERR" | grep -q 'No such file or directory' ||
  { e2e_show_output; e2e_fail "the error lost libvirt's reason (No such file or directory)"; }

e2e_domain_exists "$name" && e2e_fail "the failed create left domain $name defined"
e2e_volume_exists "$name.qcow2" && e2e_fail "the failed create left volume $name.qcow2 in $VD_TEST_POOL"
grep -F "'$name'" "$E2E_TMP/events" | grep -q 'Defined' ||
  { cat "$E2E_TMP/events"; e2e_fail "no 'Defined' event for $name: the start was never reached"; }
grep -F "'$name'" "$E2E_TMP/events" | grep -q 'Undefined' ||
  { cat "$E2E_TMP/events"; e2e_fail "no 'Undefined' event for $name: no roll-back seen"; }
e2e_note "start failure: exit 1, '$E2E_ERR'; domain and volume rolled back"

# --- 2. the name exists -----------------------------------------------------

name=$(e2e_name exists)
e2e_track "$name"
e2e_vdctl create "$name" --network none --virt-type qemu --memory 1024
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "cannot define $name to start with"; }
vd_virsh dumpxml --inactive --security-info -- "$name" >"$E2E_TMP/before.xml" ||
  e2e_fail "cannot read $name"

# existing_untouched OPTIONS...: create NAME again with OPTIONS; it must
# fail with exit 1 and one error line, and change nothing.
existing_untouched ()
{
  local state

  e2e_vdctl create "$name" "$@"
  [ "$E2E_RC" -eq 1 ] ||
    { e2e_show_output; e2e_fail "create of the existing $name ($*) exited $E2E_RC, expected 1"; }
  [ "$(printf '%s\n' "$E2E_ERR" | wc -l)" -eq 1 ] ||
    { e2e_show_output; e2e_fail "expected exactly one error line"; }
  printf '%s\n' "$E2E_ERR" | grep -q "^vdctl: error: .*already exists" ||
    { e2e_show_output; e2e_fail "the error does not say the desktop already exists"; }

  vd_virsh dumpxml --inactive --security-info -- "$name" >"$E2E_TMP/after.xml" ||
    e2e_fail "$name is gone after a failed create ($*)"
  if ! cmp -s "$E2E_TMP/before.xml" "$E2E_TMP/after.xml"; then
    diff -u "$E2E_TMP/before.xml" "$E2E_TMP/after.xml"
    e2e_fail "a failed create ($*) changed the existing $name"
  fi
  state=$(vd_virsh domstate -- "$name")
  [ "$state" = "shut off" ] || e2e_fail "a failed create ($*) left $name '$state'"
  if e2e_volume_exists "$name.qcow2"; then
    e2e_fail "a failed create ($*) made volume $name.qcow2"
  fi
}

existing_untouched --usb3 --listen 0.0.0.0 --network none --virt-type qemu
existing_untouched --usb3 --start --disk 1 --pool "$VD_TEST_POOL" --network none --virt-type qemu
e2e_note "existing name: exit 1, '$E2E_ERR'; $name unchanged"

echo "PASS: failed creates leave no partial state on $VD_QEMU_URI"
