#!/bin/bash
# Signals on a real libvirtd: SIGINT, SIGTERM and SIGHUP sent to a running
# 'vdctl create' while it is inside a libvirt call leave nothing of the
# desktop in progress (no domain, no volume), keep the desktops already
# reported, and vdctl exits with 130, 143 or 129.  Standard output that
# does not take the report (a full disk, a closed pipe) leaves nothing
# either, and vdctl exits with 1.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# An LD_PRELOAD module (tests/faults/pause-at.c, given as $1) holds vdctl
# at the entry of a libvirt call until the test has sent its signal; the
# call then goes through, as it would have, and vdctl must undo it.

. "$(dirname "$0")/../lib/e2e.sh"

pause_at=${1:?usage: interrupt.sh PAUSE-AT.so}

# ix_wait FILE: wait up to 120 s for FILE.
ix_wait ()
{
  local i

  for ((i = 0; i < 1200; i++)); do
    [ -e "$1" ] && return 0
    kill -0 "$IX_PID" 2>/dev/null || { ix_show; e2e_fail "vdctl ended before ${1##*/}"; }
    sleep 0.1
  done
  e2e_fail "vdctl never reached ${1##*/}"
}

ix_show ()
{
  echo "--- vdctl stdout:"; cat "$E2E_TMP/out"
  echo "--- vdctl stderr:"; cat "$E2E_TMP/err"
}

# ix_create URI AT SIG [AT SIG...] -- ARGS...: run 'vdctl create ARGS' on
# URI, held at each libvirt call AT (NAME or NAME:N) in turn; at each,
# send SIG and let it go on.  Sets IX_RC.  IX_COMMAND (default create)
# names another command.
ix_create ()
{
  local uri=$1 dir list= at sig steps=() command=${IX_COMMAND:-create}

  shift
  while [ "$1" != -- ]; do
    steps+=("$1" "$2")
    list=${list:+$list,}$1
    shift 2
  done
  shift
  dir=$(mktemp -d "$E2E_TMP/pause.XXXXXX")
  VDCTL_PAUSE_AT=$list VDCTL_PAUSE_DIR=$dir LD_PRELOAD=$pause_at \
    timeout 300 "$VDCTL" -c "$uri" "$command" "$@" </dev/null >"$E2E_TMP/out" 2>"$E2E_TMP/err" &
  IX_PID=$!
  E2E_PIDS+=("$IX_PID")
  while [ "${#steps[@]}" -gt 0 ]; do
    at=${steps[0]%%:*}
    sig=${steps[1]}
    steps=("${steps[@]:2}")
    ix_wait "$dir/paused-$at"
    kill -s "$sig" "$IX_PID"
    touch "$dir/go-$at"
  done
  IX_RC=0
  wait "$IX_PID" || IX_RC=$?
}

# ix_expect WHAT RC SIGNAL NAME...: vdctl exited RC with one error line
# naming SIGNAL, and none of the desktops NAME (nor their volumes) exists.
ix_expect ()
{
  local what=$1 rc=$2 sig=$3 name

  shift 3
  [ "$IX_RC" -eq "$rc" ] || { ix_show; e2e_fail "$what: vdctl exited $IX_RC, expected $rc"; }
  grep -q "^vdctl: error: interrupted by $sig" "$E2E_TMP/err" ||
    { ix_show; e2e_fail "$what: no 'interrupted by $sig' error line"; }
  [ "$(grep -c '^vdctl: error:' "$E2E_TMP/err")" -eq 1 ] ||
    { ix_show; e2e_fail "$what: expected exactly one error line"; }
  for name in "$@"; do
    ! e2e_domain_exists "$name" || { ix_show; e2e_fail "$what: domain $name is left"; }
    ! e2e_volume_exists "$name.qcow2" || { ix_show; e2e_fail "$what: volume $name.qcow2 is left"; }
  done
  e2e_note "$what: exit $IX_RC, nothing left"
}

base=(--network none --virt-type qemu --memory 256 --disk 1 --pool "$VD_TEST_POOL")

# --- at each step --------------------------------------------------------------

