#!/bin/bash
# End to end: what 'vdctl watch --act' does to a pool seat whose user left
# (on-disconnect reset), and to a desktop nobody uses (idle shutdown), on
# qemu:///system with remote-viewer under a private Xvfb, on loopback.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 1. A stateless pool of one seat from a tiny golden domain (a 16 MiB
#    disk, no OS), made with 'pool create --stateless --on-disconnect
#    reset'; show --json reports the policy.  The seat runs and is written
#    to through QEMU's monitor (a user's work); a viewer connects and
#    quits: watch runs "action" reset ok, and the seat runs again with
#    its write gone (back to the golden state, ready for the next user),
#    the base untouched.
# 2. A desktop made with '--idle-shutdown 4s --start' ([watch]
#    shutdown-grace=2s): with no client it gets the ACPI shutdown ("action"
#    shutdown, reason idle), and, having no OS to obey it, is powered off
#    once the grace is over ("action" poweroff, reason shutdown-grace).
#
# Needs what tests/lib/viewer.sh needs, qemu-img and qemu-io (Debian:
# qemu-utils) and jq; SKIPs (77) where it cannot run.

# shellcheck source=tests/lib/viewer.sh
. "$(dirname "$0")/../lib/viewer.sh"
# shellcheck source=tests/lib/golden.sh
. "$(dirname "$0")/../lib/golden.sh"

command -v qemu-img >/dev/null 2>&1 || { echo "SKIP: qemu-img is not installed (Debian: qemu-utils)"; exit 77; }

golden=$(e2e_name wgold)
pool=$(e2e_name wp)
seat="$pool-01"
idle=$(e2e_name widle)
stream="$E2E_TMP/stream.ndjson"
export VDCTL_STATE_DIR="$E2E_TMP/state"
export VDCTL_SYSTEM_CONFIG="$E2E_TMP/vdctl.conf"
printf '[watch]\naudit-log=%s\nshutdown-grace=2s\n' "$E2E_TMP/audit.log" >"$VDCTL_SYSTEM_CONFIG"
pool_dir=$POOL_DIR
WATCH_PID=

