#!/bin/bash
# examples/classroom.sh and examples/teardown.sh against libvirt's test
# driver (test:///default). Every vdctl process starts from a fresh
# in-memory driver there, so what one call defines the next cannot see:
# this covers what a single call shows (--dry-run, the one create call with
# every seat, what is passed on) and how failures are reported; the whole
# flow runs on a real libvirtd in classroom-e2e.sh.
#
# vdctl runs through a recorder that logs each invocation's arguments
# (lib.sh), so the tests see what the script asked vdctl to do.
#
# Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# "COND && ok ... || not_ok ...": ok only prints, it cannot fail.
# shellcheck disable=SC2015
# shellcheck source=tests/examples/lib.sh
. "$(dirname "$0")/lib.sh"

export LIBVIRT_DEFAULT_URI=test:///default

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-examples.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT
LOG=$TMP/vdctl.log
make_recorder "$TMP/bin" "$LOG"
PYTHON=python3

# run SCRIPT ARGS...: run an example with the recorder as vdctl; sets RC,
# and leaves its stdout and stderr in $TMP/out and $TMP/err.
run ()
{
  local script=$1
  shift
  : >"$LOG"
  RC=0
  (cd "$TMP/cwd" && VDCTL=$TMP/bin/vdctl timeout 120 bash "$EXAMPLES/$script" "$@") \
    </dev/null >"$TMP/out" 2>"$TMP/err" || RC=$?
}

dump ()
{
  echo "#   exit status $RC; stdout:"
  show "$TMP/out"
  echo "#   stderr:"
  show "$TMP/err"
  echo "#   vdctl invocations:"
  show "$LOG"
}

# domains: one line per document of $TMP/out (see domains.py), into
# $TMP/domains; fails when the output is not only domain documents or one
# does not validate against libvirt's schema.
domains ()
{
  local file rest
  rm -rf "$TMP/xml" && mkdir -p "$TMP/xml"
  "$PYTHON" "$EX_TESTS/domains.py" split "$TMP/xml" <"$TMP/out" >"$TMP/domains" || return 1
  while IFS=$'\t' read -r file rest; do
    virt-xml-validate "$file" domain >/dev/null 2>&1 ||
      { virt-xml-validate "$file" domain | sed 's/^/#   /'; return 1; }
  done <"$TMP/domains"
}

# column N: field N of every line of $TMP/domains.
column ()
{
  cut -f "$1" "$TMP/domains"
}

mkdir -p "$TMP/cwd"

# --- --dry-run: the XML of every seat, from one create call ---------------------

run classroom.sh --dry-run lab 3 -- --network none
if [ "$RC" -eq 0 ] && domains && [ "$(column 2 | tr '\n' ' ')" = "lab-01 lab-02 lab-03 " ]; then
  ok "--dry-run lab 3: three valid domain documents, lab-01 lab-02 lab-03"
else
  not_ok "--dry-run lab 3: expected three valid domains lab-01 .. lab-03"; dump
fi
if [ "$(cat "$LOG")" = "create --network none --print-xml -- lab-01 lab-02 lab-03 " ]; then
  ok "--dry-run: one 'vdctl create --print-xml' with every seat, no --profile, --listen, --start or --json"
else
  not_ok "--dry-run: unexpected vdctl invocations"; dump
fi
[ -z "$(ls -A "$TMP/cwd")" ] && ok "--dry-run writes no file or directory" ||
  not_ok "--dry-run wrote: $(ls -A "$TMP/cwd")"

run classroom.sh --dry-run lab 10 -- --network none
if [ "$RC" -eq 0 ] && domains &&
   [ "$(column 2 | tr '\n' ' ')" = "lab-01 lab-02 lab-03 lab-04 lab-05 lab-06 lab-07 lab-08 lab-09 lab-10 " ]; then
  ok "--dry-run lab 10: seats lab-01 .. lab-10, two digits"
else
  not_ok "--dry-run lab 10: expected lab-01 .. lab-10"; dump
fi

run classroom.sh --dry-run lab 100 -- --network none
if [ "$RC" -eq 0 ] && domains && [ "$(column 2 | sed -n '1p;100p' | tr '\n' ' ')" = "lab-001 lab-100 " ] &&
   [ "$(wc -l <"$TMP/domains")" -eq 100 ]; then
  ok "--dry-run lab 100: seats lab-001 .. lab-100, padded to sort"
