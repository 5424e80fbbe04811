#!/bin/bash
# End to end on qemu:///system: SPICE passwords through 'vdctl edit'.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A password read from standard input reaches the running desktop and its
# definition, and never any process's command line: a watcher reads every
# /proc/*/cmdline over and over while vdctl runs.  Passwords are written to
# files and pipes by bash's own printf, so the test puts none in an argv
# either; grep gets them with -f FILE.  Moving a passwordless desktop to
# 0.0.0.0 generates a password; --no-password there needs --insecure.

. "$(dirname "$0")/lib.sh"

inactive=$LC_TMP/inactive.xml
before=$LC_TMP/before.xml
live=$LC_TMP/live.xml

spice_passwd="string(/domain/devices/graphics[@type='spice']/@passwd)"
spice_listen="string(/domain/devices/graphics[@type='spice']/listen/@address)"

# lc_pattern FILE PASSWORD: a grep -F pattern file holding PASSWORD.
lc_pattern ()
{
  printf '%s\n' "$2" >"$1"
}

# argv_hits PATTERN-FILE: the /proc/PID/cmdline files holding the pattern.
argv_hits ()
{
  grep -alFf "$1" /proc/[0-9]*/cmdline 2>/dev/null || true
}

# argv_watch PATTERN-FILE HITS STOP: until STOP exists, scan every
# process's command line; record the matching ones, with their argv.
argv_watch ()
{
  local hit scans=0
  while [ ! -e "$3" ]; do
    for hit in $(argv_hits "$1"); do
      { echo "$hit:"; tr '\0' ' ' <"$hit"; echo; } >>"$2" 2>/dev/null
    done
    scans=$((scans + 1))
  done
  echo "$scans" >"$3.scans"
}

# ---- a live password change through standard input ---------------------

name=$(e2e_name pw)
pw0="pw0-$$-$RANDOM$RANDOM"
pw1="pw1-$$-$RANDOM$RANDOM"
pw2="pw2-$$-$RANDOM$RANDOM"
lc_pattern "$LC_TMP/pw0" "$pw0"
lc_pattern "$LC_TMP/pw1" "$pw1"
lc_pattern "$LC_TMP/pw2" "$pw2"

LC_STDIN=$LC_TMP/pw0
lc_create "$name" --password-file -
check "create --password-file - says so, without the password" \
  eval 'grep -qF "set from standard input" "$LC_TMP/out" && ! grep -qFf "$LC_TMP/pw0" "$LC_TMP/out"'
lc_dump "$name" "$inactive" --inactive
lc_expect_xpath "the definition has the password from standard input" "$inactive" "$spice_passwd" "$pw0"
lc_vdctl start "$name"
lc_expect "start the desktop with a password" 0 "started" EMPTY
lc_dump "$name" "$live"
lc_expect_xpath "the running desktop has that password" "$live" "$spice_passwd" "$pw0"
check "no process has the start password in its argv (QEMU included)" \
  eval '[ -z "$(argv_hits "$LC_TMP/pw0")" ]'

# The watcher sees what it looks for: a marker in some process's argv.
marker="argv-marker-$$-$RANDOM$RANDOM"
lc_pattern "$LC_TMP/marker" "$marker"
bash -c 'sleep 5; :' "$marker" &
marker_pid=$!
E2E_PIDS+=("$marker_pid")
sleep 0.2
check "argv_hits finds a string in another process's argv" \
  eval '[ "$(argv_hits "$LC_TMP/marker")" = "/proc/$marker_pid/cmdline" ]'
kill "$marker_pid" 2>/dev/null || true
wait "$marker_pid" 2>/dev/null || true

# vdctl edit NAME --password-file - reading from a FIFO, so that it is
# alive, waiting for its password, while the watcher scans.
mkfifo "$LC_TMP/stdin"
: >"$LC_TMP/hits"
argv_watch "$LC_TMP/pw1" "$LC_TMP/hits" "$LC_TMP/stop" &
watcher=$!
E2E_PIDS+=("$watcher")
timeout 120 "$VDCTL" -c "$VD_QEMU_URI" edit "$name" --password-file - \
  <"$LC_TMP/stdin" >"$LC_TMP/out" 2>"$LC_TMP/err" &
editor=$!
E2E_PIDS+=("$editor")
exec 7>"$LC_TMP/stdin"
sleep 1
check "vdctl edit waits for the password on standard input" kill -0 "$editor"
printf '%s\n' "$pw1" >&7
exec 7>&-
LC_RC=0
wait "$editor" || LC_RC=$?
LC_OUT=$(cat "$LC_TMP/out")
LC_ERR=$(cat "$LC_TMP/err")
LC_LAST_CMD="edit $name --password-file - (from a FIFO)"
touch "$LC_TMP/stop"
wait "$watcher" || true
e2e_note "the argv watcher scanned every process $(cat "$LC_TMP/stop.scans") times"
check "the watcher scanned while vdctl ran" [ "$(cat "$LC_TMP/stop.scans")" -ge 2 ]