lp_cleanup ()
{
  [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null
  "$VDCTL" -c "$VD_QEMU_URI" -q pool delete "$pool" --force >/dev/null 2>&1 || true
  viewer_cleanup
}
trap lp_cleanup EXIT

must ()
{
  e2e_vdctl "$@"
  [ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl $* exited $E2E_RC"; }
}

# count EVENT DESKTOP [REASON]
count ()
{
  jq -c --arg e "$1" --arg d "$2" --arg r "${3:-}" \
    'select(.event == $e and .desktop == $d and ($r == "" or .details.reason == $r))' \
    "$stream" | wc -l
}

# wait_for EVENT DESKTOP N SECONDS [REASON]
wait_for ()
{
  local i

  for i in $(seq 1 $(($4 * 5))); do
    [ "$(count "$1" "$2" "${5:-}")" -ge "$3" ] && return 0
    sleep 0.2
  done
  return 1
}

result () { jq -r --arg d "$1" --arg r "$2" 'select(.event == "action" and .desktop == $d and .details.reason == $r) | "\(.details.action) \(.details.result)"' "$stream" | head -n 1; }
state () { vd_virsh domstate -- "$1" 2>/dev/null | head -n 1; }
hmp ()
{
  vd_virsh qemu-monitor-command --hmp "$1" \
    "qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend \"$2\"" >/dev/null
}

# --- the golden domain, the pool ----------------------------------------------

golden_make "$golden" bios
e2e_track "$seat"
must pool create "$pool" --from "$golden" --seats 1 --stateless --on-disconnect reset
must show "$seat" --json
[ "$(printf '%s' "$E2E_OUT" | jq -c .on_disconnect)" = '{"action":"reset","delay":0}' ] &&
  viewer_ok "the seat records on-disconnect reset" ||
  viewer_bad "show --json of the seat: on_disconnect is $(printf '%s' "$E2E_OUT" | jq -c .on_disconnect)"
cp "$pool_dir/$pool-base1-vda.qcow2" "$E2E_TMP/base-before.qcow2"

viewer_start_xvfb
"$VDCTL" -c "$VD_QEMU_URI" watch --json --act "$seat" "$golden" >"$stream" 2>"$E2E_TMP/watch.err" &
WATCH_PID=$!
for _ in $(seq 1 50); do grep -q '"watch-started"' "$stream" 2>/dev/null && break; sleep 0.2; done

# --- 1. the user leaves a stateless seat ------------------------------------------

must start "$seat"
hmp "$seat" "write -P 0xab 0 64k"
must export-vv "$seat" --ttl 120 -o "$E2E_TMP/seat.vv"
viewer_run "$E2E_TMP/seat.vv" "$E2E_TMP/seat.log"
viewer_channels_up "$E2E_TMP/seat.log" main-1:0 display-2:0 ||
  { viewer_keep "$E2E_TMP/seat.log"; e2e_fail "the viewer did not link its channels"; }
wait_for connected "$seat" 1 20 || viewer_bad "no connected line for the seat"
viewer_stop "$VIEWER_PID"
wait_for action "$seat" 1 60 disconnect &&
  [ "$(result "$seat" disconnect)" = "reset ok" ] &&
  viewer_ok "the user left: action reset ok" ||
  viewer_bad "no reset: $(result "$seat" disconnect) $(jq -c 'select(.event == "action")' "$stream")"
for _ in $(seq 1 20); do [ "$(state "$seat")" = running ] && break; sleep 0.5; done
[ "$(state "$seat")" = running ] && [ "$(count started "$seat")" -ge 2 ] &&
  viewer_ok "the seat runs again, ready for the next user" ||
  viewer_bad "the seat is '$(state "$seat")' after the reset"
log=/var/log/libvirt/qemu/$seat.log
before=$(grep -c "Pattern verification failed" "$log" 2>/dev/null || true)
hmp "$seat" "read -P 0xab 0 64k"
sleep 1
after=$(grep -c "Pattern verification failed" "$log" 2>/dev/null || true)
[ "${after:-0}" -gt "${before:-0}" ] && viewer_ok "the user's write is gone: the seat is back to the golden state" ||
  viewer_bad "the seat still reads the user's write after the reset"
must stop "$seat" --force
qemu-img compare -q "$E2E_TMP/base-before.qcow2" "$pool_dir/$pool-base1-vda.qcow2" &&
  viewer_ok "the base is unchanged" || viewer_bad "the base changed"

# --- 2. idle shutdown -----------------------------------------------------------------

kill "$WATCH_PID" 2>/dev/null; wait "$WATCH_PID" 2>/dev/null
viewer_create "$idle" --idle-shutdown 4s --no-password
: >"$stream"
"$VDCTL" -c "$VD_QEMU_URI" watch --json --act "$idle" >"$stream" 2>>"$E2E_TMP/watch.err" &
WATCH_PID=$!
for _ in $(seq 1 50); do grep -q '"watch-started"' "$stream" 2>/dev/null && break; sleep 0.2; done
must start "$idle"
wait_for action "$idle" 1 20 idle && [ "$(result "$idle" idle)" = "shutdown ok" ] &&
  viewer_ok "no client for 4 s: action shutdown (idle) ok" ||
  viewer_bad "no idle shutdown: $(result "$idle" idle)"
wait_for action "$idle" 1 20 shutdown-grace && [ "$(result "$idle" shutdown-grace)" = "poweroff ok" ] &&
  viewer_ok "the guest did not obey ACPI: powered off once the 2 s grace was over" ||
  viewer_bad "no power-off after the grace: $(result "$idle" shutdown-grace)"
wait_for stopped "$idle" 1 10 && [ "$(state "$idle")" = "shut off" ] &&
  viewer_ok "the idle desktop is shut off" || viewer_bad "the idle desktop is '$(state "$idle")'"

kill -TERM "$WATCH_PID"
wait "$WATCH_PID" 2>/dev/null
WATCH_PID=
[ ! -s "$E2E_TMP/watch.err" ] || { sed 's/^/#   /' "$E2E_TMP/watch.err"; viewer_bad "watch wrote on stderr"; }

viewer_finish "vdctl watch --act: a seat reset when its user left, an idle desktop shut down"
