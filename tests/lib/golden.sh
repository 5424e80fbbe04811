# shellcheck shell=bash
# tests/lib/golden.sh: a tiny golden domain for the pool tests (tests/pool/,
# tests/watch/). Source it after tests/lib/e2e.sh (or viewer.sh).
#
# It has no OS: a 16 MiB qcow2 disk whose first MiB is 0x11, so that what a
# seat writes (qemu-io through QEMU's monitor) can be told from the golden
# state.
#
#   POOL_DIR                  the test storage pool's folder
#   golden_make NAME FIRMWARE define NAME, FIRMWARE 'efi' or 'bios': q35,
#                             128 MiB, one virtio disk NAME.qcow2 in the test
#                             pool, a user-mode virtio NIC, SPICE on
#                             127.0.0.1, QXL; domain and volume tracked for
#                             removal. Sets GOLDEN_DISK (the disk's path) and
#                             GOLDEN_XML (the definition's file).
#
# SPDX-License-Identifier: GPL-2.0-or-later

POOL_DIR=$(vd_virsh pool-dumpxml "$VD_TEST_POOL" | sed -n 's:.*<path>\(.*\)</path>.*:\1:p' | head -n 1)
GOLDEN_DISK=
GOLDEN_XML=

golden_make ()
{
  local name=$1 os="<os>"

  case $2 in
    efi) os="<os firmware='efi'>" ;;
    bios) ;;
    *) e2e_fail "golden_make: firmware '$2' is neither efi nor bios" ;;
  esac
  e2e_track "$name"
  E2E_VOLUMES+=("$name.qcow2")
  vd_virsh vol-create-as "$VD_TEST_POOL" "$name.qcow2" 16M --format qcow2 >/dev/null ||
    e2e_fail "cannot create the golden disk"
  GOLDEN_DISK="$POOL_DIR/$name.qcow2"
  qemu-io -f qcow2 -c "write -P 0x11 0 1M" "$GOLDEN_DISK" >/dev/null ||
    e2e_fail "cannot write the golden disk"
  GOLDEN_XML="$E2E_TMP/golden.xml"
  cat >"$GOLDEN_XML" <<EOF
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  $os<type arch='x86_64' machine='q35'>hvm</type></os>
  <features><acpi/></features>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$GOLDEN_DISK'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='user'><model type='virtio'/></interface>
    <graphics type='spice' autoport='yes' listen='127.0.0.1'/>
    <video><model type='qxl'/></video>
  </devices>
</domain>
EOF
  vd_virsh define "$GOLDEN_XML" >/dev/null || e2e_fail "cannot define the golden domain"
}
