#!/bin/bash
# End to end on qemu:///system: a viewer never holds vdctl's output.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 'vdctl connect' starts the viewer detached: a session of its own, no
# controlling terminal, standard input from vdctl's pipe (the connection)
# or /dev/null, standard output and error appended to
# $XDG_STATE_HOME/vdctl/viewer-NAME.log (directory 0700, file 0600), whose
# path --debug prints.  So 'out=$(vdctl connect NAME)' returns while the
# viewer still runs, and nothing the viewer writes reaches vdctl's output
# or its terminal.  With --wait the viewer stays attached and vdctl waits.
#
# Stand-in viewers (--viewer) write a mark to standard output, standard
# error and /dev/tty, then keep running: no display is needed.  The
# terminal is a pseudo-terminal from script(1).  The RDP stand-in plays
# xfreerdp asking "Password:" on its terminal when no password came on
# its standard input: the prompt must end up in the log, never on the
# terminal.

# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

command -v script >/dev/null 2>&1 || { echo "SKIP: script(1) is not installed (util-linux)"; exit 77; }

name=$(e2e_name detach)
e2e_track "$name"
e2e_vdctl create "$name" --network none --memory 256 --start --no-password
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl create $name exited $E2E_RC"; }

export XDG_STATE_HOME=$E2E_TMP/state
log=$XDG_STATE_HOME/vdctl/viewer-$name.log
pids=()
cleanup_viewers ()
{
  local pid
  for pid in ${pids[@]+"${pids[@]}"}; do
    kill "$pid" 2>/dev/null || true
  done
  e2e_cleanup
}
trap cleanup_viewers EXIT

cat >"$E2E_TMP/fake-viewer" <<'SH'
#!/bin/bash
# Reads its standard input to the end, then marks every stream it has.
n=$(wc -c)
echo "FAKE-STDOUT: got $n bytes on stdin"
echo "FAKE-STDERR" >&2
{ echo "FAKE-TTY" >/dev/tty; } 2>/dev/null || echo "FAKE-NO-TTY"
exec sleep "${FAKE_SLEEP:-60}"
SH
cat >"$E2E_TMP/fake-xfreerdp" <<'SH'
#!/bin/bash
# Like xfreerdp: the password on its standard input with /from-stdin,
# else a prompt on its terminal.
for a; do [ "$a" = "/from-stdin:force" ] && from_stdin=1; done
if [ -n "${from_stdin:-}" ] && IFS= read -r pw; then
  echo "FAKE-RDP: a password of ${#pw} bytes on stdin"
elif { printf 'Password: ' >/dev/tty; } 2>/dev/null; then
  echo "FAKE-RDP: prompted on a terminal"
else
  printf 'Password: ' >&2
  echo "FAKE-RDP: no terminal to prompt on"
fi
exec sleep "${FAKE_SLEEP:-60}"
SH
chmod 0755 "$E2E_TMP/fake-viewer" "$E2E_TMP/fake-xfreerdp"

# on_tty TYPESCRIPT ARGS...: vdctl ARGS on a pseudo-terminal; sets $rc,
# $elapsed (seconds) and $pid (from "started (pid N)").
on_tty ()
{
  local ts=$1 start
  shift
  start=$(date +%s.%N)
  rc=0
  # shellcheck disable=SC2016 # for the inner bash
  timeout 60 script -qfec "$(printf '%q ' "$VDCTL" -c "$VD_QEMU_URI" "$@")" "$ts" \
    </dev/null >/dev/null 2>&1 || rc=$?
  elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  pid=$(sed -n 's/.*started (pid \([0-9]*\)).*/\1/p' "$ts" | head -n 1)
  [ -n "$pid" ] && pids+=("$pid")
  sleep 1   # what the viewer writes after vdctl returned
}

running ()
{
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null
}

# ---- SPICE: out=$(vdctl connect NAME) -----------------------------------

start=$(date +%s)
out=$(timeout 60 "$VDCTL" -c "$VD_QEMU_URI" connect "$name" --viewer "$E2E_TMP/fake-viewer" --debug 2>&1)
rc=$?
took=$(($(date +%s) - start))
pid=$(printf '%s\n' "$out" | sed -n 's/.*started (pid \([0-9]*\)).*/\1/p')
[ -n "$pid" ] && pids+=("$pid")
check "out=\$(vdctl connect NAME) succeeds" [ "$rc" -eq 0 ]
check "... and returns at once (${took}s) while the viewer runs" \
  eval '[ "$took" -lt 10 ] && running "$pid"'
