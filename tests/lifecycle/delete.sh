#!/bin/bash
# End to end on qemu:///system: 'vdctl delete', with and without
# --force and --remove-storage.
#
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/lib.sh"

# ---- a running desktop: refused without --force -------------------------

name=$(e2e_name del)
lc_create "$name" --disk 1 --pool "$VD_TEST_POOL" --start
lc_expect_state "the desktop runs" "$name" running
check "its volume is in pool $VD_TEST_POOL" e2e_volume_exists "$name.qcow2"

lc_vdctl delete "$name"
lc_expect_error "delete of a running desktop is refused without --force" 1 \
  "desktop '$name' is running; stop it with 'vdctl stop $name' or delete it with --force"
lc_expect_state "it still runs" "$name" running
check "its volume is still there" e2e_volume_exists "$name.qcow2"

lc_vdctl delete "$name" --remove-storage
lc_expect_error "delete --remove-storage of a running desktop is refused without --force" 1 \
  "is running"
lc_expect_state "it still runs" "$name" running
check "its volume is still there" e2e_volume_exists "$name.qcow2"

lc_vdctl delete "$name" --force --remove-storage
lc_expect "delete --force --remove-storage" 0 "Desktop '$name' powered off" EMPTY
check "it says deleted" grep -qxF "Desktop '$name' deleted" "$LC_TMP/out"
check "it says the volume is deleted" \
  grep -qxF "Volume '$name.qcow2' deleted from pool '$VD_TEST_POOL'" "$LC_TMP/out"
check "virsh knows no such domain" eval '! e2e_domain_exists "$name"'
check "virsh vol-list $VD_TEST_POOL has no $name.qcow2" eval '! e2e_volume_exists "$name.qcow2"'
check "no QEMU runs for it" eval '! vd_virsh list --name | grep -qxF "$name"'
lc_vdctl delete "$name" --force --remove-storage
lc_expect_error "delete again: no desktop named" 1 "no desktop named '$name'"

# ---- a stopped desktop: the volume stays without --remove-storage ------

name=$(e2e_name keep)
lc_create "$name" --disk 1 --pool "$VD_TEST_POOL"
check "its volume is in pool $VD_TEST_POOL" e2e_volume_exists "$name.qcow2"
lc_vdctl delete "$name"
lc_expect "delete a stopped desktop" 0 "Desktop '$name' deleted" EMPTY
check "no 'powered off' for a stopped desktop" eval '! grep -q "powered off" "$LC_TMP/out"'
check "no volume is reported deleted" eval '! grep -q "^Volume" "$LC_TMP/out"'
check "virsh knows no such domain" eval '! e2e_domain_exists "$name"'
check "virsh vol-list $VD_TEST_POOL still has $name.qcow2" e2e_volume_exists "$name.qcow2"
vd_virsh vol-delete --pool "$VD_TEST_POOL" -- "$name.qcow2" >/dev/null ||
  not_ok "clean up the kept volume $name.qcow2"
check "the kept volume is cleaned up" eval '! e2e_volume_exists "$name.qcow2"'

# ---- --force on a stopped desktop just deletes it ----------------------

name=$(e2e_name stopped)
lc_create "$name" --disk 1 --pool "$VD_TEST_POOL"
lc_vdctl delete "$name" --force --remove-storage
lc_expect "delete --force --remove-storage a stopped desktop" 0 "Desktop '$name' deleted" EMPTY
check "no 'powered off' for a stopped desktop" eval '! grep -q "powered off" "$LC_TMP/out"'
check "virsh knows no such domain" eval '! e2e_domain_exists "$name"'
check "its volume is gone" eval '! e2e_volume_exists "$name.qcow2"'

lc_finish
