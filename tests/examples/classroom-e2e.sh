#!/bin/bash
# examples/classroom.sh and examples/teardown.sh end to end, on a real
# libvirtd with the QEMU driver (qemu:///system):
#
#   - a classroom of three seats: created in one call, started, one .vv per
#     seat (mode 0600, in a 0700 directory) whose keys reach the running
#     display with a one-time ticket: the live password, expiring after the
#     ttl, while the persistent definition keeps the seats' own password;
#   - a classroom whose second seat's name is taken: that seat is reported,
#     the other two are made and get their files, the existing domain is
#     left alone, exit 1;
#   - teardown.sh removes the seats with their volumes and files, and
#     nothing else (a domain whose name only starts like a seat stays).
#
# The seats listen on 127.0.0.1 with a password from a file: a ticket needs
# a display started with a password (QEMU cannot add one to a running
# display that has none; see "Could not set password" in
# src/host/virt-domain.c), and a test must not open displays beyond
# loopback. No network card, 256 MiB.
#
# Skips (77) where no libvirtd can run (tests/lib/libvirtd.sh). Removes
# every domain and volume it made, whatever happens (tests/lib/e2e.sh).
#
# SPDX-License-Identifier: GPL-2.0-or-later

# "COND && ok ... || not_ok ...": ok only prints, it cannot fail.
# shellcheck disable=SC2015
# shellcheck source=tests/examples/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/lib/e2e.sh
. "$VDCTL_SRCDIR/tests/lib/e2e.sh"

e2e_require_python_gi

TTL=600
PW=$E2E_TMP/seat.pw
printf 'Seat-pw-%s-%s\n' "$$" "$RANDOM" >"$PW"
chmod 0600 "$PW"
SEAT_OPTS=(--network none --memory 256 --password-file "$PW")

# run SCRIPT ARGS...: an example on qemu:///system; sets RC, and leaves its
# stdout and stderr in $E2E_TMP/ex.out and $E2E_TMP/ex.err.
run ()
{
  local script=$1
  shift
  RC=0
  VDCTL=$VDCTL timeout 240 bash "$EXAMPLES/$script" -c "$VD_QEMU_URI" "$@" \
    </dev/null >"$E2E_TMP/ex.out" 2>"$E2E_TMP/ex.err" || RC=$?
}

dump ()
{
  echo "#   exit status $RC; stdout:"
  show "$E2E_TMP/ex.out"
  echo "#   stderr:"
  show "$E2E_TMP/ex.err"
}

# vv_value FILE KEY: the value of KEY in the .vv FILE, as GKeyFile reads it.
vv_value ()
{
  vvtool get "$1" "$2" 2>/dev/null
}