else
  not_ok "--dry-run lab 100: expected lab-001 .. lab-100"; dump
fi

# A prefix with a space, a quote and non-ASCII letters arrives whole.
prefix="Raum 3 'ü"
run classroom.sh --dry-run "$prefix" 2 -- --network none
if [ "$RC" -eq 0 ] && domains && [ "$(column 2)" = "$prefix-01"$'\n'"$prefix-02" ]; then
  ok "--dry-run: the prefix \"$prefix\" reaches vdctl intact"
else
  not_ok "--dry-run: the prefix \"$prefix\" was not kept"; dump
fi

run classroom.sh --dry-run --listen 0.0.0.0 lab 2 -- --network none --usb3
if [ "$RC" -eq 0 ] && domains && [ "$(column 4 | sort -u)" = 0.0.0.0 ] &&
   [ "$(column 5 | sort -u)" = 4 ] && [ "$(column 6 | sort -u)" = yes ]; then
  ok "--dry-run --listen 0.0.0.0 -- --usb3: listen and create options are passed on"
else
  not_ok "--dry-run --listen 0.0.0.0 -- --usb3: not in the XML"; dump
fi

# --profile goes to vdctl only when given. A vdctl without --profile refuses
# the option (exit 2); one with it uses the profile.
run classroom.sh --dry-run --profile windows10 lab 1 -- --network none
if grep -q -- "--profile windows10 " "$LOG"; then
  ok "--profile windows10 is passed to 'vdctl create'"
else
  not_ok "--profile windows10 was not passed to 'vdctl create'"; dump
fi
if "$VDCTL" create --help 2>/dev/null | grep -q -- '--profile'; then
  if [ "$RC" -eq 0 ] && domains && [ "$(column 3)" = windows10 ]; then
    ok "--dry-run --profile windows10: the desktop is made from the windows10 profile"
  else
    not_ok "--dry-run --profile windows10: expected profile=\"windows10\" in the metadata"; dump
  fi
else
  if [ "$RC" -eq 2 ] && grep -q -- "--profile" "$TMP/err"; then
    ok "--profile with a vdctl that has none: vdctl's usage error, exit 2 # this vdctl has no --profile"
  else
    not_ok "--profile with a vdctl that has none: expected vdctl's usage error"; dump
  fi
fi

# --- --from: a pool; --dry-run prints the vdctl commands --------------------------

printf 'alice\n\n# a comment\n  bob \n' >"$TMP/cwd/users.txt"
run classroom.sh --dry-run --from golden --users users.txt --ttl 60 \
  --public-host desktops.example.com --listen 0.0.0.0 lab 3 -- --stateless
expected="vdctl pool create --from golden --seats 3 --listen 0.0.0.0 --stateless --json -- lab
vdctl start --quiet -- lab-01
vdctl start --quiet -- lab-02
vdctl start --quiet -- lab-03
vdctl pool assign --quiet --seat lab-01 -- lab alice
vdctl export-vv --quiet --ttl 60 --host desktops.example.com --user alice --pool lab -o ./lab-seats/alice.vv
vdctl pool assign --quiet --seat lab-02 -- lab bob
vdctl export-vv --quiet --ttl 60 --host desktops.example.com --user bob --pool lab -o ./lab-seats/bob.vv
vdctl export-vv --quiet --dir ./lab-seats --ttl 60 --host desktops.example.com -- lab-03"
got=$(sed "s|^$TMP/bin/vdctl |vdctl |; s/ \$//" "$TMP/out")
if [ "$RC" -eq 0 ] && [ "$got" = "$expected" ]; then
  ok "--dry-run --from --users: pool create, a start per seat, assign and export-vv --user per user, export-vv for the seat left"
else
  not_ok "--dry-run --from --users: unexpected commands"; dump
fi
[ ! -s "$LOG" ] && ok "--dry-run --from --ttl: vdctl is not run" ||
  { not_ok "--dry-run --from --ttl ran vdctl"; dump; }
[ "$(ls -A "$TMP/cwd")" = users.txt ] && ok "--dry-run --from writes no file or directory" ||
  not_ok "--dry-run --from wrote: $(ls -A "$TMP/cwd")"

