#!/bin/bash
# End to end: the answer-file CD of 'vdctl create --unattend' (it holds the
# Windows password) is removed once the installed guest's agent answers,
# on a real libvirtd (qemu:///system).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The guest here has no operating system, so its QEMU guest agent never
# answers, and the CD must stay: show says it is attached (text, --json,
# -r), start and show on the running guest leave it, rdp enable and
# connect --rdp too.  What vdctl does once the agent answers is run by
# unattend-detach (ARG 1), which calls the same function vdctl calls then:
# the running domain's drive is emptied, the drive leaves the persistent
# definition, the volume is deleted, and show no longer mentions it.  That
# the agent's answer triggers it is covered only by the unit and CLI
# tests: no guest here can run an agent.

# shellcheck source=tests/windows/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

detach_helper=$1
win_fake_iso WIN
printf 'Cleanup-p4ss\n' >"$E2E_TMP/pw"

name=$(e2e_name cleanup)
vol="$name-unattend.iso"
win_track "$name"
e2e_vdctl create "$name" --profile windows10 --virt-type qemu --network none --memory 512 \
  --disk 1 --pool "$VD_TEST_POOL" --cdrom "$E2E_TMP/WIN.iso" \
  --unattend --unattend-password-file "$E2E_TMP/pw" --start
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "create --unattend --start exited $E2E_RC"; }

cd_xpath="count(/domain/devices/disk[@device='cdrom'][source/@volume='$vol'])"
inactive=$E2E_TMP/inactive.xml
live=$E2E_TMP/live.xml

# attached WHAT: the CD is still in both definitions, its volume there.
attached ()
{
  vd_virsh dumpxml --inactive -- "$name" >"$inactive" || e2e_fail "dumpxml $name"
  vd_virsh dumpxml -- "$name" >"$live" || e2e_fail "dumpxml $name"
  if [ "$(e2e_xpath "$inactive" "$cd_xpath")" = 1 ] && [ "$(e2e_xpath "$live" "$cd_xpath")" = 1 ] &&
     e2e_volume_exists "$vol"; then
    ok "$1: the answer-file CD stays (no agent answers)"
  else
    not_ok "$1: the answer-file CD went, though no agent answers"
  fi
}

e2e_vdctl show "$name"
check "show on the running guest: 'Answer-file CD:  attached'" \
  eval 'printf "%s\n" "$E2E_OUT" | grep -q "^Answer-file CD:  attached ($vol, with the Windows password)"'
attached "show"
e2e_vdctl show "$name" --json
check "show --json: answer_file_cd attached" \
  eval 'printf "%s\n" "$E2E_OUT" | grep -q "\"answer_file_cd\" : \"attached\""'
e2e_vdctl -r show "$name"
check "-r show: attached too" \
  eval 'printf "%s\n" "$E2E_OUT" | grep -q "^Answer-file CD:  attached"'

e2e_vdctl rdp enable "$name" --timeout 5
check "rdp enable fails: no agent answers" [ "$E2E_RC" -eq 1 ]
attached "rdp enable"
e2e_vdctl connect --rdp "$name" --rdp-address 127.0.0.1:1 --viewer true
attached "connect --rdp"

e2e_vdctl stop "$name" --force
e2e_vdctl show "$name"
check "show on the stopped guest: attached" \
  eval 'printf "%s\n" "$E2E_OUT" | grep -q "^Answer-file CD:  attached"'
e2e_vdctl start "$name"
check "start says the answer-file CD is still attached" \
  eval '[ "$E2E_RC" -eq 0 ] && printf "%s\n" "$E2E_OUT" | grep -q "^Answer-file CD of .$name.: attached"'
attached "start"

# ---- what happens once the agent answers -------------------------------

target=$(e2e_xpath "$live" "string(/domain/devices/disk[@device='cdrom'][source/@volume='$vol']/target/@dev)")
if "$detach_helper" "$VD_QEMU_URI" "$name" >"$E2E_TMP/detach.out" 2>&1; then
  ok "the answer-file CD is removed from the running desktop"
else
  not_ok "removing the answer-file CD failed" "$(cat "$E2E_TMP/detach.out")"
fi
vd_virsh dumpxml --inactive -- "$name" >"$inactive"
vd_virsh dumpxml -- "$name" >"$live"
check "it is gone from the persistent definition" [ "$(e2e_xpath "$inactive" "$cd_xpath")" = 0 ]
check "the running domain's drive $target holds no medium" \
  [ "$(e2e_xpath "$live" "count(/domain/devices/disk[target/@dev='$target']/source[@file or @volume or @dev])")" = 0 ]
check "its volume $vol is deleted" eval '! e2e_volume_exists "$vol"'
check "the Windows ISO stays" \
  [ "$(e2e_xpath "$inactive" "count(/domain/devices/disk[@device='cdrom']/source[@file='$E2E_TMP/WIN.iso'])")" = 1 ]
e2e_vdctl show "$name"
check "show no longer mentions it" eval '[ "$E2E_RC" -eq 0 ] && ! printf "%s\n" "$E2E_OUT" | grep -q "Answer-file CD"'
e2e_vdctl show "$name" --json
check "show --json: answer_file_cd null" \
  eval 'printf "%s\n" "$E2E_OUT" | grep -q "\"answer_file_cd\" : null"'
"$detach_helper" "$VD_QEMU_URI" "$name" >"$E2E_TMP/detach.out" 2>&1
check "a second removal says there is none" grep -q "has no answer-file CD" "$E2E_TMP/detach.out"

e2e_vdctl stop "$name" --force
e2e_vdctl start "$name"
check "the next start has no answer-file CD" \
  eval '[ "$E2E_RC" -eq 0 ] && ! printf "%s\n" "$E2E_OUT" | grep -q "Answer-file CD"'

tap_finish
