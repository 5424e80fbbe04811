#!/bin/bash
# End to end: a desktop name with spaces, '&', '<', quotes and non-ASCII
# letters comes out intact on a real libvirtd: the domain and its volume
# carry exactly that name, and the definition validates.
#
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../lib/e2e.sh"

name="vdctl e2e Ünïcödé & <co> \"dq\" 'sq' 桌面 $$-$RANDOM"
e2e_track "$name"
xml="$E2E_TMP/domain.xml"

e2e_vdctl create "$name" --usb3 --network none --virt-type qemu --disk 1 --pool "$VD_TEST_POOL"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl create of an unusual name exited $E2E_RC"; }
printf '%s\n' "$E2E_OUT" | grep -qF "$name" ||
  { e2e_show_output; e2e_fail "the output does not carry the name intact"; }

vd_virsh dumpxml --inactive -- "$name" >"$xml" || e2e_fail "virsh finds no domain named exactly '$name'"
got=$(e2e_xpath "$xml" "string(/domain/name)")
[ "$got" = "$name" ] || e2e_fail "domain name is '$got', expected '$name'"
got=$(e2e_xpath "$xml" "string(/domain/devices/disk[@device='disk']/source/@volume)")
[ "$got" = "$name.qcow2" ] || e2e_fail "disk volume is '$got', expected '$name.qcow2'"
e2e_volume_exists "$name.qcow2" || e2e_fail "no volume named exactly '$name.qcow2' in $VD_TEST_POOL"
if ! virt-xml-validate "$xml" domain >"$E2E_TMP/validate" 2>&1; then
  cat "$E2E_TMP/validate"
  e2e_fail "the definition does not validate"
fi

# libvirt lists it under the same name (a name printed, then looked up).
vd_virsh list --all --name | grep -qxF -- "$name" || e2e_fail "virsh list does not show '$name'"

vd_virsh undefine -- "$name" >/dev/null || e2e_fail "cannot undefine '$name'"
vd_virsh vol-delete --pool "$VD_TEST_POOL" -- "$name.qcow2" >/dev/null ||
  e2e_fail "cannot delete volume '$name.qcow2'"
e2e_domain_exists "$name" && e2e_fail "'$name' is still defined after undefine"

echo "PASS: an unusual desktop name survives define and undefine on $VD_QEMU_URI"
