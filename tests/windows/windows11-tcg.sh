#!/bin/bash
# End to end: 'vdctl create --profile windows11 --start' under TCG boots its
# firmware with Secure Boot and a TPM 2.0 on a real libvirtd; 'vdctl delete'
# removes it with its UEFI variables and TPM state.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# shellcheck source=tests/windows/lib.sh
. "$(dirname "$0")/lib.sh"

name=$(e2e_name w11)
win_track "$name"
live="$E2E_TMP/live.xml"

e2e_vdctl create "$name" --profile windows11 --virt-type qemu --memory 1024 \
  --network none --disk 1 --pool "$VD_TEST_POOL" --start
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "create --start exited $E2E_RC"; }

# Running, and still running a few seconds later (the firmware did not
# stop it).
for i in 1 2 3 4; do
  state=$(vd_virsh domstate -- "$name")
  [ "$state" = running ] || e2e_fail "$name: domstate says '$state' after $((i * 2 - 2)) s"
  sleep 2
done

vd_virsh dumpxml -- "$name" >"$live" || e2e_fail "$name: cannot read its live XML"
e2e_expect "$live" "TCG" "string(/domain/@type)" qemu
e2e_expect "$live" "TPM model" "string(/domain/devices/tpm/@model)" tpm-crb
e2e_expect "$live" "TPM backend" "string(/domain/devices/tpm/backend/@type)" emulator
e2e_expect "$live" "TPM 2.0" "string(/domain/devices/tpm/backend/@version)" 2.0
e2e_expect "$live" "Secure Boot loader" "string(/domain/os/loader/@secure)" yes
e2e_expect "$live" "pflash loader" "string(/domain/os/loader/@type)" pflash
e2e_expect "$live" "SMM" "string(/domain/features/smm/@state)" on
e2e_expect "$live" "enrolled keys" \
  "string(/domain/os/firmware/feature[@name='enrolled-keys']/@enabled)" yes
e2e_expect "$live" "Hyper-V under TCG, without vpindex" \
  "count(/domain/features/hyperv/vpindex)" 0
e2e_expect "$live" "hypervclock" \
  "string(/domain/clock/timer[@name='hypervclock']/@present)" yes
loader=$(e2e_xpath "$live" "string(/domain/os/loader)")
nvram=$(e2e_xpath "$live" "string(/domain/os/nvram)")
uuid=$(e2e_xpath "$live" "string(/domain/uuid)")
e2e_note "$name runs under TCG with $loader, NVRAM $nvram"
case $loader in
  *OVMF*) ;;
  *) e2e_fail "the loader is not OVMF: '$loader'" ;;
esac
[ -f "$nvram" ] || e2e_fail "$name: no NVRAM file $nvram"
[ -d "/var/lib/libvirt/swtpm/$uuid" ] || e2e_fail "$name: no TPM state for $uuid"
# QEMU really has the TPM: an swtpm process runs on its state.
swtpm_running=no
for cmdline in /proc/[0-9]*/cmdline; do
  if { tr '\0' ' ' <"$cmdline"; } 2>/dev/null | grep -q "^[^ ]*swtpm .*$uuid"; then
    swtpm_running=yes
  fi
done
[ "$swtpm_running" = yes ] || e2e_fail "$name: no swtpm process for $uuid"

e2e_vdctl delete "$name" --force --remove-storage
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "delete exited $E2E_RC"; }
[ -e "$nvram" ] && e2e_fail "$name: delete left the NVRAM file $nvram"
win_gone "$name" "$uuid"
echo "PASS: windows11 runs under TCG with Secure Boot and a TPM 2.0, and is deleted whole"
