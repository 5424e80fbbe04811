#!/bin/bash
# End to end: 'vdctl sessions' sees a real SPICE client, and leaves the
# desktop untainted.  A tiny desktop (vdctl create --start, 256 MiB, no
# disk, no network) on qemu:///system, remote-viewer started by
# 'vdctl connect' under a private Xvfb, on loopback only.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 1. Before any viewer: 'vdctl sessions NAME --json' is [] and the text is
#    the header alone.
# 2. With the viewer's main, display, inputs and cursor channels up:
#    exactly one session of NAME, address 127.0.0.1, a client port that is
#    the viewer's (a socket of its process), channels >= 4, tls false,
#    since and identity null (no watch: VDCTL_STATE_DIR is an empty
#    directory), the same in the text, and the same for another user on
#    a read-only connection when the host lets one have it (no root
#    needed to read the socket table).
# 3. After the viewer quits: no session, within a few seconds.
# 4. The domain is not tainted: its log has no "Domain id=N is tainted"
#    line and 'virsh dominfo' no "tainted" message (libvirt >= 7.1 shows
#    taints there).  To show that check can fail, a monitor command
#    passed behind libvirt's back at the end must make it say tainted.
#
# Needs what tests/lib/viewer.sh needs; SKIPs (77) where it cannot run.

# shellcheck source=tests/lib/viewer.sh
. "$(dirname "$0")/../lib/viewer.sh"

name="sess-e2e-$$-$RANDOM"
pwfile="$E2E_TMP/password"
export VDCTL_STATE_DIR="$E2E_TMP/state"
mkdir -p "$VDCTL_STATE_DIR"

