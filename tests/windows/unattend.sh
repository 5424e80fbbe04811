#!/bin/bash
# End to end: 'vdctl create --unattend' on a real libvirtd (qemu:///system).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#  1. define: the answer file's volume is in the pool, readable by its owner
#     only, and is an ISO with Autounattend.xml at its root that holds the
#     user, the Remote Desktop settings and the guest agent's install, and
#     no password in clear; the domain has it as a CD-ROM and starts;
#  2. failures (the answer file's volume exists already; no tool to make
#     the image; the start fails) leave no domain, volume or file behind;
#  3. windows11 --unattend --start under TCG runs, through vdctl's presses
#     of Enter at the installation media's prompt.

# shellcheck source=tests/windows/lib.sh
. "$(dirname "$0")/lib.sh"

win_fake_iso WIN
win_fake_iso VIRTIO
password='Vd-p4ss <&> wörd'
printf '%s\n' "$password" >"$E2E_TMP/pw"
tmp_before=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name "vdctl-unattend-*" | sort)

# ---- 1. define ---------------------------------------------------------

name=$(e2e_name unattend)
win_track "$name"
e2e_vdctl create "$name" --profile windows11 --virt-type qemu --network none \
  --disk 1 --pool "$VD_TEST_POOL" --cdrom "$E2E_TMP/WIN.iso" --virtio-win "$E2E_TMP/VIRTIO.iso" \
  --unattend --unattend-user alice --unattend-password-file "$E2E_TMP/pw" --json
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "create --unattend exited $E2E_RC"; }
printf '%s\n' "$E2E_OUT" >"$E2E_TMP/out.json"
python3 - "$E2E_TMP/out.json" "$name" <<'PY' || e2e_fail "create --json: wrong unattend object"
import json, sys
d = json.load(open(sys.argv[1]))[0]
u = d["unattend"]
assert u == {"user": "alice", "volume": sys.argv[2] + "-unattend.iso"}, u
PY
printf '%s\n%s\n' "$E2E_OUT" "$E2E_ERR" | grep -qF "$password" && e2e_fail "the password was printed"

e2e_volume_exists "$name-unattend.iso" || e2e_fail "no volume $name-unattend.iso in $VD_TEST_POOL"
path=$(vd_virsh vol-path --pool "$VD_TEST_POOL" -- "$name-unattend.iso")
mode=$(stat -c %a "$path")
[ "$mode" = 600 ] || e2e_fail "$path has mode $mode; the answer file must be readable by its owner only"

vd_virsh vol-download --pool "$VD_TEST_POOL" -- "$name-unattend.iso" "$E2E_TMP/unattend.iso" ||
  e2e_fail "cannot download $name-unattend.iso"
isoinfo -J -f -i "$E2E_TMP/unattend.iso" >"$E2E_TMP/files" || e2e_fail "the volume is no ISO image"
[ "$(cat "$E2E_TMP/files")" = /Autounattend.xml ] ||
  { cat "$E2E_TMP/files"; e2e_fail "the image does not hold just /Autounattend.xml"; }
answers="$E2E_TMP/Autounattend.xml"
isoinfo -J -i "$E2E_TMP/unattend.iso" -x /Autounattend.xml >"$answers"
xmllint --noout "$answers" || e2e_fail "Autounattend.xml is not well-formed XML"
grep -qF -- "$password" "$answers" && e2e_fail "the password is in clear in the answer file"
grep -qF -- "p4ss" "$answers" && e2e_fail "part of the password is in clear in the answer file"
c="//*[local-name()='component']"
e2e_expect "$answers" "Remote Desktop allowed" \
  "string(${c}[@name='Microsoft-Windows-TerminalServices-LocalSessionManager']/*[local-name()='fDenyTSConnections'])" false
e2e_expect "$answers" "the firewall's Remote Desktop rules" \
  "count(//*[local-name()='CommandLine'][.='netsh.exe advfirewall firewall set rule group=\"Remote Desktop\" new enable=Yes'])" 1
e2e_expect "$answers" "the user" \
  "string(//*[local-name()='LocalAccount']/*[local-name()='Name'])" alice
e2e_expect "$answers" "no password in plain text" \
  "count(//*[local-name()='PlainText'][.!='false'])" 0
e2e_expect "$answers" "the guest agent" \
  "count(//*[local-name()='CommandLine'][contains(., 'guest-agent\\qemu-ga-x86_64.msi')])" 1
encoded=$(printf '%sPassword' "$password" | iconv -f UTF-8 -t UTF-16LE | base64 -w0)
e2e_expect "$answers" "the encoded password" \
  "string(//*[local-name()='LocalAccount']/*[local-name()='Password']/*[local-name()='Value'])" "$encoded"

xml="$E2E_TMP/inactive.xml"
vd_virsh dumpxml --inactive -- "$name" >"$xml" || e2e_fail "$name is not defined"
win_validate "$xml" "$name"
e2e_expect "$xml" "three CD-ROMs" "count(/domain/devices/disk[@device='cdrom'])" 3
e2e_expect "$xml" "the answer file's CD-ROM" \
  "string(/domain/devices/disk[@device='cdrom'][source/@volume='$name-unattend.iso']/source/@pool)" \
  "$VD_TEST_POOL"