name=$(e2e_name sigvol)
e2e_track "$name"
ix_create "$VD_QEMU_URI" virStorageVolCreateXML INT -- "$name" "${base[@]}"
ix_expect "SIGINT while the volume is made" 130 SIGINT "$name"
[ ! -s "$E2E_TMP/out" ] || { ix_show; e2e_fail "SIGINT: vdctl reported a desktop"; }

name=$(e2e_name sigdef)
e2e_track "$name"
ix_create "$VD_QEMU_URI" virDomainDefineXMLFlags TERM -- "$name" "${base[@]}"
ix_expect "SIGTERM while the desktop is defined" 143 SIGTERM "$name"

name=$(e2e_name sigstart)
e2e_track "$name"
ix_create "$VD_QEMU_URI" virDomainCreate HUP -- "$name" "${base[@]}" --start
ix_expect "SIGHUP while the desktop starts" 129 SIGHUP "$name"

# A second signal while undoing does not cut the undo short: held at the
# start (SIGINT), then at the undo's power-off (SIGTERM).
name=$(e2e_name sigtwice)
e2e_track "$name"
ix_create "$VD_QEMU_URI" virDomainCreate INT virDomainDestroy TERM -- "$name" "${base[@]}" --start
ix_expect "SIGTERM while undoing after SIGINT" 130 SIGINT "$name"

# --- several desktops, --json ----------------------------------------------------

# The first desktop is reported (and kept) as soon as it exists; the second
# is interrupted at its definition and undone; the third is not tried.  What
# was written is one valid JSON array.
first=$(e2e_name json1)
second=$(e2e_name json2)
third=$(e2e_name json3)
e2e_track "$first"
e2e_track "$second"
e2e_track "$third"
ix_create "$VD_QEMU_URI" virDomainDefineXMLFlags:2 INT -- "$first" "$second" "$third" \
  "${base[@]}" --json
ix_expect "SIGINT at the second of three desktops" 130 SIGINT "$second" "$third"
e2e_domain_exists "$first" || { ix_show; e2e_fail "--json: the first desktop is gone"; }
python3 - "$E2E_TMP/out" "$first" <<'PY' || { ix_show; e2e_fail "--json: stdout is not the first desktop alone"; }
import json, sys
seats = json.load(open(sys.argv[1]))
assert [s["name"] for s in seats] == [sys.argv[2]], seats
assert len(seats[0]["password"]) == 24, seats
PY
grep -q "1 desktop before it was created; 1 after it was not tried" "$E2E_TMP/err" ||
  { ix_show; e2e_fail "--json: the error does not say what was created and what not tried"; }
e2e_note "--json: the first desktop reported and kept, valid JSON"

# --- standard output that does not take the report -------------------------------

# A full disk (ENOSPC), a broken pipe (EPIPE), a closed stdout (EBADF):
# exit 1, the reason on stderr, nothing left.
# ix_expect_no_output_left WHAT REASON: after a create of $name.
ix_expect_no_output_left ()
{
  local what=$1 reason=$2

  [ "$E2E_RC" -eq 1 ] || { cat "$E2E_TMP/err"; e2e_fail "$what: exit $E2E_RC, expected 1"; }
  grep -q "^vdctl: error: cannot write to standard output: $reason" "$E2E_TMP/err" ||
    { cat "$E2E_TMP/err"; e2e_fail "$what: the error does not say why"; }
  ! e2e_domain_exists "$name" || e2e_fail "$what: domain $name is left"
  ! e2e_volume_exists "$name.qcow2" || e2e_fail "$what: volume $name.qcow2 is left"
  e2e_note "$what: exit 1, nothing left"
}

name=$(e2e_name devfull)
e2e_track "$name"
E2E_RC=0
timeout 300 "$VDCTL" -c "$VD_QEMU_URI" create "$name" "${base[@]}" </dev/null >/dev/full \
  2>"$E2E_TMP/err" || E2E_RC=$?
ix_expect_no_output_left ">/dev/full" "No space left on device"

name=$(e2e_name pipe)
e2e_track "$name"
# The reader is gone long before vdctl writes: a broken pipe (EPIPE).
timeout 300 "$VDCTL" -c "$VD_QEMU_URI" create "$name" "${base[@]}" --json </dev/null \
  2>"$E2E_TMP/err" | true
E2E_RC=${PIPESTATUS[0]}
ix_expect_no_output_left "closed pipe" "Broken pipe"

