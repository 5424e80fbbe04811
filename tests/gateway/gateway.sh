#!/bin/bash
# End to end: 'vdctl gateway serve' (squid as vdctl's child) between
# remote-viewer and a desktop whose SPICE display listens on 127.0.0.1
# only, on qemu:///system.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 1. gateway serve on 127.0.0.1 and a free port: the desktop's port is in
#    the squid.conf it writes; 'export-vv --ttl 60 --proxy' gives a file
#    with proxy= and host=127.0.0.1; remote-viewer opens it under Xvfb,
#    links main and display and shows the guest's screen; squid's
#    access.log shows the CONNECT to the desktop's port.
# 2. Through the gateway: CONNECT to port 22, to a closed port, to another
#    host's SPICE port, and a plain GET, are all refused (403).
# 3. A second gateway serve on the same port: one error line, exit 1, no
#    second squid.
# 4. The desktop stops: its automatic port leaves squid.conf (libvirt's
#    event) and a CONNECT to it is refused.
# 5. SIGTERM: gateway serve exits 0 and leaves no squid running.

# shellcheck source=tests/lib/viewer.sh
. "$(dirname "$0")/../lib/viewer.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
SQUID=$(command -v squid || echo /usr/sbin/squid)
[ -x "$SQUID" ] || { echo "SKIP: squid is not installed (Debian: squid)"; exit 77; }
PATH=$PATH:/usr/sbin

name=$(e2e_name gateway)
pwfile="$E2E_TMP/password"
viewer_password_file "$pwfile"
viewer_create "$name" --start --password-file "$pwfile" --listen 127.0.0.1

# A free port on loopback, from the kernel.
gwport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# squid, started by root, runs as user 'proxy', who must reach its
# directory: not under E2E_TMP (mode 0700).
gwbase=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-e2e-gateway.XXXXXX")
chmod 0755 "$gwbase"
# shellcheck disable=SC2317 # called by viewer_cleanup
gateway_cleanup ()
{
  rm -rf "$gwbase"
}
VIEWER_AFTER_CLEANUP=gateway_cleanup
export VDCTL_GATEWAY_DIR="$gwbase/gateway"
gwlog="$E2E_TMP/gateway.log"

# squid_pids: the squids that run with our configuration.
squid_pids ()
{
  pgrep -f -- "-f $VDCTL_GATEWAY_DIR/squid.conf" || true
}

# verdict CONDITION-STATUS OK-TEXT BAD-TEXT: after a test command, one line.
verdict ()
{
  if [ "$1" -eq 0 ]; then viewer_ok "$2"; else viewer_bad "$3"; fi
}

probe ()
{
  python3 "$HERE/probe.py" 127.0.0.1 "$gwport" "$@" 2>&1
}

# --- 1. the desktop through the gateway -------------------------------------

"$VDCTL" -c "$VD_QEMU_URI" gateway serve --listen 127.0.0.1 --port "$gwport" \
  >"$gwlog" 2>&1 </dev/null &
gwpid=$!
E2E_PIDS+=("$gwpid")
for _ in $(seq 1 40); do
  grep -q "^Gateway on 127.0.0.1 port $gwport" "$gwlog" && break
  kill -0 "$gwpid" 2>/dev/null || break
  sleep 0.5
done
if grep -q "^Gateway on 127.0.0.1 port $gwport" "$gwlog"; then
  viewer_ok "gateway serve started squid on 127.0.0.1:$gwport"
else
  cat "$gwlog"; cat "$VDCTL_GATEWAY_DIR/squid.out" 2>/dev/null
  e2e_fail "gateway serve did not start"
fi

live="$E2E_TMP/live.xml"
viewer_live_xml "$name" "$live"
port=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@port)")
listen=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/listen/@address)")
[ "$listen" = 127.0.0.1 ] || e2e_fail "the desktop listens on '$listen', not 127.0.0.1"
if grep -qE "^acl SPICE_PORTS port( [0-9]+)* $port( |$)" "$VDCTL_GATEWAY_DIR/squid.conf"; then
  viewer_ok "squid.conf opens the desktop's SPICE port $port"
else
  cat "$VDCTL_GATEWAY_DIR/squid.conf"
  viewer_bad "squid.conf does not open the desktop's port $port"
fi

vv="$E2E_TMP/desk.vv"
e2e_vdctl export-vv "$name" --ttl 60 --proxy "http://127.0.0.1:$gwport" -o "$vv"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "export-vv --proxy exited $E2E_RC"; }
e2e_require_python_gi
if grep -qx "proxy=http://127.0.0.1:$gwport" "$vv" && grep -qx "host=127.0.0.1" "$vv"; then
  viewer_ok "export-vv --proxy: proxy=http://127.0.0.1:$gwport and host=127.0.0.1"
else
  grep -v '^password=' "$vv"
  viewer_bad "export-vv --proxy: the file lacks the proxy or the host"