# sessions_json FILE [ARGS...]: vdctl sessions NAME --json into FILE.
sessions_json ()
{
  local file=$1
  shift
  e2e_vdctl sessions "$name" --json "$@"
  [ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl sessions $name --json exited $E2E_RC"; }
  [ -z "$E2E_ERR" ] || { e2e_show_output; viewer_bad "vdctl sessions wrote to stderr"; }
  printf '%s\n' "$E2E_OUT" >"$file"
}

# field FILE EXPR: a python expression over the parsed list S.
field ()
{
  python3 -c 'import json, sys; S = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# Is the domain marked tainted, by its log or by virsh dominfo?
tainted ()
{
  local log="/var/log/libvirt/qemu/$name.log"

  { [ -r "$log" ] && grep -qE "Domain id=[0-9]+ is tainted" "$log"; } ||
    vd_virsh dominfo -- "$name" 2>/dev/null | grep -qi "tainted"
}

viewer_password_file "$pwfile"
e2e_note "vdctl create $name --start --network none --memory 256 --password-file FILE"
viewer_create "$name" --start --password-file "$pwfile"
viewer_start_xvfb

# --- 1. nobody connected ------------------------------------------------------

sessions_json "$E2E_TMP/none.json"
[ "$(field "$E2E_TMP/none.json" 'len(S)')" = 0 ] &&
  viewer_ok "before any viewer: sessions --json is []" ||
  viewer_bad "before any viewer: sessions --json is $(cat "$E2E_TMP/none.json")"
e2e_vdctl sessions "$name"
[ "$E2E_RC" -eq 0 ] && [ "$(printf '%s\n' "$E2E_OUT" | wc -l)" = 1 ] &&
  [ "${E2E_OUT%% *}" = DESKTOP ] &&
  viewer_ok "before any viewer: the text is the header alone" ||
  { e2e_show_output; viewer_bad "before any viewer: the text is not the header alone"; }

# --- 2. one viewer ------------------------------------------------------------

log="$E2E_TMP/connect.log"
rc=0
viewer_env timeout 60 "$VDCTL" -c "$VD_QEMU_URI" connect "$name" --debug \
  >"$log" 2>&1 </dev/null || rc=$?
[ "$rc" -eq 0 ] || e2e_fail "vdctl connect $name --debug exited $rc ($(tail -n 3 "$log"))"
rv=$(sed -n "s/^Viewer for '.*' started (pid \([0-9]*\))$/\1/p" "$log")
vlog=$(viewer_log_of "$log")
[ -n "$rv" ] || e2e_fail "vdctl connect named no viewer pid ($(cat "$log"))"
viewer_channels_up "$vlog" main-1:0 display-2:0 inputs-3:0 cursor-4:0 ||
  { viewer_keep "$vlog"; e2e_fail "the viewer did not link main, display, inputs and cursor"; }
viewer_ok "remote-viewer (pid $rv) linked main, display, inputs and cursor"
# Let the channels that follow (sound, usbredir) settle.
sleep 2

one="$E2E_TMP/one.json"
sessions_json "$one"
e2e_note "sessions --json: $(tr -d '\n ' <"$one")"
if [ "$(field "$one" 'len(S)')" = 1 ]; then
  viewer_ok "one viewer: exactly one session"
else
  viewer_bad "one viewer: $(field "$one" 'len(S)') sessions"
fi
[ "$(field "$one" 'S[0]["desktop"] if S else None')" = "$name" ] &&
  [ "$(field "$one" 'S[0]["address"] if S else None')" = 127.0.0.1 ] &&
  viewer_ok "the session is of $name, from 127.0.0.1" ||
  viewer_bad "the session is not of $name from 127.0.0.1"
channels=$(field "$one" 'S[0]["channels"] if S else 0')
[ "$channels" -ge 4 ] && viewer_ok "channels: $channels (>= 4)" ||
  viewer_bad "channels: $channels, expected at least 4"
[ "$(field "$one" 'S[0]["tls"] if S else None')" = False ] &&
  viewer_ok "tls: false" || viewer_bad "tls is not false"
[ "$(field "$one" '[S[0][k] for k in ("since", "x509_dname", "sasl_username", "user")] if S else None')" = "[None, None, None, None]" ] &&
  viewer_ok "without watch, since and identity are null (and the desktop is no seat)" ||
  viewer_bad "since, identity or user are not null without watch: $(cat "$one")"
# The client port is one of the viewer's own sockets: 127.0.0.1:PORT is
# a local end of an established connection of its process.
port=$(field "$one" 'S[0]["port"] if S else 0')
live="$E2E_TMP/live.xml"
vd_virsh dumpxml -- "$name" >"$live"
spice=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@port)")
if command -v ss >/dev/null 2>&1; then
  if ss -tnpH state established "( sport = :$port and dport = :$spice )" 2>/dev/null |
       grep -q "remote-viewer\|pid=$rv,"; then
    viewer_ok "port $port is the viewer's end of a connection to SPICE port $spice"
  else
    ss -tnp state established "( dport = :$spice )" | sed 's/^/#   /'
    viewer_bad "port $port is no connection of the viewer to port $spice"
  fi
fi
e2e_vdctl sessions
printf '%s\n' "$E2E_OUT" | grep -qE "^$name +127\.0\.0\.1:$port +- +no +- +$channels +-\$" &&
  viewer_ok "the text has the same session" ||
  { e2e_show_output; viewer_bad "the text has not the same session"; }

# Another user, read-only: the socket table needs no root.
if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1 &&
   runuser -u nobody -- timeout 20 virsh -r -c "$VD_QEMU_URI" list >/dev/null 2>&1 &&
   (cd / && runuser -u nobody -- "$VDCTL" --version) >/dev/null 2>&1; then
  other=$(cd / && runuser -u nobody -- env VDCTL_STATE_DIR=/nonexistent timeout 60 \
          "$VDCTL" -r -c "$VD_QEMU_URI" sessions "$name" --json 2>&1) || true
  printf '%s\n' "$other" >"$E2E_TMP/other.json"
  [ "$(field "$E2E_TMP/other.json" '(len(S), S[0]["address"], S[0]["channels"]) if S else None' 2>/dev/null)" = "(1, '127.0.0.1', $channels)" ] &&
    viewer_ok "user nobody on a read-only connection sees the same session" ||
    viewer_bad "user nobody, read-only: $other"
else
  e2e_note "skipped: another user on a read-only connection (not root, no runuser, or nobody may not run it)"
fi

# --- 3. the viewer quits ------------------------------------------------------

viewer_stop_all
gone=no
for _ in $(seq 1 20); do
  sessions_json "$E2E_TMP/after.json"
  if [ "$(field "$E2E_TMP/after.json" 'len(S)')" = 0 ]; then
    gone=yes
    break
  fi
  sleep 0.5
done
[ "$gone" = yes ] && viewer_ok "after the viewer quit: no session" ||
  viewer_bad "after the viewer quit, sessions still lists: $(cat "$E2E_TMP/after.json")"

# --- 4. not tainted -------------------------------------------------------------

if tainted; then
  grep -E "tainted" "/var/log/libvirt/qemu/$name.log" 2>/dev/null | sed 's/^/#   /'
  viewer_bad "the domain is tainted"
else
  viewer_ok "the domain is not tainted (its log, virsh dominfo)"
fi
# The check itself: a monitor command behind libvirt's back taints.
vd_virsh qemu-monitor-command --hmp -- "$name" "info version" >/dev/null 2>&1 || true
tainted && viewer_ok "the taint check sees a monitor command's taint" ||
  viewer_bad "the taint check did not see the taint of qemu-monitor-command"

viewer_finish "vdctl sessions with remote-viewer on $VD_QEMU_URI"