# check_seat SEAT DIR STARTED-BEFORE: the seat runs, its table row, its
# file and the ticket in it.
check_seat ()
{
  local seat=$1 dir=$2 t0=$3 t1 uuid file live inactive port passwd valid_to valid_s
  local key want got bad=()

  t1=$(date +%s)
  uuid=$(vd_virsh domuuid -- "$seat" 2>/dev/null | tr -d '[:space:]')
  if grep -qE "^$seat +$uuid +- +$dir/$seat\.vv\$" "$E2E_TMP/ex.out"; then
    ok "$seat: table row with its uuid $uuid, no generated password, $dir/$seat.vv"
  else
    not_ok "$seat: no table row with uuid '$uuid' and its file"; dump
  fi
  if [ "$(vd_virsh domstate -- "$seat" 2>&1)" = running ]; then
    ok "$seat: running"
  else
    not_ok "$seat: not running: $(vd_virsh domstate -- "$seat" 2>&1)"
  fi

  file=$dir/$seat.vv
  if [ "$(stat -c %a "$file" 2>&1)" = 600 ]; then
    ok "$seat: $file has mode 0600"
  else
    not_ok "$seat: $file: mode $(stat -c %a "$file" 2>&1), expected 600"
    return
  fi

  live=$E2E_TMP/$seat.live.xml
  inactive=$E2E_TMP/$seat.inactive.xml
  vd_virsh dumpxml --security-info -- "$seat" >"$live"
  vd_virsh dumpxml --inactive --security-info -- "$seat" >"$inactive"
  port=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@port)")
  passwd=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@passwd)")
  valid_to=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@passwdValidTo)")

  vvtool keys "$file" >"$E2E_TMP/$seat.keys" 2>&1 ||
    { not_ok "$seat: virt-viewer's parser refuses $file"; show "$E2E_TMP/$seat.keys"; return; }
  if grep -qv '^virt-viewer	' "$E2E_TMP/$seat.keys"; then
    not_ok "$seat: $file has keys outside [virt-viewer]"; show "$E2E_TMP/$seat.keys"; return
  fi
  for want in "type=spice" "host=127.0.0.1" "port=$port" "title=$seat" "delete-this-file=1" \
              "enable-usbredir=1"; do
    key=${want%%=*}
    got=$(vv_value "$file" "$key")
    [ "$got" = "${want#*=}" ] || bad+=("$key is '$got', expected '${want#*=}'")
  done
  [[ $port =~ ^[0-9]+$ ]] || bad+=("the running display has no port ('$port')")
  if [ "${#bad[@]}" -eq 0 ]; then
    ok "$seat: type=spice, host=127.0.0.1, port=$port (the running display's), title, delete-this-file=1, enable-usbredir=1"
  else
    not_ok "$seat: wrong keys in $file" "${bad[@]}"
    show "$E2E_TMP/$seat.keys"
  fi

  got=$(vv_value "$file" password)
  if [ -n "$got" ] && [ "$got" = "$passwd" ] && [ "$got" != "$(cat "$PW")" ]; then
    ok "$seat: the file's password is the running display's ticket, not the seat's own password"
  else
    not_ok "$seat: the file's password is not a ticket of the running display" \
      "file: '$got'; live passwd: '$passwd'; seat's own: '$(cat "$PW")'"
  fi
  printf '%s\n' "$got" >>"$E2E_TMP/tickets"

  # passwdValidTo is UTC, without a zone.
  valid_s=$(date -u -d "$valid_to" +%s 2>/dev/null || echo 0)
  if [ "$valid_s" -ge $((t0 + TTL - 5)) ] && [ "$valid_s" -le $((t1 + TTL + 5)) ]; then
    ok "$seat: the ticket expires after --ttl $TTL (passwdValidTo=$valid_to)"
  else
    not_ok "$seat: passwdValidTo='$valid_to', expected about $TTL s after the run"
  fi
  got=$(e2e_xpath "$inactive" "string(/domain/devices/graphics[@type='spice']/@passwd)")
  if [ "$got" = "$(cat "$PW")" ] &&
     [ -z "$(e2e_xpath "$inactive" "string(/domain/devices/graphics/@passwdValidTo)")" ]; then
    ok "$seat: the persistent definition keeps the seat's own password, with no expiry"
  else
    not_ok "$seat: the persistent definition changed: passwd '$got'"
  fi
}

# gone PREFIX: no domain and no volume named PREFIX-NN is left.
left_of ()
{
  local prefix=$1
  {
    vd_virsh list --all --name 2>/dev/null
    vd_virsh pool-refresh "$VD_TEST_POOL" >/dev/null 2>&1 || true
    vd_virsh vol-list --pool "$VD_TEST_POOL" 2>/dev/null | awk '{ print $1 }'
  } | grep -E "^$prefix-[0-9]{2}(\.qcow2)?\$" || true
}

# --- a classroom of three --------------------------------------------------------

P=$(e2e_name class)
for i in 01 02 03; do
  e2e_track "$P-$i"
done
# A domain whose name only starts like a seat's: teardown.sh must leave it.
DECOY=$P-01-other
e2e_track "$DECOY"
e2e_vdctl create "$DECOY" --network none --memory 256
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "cannot create $DECOY"; }

OUT=$E2E_TMP/seats
: >"$E2E_TMP/tickets"
t0=$(date +%s)
run classroom.sh --listen 127.0.0.1 --ttl "$TTL" --out "$OUT" "$P" 3 -- \
  "${SEAT_OPTS[@]}" --disk 1 --pool "$VD_TEST_POOL"
if [ "$RC" -eq 0 ]; then
  ok "classroom.sh $P 3: exit 0"
else
  not_ok "classroom.sh $P 3: exit $RC"; dump
