#!/bin/bash
# End to end: 'vdctl connect --rdp' and 'vdctl export-rdp' against a real
# RDP server on loopback.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The server is FreeRDP's shadow server (freerdp-shadow-cli) sharing an
# Xvfb display that shows a known picture (orange left half, blue right
# half), listening on 127.0.0.1 only, with NLA against a SAM file that
# holds one user and a password made up here.  The desktop is a domain
# defined on qemu:///system with recorded RDP settings; it is never
# started: --rdp-address points the client at the shadow server.
#
# Checked: a wrong password is refused; with the right one, read from a
# file, the client (under a second Xvfb) shows the server's picture; no
# process's argv or environment holds the password meanwhile; the exported
# .rdp file (mode 0600, no password) opens in xfreerdp against the same
# server; and the same connection through --ssh-tunnel, with a stand-in
# for ssh that really forwards the port, also carries libvirt's own
# qemu+ssh connection, and is gone when the client exits.

. "$(dirname "$0")/../lib/e2e.sh"

for tool in Xvfb freerdp-shadow-cli xfreerdp import display python3; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "SKIP: $tool is not installed (Debian: xvfb freerdp2-shadow-x11 freerdp2-x11 imagemagick python3)"; exit 77; }
done

RDP_PIDS=()
RDP_USER=tester
# Unique, with a space and shell metacharacters: found only where it leaks.
RDP_PASSWORD="Pw $$-$RANDOM-$RANDOM \$x'\"&;"
SERVER_DISPLAY=
CLIENT_DISPLAY=

rdp_cleanup ()
{
  local pid

  for pid in ${RDP_PIDS[@]+"${RDP_PIDS[@]}"}; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in ${RDP_PIDS[@]+"${RDP_PIDS[@]}"}; do
    wait "$pid" 2>/dev/null || true
  done
  e2e_cleanup
}
trap rdp_cleanup EXIT

# start_xvfb GEOMETRY: a new Xvfb on a free display; sets XVFB_DISPLAY.
start_xvfb ()
{
  local fifo="$E2E_TMP/displayfd.$RANDOM" n

  mkfifo "$fifo"
  Xvfb -displayfd 3 -screen 0 "$1" -nolisten tcp -noreset 3>"$fifo" >"$E2E_TMP/xvfb.$RANDOM.log" 2>&1 &
  RDP_PIDS+=($!)
  read -r -t 20 n <"$fifo" || e2e_fail "Xvfb did not start"
  rm -f "$fifo"
  XVFB_DISPLAY=":$n"
}

free_port ()
{
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Whether something listens on 127.0.0.1:$1 (the kernel's own table).
listening_on ()
{
  python3 - "$1" <<'EOF'
import sys
port = int(sys.argv[1])
found = []
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        lines = open(table).read().splitlines()[1:]
    except OSError:
        continue
    for line in lines:
        local, state = line.split()[1], line.split()[3]
        addr, p = local.split(":")
        if state == "0A" and int(p, 16) == port:
            found.append(addr)
print(" ".join(found))
EOF
}

# The NT hash of the password on stdin (MD4 of its UTF-16LE), in Python:
# OpenSSL 3 keeps MD4 out of hashlib.
nt_hash ()
{
  python3 -c '
import struct, sys
def md4(msg):
    def f(x, y, z): return (x & y) | (~x & z)
    def g(x, y, z): return (x & y) | (x & z) | (y & z)
    def h(x, y, z): return x ^ y ^ z
    def rol(v, s): v &= 0xffffffff; return ((v << s) | (v >> (32 - s))) & 0xffffffff
    n = len(msg)
    msg += b"\x80" + b"\0" * ((55 - n) % 64) + struct.pack("<Q", n * 8)
    a, b, c, d = 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476
    for off in range(0, len(msg), 64):
        x = struct.unpack("<16I", msg[off:off + 64])
        aa, bb, cc, dd = a, b, c, d
        for i in range(16):
            k = [0, 3, 2, 1][i % 4]
            s = [3, 7, 11, 19][i % 4]
            r = [a, b, c, d]
            r[k] = rol(r[k] + f(r[(k + 1) % 4], r[(k + 2) % 4], r[(k + 3) % 4]) + x[i], s)
            a, b, c, d = r
        for i in range(16):
            k = [0, 3, 2, 1][i % 4]
            s = [3, 5, 9, 13][i % 4]
            j = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15][i]
            r = [a, b, c, d]
            r[k] = rol(r[k] + g(r[(k + 1) % 4], r[(k + 2) % 4], r[(k + 3) % 4]) + x[j] + 0x5a827999, s)
            a, b, c, d = r
        for i in range(16):
            k = [0, 3, 2, 1][i % 4]
            s = [3, 9, 11, 15][i % 4]
            j = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15][i]
            r = [a, b, c, d]
            r[k] = rol(r[k] + h(r[(k + 1) % 4], r[(k + 2) % 4], r[(k + 3) % 4]) + x[j] + 0x6ed9eba1, s)
            a, b, c, d = r
        a, b, c, d = [(p + q) & 0xffffffff for p, q in zip((a, b, c, d), (aa, bb, cc, dd))]
    return struct.pack("<4I", a, b, c, d).hex()
assert md4(b"abc") == "a448017aaf21d8525fc10ae87aa6729d"
print(md4(sys.stdin.read().encode("utf-16-le")))
'
}