run classroom.sh --dry-run --from golden lab 2
if [ "$RC" -eq 0 ] && [ "$(cat "$LOG")" = "config --json " ] &&
   grep -q -- "export-vv --quiet --dir ./lab-seats --ttl 3600 -- lab-02" "$TMP/out"; then
  ok "--dry-run --from without --ttl: only 'vdctl config' is asked, tickets of 3600 s"
else
  not_ok "--dry-run --from without --ttl"; dump
fi

# The golden domain of test:///default runs: vdctl refuses, nothing follows.
run classroom.sh --from test --ttl 60 lab 2
if [ "$RC" -eq 1 ] && grep -q "vdctl: error: domain 'test' is running" "$TMP/err" &&
   [ "$(cat "$LOG")" = "pool create --from test --seats 2 --json -- lab " ]; then
  ok "--from a running domain: vdctl's message, exit 1, no start, assign or export"
else
  not_ok "--from a running domain"; dump
fi

# --- usage errors: exit 2, vdctl never called ------------------------------------

usage_case ()
{
  local what=$1
  shift
  run classroom.sh "$@"
  if [ "$RC" -eq 2 ] && [ ! -s "$LOG" ] && grep -q "classroom.sh: " "$TMP/err" && [ ! -s "$TMP/out" ]; then
    ok "usage error, exit 2, nothing run: $what ($(head -n 1 "$TMP/err"))"
  else
    not_ok "usage error expected: $what"; dump
  fi
}
usage_case "no arguments"
usage_case "no N" lab
usage_case "N=0" lab 0
usage_case "N=abc" lab abc
usage_case "N=1000" lab 1000
usage_case "a / in PREFIX" a/b 2
usage_case "an empty PREFIX" "" 2
usage_case "an unknown option" --frobnicate lab 2
usage_case "--ttl abc" --ttl abc lab 2
usage_case "--ttl without a value" lab 2 --ttl
usage_case "three positional arguments" lab 2 3
usage_case "--users without --from" --users users.txt lab 2
usage_case "--profile with --from" --profile linux --from golden lab 2
usage_case "--from without a value" lab 2 --from
usage_case "a user list that cannot be read" --from golden --users nosuch.txt lab 2
usage_case "more users than seats" --from golden --users users.txt lab 1
printf 'alice\nbob\nalice\n' >"$TMP/cwd/twice.txt"
usage_case "a user twice" --from golden --users twice.txt lab 3
printf 'a/b\n' >"$TMP/cwd/slash.txt"
usage_case "a user that cannot name a file" --from golden --users slash.txt lab 3
printf '# nobody\n\n' >"$TMP/cwd/empty.txt"
usage_case "a user list without users" --from golden --users empty.txt lab 3

run classroom.sh --help
[ "$RC" -eq 0 ] && grep -q "^Usage: classroom.sh" "$TMP/out" && ok "--help: usage on stdout, exit 0" ||
  { not_ok "--help"; dump; }

# --- the real flow on the test driver: each seat reported ------------------------
#
# The create call defines and starts the seats; the export-vv calls that
# follow are new processes with a fresh test driver, so each fails with
# "no desktop named": every seat must be tried and reported, and the exit
# status must be 1.

rm -rf "$TMP/cwd" && mkdir -p "$TMP/cwd"
run classroom.sh --ttl 60 --public-host desktops.example.com --out seats lab 3 -- --network none --memory 256
creates=$(grep -c "^create " "$LOG")
if [ "$creates" -eq 1 ] &&
   grep -qxF -- "create --network none --memory 256 --start --json -- lab-01 lab-02 lab-03 " "$LOG"; then
  ok "one 'vdctl create --start --json' with every seat and the create options"
else
  not_ok "expected exactly one create call with every seat"; dump
fi
for seat in lab-01 lab-02 lab-03; do
  if grep -qxF -- "export-vv --quiet --dir seats --ttl 60 --host desktops.example.com -- $seat " "$LOG"; then
    ok "$seat: 'vdctl export-vv --dir seats --ttl 60 --host desktops.example.com $seat'"
  else
    not_ok "$seat: no export-vv call with --dir, --ttl and --host"; dump
  fi
  if grep -qE "^$seat +[0-9a-f-]{36} +[A-Za-z0-9]{24} +FAILED: started, but no file: no desktop named '$seat'" "$TMP/out"; then
    ok "$seat: a table row with its uuid and vdctl's reason"
  else
    not_ok "$seat: no FAILED row in the seat table"; dump
  fi