name=$(e2e_name closed)
e2e_track "$name"
E2E_RC=0
timeout 300 "$VDCTL" -c "$VD_QEMU_URI" create "$name" "${base[@]}" </dev/null >&- \
  2>"$E2E_TMP/err" || E2E_RC=$?
ix_expect_no_output_left "stdout closed" "Bad file descriptor"

# --- edit and delete ---------------------------------------------------------------

name=$(e2e_name sigedit)
e2e_track "$name"
e2e_vdctl create "$name" "${base[@]}"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "cannot create $name"; }
vd_virsh dumpxml --inactive --security-info -- "$name" >"$E2E_TMP/before.xml"
# The edit reads the definition twice, then defines: held there, SIGTERM.
IX_COMMAND=edit ix_create "$VD_QEMU_URI" virDomainDefineXMLFlags TERM -- "$name" --memory 512
[ "$IX_RC" -eq 143 ] || { ix_show; e2e_fail "edit: exit $IX_RC, expected 143"; }
grep -q "^vdctl: error: desktop '$name' is not changed: interrupted by SIGTERM" "$E2E_TMP/err" ||
  { ix_show; e2e_fail "edit: not the interrupted error line"; }
vd_virsh dumpxml --inactive --security-info -- "$name" >"$E2E_TMP/after.xml"
# The same lines (libvirt may order the controllers it added differently
# when the definition comes back), the same memory and password.
cmp -s <(sort "$E2E_TMP/before.xml") <(sort "$E2E_TMP/after.xml") ||
  { diff "$E2E_TMP/before.xml" "$E2E_TMP/after.xml"; e2e_fail "edit: the definition is not restored"; }
e2e_expect "$E2E_TMP/after.xml" "edit: memory as before" "string(/domain/memory)" \
  "$(e2e_xpath "$E2E_TMP/before.xml" "string(/domain/memory)")"
e2e_note "SIGTERM during edit's define: exit 143, the definition as before"

# delete is whole or not begun: a signal while it reads the definition
# (before it starts) deletes nothing ...
IX_COMMAND=delete ix_create "$VD_QEMU_URI" virDomainGetXMLDesc INT -- "$name" --remove-storage
[ "$IX_RC" -eq 130 ] || { ix_show; e2e_fail "delete (not begun): exit $IX_RC, expected 130"; }
e2e_domain_exists "$name" || e2e_fail "delete (not begun): the domain is gone"
e2e_volume_exists "$name.qcow2" || e2e_fail "delete (not begun): the volume is gone"
e2e_note "SIGINT before delete begins: exit 130, nothing deleted"
# ... and one at the undefine lets it finish, storage included.
IX_COMMAND=delete ix_create "$VD_QEMU_URI" virDomainUndefineFlags HUP -- "$name" --remove-storage
[ "$IX_RC" -eq 129 ] || { ix_show; e2e_fail "delete (begun): exit $IX_RC, expected 129"; }
grep -q "^vdctl: error: desktop '$name' was deleted completely, then vdctl stopped" "$E2E_TMP/err" ||
  { ix_show; e2e_fail "delete (begun): not the completed-then-stopped error line"; }
! e2e_domain_exists "$name" || e2e_fail "delete (begun): the domain is left"
! e2e_volume_exists "$name.qcow2" || e2e_fail "delete (begun): the volume is left"
e2e_note "SIGHUP at delete's undefine: it finishes, storage included, exit 129"

# --- the test driver ---------------------------------------------------------------

# In-process, so only what vdctl says can be checked: the signal's exit
# status, and no report of a desktop that is not there.
ix_create test:///default virDomainCreate TERM -- lab --start
[ "$IX_RC" -eq 143 ] || { ix_show; e2e_fail "test driver: exit $IX_RC, expected 143"; }
[ ! -s "$E2E_TMP/out" ] || { ix_show; e2e_fail "test driver: a desktop was reported"; }
grep -q "^vdctl: error: interrupted by SIGTERM; desktop 'lab' is not created" "$E2E_TMP/err" ||
  { ix_show; e2e_fail "test driver: not the interrupted error line"; }
e2e_note "test driver: SIGTERM at the start, exit 143"

echo "PASS: signals and lost standard output leave nothing half done"