lc_expect "edit --password-file - on the running desktop" 0 "Desktop '$name' changed" EMPTY
check "it says password: changed" grep -qE '^  password: +changed$' "$LC_TMP/out"
check "it says the running desktop has it too" \
  grep -qxF "The password is also changed on the running desktop." "$LC_TMP/out"
check "it does not print the password" eval '! grep -qFf "$LC_TMP/pw1" "$LC_TMP/out" "$LC_TMP/err"'
check "no other setting is reported as changed" \
  eval '[ "$(grep -c "^  " "$LC_TMP/out")" -eq 1 ]'
if [ -s "$LC_TMP/hits" ]; then
  not_ok "the new password was in no process's argv while vdctl ran" "$(cat "$LC_TMP/hits")"
else
  ok "the new password was in no process's argv while vdctl ran"
fi
check "nor is it in any argv now (QEMU, libvirtd included)" eval '[ -z "$(argv_hits "$LC_TMP/pw1")" ]'
lc_dump "$name" "$live"
lc_expect_xpath "the live XML has passwd='$pw1'" "$live" "$spice_passwd" "$pw1"
lc_dump "$name" "$inactive" --inactive
lc_expect_xpath "the inactive XML has passwd='$pw1'" "$inactive" "$spice_passwd" "$pw1"
lc_expect_valid "the inactive XML validates" "$inactive"
lc_expect_state "still running" "$name" running

# The same through a pipe, as a user types it.
LC_LAST_CMD="edit $name --password-file - (from a pipe)"
LC_RC=0
printf '%s\n' "$pw2" | timeout 120 "$VDCTL" -c "$VD_QEMU_URI" edit "$name" --password-file - \
  >"$LC_TMP/out" 2>"$LC_TMP/err" || LC_RC=$?
LC_OUT=$(cat "$LC_TMP/out")
LC_ERR=$(cat "$LC_TMP/err")
lc_expect "printf PW | vdctl edit --password-file -" 0 "The password is also changed on the running desktop." EMPTY
lc_dump "$name" "$live"
lc_expect_xpath "the live XML has the piped password" "$live" "$spice_passwd" "$pw2"
lc_dump "$name" "$inactive" --inactive
lc_expect_xpath "the inactive XML has the piped password" "$inactive" "$spice_passwd" "$pw2"

# Dry runs on a desktop with a password print none.
lc_vdctl edit "$name" --print-xml --memory 300
lc_expect "--print-xml on a desktop with a password" 0 "<domain" EMPTY
check "--print-xml prints no password" \
  eval '! grep -qFf "$LC_TMP/pw2" "$LC_TMP/out" && ! grep -q "passwd=" "$LC_TMP/out"'
lc_vdctl edit "$name" --diff --memory 300
lc_expect "--diff on a desktop with a password" 0 "memory" EMPTY
check "--diff prints no password" \
  eval '! grep -qFf "$LC_TMP/pw2" "$LC_TMP/out" && ! grep -q "passwd=" "$LC_TMP/out"'
LC_STDIN=$LC_TMP/pw1
lc_vdctl edit "$name" --print-xml --password-file -
lc_expect "--print-xml --password-file -" 0 "<domain" EMPTY
check "--print-xml prints not even the new password" eval '! grep -qFf "$LC_TMP/pw1" "$LC_TMP/out"'
lc_dump "$name" "$inactive" --inactive
lc_expect_xpath "the dry runs changed no password" "$inactive" "$spice_passwd" "$pw2"
lc_vdctl show "$name" --json
lc_expect_json "show --json: password_set true, no password in it" object 'password_set=true'
check "show --json prints no password" eval '! grep -qFf "$LC_TMP/pw2" "$LC_TMP/out"'

# Loopback: no password needs no --insecure, live too.
lc_vdctl edit "$name" --no-password
lc_expect "--no-password on a loopback desktop" 0 "Desktop '$name' changed" EMPTY
check "it says password: removed" grep -qE '^  password: +removed$' "$LC_TMP/out"
lc_dump "$name" "$live"
lc_expect_xpath "the live XML has no password" "$live" "count(/domain/devices/graphics[@type='spice']/@passwd)" 0
lc_dump "$name" "$inactive" --inactive
lc_expect_xpath "the inactive XML has no password" "$inactive" "count(/domain/devices/graphics[@type='spice']/@passwd)" 0
lc_expect_valid "the inactive XML validates" "$inactive"
lc_vdctl stop "$name" --force
lc_expect "stop --force" 0 "powered off" EMPTY

