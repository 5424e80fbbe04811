#!/bin/bash
# End to end: the SSH tunnel of 'vdctl connect --rdp --ssh-tunnel' cannot
# be hijacked.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A stand-in for ssh (libvirt's own qemu+ssh connection runs its remote
# command locally; "-N -L SPEC" forwards), a stand-in RDP server on
# loopback and a stand-in client (--viewer) that dials what '/v:' names.
# A desktop defined on qemu:///system gives vdctl something to look up.
# Checks:
#
#   1. the tunnel is a unix socket in the user's private runtime
#      directory (0700), the client dials that path, the session reaches
#      the server, and the socket is gone afterwards;
#   2. an ssh whose forward is held by another process (one it left
#      behind, detached) is refused: the client never starts;
#   3. a listener planted on the tunnel's usual path gets nothing: vdctl
#      takes another path, through its own ssh;
#   4. a stale socket on that path (nobody listens) is replaced.

. "$(dirname "$0")/../lib/e2e.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }

T=$E2E_TMP
mkdir -p "$T/bin" "$T/run"
chmod 0700 "$T/run"
export XDG_RUNTIME_DIR=$T/run
TUNNELS=$T/run/vdctl/tunnels
BG_PIDS=()
cleanup ()
{
  local pid
  for pid in ${BG_PIDS[@]+"${BG_PIDS[@]}"}; do
    kill "$pid" 2>/dev/null || true
  done
  [ -s "$T/planted.pid" ] && kill "$(cat "$T/planted.pid")" 2>/dev/null
  e2e_cleanup
}
trap cleanup EXIT

# The stand-in ssh (tests/lib/fake-ssh.py): the mode file next to it says
# how it forwards.
install -m 0755 "$E2E_LIB_DIR/fake-ssh.py" "$T/bin/ssh"

# The stand-in client: dials what /v: names, says hello, logs the answer.
cat >"$T/bin/client" <<'EOF'
#!/usr/bin/env python3
import os, socket, sys
target = [a[3:] for a in sys.argv[1:] if a.startswith("/v:")][0]
log = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "client.log"), "a")
if target.startswith("/"):
    s = socket.socket(socket.AF_UNIX)
    s.connect(target)
else:
    host, port = target.rsplit(":", 1)
    s = socket.create_connection((host, int(port)))
s.sendall(b"hello from the client\n")
log.write("dialed %s answer %s\n" % (target, s.recv(100).decode().strip()))
EOF
chmod +x "$T/bin/client"

# The stand-in RDP server: answers every connection.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$port" "$T/server.log" <<'EOF' &
import socket, sys
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(8)
while True:
    c, _ = server.accept()
    c.recv(100)
    c.sendall(b"rdp server here\n")
    with open(sys.argv[2], "a") as f:
        f.write("served\n")
    c.close()
EOF
BG_PIDS+=($!)

name=$(e2e_name tunnel)
e2e_track "$name"
e2e_vdctl create "$name" --network none --memory 256 --virt-type qemu
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "cannot create $name"; }

failures=0
fail () { echo "not ok - $*"; failures=$((failures + 1)); }
pass () { echo "ok - $*"; }

# tunnel MODE OUT: connect --rdp --ssh-tunnel with the stand-ins; sets RC.
tunnel ()
{
  echo "$1" >"$T/bin/mode"
  : >"$T/bin/client.log"
  : >"$T/server.log"
  : >"$T/bin/ssh.log"
  rm -f "$T/bin/hijacker.pid"
  RC=0
  PATH="$T/bin:$PATH" timeout 60 "$VDCTL" -c "qemu+ssh://root@localhost/system" connect --rdp "$name" \
    --rdp-address "127.0.0.1:$port" --ssh-tunnel --viewer "$T/bin/client" --wait \
    >"$T/$2.out" 2>"$T/$2.err" || RC=$?
}

dialed ()
{
  sed -n 's/^dialed \([^ ]*\) answer .*/\1/p' "$T/bin/client.log"
}