fi
grep -q "^3 of 3 seats ready; tickets valid for ${TTL}s" "$E2E_TMP/ex.out" &&
  ok "the summary: 3 of 3 seats ready, tickets valid for ${TTL}s" ||
  { not_ok "no '3 of 3 seats ready' summary"; dump; }
[ "$(stat -c %a "$OUT" 2>&1)" = 700 ] && ok "the out dir has mode 0700" ||
  not_ok "the out dir: mode $(stat -c %a "$OUT" 2>&1)"
files=$(cd "$OUT" && printf '%s ' *)
[ "$files" = "$P-01.vv $P-02.vv $P-03.vv " ] && ok "one .vv per seat, nothing else" ||
  not_ok "files in the out dir: $files"
for i in 01 02 03; do
  check_seat "$P-$i" "$OUT" "$t0"
  if e2e_volume_exists "$P-$i.qcow2"; then
    ok "$P-$i: its volume $P-$i.qcow2 exists"
  else
    not_ok "$P-$i: no volume $P-$i.qcow2 in $VD_TEST_POOL"
  fi
done
[ "$(sort -u "$E2E_TMP/tickets" | wc -l)" -eq 3 ] && ok "each seat has a ticket of its own" ||
  not_ok "the seats share tickets"

# --- one seat's name is taken ------------------------------------------------------

Q=$(e2e_name class2)
for i in 01 02 03; do
  e2e_track "$Q-$i"
done
e2e_vdctl create "$Q-02" --network none --memory 256
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "cannot create $Q-02"; }
uuid_before=$(vd_virsh domuuid -- "$Q-02" | tr -d '[:space:]')

OUT2=$E2E_TMP/seats2
t0=$(date +%s)
run classroom.sh --listen 127.0.0.1 --ttl "$TTL" --out "$OUT2" "$Q" 3 -- "${SEAT_OPTS[@]}"
if [ "$RC" -eq 1 ] && grep -q "1 of 3 seats failed" "$E2E_TMP/ex.err"; then
  ok "classroom.sh $Q 3 with $Q-02 taken: exit 1, one seat failed"
else
  not_ok "classroom.sh $Q 3 with $Q-02 taken: expected exit 1 and one failed seat"; dump
fi
if grep -qE "^$Q-02 +- +- +FAILED: desktop '$Q-02' already exists" "$E2E_TMP/ex.out"; then
  ok "$Q-02: FAILED in the table, with vdctl's reason"
else
  not_ok "$Q-02: no FAILED row with vdctl's reason"; dump
fi
for i in 01 03; do
  check_seat "$Q-$i" "$OUT2" "$t0"
done
if [ "$(vd_virsh domuuid -- "$Q-02" | tr -d '[:space:]')" = "$uuid_before" ] &&
   [ "$(vd_virsh domstate -- "$Q-02")" = "shut off" ] && [ ! -e "$OUT2/$Q-02.vv" ]; then
  ok "$Q-02, which existed before: untouched, not started, no file"
else
  not_ok "$Q-02, which existed before, was changed, started or got a file"
fi

# --- teardown --------------------------------------------------------------------

run teardown.sh --out "$OUT" "$P"
[ "$RC" -eq 0 ] && ok "teardown.sh $P: exit 0" || { not_ok "teardown.sh $P: exit $RC"; dump; }
left=$(left_of "$P")
[ -z "$left" ] && ok "teardown.sh $P: no domain and no volume $P-NN left" ||
  not_ok "teardown.sh $P left: $left"
[ ! -e "$OUT" ] && ok "teardown.sh --out: the .vv files and their directory are gone" ||
  not_ok "teardown.sh --out left: $(cd "$OUT" && printf '%s ' *)"
e2e_domain_exists "$DECOY" && ok "teardown.sh $P: $DECOY is not a seat and stays" ||
  not_ok "teardown.sh $P deleted $DECOY"

run teardown.sh --out "$OUT2" "$Q" 3
[ "$RC" -eq 0 ] && ok "teardown.sh $Q 3: exit 0" || { not_ok "teardown.sh $Q 3: exit $RC"; dump; }
left=$(left_of "$Q")
[ -z "$left" ] && [ ! -e "$OUT2" ] && ok "teardown.sh $Q 3: every seat, running or not, and the files gone" ||
  not_ok "teardown.sh $Q 3 left: $left $(ls -A "$OUT2" 2>/dev/null)"

tap_finish
