#!/bin/bash
# End to end: the browser client.  A tiny desktop on qemu:///system,
# 'vdctl web serve' on a free port of 127.0.0.1, 'vdctl export-web --ttl 60
# --json', and headless Chromium (tests/lib/browser.py, over the DevTools
# protocol) opening the link: spice-html5's canvas shows the guest's text
# screen (SeaBIOS), in the page and in a screenshot of it.  websockify's
# log never holds the ticket.  A link whose ticket and token expired
# (--ttl 3) and a made-up token are refused: no guest screen, and
# websockify says why.  Then 'web serve' on a port in use fails with one
# line, and SIGTERM stops 'web serve' and websockify.
#
# Debian packages beyond the viewer tests': websockify, spice-html5,
# chromium, imagemagick (convert).
#
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2015 # "check && ok || bad": ok never fails

# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"

command -v websockify >/dev/null || { echo "SKIP: websockify is not installed (Debian: websockify)"; exit 77; }
[ -f /usr/share/spice-html5/main.js ] ||
  { echo "SKIP: spice-html5 is not installed (Debian: spice-html5)"; exit 77; }
command -v chromium >/dev/null || { echo "SKIP: chromium is not installed (Debian: chromium)"; exit 77; }
command -v convert >/dev/null || { echo "SKIP: convert is not installed (Debian: imagemagick)"; exit 77; }

BROWSER="$E2E_LIB_DIR/browser.py"
FAILURES=0
bad () { echo "FAIL: $*"; FAILURES=$((FAILURES + 1)); }
ok () { echo "ok: $*"; }
KEEP="${VDCTL_BUILDDIR:-$E2E_TMP}/meson-logs/web"
keep () { mkdir -p "$KEEP" && cp -- "$@" "$KEEP/" 2>/dev/null; return 0; }

export VDCTL_WEB_DIR="$E2E_TMP/web"
LOG="$VDCTL_WEB_DIR/websockify.log"

# light SHOT: the light pixels of the screenshot SHOT below the page's
# status line (the guest's text on spice-html5's canvas).
light ()
{
  convert "$1" -crop 1000x700+0+40 +repage -colorspace gray -threshold 45% \
    -format '%[fx:round(mean*w*h)]' info:
}

# json_field JSON KEY: KEY of the first object of the array JSON.
json_field ()
{
  python3 -c 'import json, sys; print(json.loads(sys.argv[1])[0][sys.argv[2]])' "$1" "$2"
}

name=$(e2e_name web)
e2e_track "$name"
e2e_vdctl create "$name" --network none --memory 256 --start
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl create $name exited $E2E_RC"; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The links name [web]'s port: a configuration file says it.
printf '[web]\nweb-listen=127.0.0.1\nweb-port=%s\n' "$port" >"$E2E_TMP/vdctl.conf"
export VDCTL_SYSTEM_CONFIG="$E2E_TMP/vdctl.conf"
"$VDCTL" -c "$VD_QEMU_URI" web serve --listen 127.0.0.1 --port "$port" \
  >"$E2E_TMP/serve.out" 2>"$E2E_TMP/serve.err" &
serve_pid=$!
E2E_PIDS+=("$serve_pid")
for _ in $(seq 1 40); do
  e2e_port_open "$port" && break
  sleep 0.5
done
e2e_port_open "$port" || { cat "$E2E_TMP/serve.err"; e2e_fail "web serve did not listen on 127.0.0.1:$port"; }
ok "web serve listens on 127.0.0.1:$port"

# A valid link.
e2e_vdctl export-web "$name" --ttl 60 --host 127.0.0.1 --json
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl export-web --ttl 60 exited $E2E_RC"; }
url=$(json_field "$E2E_OUT" url)
token=$(json_field "$E2E_OUT" token)
ticket=$(python3 -c 'import sys, urllib.parse as u; print(dict(u.parse_qsl(u.urlsplit(sys.argv[1]).fragment))["password"])' "$url")
query=$(python3 -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).query)' "$url")
[ -z "$query" ] && [ -n "$ticket" ] && ok "the link carries token and ticket in its fragment only" ||
  bad "the link $url has a query or no password"
tokfile="$VDCTL_WEB_DIR/tokens/$token"
if [ "$(stat -c %a "$tokfile" 2>/dev/null)" = 600 ] && grep -qx "$token: 127.0.0.1:[0-9]*" "$tokfile" &&
   grep -qx '# expires: [0-9]*' "$tokfile" && ! grep -qF "$ticket" "$tokfile"; then
  ok "the token file is mode 0600: $(tr '\n' ' ' <"$tokfile")"