check "--debug says where the viewer's output goes" \
  eval 'printf "%s\n" "$out" | grep -qxF "Its output goes to $log"'
check "the captured output holds nothing of the viewer" \
  eval '! printf "%s\n" "$out" | grep -q FAKE'
sleep 1
check "the viewer's standard output is in the log, with the connection it read" \
  grep -qE "^FAKE-STDOUT: got [1-9][0-9]* bytes on stdin" "$log"
check "its standard error too" grep -qx "FAKE-STDERR" "$log"
check "it has no terminal to write to" grep -qx "FAKE-NO-TTY" "$log"
check "the log is mode 0600" [ "$(stat -c %a "$log")" = 600 ]
check "its directory is mode 0700" [ "$(stat -c %a "$XDG_STATE_HOME/vdctl")" = 700 ]
check "the viewer runs in a session of its own" \
  eval '[ "$(ps -o sid= -p "$pid" | tr -d " ")" = "$pid" ]'

# ---- on a terminal ----------------------------------------------------

on_tty "$E2E_TMP/ts1" connect "$name" --viewer "$E2E_TMP/fake-viewer"
check "on a terminal: connect returns at once (${elapsed}s) while the viewer runs" \
  eval '[ "$rc" -eq 0 ] && awk -v e="$elapsed" "BEGIN { exit !(e < 10) }" && running "$pid"'
check "on a terminal: the terminal gets nothing of the viewer" \
  eval '! grep -q FAKE "$E2E_TMP/ts1"'
check "on a terminal: the log is appended to, one header line per start" \
  eval '[ "$(grep -c "^---- " "$log")" -eq 2 ]'

# ---- --wait: attached, as before -----------------------------------------

start=$(date +%s)
out=$(FAKE_SLEEP=2 timeout 60 "$VDCTL" -c "$VD_QEMU_URI" connect "$name" \
        --viewer "$E2E_TMP/fake-viewer" --wait 2>&1)
rc=$?
took=$(($(date +%s) - start))
check "--wait waits for the viewer (${took}s)" eval '[ "$rc" -eq 0 ] && [ "$took" -ge 2 ]'
check "--wait: the viewer's output is vdctl's" \
  eval 'printf "%s\n" "$out" | grep -q "^FAKE-STDOUT: got [1-9]"'

# ---- RDP: the password prompt never lands on the terminal ----------------

rdp=(connect --rdp "$name" --rdp-address 127.0.0.1:1 --viewer "$E2E_TMP/fake-xfreerdp")
on_tty "$E2E_TMP/ts2" "${rdp[@]}" --debug
check "--rdp on a terminal: returns at once (${elapsed}s) while the client runs" \
  eval '[ "$rc" -eq 0 ] && awk -v e="$elapsed" "BEGIN { exit !(e < 10) }" && running "$pid"'
check "--rdp: the terminal gets no 'Password:' prompt" eval '! grep -q "Password:" "$E2E_TMP/ts2"'
check "--rdp: the client could not prompt on any terminal; its prompt is in the log" \
  eval 'grep -q "FAKE-RDP: no terminal to prompt on" "$log" && grep -q "Password: " "$log"'
check "--rdp --debug says where the client's output goes" grep -qF "Its output goes to $log" "$E2E_TMP/ts2"

printf 'rdp-secret-%s\n' "$$" >"$E2E_TMP/rdp-pw"
on_tty "$E2E_TMP/ts3" "${rdp[@]}" --rdp-user alice --password-file "$E2E_TMP/rdp-pw"
check "--rdp --password-file: the password reaches the client on its standard input" \
  eval '[ "$rc" -eq 0 ] && grep -q "FAKE-RDP: a password of $(($(wc -c <"$E2E_TMP/rdp-pw") - 1)) bytes on stdin" "$log"'
check "--rdp --password-file: nothing on the terminal but vdctl's line" \
  eval '! grep -qE "FAKE|Password:" "$E2E_TMP/ts3"'
check "the password is in no log" eval '! grep -qF -f "$E2E_TMP/rdp-pw" "$log"'

tap_finish