# 1. An honest ssh.
tunnel honest one
socket=$(dialed)
if [ "$RC" -eq 0 ] && grep -qx "dialed $TUNNELS/rdp-[0-9a-f]*\.sock answer rdp server here" "$T/bin/client.log" &&
   [ "$(grep -c served "$T/server.log")" = 1 ]; then
  pass "the client dialed the tunnel's unix socket $socket and reached the server"
else
  cat "$T/one.out" "$T/one.err" "$T/bin/ssh.log" "$T/bin/client.log"
  fail "connect through an honest ssh: exit $RC"
fi
[ "$(stat -c %a "$TUNNELS" 2>&1)" = 700 ] && pass "the socket's directory is private (0700)" ||
  fail "the socket's directory: $(stat -c %a "$TUNNELS" 2>&1)"
grep -q -- " -o ControlPath=none .* -L $socket:127.0.0.1:$port " "$T/bin/ssh.log" &&
  pass "ssh forwards that socket, with a connection of its own" ||
  { cat "$T/bin/ssh.log"; fail "the ssh command line"; }
[ -n "$socket" ] && [ ! -e "$socket" ] && pass "the socket is gone with the tunnel" ||
  fail "the socket $socket is still there"

# 2. An ssh whose forward another process holds.
tunnel hijack two
hijacker=$(cat "$T/bin/hijacker.pid" 2>/dev/null)
[ -n "$hijacker" ] && kill "$hijacker" 2>/dev/null
if [ "$RC" -eq 1 ] && [ ! -s "$T/bin/client.log" ] && [ ! -s "$T/server.log" ] &&
   grep -q "vdctl: error: another process than the ssh vdctl started (pid [0-9]*) listens on the tunnel's socket" "$T/two.err"; then
  pass "a forward held by another process than ssh is refused, and no client starts"
else
  cat "$T/two.out" "$T/two.err" "$T/bin/client.log"
  fail "a hijacked forward: exit $RC"
fi

# 3. A listener planted on the usual path.
if [ -n "$socket" ]; then
  python3 - "$socket" "$T/planted.log" "$T/planted.pid" <<'EOF' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(8)
open(sys.argv[3], "w").write("%d\n" % os.getpid())
while True:
    c, _ = s.accept()
    data = c.recv(100)
    if data:
        open(sys.argv[2], "a").write("planted listener got %r\n" % data)
    c.close()
EOF
  for _ in $(seq 50); do [ -s "$T/planted.pid" ] && break; sleep 0.1; done
  tunnel honest three
  other=$(dialed)
  if [ "$RC" -eq 0 ] && [ -n "$other" ] && [ "$other" != "$socket" ] && [ ! -s "$T/planted.log" ] &&
     [ "$(grep -c served "$T/server.log")" = 1 ]; then
    pass "a listener planted on $socket got nothing; the session went through $other"
  else
    cat "$T/three.out" "$T/three.err" "$T/bin/client.log" "$T/planted.log" 2>/dev/null
    fail "a planted listener: exit $RC, dialed '$other'"
  fi
  kill "$(cat "$T/planted.pid")" 2>/dev/null
  wait "$(cat "$T/planted.pid")" 2>/dev/null
  rm -f "$T/planted.pid"

  # 4. Its socket file stays, with nobody listening: it is replaced.
  [ -S "$socket" ] || fail "the planted socket file is gone"
  tunnel honest four
  if [ "$RC" -eq 0 ] && [ "$(dialed)" = "$socket" ]; then
    pass "a stale socket on the usual path is replaced"
  else
    cat "$T/four.out" "$T/four.err" "$T/bin/client.log"
    fail "a stale socket: exit $RC, dialed '$(dialed)'"
  fi
fi

if [ "$failures" -ne 0 ]; then
  echo "FAIL: $failures check(s)"
  exit 1
fi
echo "PASS: the SSH tunnel is a private socket held by vdctl's own ssh"