# check_picture DISPLAY WHAT: the client display shows the server's
# picture: orange at the left of the session window, blue at its right.
# Retried for a while: the session takes a moment to come up.
check_picture ()
{
  local display=$1 what=$2 shot="$E2E_TMP/client.ppm" tries=0 result

  while :; do
    if import -display "$display" -window root -depth 8 "ppm:$shot" 2>/dev/null; then
      result=$(python3 - "$shot" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
# P6 header: magic, width, height, maxval, one whitespace each.
fields, pos = [], 0
while len(fields) < 4:
    while data[pos:pos + 1].isspace():
        pos += 1
    start = pos
    while not data[pos:pos + 1].isspace():
        pos += 1
    fields.append(data[start:pos])
pos += 1
width, height = int(fields[1]), int(fields[2])
def pixel(x, y):
    i = pos + 3 * (y * width + x)
    return tuple(data[i:i + 3])
def near(p, q):
    return all(abs(a - b) <= 40 for a, b in zip(p, q))
left, right = pixel(160, 240), pixel(480, 240)
ok = near(left, (255, 128, 0)) and near(right, (0, 64, 255))
print(("ok" if ok else "no") + " left=%s right=%s" % (left, right))
EOF
)
      case $result in
        ok*) e2e_note "$what: the client shows the server's picture ($result)"; return 0 ;;
      esac
    fi
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || e2e_fail "$what: the client display never showed the server's picture (last: $result)"
    sleep 0.5
  done
}

# No process's argv or environment holds the password.
check_no_leak ()
{
  local what=$1 hits

  hits=$(RDP_PASSWORD=$RDP_PASSWORD python3 - <<'EOF'
import os
secret = os.environ["RDP_PASSWORD"].encode()
me = {os.getpid(), os.getppid()}
hits = []
for pid in os.listdir("/proc"):
    if not pid.isdigit():
        continue
    for part in ("cmdline", "environ"):
        try:
            data = open("/proc/%s/%s" % (pid, part), "rb").read()
        except OSError:
            continue
        # This scanner gets it through its environment, on purpose.
        if part == "environ" and int(pid) in me:
            continue
        if secret in data:
            hits.append("%s %s: %s" % (pid, part, open("/proc/%s/cmdline" % pid, "rb").read().replace(b"\0", b" ")[:120]))
print("\n".join(hits))
EOF
)
  [ -z "$hits" ] || e2e_fail "$what: the password is visible in /proc: $hits"
  e2e_note "$what: the password is in no process's argv or environment"
}

# The scanner finds the password where it is: a process with it in argv.
bash -c 'exec -a "$0" sleep 30' "$RDP_PASSWORD" &
PLANTED=$!
sleep 0.2
( check_no_leak "self-check" ) >/dev/null && e2e_fail "the /proc scanner missed a planted password"
kill "$PLANTED"; wait "$PLANTED" 2>/dev/null

