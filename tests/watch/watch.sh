#!/bin/bash
# End to end: 'vdctl watch --json --act' against a real SPICE client.  A
# tiny desktop (256 MiB, no disk, no network) made with
# 'vdctl create --on-disconnect poweroff:5s --start' on qemu:///system,
# remote-viewer under a private Xvfb, on loopback only.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 1. A viewer connects: the stream has exactly one "connected" and one
#    "authenticated" line for it, from 127.0.0.1, however many channels it
#    opens; 'vdctl sessions' lists it, with since (from watch's state).
# 2. The viewer quits: exactly one "disconnected" (its channels counted),
#    "action-scheduled" poweroff with delay 5, and about five seconds
#    later "action" poweroff ok and the desktop's "stopped".
# 3. Started again, a viewer connects and quits, and another connects
#    within the delay: "action-cancelled", and the desktop still runs
#    well after the delay.
# 4. The audit log holds one JSON line per connect, disconnect and
#    action, each with the client's address.
# 5. Bad input: an unknown NAME (exit 1), --act with --readonly (exit 2),
#    a second watch --act while one runs (exit 1).
# 6. SIGTERM ends watch with exit status 0.
#
# Needs what tests/lib/viewer.sh needs; SKIPs (77) where it cannot run.

# shellcheck source=tests/lib/viewer.sh
. "$(dirname "$0")/../lib/viewer.sh"

name=$(e2e_name watch)
pwfile="$E2E_TMP/password"
stream="$E2E_TMP/stream.ndjson"
audit="$E2E_TMP/log/audit.log"
export VDCTL_STATE_DIR="$E2E_TMP/state"
export VDCTL_SYSTEM_CONFIG="$E2E_TMP/vdctl.conf"
printf '[watch]\naudit-log=%s\nshutdown-grace=10s\n' "$audit" >"$VDCTL_SYSTEM_CONFIG"
WATCH_PID=

watch_cleanup ()
{
  [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null
  viewer_cleanup
}
trap watch_cleanup EXIT

# count EVENT: lines of the stream of our desktop with that event.
count ()
{
  jq -c --arg d "$name" --arg e "$1" 'select(.desktop == $d and .event == $e)' "$stream" |
    wc -l
}

# wait_for EVENT N [SECONDS]: until the stream has N such lines.
wait_for ()
{
  local i

  for i in $(seq 1 $((${3:-30} * 5))); do
    [ "$(count "$1")" -ge "$2" ] && return 0
    sleep 0.2
  done
  return 1
}

# detail EVENT N KEY: KEY of the Nth (1-based) such line's details.
detail ()
{
  jq -r --arg d "$name" --arg e "$1" 'select(.desktop == $d and .event == $e) | .details.'"$3" \
    "$stream" | sed -n "$2p"
}

# epoch EVENT N: the time of the Nth such line, in seconds.
epoch ()
{
  jq -r --arg d "$name" --arg e "$1" 'select(.desktop == $d and .event == $e) | .time' \
    "$stream" | sed -n "$2p" | python3 -c '
import datetime, sys
t = sys.stdin.read().strip()
print(datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
    tzinfo=datetime.timezone.utc).timestamp())'
}

