#!/bin/bash
# End to end: 'vdctl watch --act' lives through a libvirtd restart.  On a
# libvirtd of the test's own (tests/lib/private-libvirtd.sh: the shared
# daemon is never restarted), a tiny desktop made with
# 'vdctl create --on-disconnect poweroff:3s --start', remote-viewer under
# a private Xvfb on loopback.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 1. A viewer connects; watch --json --act says "connected".
# 2. libvirtd stops: watch says "connection-lost" and keeps running.  The
#    viewer quits while libvirtd is away (no event can say so).
# 3. libvirtd starts again: watch says "reconnected", finds in the socket
#    table that the session is gone ("disconnected", reason "gone"), and
#    powers the desktop off 3 s later ("action" poweroff ok).
# 4. Started again, a viewer connects and quits: watch, on its new
#    connection, hears it and powers the desktop off again.
#
# Needs root, unshare, libvirtd, virtlogd, and what tests/lib/viewer.sh
# needs; SKIPs (77) where it cannot run.

set -u

WR_HERE=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=tests/lib/private-libvirtd.sh
. "$WR_HERE/../lib/private-libvirtd.sh"
: "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"
pl_enter_namespace jq

# --- inside the private mount namespace -----------------------------------------

pl_prepare e2e-watch-restart
trap pl_stop EXIT
pl_mount
pl_start_virtlogd
pl_start_libvirtd
echo "# a private libvirtd (pid $PL_LIBVIRTD_PID)"

VIEWER_AFTER_CLEANUP=wr_after
WATCH_PID=
wr_after ()
{
  [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null
  pl_stop
}
# shellcheck source=tests/lib/viewer.sh
. "$WR_HERE/../lib/viewer.sh"

name=$(e2e_name watch-restart)
pwfile="$E2E_TMP/password"
stream="$E2E_TMP/stream.ndjson"
export VDCTL_STATE_DIR="$E2E_TMP/state"
export VDCTL_SYSTEM_CONFIG="$E2E_TMP/vdctl.conf"
printf '[watch]\naudit-log=%s\n' "$E2E_TMP/audit.log" >"$VDCTL_SYSTEM_CONFIG"

count ()
{
  jq -c --arg e "$1" --arg d "$2" 'select(.event == $e and (.desktop == $d or $d == ""))' \
    "$stream" | wc -l
}

# wait_for EVENT DESKTOP N [SECONDS]
wait_for ()
{
  local i

  for i in $(seq 1 $((${4:-30} * 5))); do
    [ "$(count "$1" "$2")" -ge "$3" ] && return 0
    sleep 0.2
  done
  return 1
}

connect_viewer ()
{
  local vv="$E2E_TMP/$1.vv"

  e2e_vdctl export-vv "$name" --ttl 120 -o "$vv"
  [ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl export-vv exited $E2E_RC"; }
  viewer_run "$vv" "$E2E_TMP/$1.log"
  viewer_channels_up "$E2E_TMP/$1.log" main-1:0 display-2:0 ||
    { viewer_keep "$E2E_TMP/$1.log"; e2e_fail "the viewer did not link its channels"; }
}

state () { vd_virsh domstate -- "$name" 2>/dev/null | head -n 1; }

viewer_password_file "$pwfile"
viewer_create "$name" --on-disconnect poweroff:3s --start --password-file "$pwfile"
viewer_start_xvfb

"$VDCTL" -c "$VD_QEMU_URI" watch --json --act >"$stream" 2>"$E2E_TMP/watch.err" &
WATCH_PID=$!
wait_for watch-started "" 1 10 || e2e_fail "watch did not start: $(cat "$E2E_TMP/watch.err")"

# --- 1. connected ------------------------------------------------------------------

connect_viewer first
wait_for connected "$name" 1 && viewer_ok "watch: connected" || viewer_bad "no connected line"

# --- 2. libvirtd goes away ---------------------------------------------------------

pl_stop_pid "$PL_LIBVIRTD_PID"
wait_for connection-lost "" 1 30 && viewer_ok "libvirtd stopped: watch says connection-lost" ||
  viewer_bad "no connection-lost line after libvirtd stopped"
kill -0 "$WATCH_PID" 2>/dev/null && viewer_ok "watch still runs" || viewer_bad "watch exited"
viewer_stop "$VIEWER_PID"
sleep 1

# --- 3. libvirtd is back -------------------------------------------------------------

pl_start_libvirtd
wait_for reconnected "" 1 30 && viewer_ok "libvirtd back: watch says reconnected" ||
  viewer_bad "no reconnected line"
gone=$(jq -r --arg d "$name" 'select(.event == "disconnected" and .desktop == $d) | .details.reason' \
       "$stream" | head -n 1)
wait_for disconnected "$name" 1 10 && [ "$(jq -r --arg d "$name" \
  'select(.event == "disconnected" and .desktop == $d) | .details.reason' "$stream" | head -n 1)" = gone ] &&
  viewer_ok "the session that ended meanwhile: disconnected, reason gone" ||
  viewer_bad "no disconnected (gone) line for the session that ended meanwhile ('$gone')"
wait_for action "$name" 1 20 &&
  [ "$(jq -r --arg d "$name" 'select(.event == "action" and .desktop == $d) | .details.result' "$stream" | head -n 1)" = ok ] &&
  viewer_ok "watch acted after the restart: poweroff ok" || viewer_bad "no action after the restart"
for _ in $(seq 1 20); do [ "$(state)" = "shut off" ] && break; sleep 0.5; done
[ "$(state)" = "shut off" ] && viewer_ok "the desktop is shut off" ||
  viewer_bad "the desktop is '$(state)'"

# --- 4. events on the new connection -------------------------------------------------

e2e_vdctl start "$name"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl start exited $E2E_RC"; }
connect_viewer second
wait_for connected "$name" 2 && viewer_ok "a new viewer: connected, heard on the new connection" ||
  viewer_bad "no connected line for the new viewer"
viewer_stop "$VIEWER_PID"
wait_for action "$name" 2 20 && viewer_ok "its disconnect powers the desktop off again" ||
  viewer_bad "no second action"

kill -TERM "$WATCH_PID"
rc=0
wait "$WATCH_PID" || rc=$?
WATCH_PID=
[ "$rc" -eq 0 ] && viewer_ok "watch ends with 0 on SIGTERM" || viewer_bad "watch exited $rc"
grep -v '^$' "$E2E_TMP/watch.err" | sed 's/^/# watch stderr: /'

viewer_finish "vdctl watch --act through a libvirtd restart"
