#!/bin/bash
# End to end on qemu:///system: 'vdctl delete --remove-storage' never
# deletes storage that something else needs.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Desktop A gets, besides its own disk, a volume desktop B also uses (B
# names it by path), the base image of a real qcow2 overlay (virsh
# vol-create-as --backing-vol), a read-only and a shareable volume, and a
# volume that running desktop C uses only in its live definition (hot
# plugged).  Deleting A with --remove-storage deletes its own disk only
# and says why it keeps each other volume; the overlay still opens on its
# base.  Deleting B afterwards deletes the volume nobody else uses now.

. "$(dirname "$0")/lib.sh"

a=$(e2e_name del-a)
b=$(e2e_name del-b)
c=$(e2e_name del-c)
pool=$VD_TEST_POOL
shared=$a-shared.img
base=$a-base.qcow2
overlay=$a-overlay.qcow2
ro=$a-ro.img
sh=$a-sh.img
live=$a-live.img
E2E_VOLUMES+=("$shared" "$base" "$overlay" "$ro" "$sh" "$live")

vol_path ()
{
  vd_virsh vol-path --pool "$pool" -- "$1"
}

setup ()
{
  vd_virsh vol-create-as "$pool" "$base" 16M --format qcow2 &&
    vd_virsh vol-create-as "$pool" "$overlay" 16M --format qcow2 \
      --backing-vol "$base" --backing-vol-format qcow2 &&
    vd_virsh vol-create-as "$pool" "$shared" 4M --format raw &&
    vd_virsh vol-create-as "$pool" "$ro" 4M --format raw &&
    vd_virsh vol-create-as "$pool" "$sh" 4M --format raw &&
    vd_virsh vol-create-as "$pool" "$live" 4M --format raw
}
setup >"$LC_TMP/setup.log" 2>&1 || { cat "$LC_TMP/setup.log"; lc_die "cannot make the volumes"; }
shared_path=$(vol_path "$shared") || lc_die "no path for $shared"

lc_create "$a" --disk 1 --pool "$pool" --virt-type qemu
lc_create "$b" --virt-type qemu
lc_create "$c" --virt-type qemu --start

attach ()
{
  vd_virsh attach-disk "$@" >>"$LC_TMP/attach.log" 2>&1 ||
    { cat "$LC_TMP/attach.log"; lc_die "virsh attach-disk $*"; }
}
attach "$a" "$shared_path" vdb --config --targetbus virtio
attach "$a" "$(vol_path "$base")" vdc --config --targetbus virtio --subdriver qcow2
attach "$a" "$(vol_path "$ro")" vdd --config --targetbus virtio --mode readonly
attach "$a" "$(vol_path "$sh")" vde --config --targetbus virtio --mode shareable
attach "$a" "$(vol_path "$live")" vdf --config --targetbus virtio
attach "$b" "$shared_path" vdb --config --targetbus virtio
# Only in C's running definition: hot plugged, not in its persistent one.
if vd_virsh attach-disk "$c" "$(vol_path "$live")" vdb --live --targetbus usb \
     >"$LC_TMP/hotplug.log" 2>&1; then
  live_reason="domain '$c' uses it too"
else
  cat "$LC_TMP/hotplug.log"
  e2e_note "SKIP the live-only leg: the running guest took no hot-plugged disk"
  live_reason=
fi
lc_dump "$c" "$LC_TMP/c-persistent.xml" --inactive
check "the hot-plugged volume is not in C's persistent definition" \
  eval "! grep -qF -- '$live' '$LC_TMP/c-persistent.xml'"

lc_vdctl delete "$a" --remove-storage
lc_expect "delete --remove-storage with shared storage" 0 "Desktop '$a' deleted" EMPTY
check "its own disk is deleted" grep -qxF "Volume '$a.qcow2' deleted from pool '$pool'" "$LC_TMP/out"
check "the volume B uses is kept, and why" \
  grep -qxF "Kept $shared_path: domain '$b' uses it too" "$LC_TMP/out"
check "the overlay's base is kept, and why" \
  grep -qxF "Kept $(vol_path "$base"): it is the backing file of volume '$overlay' in pool '$pool'" "$LC_TMP/out"
check "the read-only volume is kept, and why" \
  grep -qxF "Kept $(vol_path "$ro"): it is a read-only disk" "$LC_TMP/out"
check "the shareable volume is kept, and why" \
  grep -qxF "Kept $(vol_path "$sh"): it is a shareable disk" "$LC_TMP/out"
if [ -n "$live_reason" ]; then
  check "the volume C uses while it runs is kept, and why" \
    grep -qxF "Kept $(vol_path "$live"): $live_reason" "$LC_TMP/out"
  check "it still exists" e2e_volume_exists "$live"
fi
check "A's own volume is gone" eval "! e2e_volume_exists '$a.qcow2'"
for vol in "$shared" "$base" "$overlay" "$ro" "$sh"; do
  check "$vol still exists" e2e_volume_exists "$vol"
done
if command -v qemu-img >/dev/null 2>&1; then
  check "the overlay still opens with its backing file" \
    qemu-img info --backing-chain -U "$(vol_path "$overlay")"
fi

# Nobody else uses B's volume now: it goes with B.
lc_vdctl delete "$b" --remove-storage
lc_expect "delete --remove-storage of the last user" 0 "Desktop '$b' deleted" EMPTY
check "the shared volume goes with its last user" \
  grep -qxF "Volume $shared_path deleted" "$LC_TMP/out"
check "it is gone" eval "! e2e_volume_exists '$shared'"

lc_finish
