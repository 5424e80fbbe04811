#!/bin/bash
# End to end: the error paths of 'vdctl rdp enable' on a real libvirtd.
# There is no Windows guest here: a running desktop with no guest agent
# inside gives "guest agent is not connected", a desktop that is not
# running and one that does not exist are refused.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# shellcheck source=tests/windows/lib.sh
. "$(dirname "$0")/lib.sh"

name=$(e2e_name rdp)
win_track "$name"

e2e_vdctl create "$name" --virt-type qemu --network none --memory 256
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "create exited $E2E_RC"; }

e2e_vdctl rdp enable "$name"
[ "$E2E_RC" -eq 1 ] || { e2e_show_output; e2e_fail "not running: expected exit 1, got $E2E_RC"; }
[ "$E2E_ERR" = "vdctl: error: desktop '$name' is not running; start it with 'vdctl start $name' and wait for Windows and its guest agent to come up" ] ||
  { e2e_show_output; e2e_fail "not running: wrong message"; }

vd_virsh start -- "$name" >/dev/null || e2e_fail "$name does not start"
e2e_vdctl rdp enable "$name" --timeout 5
[ "$E2E_RC" -eq 1 ] || { e2e_show_output; e2e_fail "no agent: expected exit 1, got $E2E_RC"; }
[ "$(printf '%s\n' "$E2E_ERR" | wc -l)" -eq 1 ] || { e2e_show_output; e2e_fail "no agent: not one line"; }
printf '%s\n' "$E2E_ERR" | grep -qF "guest agent is not connected" ||
  { e2e_show_output; e2e_fail "no agent: the message does not say the agent is not connected"; }
printf '%s\n' "$E2E_ERR" | grep -qF "desktop '$name'" ||
  { e2e_show_output; e2e_fail "no agent: the message does not name the desktop"; }
e2e_note "no agent: $E2E_ERR"

e2e_vdctl rdp enable "$name-missing"
[ "$E2E_RC" -eq 1 ] || { e2e_show_output; e2e_fail "missing: expected exit 1, got $E2E_RC"; }
printf '%s\n' "$E2E_ERR" | grep -qF "no desktop named '$name-missing'" ||
  { e2e_show_output; e2e_fail "missing: wrong message"; }

e2e_vdctl delete "$name" --force
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "delete exited $E2E_RC"; }
echo "PASS: rdp enable refuses clearly without a running guest agent"
