#!/bin/bash
# End to end: what create refuses before it changes anything.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   --virt-type kvm on a host that offers no KVM: a usage error (exit 2)
#     that says so (skipped, with the reason, on a host with KVM);
#   a NIC on a libvirt network that is defined but not active: exit 1,
#     naming 'virsh net-start NAME', with no domain and no volume made
#     (--start used to fail late, after the define).

. "$(dirname "$0")/../lib/e2e.sh"

# expect_nothing_made WHAT NAME
expect_nothing_made ()
{
  ! e2e_domain_exists "$2" || e2e_fail "$1: domain $2 was defined"
  ! e2e_volume_exists "$2.qcow2" || e2e_fail "$1: volume $2.qcow2 was made"
}

# --- KVM ------------------------------------------------------------------------

name=$(e2e_name nokvm)
e2e_track "$name"
if e2e_host_has_kvm; then
  e2e_note "SKIP --virt-type kvm refusal: this host offers KVM"
else
  e2e_vdctl create "$name" --virt-type kvm --network none --memory 256 --disk 1 \
    --pool "$VD_TEST_POOL"
  [ "$E2E_RC" -eq 2 ] || { e2e_show_output; e2e_fail "--virt-type kvm without KVM: exit $E2E_RC, expected 2"; }
  printf '%s\n' "$E2E_ERR" | grep -q "^vdctl: error: --virt-type kvm: .* offers no KVM" ||
    { e2e_show_output; e2e_fail "--virt-type kvm without KVM: the error does not say so"; }
  expect_nothing_made "--virt-type kvm" "$name"
  e2e_note "--virt-type kvm without KVM: exit 2, nothing made"
fi

# --- an inactive network ----------------------------------------------------------

net="vdctl-e2e-off-$$"
name=$(e2e_name netoff)
e2e_track "$name"
cat >"$E2E_TMP/net.xml" <<XML
<network>
  <name>$net</name>
  <bridge name='vdoff$$' stp='on' delay='0'/>
</network>
XML
vd_virsh net-define "$E2E_TMP/net.xml" >/dev/null || e2e_fail "cannot define network $net"
trap 'vd_virsh net-undefine "$net" >/dev/null 2>&1; e2e_cleanup' EXIT
e2e_vdctl create "$name" --network "$net" --virt-type qemu --memory 256 --disk 1 \
  --pool "$VD_TEST_POOL" --start
[ "$E2E_RC" -eq 1 ] || { e2e_show_output; e2e_fail "inactive network: exit $E2E_RC, expected 1"; }
printf '%s\n' "$E2E_ERR" | grep -qF "network '$net'" && printf '%s\n' "$E2E_ERR" | grep -qF "'virsh net-start $net'" ||
  { e2e_show_output; e2e_fail "inactive network: the error does not name 'virsh net-start $net'"; }
[ -z "$E2E_OUT" ] || { e2e_show_output; e2e_fail "inactive network: something was reported"; }
expect_nothing_made "inactive network" "$name"
e2e_note "inactive network: refused with 'virsh net-start $net', nothing made"

echo "PASS: create refuses KVM where there is none and inactive networks, before any change"