# ---- a generated password when moving to 0.0.0.0 -----------------------

name=$(e2e_name gen)
lc_create "$name" --no-password
lc_dump "$name" "$before" --inactive
lc_vdctl edit "$name" --listen 0.0.0.0 --no-password
lc_expect_error "--listen 0.0.0.0 --no-password is refused without --insecure" 2 \
  "refusing a SPICE display without a password on 0.0.0.0"
lc_vdctl edit "$name" --insecure --memory 300
lc_expect_error "--insecure alone is a usage error" 2 "--insecure only goes with --no-password"
lc_dump "$name" "$inactive" --inactive
lc_expect_same "the refusals changed nothing" "$before" "$inactive"

lc_vdctl edit "$name" --listen 0.0.0.0
lc_expect "--listen 0.0.0.0 on a passwordless stopped desktop" 0 "Desktop '$name' changed" EMPTY
check "it says listen: 127.0.0.1 -> 0.0.0.0" grep -qE '^  listen: +127.0.0.1 -> 0.0.0.0$' "$LC_TMP/out"
generated=$(sed -n 's/^  password: *\([^ ]*\)  (generated; shown only now)$/\1/p' "$LC_TMP/out")
check "it prints the generated password once" [ -n "$generated" ]
check "the generated password has 16 or more characters" [ "${#generated}" -ge 16 ]
lc_dump "$name" "$inactive" --inactive
lc_expect_xpath "the definition listens on 0.0.0.0" "$inactive" "$spice_listen" 0.0.0.0
lc_expect_xpath "the definition has the generated password" "$inactive" "$spice_passwd" "$generated"
lc_expect_valid "the definition validates" "$inactive"
lc_vdctl show "$name" --json
lc_expect_json "show --json: 0.0.0.0 with a password" object 'listen="0.0.0.0"' 'password_set=true'

cp "$inactive" "$before"
lc_vdctl edit "$name" --no-password
lc_expect_error "--no-password on 0.0.0.0 is refused without --insecure" 2 \
  "refusing a SPICE display without a password on 0.0.0.0"
lc_dump "$name" "$inactive" --inactive
lc_expect_same "the refused --no-password changed nothing" "$before" "$inactive"

lc_vdctl edit "$name" --no-password --insecure
lc_expect "--no-password --insecure on 0.0.0.0" 0 "Desktop '$name' changed" EMPTY
check "it says password: removed" grep -qE '^  password: +removed$' "$LC_TMP/out"
lc_dump "$name" "$inactive" --inactive
lc_expect_xpath "0.0.0.0 and no password" "$inactive" \
  "concat(/domain/devices/graphics[@type='spice']/listen/@address, ' ', count(/domain/devices/graphics[@type='spice']/@passwd))" "0.0.0.0 0"
lc_expect_valid "the definition validates" "$inactive"

lc_vdctl start "$name"
lc_expect "start the open desktop" 0 "Desktop '$name' started: spice://0.0.0.0:" EMPTY
lc_dump "$name" "$live"
lc_expect_xpath "it listens on 0.0.0.0 without a password" "$live" \
  "concat($spice_listen, ' ', count(/domain/devices/graphics[@type='spice']/@passwd))" "0.0.0.0 0"
lc_vdctl stop "$name" --force
lc_expect "stop --force" 0 "powered off" EMPTY

# ---- the same on a running passwordless desktop ------------------------

# The new listen address, and the password it needs, apply at the next
# boot; the running display stays on loopback without a password.
name=$(e2e_name genlive)
lc_create "$name" --no-password
lc_vdctl start "$name"
lc_expect "start a passwordless desktop" 0 "started" EMPTY
lc_vdctl edit "$name" --listen 0.0.0.0
lc_expect "--listen 0.0.0.0 on a running passwordless desktop" 0 "Desktop '$name' changed" ""
generated=$(sed -n 's/^  password: *\([^ ]*\)  (generated; shown only now)$/\1/p' "$LC_TMP/out")
check "it prints the generated password" [ -n "$generated" ]
check "it says the listen address applies at the next boot" grep -qF "next boot" "$LC_TMP/out"
lc_dump "$name" "$inactive" --inactive
lc_expect_xpath "the definition has 0.0.0.0 and the generated password" "$inactive" \
  "concat($spice_listen, ' ', $spice_passwd)" "0.0.0.0 $generated"
lc_expect_valid "the definition validates" "$inactive"
lc_dump "$name" "$live"
lc_expect_xpath "the running display is still on 127.0.0.1" "$live" "$spice_listen" 127.0.0.1
lc_expect_state "still running" "$name" running

lc_finish