# ---- edit: lossless with the rest of the definition -------------------

LOSSLESS=$(e2e_name rdp-edit)
e2e_track "$LOSSLESS"
cat >"$E2E_TMP/lossless.xml" <<EOF
<domain type='qemu'>
  <name>$LOSSLESS</name>
  <title>Lossless &amp; &lt;intact&gt;</title>
  <metadata>
    <app:settings xmlns:app="urn:example:other-app"><app:keep a="1">text</app:keep></app:settings>
  </metadata>
  <memory unit='MiB'>256</memory>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
  </devices>
</domain>
EOF
vd_virsh define "$E2E_TMP/lossless.xml" >/dev/null || e2e_fail "cannot define $LOSSLESS"
vd_virsh dumpxml --inactive -- "$LOSSLESS" >"$E2E_TMP/before.xml"
e2e_vdctl edit "$LOSSLESS" --rdp --rdp-user alice --rdp-redirect clipboard,usb:054c:0268
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "edit --rdp failed"; }
e2e_vdctl edit "$LOSSLESS" --rdp-domain 'CORP & co'
e2e_vdctl show "$LOSSLESS" --json
python3 - "$E2E_TMP/out" <<'EOF' || e2e_fail "show --json after two edits: $(cat "$E2E_TMP/out")"
import json, sys
rdp = json.load(open(sys.argv[1]))["rdp"]
assert rdp["port"] == 3389 and rdp["user"] == "alice" and rdp["domain"] == "CORP & co", rdp
assert rdp["redirect"]["clipboard"] is True and rdp["redirect"]["usb"] == ["054c:0268"], rdp
assert rdp["redirect"]["drives"] == [] and rdp["redirect"]["printers"] is False, rdp
EOF
vd_virsh dumpxml --inactive -- "$LOSSLESS" >"$E2E_TMP/with-rdp.xml"
grep -q '<app:keep a="1">text</app:keep>' "$E2E_TMP/with-rdp.xml" ||
  e2e_fail "the other application's metadata changed: $(cat "$E2E_TMP/with-rdp.xml")"
e2e_vdctl edit "$LOSSLESS" --no-rdp
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "edit --no-rdp failed"; }
vd_virsh dumpxml --inactive -- "$LOSSLESS" >"$E2E_TMP/after.xml"
cmp -s "$E2E_TMP/before.xml" "$E2E_TMP/after.xml" ||
  { diff -u "$E2E_TMP/before.xml" "$E2E_TMP/after.xml"; e2e_fail "edit --rdp then --no-rdp did not give back the same definition"; }
e2e_note "edit --rdp, then --no-rdp: libvirt's definition is the same, byte for byte"

# ---- the server -----------------------------------------------------

start_xvfb 640x480x24
SERVER_DISPLAY=$XVFB_DISPLAY
start_xvfb 800x600x24
CLIENT_DISPLAY=$XVFB_DISPLAY
e2e_note "server display $SERVER_DISPLAY, client display $CLIENT_DISPLAY"

