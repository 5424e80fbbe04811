#!/bin/bash
# End to end: every shipped profile gives XML that validates and that a real
# libvirtd (qemu:///system) defines, under KVM and under TCG; and a Windows
# profile on a nested-KVM host without --virt-type is refused with advice.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# shellcheck source=tests/windows/lib.sh
. "$(dirname "$0")/lib.sh"

xml="$E2E_TMP/domain.xml"
# --virt-type kvm where the host offers no KVM is a usage error: the KVM
# leg runs where there is KVM.
types="kvm qemu"
if ! e2e_host_has_kvm; then
  types=qemu
  e2e_note "SKIP the kvm leg: this host offers no KVM (TCG only)"
fi
for profile in linux windows10 windows11; do
  for type in $types; do
    name=$(e2e_name "$profile-$type")
    win_track "$name"

    e2e_vdctl create "$name" --profile "$profile" --virt-type "$type" --network none \
      --disk 1 --pool "$VD_TEST_POOL" --print-xml
    [ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "$profile/$type: --print-xml exited $E2E_RC"; }
    printf '%s\n' "$E2E_OUT" >"$xml"
    win_validate "$xml" "$profile/$type --print-xml"

    e2e_vdctl create "$name" --profile "$profile" --virt-type "$type" --network none \
      --disk 1 --pool "$VD_TEST_POOL"
    [ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "$profile/$type: create exited $E2E_RC"; }
    vd_virsh dumpxml --inactive -- "$name" >"$xml" || e2e_fail "$name: not defined"
    win_validate "$xml" "$profile/$type as defined"
    e2e_expect "$xml" "$profile/$type: type" "string(/domain/@type)" "$type"
    e2e_expect "$xml" "$profile/$type: profile recorded" \
      "string(/domain/metadata/*[local-name()='desktop']/@profile)" "$profile"
    case $profile in
      windows11)
        e2e_expect "$xml" "$profile/$type: TPM" "string(/domain/devices/tpm/backend/@version)" 2.0
        e2e_expect "$xml" "$profile/$type: UEFI" "string(/domain/os/@firmware)" efi ;;
      windows10)
        e2e_expect "$xml" "$profile/$type: hypervclock" \
          "string(/domain/clock/timer[@name='hypervclock']/@present)" yes ;;
    esac

    e2e_vdctl delete "$name" --remove-storage
    [ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "$name: delete exited $E2E_RC"; }
    win_gone "$name" ""
    e2e_note "$profile under $type: valid, defined, deleted"
  done
done

# A nested-KVM host (its CPU says 'hypervisor') refuses a Windows profile
# unless --virt-type says what to do.
if e2e_host_has_kvm &&
   vd_virsh domcapabilities --virttype kvm --machine q35 --arch x86_64 2>/dev/null |
     xmllint --xpath "boolean(/domainCapabilities/cpu/mode[@name='host-model']/feature[@name='hypervisor'][@policy='require'])" - 2>/dev/null |
     grep -qx true; then
  name=$(e2e_name nested)
  win_track "$name"
  e2e_vdctl create "$name" --profile windows11 --network none
  [ "$E2E_RC" -eq 2 ] || { e2e_show_output; e2e_fail "nested host: expected exit 2, got $E2E_RC"; }
  printf '%s\n' "$E2E_ERR" | grep -qF -- "is itself a virtual machine" ||
    { e2e_show_output; e2e_fail "nested host: the message does not say why"; }
  printf '%s\n' "$E2E_ERR" | grep -qF -- "--virt-type qemu" ||
    { e2e_show_output; e2e_fail "nested host: the message gives no advice"; }
  e2e_domain_exists "$name" && e2e_fail "nested host: a domain was defined"
  e2e_note "a Windows profile on this nested-KVM host without --virt-type is refused with advice"
else
  e2e_note "this host is not a nested-KVM host: the refusal is not checked"
fi
echo "PASS: profiles validate and define on $VD_QEMU_URI"