done
[ "$(grep -c '^export-vv ' "$LOG")" -eq 3 ] && ok "three export-vv calls, one per seat" ||
  { not_ok "expected three export-vv calls"; dump; }
grep -q "^config " "$LOG" && { not_ok "--ttl given, yet 'vdctl config' was asked"; dump; } ||
  ok "--ttl given: vdctl.conf is not consulted"
[ "$RC" -eq 1 ] && ok "seats failed: exit 1" || { not_ok "seats failed, yet exit $RC"; dump; }
grep -q "3 of 3 seats failed" "$TMP/err" && ok "stderr counts the failed seats" ||
  { not_ok "no count of failed seats on stderr"; dump; }
[ "$(stat -c %a "$TMP/cwd/seats" 2>/dev/null)" = 700 ] && ok "the out dir is made with mode 0700" ||
  { not_ok "the out dir is not mode 0700: $(stat -c %a "$TMP/cwd/seats" 2>&1)"; }

# Without --ttl: the ttl of vdctl.conf (here none: an hour), asked once.
run classroom.sh lab 1 -- --network none --memory 256
if grep -qx "config --json " "$LOG" && grep -q -- "^export-vv --quiet --dir ./lab-seats --ttl 3600 -- lab-01 " "$LOG"; then
  ok "no --ttl and no ttl in vdctl.conf: tickets of 3600 s into ./lab-seats"
else
  not_ok "no --ttl: expected 'config --json', then export-vv --ttl 3600 --dir ./lab-seats"; dump
fi

# vdctl refuses the create options: its message, exit 2, no directory.
rm -rf "$TMP/cwd" && mkdir -p "$TMP/cwd"
run classroom.sh --ttl 60 lab 2 -- --memory 1
if [ "$RC" -eq 2 ] && grep -q "^vdctl: error: invalid --memory" "$TMP/err" &&
   [ -z "$(ls -A "$TMP/cwd")" ] && ! grep -q "^export-vv" "$LOG"; then
  ok "a create option vdctl refuses: vdctl's message, exit 2, no out dir, no export"
else
  not_ok "a create option vdctl refuses"; dump
fi

# --- teardown.sh: a pool goes whole --------------------------------------------
#
# tests/cli/data/pools.xml holds pool 'lab' (lab-01, lab-02 assigned to
# alice) and pool 'class'; its seats are records only, so 'pool delete'
# warns about the missing volumes and deletes the seats.

POOLS_URI=test://$VDCTL_SRCDIR/tests/cli/data/pools.xml
rm -rf "$TMP/cwd" && mkdir -p "$TMP/cwd/out"
touch "$TMP/cwd/out/lab-01.vv" "$TMP/cwd/out/lab-02.vv" "$TMP/cwd/out/alice.vv" \
  "$TMP/cwd/out/class-01.vv"
run teardown.sh -c "$POOLS_URI" --out out lab
if [ "$RC" -eq 0 ] && grep -qxF -- "--connect $POOLS_URI pool delete --force -- lab " "$LOG" &&
   ! grep -q "^--connect [^ ]* delete " "$LOG"; then
  ok "teardown.sh on a pool: one 'vdctl pool delete --force', no 'vdctl delete'"
else
  not_ok "teardown.sh on a pool: expected 'vdctl pool delete --force -- lab'"; dump
fi
if [ "$(ls -A "$TMP/cwd/out")" = class-01.vv ]; then
  ok "teardown.sh --out on a pool: the files of its seats and of their users go, others stay"
else
  not_ok "teardown.sh --out on a pool: left: $(cd "$TMP/cwd/out" && printf "%s " *)"
fi

run teardown.sh -c "$POOLS_URI" lab 1
[ "$RC" -eq 2 ] && grep -q "'lab' is a pool" "$TMP/err" && ! grep -q "pool delete" "$LOG" &&
  ok "teardown.sh POOL N: a usage error, nothing deleted" ||
  { not_ok "teardown.sh POOL N"; dump; }