# The picture: orange left half, blue right half.
python3 - "$E2E_TMP/picture.ppm" <<'EOF'
import sys
w, h = 640, 480
row = bytes([255, 128, 0]) * (w // 2) + bytes([0, 64, 255]) * (w // 2)
open(sys.argv[1], "wb").write(b"P6\n%d %d\n255\n" % (w, h) + row * h)
EOF
# The shadow server sends what changes: paint the picture again and again
# while the test runs, so that a client that just connected gets it.
(
  while :; do
    timeout 10 display -display "$SERVER_DISPLAY" -window root "$E2E_TMP/picture.ppm" >/dev/null 2>&1
    sleep 1
  done
) &
RDP_PIDS+=($!)

printf '%s' "$RDP_PASSWORD" | nt_hash >"$E2E_TMP/nthash" || e2e_fail "cannot compute the NT hash"
printf '%s:::%s:::\n' "$RDP_USER" "$(cat "$E2E_TMP/nthash")" >"$E2E_TMP/sam"
printf '%s\n' "$RDP_PASSWORD" >"$E2E_TMP/password"
printf '%s\n' "not the password" >"$E2E_TMP/wrong-password"
chmod 600 "$E2E_TMP/sam" "$E2E_TMP/password"

PORT=$(free_port)
DISPLAY=$SERVER_DISPLAY freerdp-shadow-cli /bind-address:127.0.0.1 "/port:$PORT" /sec:nla \
  "/sam-file:$E2E_TMP/sam" >"$E2E_TMP/shadow.log" 2>&1 &
RDP_PIDS+=($!)
for _ in $(seq 100); do
  [ -n "$(listening_on "$PORT")" ] && break
  sleep 0.1
done
[ "$(listening_on "$PORT")" = 0100007F ] ||
  e2e_fail "the shadow server must listen on 127.0.0.1:$PORT only; it listens on '$(listening_on "$PORT")' (see $E2E_TMP/shadow.log)"
e2e_note "shadow server on 127.0.0.1:$PORT only, NLA with user $RDP_USER"

# ---- the desktop ----------------------------------------------------

NAME=$(e2e_name rdp)
e2e_track "$NAME"
mkdir -p "$E2E_TMP/share" "$E2E_TMP/home"
e2e_vdctl create "$NAME" --network none --rdp --rdp-user "$RDP_USER" \
  --rdp-redirect "clipboard,drive:share=$E2E_TMP/share"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "create --rdp failed"; }
vd_virsh dumpxml -- "$NAME" >"$E2E_TMP/def.xml"
NS='https://vdctl.org/xmlns/desktop/1.0'
e2e_expect "$E2E_TMP/def.xml" "recorded user" \
  "string(/domain/metadata/*[local-name()='desktop' and namespace-uri()='$NS']/*[local-name()='rdp']/@user)" "$RDP_USER"
e2e_expect "$E2E_TMP/def.xml" "recorded drive" \
  "string(//*[namespace-uri()='$NS' and local-name()='redirect'][@type='drive']/@path)" "$E2E_TMP/share"
e2e_expect "$E2E_TMP/def.xml" "guest agent channel" \
  "count(/domain/devices/channel[@type='unix']/target[@name='org.qemu.guest_agent.0'])" 1

# xfreerdp keeps its known hosts in $XDG_CONFIG_HOME/freerdp (vdctl finds
# no vdctl.conf there).
export HOME="$E2E_TMP/home" XDG_CONFIG_HOME="$E2E_TMP/home/.config"
export DISPLAY=$CLIENT_DISPLAY

# A desktop that is not running has no address to discover.
e2e_vdctl connect --rdp "$NAME" --password-file "$E2E_TMP/password"
[ "$E2E_RC" -eq 1 ] && [[ $E2E_ERR == *"desktop '$NAME' is not running"* ]] ||
  { e2e_show_output; e2e_fail "connect --rdp to a stopped desktop without --rdp-address: expected exit 1 saying it is not running"; }

# A running desktop whose guest has no agent and no network card: every
# source is asked, and the error says how to fix it.
e2e_vdctl start "$NAME"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "cannot start $NAME"; }
e2e_vdctl connect --rdp "$NAME" --print
[ "$E2E_RC" -eq 1 ] && [[ $E2E_ERR == *"no address found for desktop '$NAME' (the guest agent: "*"; DHCP leases: "*"; the ARP table: "*"); install and start the QEMU guest agent"*"--rdp-address HOST[:PORT]"* ]] ||
  { e2e_show_output; e2e_fail "connect --rdp to a guest with no address: expected exit 1 and a hint"; }
e2e_note "a guest with no address found: $E2E_ERR"
vd_virsh destroy -- "$NAME" >/dev/null || e2e_fail "cannot stop $NAME"