# connect_viewer: remote-viewer on a fresh one-time ticket; VIEWER_PID.
connect_viewer ()
{
  local vv="$E2E_TMP/$1.vv"

  e2e_vdctl export-vv "$name" --ttl 120 -o "$vv"
  [ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl export-vv exited $E2E_RC"; }
  viewer_run "$vv" "$E2E_TMP/$1.log"
  viewer_channels_up "$E2E_TMP/$1.log" main-1:0 display-2:0 inputs-3:0 cursor-4:0 ||
    { viewer_keep "$E2E_TMP/$1.log"; e2e_fail "the viewer did not link its channels"; }
}

state () { vd_virsh domstate -- "$name" 2>/dev/null | head -n 1; }

viewer_password_file "$pwfile"
e2e_note "vdctl create $name --on-disconnect poweroff:5s --start --network none --memory 256"
viewer_create "$name" --on-disconnect poweroff:5s --start --password-file "$pwfile"
viewer_start_xvfb

# --- 5. bad input ---------------------------------------------------------------

e2e_vdctl watch "$name-none"
[ "$E2E_RC" -eq 1 ] && [[ $E2E_ERR == "vdctl: error: no desktop named '$name-none'"* ]] &&
  viewer_ok "watch of an unknown desktop: exit 1, one error line" ||
  { e2e_show_output; viewer_bad "watch of an unknown desktop: exit $E2E_RC"; }
e2e_vdctl -r watch --act
[ "$E2E_RC" -eq 2 ] && [ "$(printf '%s\n' "$E2E_ERR" | grep -c 'error:')" = 1 ] &&
  viewer_ok "watch --act --readonly: a usage error" ||
  { e2e_show_output; viewer_bad "watch --act --readonly: exit $E2E_RC"; }

# --- 1. a viewer connects -------------------------------------------------------

"$VDCTL" -c "$VD_QEMU_URI" watch --json --act "$name" >"$stream" 2>"$E2E_TMP/watch.err" &
WATCH_PID=$!
for _ in $(seq 1 50); do
  grep -q '"watch-started"' "$stream" 2>/dev/null && break
  sleep 0.2
done
grep -q '"watch-started"' "$stream" || e2e_fail "watch did not start: $(cat "$E2E_TMP/watch.err")"
e2e_vdctl watch --act
[ "$E2E_RC" -eq 1 ] && [[ $E2E_ERR == "vdctl: error: another 'vdctl watch --act' already acts on the desktops of "* ]] &&
  viewer_ok "a second watch --act on the host is refused" ||
  { e2e_show_output; viewer_bad "a second watch --act: exit $E2E_RC"; }

connect_viewer first
rv=$VIEWER_PID
# Let the channels that follow (sound, usbredir) come up too.
sleep 3
wait_for connected 1 && wait_for authenticated 1 || true
[ "$(count connected)" = 1 ] && [ "$(count authenticated)" = 1 ] &&
  viewer_ok "one viewer: exactly one connected and one authenticated line" ||
  viewer_bad "one viewer: $(count connected) connected, $(count authenticated) authenticated lines"
[ "$(detail connected 1 address)" = 127.0.0.1 ] && [ "$(detail authenticated 1 address)" = 127.0.0.1 ] &&
  viewer_ok "both from 127.0.0.1" || viewer_bad "connected from '$(detail connected 1 address)'"
e2e_vdctl sessions "$name" --json
since=$(printf '%s\n' "$E2E_OUT" | jq -r '.[0].since')
[ "$(printf '%s\n' "$E2E_OUT" | jq length)" = 1 ] && [ "$since" != null ] &&
  viewer_ok "sessions lists it, since $since (watch's state)" ||
  { e2e_show_output; viewer_bad "sessions does not list it with a since"; }

# --- 2. the viewer quits --------------------------------------------------------

viewer_stop "$rv"
wait_for disconnected 1 || viewer_bad "no disconnected line after the viewer quit"
sleep 1
[ "$(count disconnected)" = 1 ] && viewer_ok "exactly one disconnected line" ||
  viewer_bad "$(count disconnected) disconnected lines"
channels=$(detail disconnected 1 channels)
[ "${channels:-0}" -ge 4 ] && viewer_ok "the disconnect counts $channels channels" ||
  viewer_bad "the disconnect counts '$channels' channels"
[ "$(detail action-scheduled 1 action)" = poweroff ] && [ "$(detail action-scheduled 1 delay)" = 5 ] &&
  viewer_ok "action-scheduled: poweroff, delay 5" ||
  viewer_bad "no action-scheduled poweroff with delay 5"
wait_for action 1 20 || viewer_bad "no action line within 20 s"
[ "$(detail action 1 action)" = poweroff ] && [ "$(detail action 1 result)" = ok ] &&
  viewer_ok "action: poweroff, ok" || viewer_bad "action: $(detail action 1 action) $(detail action 1 result)"
took=$(python3 -c "print(round($(epoch action 1) - $(epoch disconnected 1), 1))")
python3 -c "import sys; sys.exit(0 if 4.5 <= $took <= 8 else 1)" &&
  viewer_ok "the power-off came ${took} s after the disconnect" ||
  viewer_bad "the power-off came ${took} s after the disconnect, not about 5"
wait_for stopped 1 10 && [ "$(state)" = "shut off" ] &&
  viewer_ok "the desktop is shut off, and the stream says stopped" ||
  viewer_bad "the desktop is '$(state)' after the action"

# --- 3. back within the delay ---------------------------------------------------

e2e_vdctl start "$name"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl start $name exited $E2E_RC"; }
connect_viewer second
sleep 2
viewer_stop "$VIEWER_PID"
wait_for action-scheduled 2 || viewer_bad "no second action-scheduled"
connect_viewer third
wait_for action-cancelled 1 10 &&
  [ "$(detail action-cancelled 1 reason)" = reconnected ] &&
  viewer_ok "a viewer back within the delay: action-cancelled (reconnected)" ||
  viewer_bad "no action-cancelled after the viewer came back"
sleep 7
[ "$(state)" = running ] && [ "$(count action)" = 1 ] &&
  viewer_ok "the desktop still runs 7 s later, and no second action ran" ||
  viewer_bad "the desktop is '$(state)', $(count action) actions"
viewer_stop "$VIEWER_PID"
wait_for action 2 20 && [ "$(detail action 2 result)" = ok ] &&
  viewer_ok "once the viewer quits for good, the desktop is powered off" ||
  viewer_bad "no second power-off"

# --- 4. the audit log -----------------------------------------------------------

if [ -f "$audit" ]; then
  mode=$(stat -c %a "$audit")
  [ "$mode" = 640 ] && viewer_ok "the audit log is mode 640" || viewer_bad "the audit log is mode $mode"
  a_conn=$(jq -c --arg d "$name" 'select(.desktop == $d and .event == "connected")' "$audit" | wc -l)
  a_disc=$(jq -c --arg d "$name" 'select(.desktop == $d and .event == "disconnected")' "$audit" | wc -l)
  a_act=$(jq -c --arg d "$name" 'select(.desktop == $d and .event == "action" and .details.address == "127.0.0.1")' "$audit" | wc -l)
  [ "$a_conn" = 3 ] && [ "$a_disc" = 3 ] && [ "$a_act" = 2 ] &&
    viewer_ok "the audit log: 3 connects, 3 disconnects, 2 actions with the client's address" ||
    { sed 's/^/#   /' "$audit"; viewer_bad "the audit log: $a_conn connects, $a_disc disconnects, $a_act actions"; }
else
  viewer_bad "no audit log at $audit"
fi

# --- 6. SIGTERM -----------------------------------------------------------------

kill -TERM "$WATCH_PID"
rc=0
wait "$WATCH_PID" || rc=$?
WATCH_PID=
[ "$rc" -eq 0 ] && viewer_ok "SIGTERM ends watch with exit status 0" ||
  viewer_bad "watch exited $rc on SIGTERM"
[ ! -s "$E2E_TMP/watch.err" ] && viewer_ok "watch wrote nothing on stderr" ||
  { sed 's/^/#   /' "$E2E_TMP/watch.err"; viewer_bad "watch wrote on stderr"; }

viewer_finish "vdctl watch --json --act with remote-viewer on $VD_QEMU_URI"