run teardown.sh -c "$POOLS_URI" --dry-run class
[ "$RC" -eq 0 ] && grep -qx "would delete pool class" "$TMP/out" && ! grep -q "pool delete" "$LOG" &&
  ok "teardown.sh --dry-run on a pool: says so, deletes nothing" ||
  { not_ok "teardown.sh --dry-run on a pool"; dump; }

# --- teardown.sh: which domains it picks -----------------------------------------
#
# The test driver's only domain is 'test'; a recorder that answers 'list
# --json' with a listing of its own shows which names teardown.sh picks and
# that one seat failing to delete does not stop the others. vdctl itself
# deletes them in classroom-e2e.sh.

cat >"$TMP/bin/vdctl" <<SH
#!/bin/bash
printf '%q ' "\$@" >>$(printf '%q' "$LOG")
echo >>$(printf '%q' "$LOG")
case \$1 in
  list) cat $(printf '%q' "$TMP/listing.json") ;;
  pool) [ "\$2" = list ] && echo '[]' || exit 99 ;;
  delete) [ "\${*: -1}" != l.b-03 ] || { echo "vdctl: error: refused" >&2; exit 1; } ;;
  *) exit 99 ;;
esac
SH
"$PYTHON" - >"$TMP/listing.json" <<'PY'
import json
names = ["l.b-01", "l.b-02", "l.b-03", "l.b-12", "lxb-01", "l.b-1", "l.b-01-old",
         "l.b-x1", "other", "l.b-007", "pre l.b-01"]
print(json.dumps([{"name": n, "state": "running"} for n in names]))
PY

mkdir -p "$TMP/cwd/out"
touch "$TMP/cwd/out/l.b-01.vv" "$TMP/cwd/out/l.b-03.vv" "$TMP/cwd/out/lxb-01.vv"
run teardown.sh --out out l.b
deleted=$(sed -n 's/^delete --remove-storage --force -- \(.*\) $/\1/p' "$LOG" | tr '\n' ' ')
if [ "$deleted" = "l.b-007 l.b-01 l.b-02 l.b-03 l.b-12 " ]; then
  ok "teardown.sh l.b: deletes l.b-NN only ($deleted), with --remove-storage --force"
else
  not_ok "teardown.sh l.b: deleted '$deleted'"; dump
fi
[ "$RC" -eq 1 ] && grep -q "1 of 5 desktops could not be deleted" "$TMP/err" &&
  ok "teardown.sh: a seat that cannot be deleted is counted, the others still go, exit 1" ||
  { not_ok "teardown.sh: expected exit 1 and a count"; dump; }
if [ ! -e "$TMP/cwd/out/l.b-01.vv" ] && [ -e "$TMP/cwd/out/l.b-03.vv" ] && [ -e "$TMP/cwd/out/lxb-01.vv" ]; then
  ok "teardown.sh --out: removes the files of deleted seats only"
else
  not_ok "teardown.sh --out: wrong files removed; left: $(cd "$TMP/cwd/out" && printf '%s ' *)"
fi

run teardown.sh l.b 2
deleted=$(sed -n 's/^delete --remove-storage --force -- \(.*\) $/\1/p' "$LOG" | tr '\n' ' ')
[ "$RC" -eq 0 ] && [ "$deleted" = "l.b-01 l.b-02 " ] && ok "teardown.sh l.b 2: only l.b-01 and l.b-02" ||
  { not_ok "teardown.sh l.b 2: deleted '$deleted'"; dump; }

run teardown.sh --dry-run l.b
if [ "$RC" -eq 0 ] && ! grep -q "^delete" "$LOG" && [ "$(grep -c '^would delete' "$TMP/out")" -eq 5 ]; then
  ok "teardown.sh --dry-run: lists five seats, deletes nothing"
else
  not_ok "teardown.sh --dry-run"; dump
fi

run teardown.sh nosuch
[ "$RC" -eq 0 ] && grep -q "nothing to delete" "$TMP/err" && ok "teardown.sh with no seats: says so, exit 0" ||
  { not_ok "teardown.sh with no seats"; dump; }

run teardown.sh
[ "$RC" -eq 2 ] && [ ! -s "$LOG" ] && ok "teardown.sh without PREFIX: usage error" ||
  { not_ok "teardown.sh without PREFIX"; dump; }

tap_finish