# --print: the command line, with the password on stdin, not in it.
e2e_vdctl connect --rdp "$NAME" --rdp-address "127.0.0.1:$PORT" --password-file "$E2E_TMP/password" --print
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "connect --rdp --print failed"; }
[ "$E2E_OUT" = "xfreerdp /v:127.0.0.1:$PORT /u:$RDP_USER /cert:tofu /from-stdin:force +clipboard /drive:share,$E2E_TMP/share /dynamic-resolution" ] ||
  { e2e_show_output; e2e_fail "connect --rdp --print printed another command line"; }

# A wrong password is refused by the server.
e2e_vdctl connect --rdp "$NAME" --rdp-address "127.0.0.1:$PORT" \
  --password-file "$E2E_TMP/wrong-password" --cert ignore --wait
[ "$E2E_RC" -eq 1 ] && [[ $E2E_ERR == *"xfreerdp exited with status"* ]] ||
  { e2e_show_output; e2e_fail "a wrong password was not refused"; }
e2e_note "a wrong password is refused"

# ---- connect --rdp ----------------------------------------------------

e2e_vdctl connect --rdp "$NAME" --rdp-address "127.0.0.1:$PORT" \
  --password-file "$E2E_TMP/password"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "connect --rdp failed"; }
CLIENT_PID=$(sed -n 's/.*started (pid \([0-9]*\)).*/\1/p' <<<"$E2E_OUT")
[ -n "$CLIENT_PID" ] || { e2e_show_output; e2e_fail "connect --rdp did not say which process it started"; }
RDP_PIDS+=("$CLIENT_PID")
check_picture "$CLIENT_DISPLAY" "connect --rdp"
check_no_leak "connect --rdp"
tr '\0' ' ' <"/proc/$CLIENT_PID/cmdline" | grep -q -- "/from-stdin:force" ||
  e2e_fail "the client runs without /from-stdin:force"
# Trust on first use recorded the server's certificate.
grep -q "^127.0.0.1 $PORT " "$XDG_CONFIG_HOME/freerdp/known_hosts2" ||
  e2e_fail "--cert tofu did not record the certificate"
kill "$CLIENT_PID"
while kill -0 "$CLIENT_PID" 2>/dev/null; do sleep 0.1; done

# ---- export-rdp -------------------------------------------------------

RDP_FILE="$E2E_TMP/desktop.rdp"
printf 'old\n' >"$RDP_FILE"
chmod 644 "$RDP_FILE"
e2e_vdctl export-rdp "$NAME" --rdp-address "127.0.0.1:$PORT" -o "$RDP_FILE"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "export-rdp failed"; }
[ "$(stat -c %a "$RDP_FILE")" = 600 ] || e2e_fail "export-rdp -o wrote mode $(stat -c %a "$RDP_FILE"), not 600"
for line in "full address:s:127.0.0.1" "server port:i:$PORT" "username:s:$RDP_USER" \
            "redirectclipboard:i:1" "drivestoredirect:s:$E2E_TMP/share(share)" \
            "redirectprinters:i:0" "audiomode:i:2"; do
  grep -qxF "$line"$'\r' "$RDP_FILE" || { cat "$RDP_FILE"; e2e_fail "the .rdp file lacks '$line'"; }
done
if grep -qi "password" "$RDP_FILE" || grep -qF "$RDP_PASSWORD" "$RDP_FILE"; then
  e2e_fail "the .rdp file holds a password"
fi
"$VDCTL" -c "$VD_QEMU_URI" export-rdp "$NAME" --rdp-address "127.0.0.1:$PORT" \
  </dev/null >"$E2E_TMP/stdout.rdp" || e2e_fail "export-rdp to standard output failed"
cmp -s "$E2E_TMP/stdout.rdp" "$RDP_FILE" || e2e_fail "export-rdp to standard output differs from -o"

# The file opens in xfreerdp against the same server.
# (Its log lines on stdout, line by line: the test reads them.)
stdbuf -oL xfreerdp "$RDP_FILE" /from-stdin:force /cert:ignore <"$E2E_TMP/password" \
  >"$E2E_TMP/xfreerdp-file.log" 2>&1 &