fi

viewer_start_xvfb
viewer_empty_screenshot
vlog="$E2E_TMP/viewer.log"
viewer_run "$vv" "$vlog"
if viewer_channels_up "$vlog" main-1:0 display-2:0; then
  viewer_ok "remote-viewer through the gateway: main and display channels linked"
else
  viewer_keep "$vlog"
  viewer_bad "remote-viewer through the gateway: the channels did not link"
fi
if viewer_guest_screen "$name (1)" "$E2E_TMP/shot.png"; then
  viewer_ok "remote-viewer through the gateway shows the guest's screen"
else
  viewer_keep "$E2E_TMP/shot.png" "$vlog"
  viewer_bad "remote-viewer through the gateway shows no guest screen"
fi
# squid logs a tunnel when it closes.
viewer_stop_all
tunnels=0
for _ in $(seq 1 20); do
  tunnels=$(grep -cE "TCP_TUNNEL/200 .* CONNECT 127\.0\.0\.1:$port " \
              "$VDCTL_GATEWAY_DIR/access.log" || true)
  [ "$tunnels" -ge 2 ] && break
  sleep 0.5
done
if [ "$tunnels" -ge 2 ]; then
  viewer_ok "squid's access.log shows the viewer's $tunnels tunnels to 127.0.0.1:$port"
else
  cat "$VDCTL_GATEWAY_DIR/access.log"
  viewer_bad "squid's access.log has $tunnels tunnels to 127.0.0.1:$port, not one per channel"
fi

# --- 2. what the gateway refuses ---------------------------------------------

closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for req in "connect 127.0.0.1:22" "connect 127.0.0.1:$closed" "connect 192.0.2.1:$port" \
           "connect 127.0.0.1:$gwport" "get http://127.0.0.1:$port/"; do
  # shellcheck disable=SC2086 # two words: the kind and the target
  got=$(probe $req)
  if [[ "$got" == *" 403 "* ]]; then
    viewer_ok "refused through the gateway: $req ($got)"
  else
    viewer_bad "through the gateway, $req gave '$got', not 403"
  fi
done
got=$(probe connect "127.0.0.1:$port")
[[ "$got" == *" 200 "* ]]
verdict $? "a CONNECT to the desktop's port is let through ($got)" \
  "a CONNECT to the desktop's port gave '$got'"

# --- 3. the port in use ------------------------------------------------------

n_before=$(squid_pids | wc -l)
rc=0
VDCTL_GATEWAY_DIR="$gwbase/gateway2" timeout 30 "$VDCTL" -c "$VD_QEMU_URI" gateway serve \
  --listen 127.0.0.1 --port "$gwport" >"$E2E_TMP/second.out" 2>&1 </dev/null || rc=$?
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$E2E_TMP/second.out")" -eq 1 ] &&
   grep -q "^vdctl: error: .*$gwport.* in use" "$E2E_TMP/second.out"; then
  viewer_ok "a second gateway on port $gwport: one error line, exit 1"
else
  cat "$E2E_TMP/second.out"
  viewer_bad "a second gateway on port $gwport exited $rc"
fi
[ "$(squid_pids | wc -l)" -eq "$n_before" ] && [ -z "$(pgrep -f -- "-f $gwbase/gateway2/")" ]
verdict $? "the second gateway started no squid" "the second gateway left a squid"

# --- 4. the desktop stops: its port goes --------------------------------------

e2e_vdctl stop "$name" --force
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl stop --force exited $E2E_RC"; }
gone=
for _ in $(seq 1 30); do
  if ! grep -qE "^acl SPICE_PORTS port.* $port( |$)" "$VDCTL_GATEWAY_DIR/squid.conf"; then
    gone=1
    break
  fi
  sleep 0.5
done
[ -n "$gone" ]
verdict $? "the stopped desktop's port $port left squid.conf" \
  "the stopped desktop's port $port is still in squid.conf"
sleep 2
got=$(probe connect "127.0.0.1:$port")
[[ "$got" == *" 403 "* ]]
verdict $? "a CONNECT to the stopped desktop's port is refused ($got)" \
  "a CONNECT to the stopped desktop's port gave '$got'"

# --- 5. SIGTERM ------------------------------------------------------------------

kill -TERM "$gwpid"
rc=0
for _ in $(seq 1 30); do kill -0 "$gwpid" 2>/dev/null || break; sleep 0.5; done
wait "$gwpid" || rc=$?
[ "$rc" -eq 0 ]
verdict $? "gateway serve exited 0 on SIGTERM" "gateway serve exited $rc on SIGTERM"
left=$(squid_pids)
[ -z "$left" ]
verdict $? "no squid is left running" "squid is left running: $left"

viewer_finish "vdctl gateway serve between remote-viewer and a loopback desktop on $VD_QEMU_URI"