else
  bad "the token file $tokfile: $(stat -c %a "$tokfile" 2>&1) $(cat "$tokfile" 2>&1)"
fi

shot="$E2E_TMP/valid.png"
python3 "$BROWSER" "$url" "$shot" 60 >"$E2E_TMP/valid.out" 2>&1
rc=$?
sed 's/^/# /' "$E2E_TMP/valid.out"
lit=$(light "$shot" 2>/dev/null || echo 0)
if [ "$rc" -eq 0 ] && [ "${lit:-0}" -ge 150 ]; then
  ok "Chromium shows the guest's screen ($lit light pixels in the screenshot)"
else
  bad "no guest screen in Chromium (browser.py exit $rc, $lit light pixels)"; keep "$shot" "$LOG"
fi
if grep -qF "$ticket" "$LOG" "$E2E_TMP/serve.out" "$E2E_TMP/serve.err"; then
  bad "websockify's log or web serve's output holds the ticket"; keep "$LOG"
else
  ok "websockify's log holds no ticket ($(wc -l <"$LOG") lines)"
fi

# An expired link: its token file is swept, websockify refuses the token.
e2e_vdctl export-web "$name" --ttl 3 --host 127.0.0.1 --json
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl export-web --ttl 3 exited $E2E_RC"; }
late_url=$(json_field "$E2E_OUT" url)
late_token=$(json_field "$E2E_OUT" token)
sleep 5
[ ! -e "$VDCTL_WEB_DIR/tokens/$late_token" ] && ok "the expired token's file was swept" ||
  bad "the expired token's file is still there"
python3 "$BROWSER" "$late_url" "$E2E_TMP/late.png" 10 >"$E2E_TMP/late.out" 2>&1
rc=$?
sed 's/^/# /' "$E2E_TMP/late.out"
lit=$(light "$E2E_TMP/late.png" 2>/dev/null || echo 0)
[ "$rc" -eq 1 ] && [ "${lit:-0}" -lt 150 ] && ok "the expired link shows no guest screen ($lit light pixels)" ||
  { bad "the expired link: browser.py exit $rc, $lit light pixels"; keep "$E2E_TMP/late.png"; }
grep -qi "$late_token.*not found\|invalid token\|token.*$late_token" "$LOG" &&
  ok "websockify's log refuses the expired token: $(grep -i "$late_token" "$LOG" | tail -1)" ||
  { bad "websockify's log says nothing of the expired token"; keep "$LOG"; }

# A made-up token, with the valid link's password.
fake=$(printf '%032x' 0)
fake_url="http://127.0.0.1:$port/vdctl.html#token=$fake&password=$ticket"
python3 "$BROWSER" "$fake_url" "$E2E_TMP/fake.png" 10 >"$E2E_TMP/fake.out" 2>&1
rc=$?
lit=$(light "$E2E_TMP/fake.png" 2>/dev/null || echo 0)
[ "$rc" -eq 1 ] && [ "${lit:-0}" -lt 150 ] && ok "a made-up token shows no guest screen" ||
  bad "a made-up token: browser.py exit $rc, $lit light pixels"
grep -qi "$fake" "$LOG" && ok "websockify's log refuses the made-up token: $(grep -i "$fake" "$LOG" | tail -1)" ||
  bad "websockify's log says nothing of the made-up token"

# The port in use: one line, nothing started.
e2e_vdctl web serve --listen 127.0.0.1 --port "$port"
if [ "$E2E_RC" -eq 1 ] && [ "$(printf '%s\n' "$E2E_ERR" | wc -l)" -eq 1 ] &&
   [[ "$E2E_ERR" == "vdctl: error: port $port on 127.0.0.1 is in use"* ]]; then
  ok "web serve on a port in use: $E2E_ERR"
else
  bad "web serve on a port in use: exit $E2E_RC"; e2e_show_output
fi

# SIGTERM ends web serve and websockify with it.
child=$(pgrep -P "$serve_pid" || true)
kill -TERM "$serve_pid"
wait "$serve_pid"
rc=$?
if [ "$rc" -eq 0 ] && [ -n "$child" ] && ! kill -0 "$child" 2>/dev/null && ! e2e_port_open "$port"; then
  ok "SIGTERM stopped web serve (exit 0) and websockify (pid $child)"
else
  bad "after SIGTERM: web serve exit $rc, websockify pid '$child' $(kill -0 "$child" 2>/dev/null && echo still runs)"
fi

[ "$FAILURES" -eq 0 ] || { echo "$FAILURES check(s) failed; kept in $KEEP"; exit 1; }
echo "PASS: the browser client"