FILE_CLIENT=$!
RDP_PIDS+=("$FILE_CLIENT")
check_picture "$CLIENT_DISPLAY" "xfreerdp with the exported .rdp file"
check_no_leak "xfreerdp with the .rdp file"
grep -q "Loading device service drive \[share\]" "$E2E_TMP/xfreerdp-file.log" ||
  { cat "$E2E_TMP/xfreerdp-file.log"; e2e_fail "xfreerdp did not share the drive the .rdp file names"; }
e2e_note "xfreerdp shares the drive the .rdp file names"
kill "$FILE_CLIENT"
wait "$FILE_CLIENT" 2>/dev/null || true

# ---- connect --rdp --ssh-tunnel ---------------------------------------

# A stand-in for ssh (tests/lib/fake-ssh.py): libvirt's qemu+ssh runs its
# remote command here, and "-N -L /PATH:HOST:PORT" really forwards the
# unix socket PATH.
mkdir -p "$E2E_TMP/bin"
install -m 0755 "$E2E_LIB_DIR/fake-ssh.py" "$E2E_TMP/bin/ssh"
SSH_LOG="$E2E_TMP/bin/ssh.log"
: >"$SSH_LOG"

PATH="$E2E_TMP/bin:$PATH" "$VDCTL" -c "qemu+ssh://root@localhost/system" \
  connect --rdp "$NAME" --rdp-address "127.0.0.1:$PORT" --ssh-tunnel --password-file - \
  <"$E2E_TMP/password" >"$E2E_TMP/tunnel.out" 2>"$E2E_TMP/tunnel.err" &
TUNNEL_VDCTL=$!
RDP_PIDS+=("$TUNNEL_VDCTL")
for _ in $(seq 300); do
  TUNNEL_CLIENT=$(pgrep -P "$TUNNEL_VDCTL" -x xfreerdp) && break
  kill -0 "$TUNNEL_VDCTL" 2>/dev/null ||
    { cat "$E2E_TMP/tunnel.out" "$E2E_TMP/tunnel.err" "$SSH_LOG"; e2e_fail "connect --rdp --ssh-tunnel exited without starting xfreerdp"; }
  sleep 0.1
done
[ -n "$TUNNEL_CLIENT" ] || e2e_fail "connect --rdp --ssh-tunnel did not start xfreerdp in 30 s"
RDP_PIDS+=("$TUNNEL_CLIENT")
check_picture "$CLIENT_DISPLAY" "connect --rdp --ssh-tunnel"
check_no_leak "connect --rdp --ssh-tunnel"
TUNNEL_LINE=$(grep -- " -N " "$SSH_LOG") || { cat "$SSH_LOG"; e2e_fail "no ssh -N tunnel was started"; }
TUNNEL_SSH=${TUNNEL_LINE%% *}
[[ $TUNNEL_LINE == *"-o ExitOnForwardFailure=yes"*"-o ControlPath=none"*"-L /"*".sock:127.0.0.1:$PORT -l root -- localhost" ]] ||
  e2e_fail "unexpected ssh command line: $TUNNEL_LINE"
grep -v -- " -N " "$SSH_LOG" | grep -q -- "-- localhost" ||
  e2e_fail "libvirt's own connection did not go through ssh"
TUNNEL_SOCKET=${TUNNEL_LINE#* -L }
TUNNEL_SOCKET=${TUNNEL_SOCKET%%:*}
tr '\0' '\n' <"/proc/$TUNNEL_CLIENT/cmdline" | grep -qxF -- "/v:$TUNNEL_SOCKET" ||
  e2e_fail "xfreerdp does not dial the tunnel's socket $TUNNEL_SOCKET"
# vdctl waits for the client, then closes the tunnel.
kill "$TUNNEL_CLIENT"
wait "$TUNNEL_VDCTL" 2>/dev/null || true
for _ in $(seq 50); do
  kill -0 "$TUNNEL_SSH" 2>/dev/null || break
  sleep 0.1
done
! kill -0 "$TUNNEL_SSH" 2>/dev/null || e2e_fail "the SSH tunnel outlived the client"
e2e_note "the SSH tunnel carried the session and closed with it"

echo "PASS: connect --rdp, export-rdp and --ssh-tunnel against a real RDP server"