e2e_expect "$xml" "virtio disk with the drivers" \
  "string(/domain/devices/disk[@device='disk']/target/@bus)" virtio
vd_virsh start -- "$name" >/dev/null || e2e_fail "$name does not start"
sleep 3
[ "$(vd_virsh domstate -- "$name")" = running ] || e2e_fail "$name stopped"
uuid=$(vd_virsh domuuid -- "$name")
vd_virsh destroy -- "$name" >/dev/null
e2e_vdctl delete "$name" --remove-storage
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "delete exited $E2E_RC"; }
# delete --remove-storage takes the answer-file image vdctl made too.
! e2e_volume_exists "$name-unattend.iso" || e2e_fail "delete --remove-storage left $name-unattend.iso"
win_gone "$name" "$uuid"
e2e_note "define: answer file checked, domain started and removed"

# ---- 2. failures leave nothing behind -----------------------------------

# The answer file's volume exists already: the disk made before is removed
# again, the volume that was there is kept.
name=$(e2e_name exists)
win_track "$name"
vd_virsh vol-create-as "$VD_TEST_POOL" "$name-unattend.iso" 1M --format raw >/dev/null ||
  e2e_fail "cannot make a volume in the way"
e2e_vdctl create "$name" --profile windows10 --virt-type qemu --network none \
  --disk 1 --pool "$VD_TEST_POOL" --cdrom "$E2E_TMP/WIN.iso" --unattend \
  --unattend-password-file "$E2E_TMP/pw"
[ "$E2E_RC" -eq 1 ] || { e2e_show_output; e2e_fail "volume in the way: expected exit 1, got $E2E_RC"; }
printf '%s\n' "$E2E_ERR" | grep -qF "volume '$name-unattend.iso' already exists" ||
  { e2e_show_output; e2e_fail "volume in the way: the message does not say so"; }
e2e_domain_exists "$name" && e2e_fail "volume in the way: a domain was left"
e2e_volume_exists "$name.qcow2" && e2e_fail "volume in the way: the disk volume was left"
e2e_volume_exists "$name-unattend.iso" || e2e_fail "volume in the way: the user's volume was removed"
vd_virsh vol-delete --pool "$VD_TEST_POOL" -- "$name-unattend.iso" >/dev/null
e2e_note "an answer file volume in the way: nothing left, the volume kept"

# No tool to make the image: nothing is made at all.
name=$(e2e_name notool)
win_track "$name"
mkdir -p "$E2E_TMP/emptybin"
rc=0
PATH="$E2E_TMP/emptybin" "$VDCTL" -c "$VD_QEMU_URI" create "$name" --profile windows10 \
  --virt-type qemu --network none --disk 1 --pool "$VD_TEST_POOL" --cdrom "$E2E_TMP/WIN.iso" \
  --unattend --unattend-password-file "$E2E_TMP/pw" </dev/null >"$E2E_TMP/out" 2>"$E2E_TMP/err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$E2E_TMP/err"; e2e_fail "no genisoimage: expected exit 1, got $rc"; }
grep -qF "genisoimage" "$E2E_TMP/err" || { cat "$E2E_TMP/err"; e2e_fail "no genisoimage: not named"; }
win_gone "$name" ""

# The start fails (the installation ISO is not there): everything goes.
name=$(e2e_name nostart)
win_track "$name"
e2e_vdctl create "$name" --profile windows11 --virt-type qemu --network none \
  --disk 1 --pool "$VD_TEST_POOL" --cdrom "$E2E_TMP/missing.iso" --unattend \
  --unattend-password-file "$E2E_TMP/pw" --start
[ "$E2E_RC" -eq 1 ] || { e2e_show_output; e2e_fail "failed start: expected exit 1, got $E2E_RC"; }
win_gone "$name" ""
tmp_after=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name "vdctl-unattend-*" | sort)
[ "$tmp_before" = "$tmp_after" ] || e2e_fail "a temporary directory was left behind: $tmp_after"
e2e_note "failures: no domain, volume, NVRAM or temporary file left"

# ---- 3. windows11 --unattend --start under TCG ---------------------------

name=$(e2e_name w11start)
win_track "$name"
e2e_vdctl create "$name" --profile windows11 --virt-type qemu --network none \
  --disk 1 --pool "$VD_TEST_POOL" --cdrom "$E2E_TMP/WIN.iso" --unattend --start
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "create --unattend --start exited $E2E_RC"; }
printf '%s\n' "$E2E_OUT" | grep -qE "^  user: +user, password [A-Za-z0-9]{24}  \(generated; shown only now\)$" ||
  { e2e_show_output; e2e_fail "the generated Windows password is not shown"; }
printf '%s\n' "$E2E_OUT" | grep -qF "Press any key to boot from CD or DVD" ||
  { e2e_show_output; e2e_fail "no word of the boot prompt"; }
[ "$(vd_virsh domstate -- "$name")" = running ] || e2e_fail "$name is not running"
uuid=$(vd_virsh domuuid -- "$name")
e2e_vdctl delete "$name" --force --remove-storage
! e2e_volume_exists "$name-unattend.iso" || e2e_fail "delete --remove-storage left $name-unattend.iso"
win_gone "$name" "$uuid"
echo "PASS: create --unattend on $VD_QEMU_URI"
