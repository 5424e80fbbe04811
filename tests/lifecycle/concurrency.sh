#!/bin/bash
# End to end on qemu:///system: sixteen 'vdctl edit' processes on one
# desktop at once, none of them lost.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Eight set --memory and eight set --vcpus, each to a value of its own that
# differs from the original.  Every process must exit 0 or refuse clearly
# (exit 1, one 'vdctl: error:' line); the "memory (MiB): a -> b" lines of
# the successful ones must form one chain from the original value to the
# final one, and the same for "vcpus: a -> b": an update computed from a
# stale definition would show as two processes changing from one old value,
# or as a final value the chain does not end on.

. "$(dirname "$0")/lib.sh"

name=$(e2e_name conc)
inactive=$LC_TMP/inactive.xml
before=$LC_TMP/before.xml
kept=$LC_TMP/kept-reference
jobs_dir=$LC_TMP/jobs
mkdir -p "$jobs_dir"

lc_create "$name"
lc_add_foreign "$name"
lc_dump "$name" "$before" --inactive
lc_unrelated "$before" "$kept"
mem0=$(e2e_xpath "$before" "string(/domain/memory)")
cpu0=$(e2e_xpath "$before" "string(/domain/vcpu)")
[ "$mem0" = 262144 ] && [ "$cpu0" = 2 ] ||
  lc_die "expected a new desktop with 256 MiB and 2 vCPUs, got $mem0 KiB and $cpu0"

# run_job ID OPTION VALUE: wait for the start signal, then edit.
run_job ()
{
  while [ ! -e "$jobs_dir/go" ]; do sleep 0.01; done
  local rc=0
  timeout 150 "$VDCTL" -c "$VD_QEMU_URI" edit "$name" "$2" "$3" </dev/null \
    >"$jobs_dir/$1.out" 2>"$jobs_dir/$1.err" || rc=$?
  echo "$rc" >"$jobs_dir/$1.rc"
}

pids=()
for i in 1 2 3 4 5 6 7 8; do
  run_job "memory-$i" --memory $((256 + 16 * i)) &
  pids+=($!)
  run_job "vcpus-$i" --vcpus $((2 + i)) &
  pids+=($!)
done
E2E_PIDS+=("${pids[@]}")
sleep 0.3
e2e_note "16 x vdctl edit $name at once: --memory 272..384, --vcpus 3..10"
t0=$(date +%s)
touch "$jobs_dir/go"
for pid in "${pids[@]}"; do
  wait "$pid" || true
done
e2e_note "all 16 done in $(( $(date +%s) - t0 ))s"

lc_dump "$name" "$inactive" --inactive
mem_final=$(( $(e2e_xpath "$inactive" "string(/domain/memory)") / 1024 ))
cpu_final=$(e2e_xpath "$inactive" "string(/domain/vcpu)")

python3 - "$jobs_dir" "$name" 256 "$mem_final" 2 "$cpu_final" >"$LC_TMP/chain" 2>&1 <<'EOF'
import glob, os, re, sys

jobs_dir, name = sys.argv[1], sys.argv[2]
start = {"memory": int(sys.argv[3]), "vcpus": int(sys.argv[5])}
final = {"memory": int(sys.argv[4]), "vcpus": int(sys.argv[6])}
line_re = {"memory": re.compile(r"^  memory \(MiB\): +(\d+) -> (\d+)$"),
           "vcpus": re.compile(r"^  vcpus: +(\d+) -> (\d+)$")}
refusals = ("kept changing while vdctl edited it", "another vdctl has been changing this desktop")
problems, notes = [], []
steps = {"memory": [], "vcpus": []}

for rc_path in sorted(glob.glob(os.path.join(jobs_dir, "*.rc"))):
    job = os.path.basename(rc_path)[:-3]
    kind, n = job.split("-")
    wanted = 256 + 16 * int(n) if kind == "memory" else 2 + int(n)
    rc = int(open(rc_path).read())
    out = open(os.path.join(jobs_dir, job + ".out")).read().splitlines()
    err = open(os.path.join(jobs_dir, job + ".err")).read().splitlines()
    if rc == 0:
        if not out or out[0] != f"Desktop '{name}' changed":
            problems.append(f"{job}: exit 0 but stdout starts {out[:1]!r}")
        if err:
            problems.append(f"{job}: exit 0 but stderr has {err!r}")
        mine = [m for m in map(line_re[kind].match, out) if m]
        other = "vcpus" if kind == "memory" else "memory"
        theirs = [l for l in out if line_re[other].match(l)]
        if theirs:
            problems.append(f"{job}: changed what it was not asked to: {theirs!r}")
        if len(mine) != 1:
            problems.append(f"{job}: {len(mine)} '{kind}' transition lines in {out!r}")
            continue
        a, b = int(mine[0].group(1)), int(mine[0].group(2))
        if b != wanted:
            problems.append(f"{job}: asked for {wanted}, says {a} -> {b}")
        steps[kind].append((a, b, job))
    elif rc == 1 and len(err) == 1 and err[0].startswith("vdctl: error: ") \
            and any(r in err[0] for r in refusals) and not out:
        notes.append(f"{job}: refused clearly: {err[0]}")
    else:
        problems.append(f"{job}: exit {rc}, stdout {out!r}, stderr {err!r}")

for kind, pairs in steps.items():
    froms = [a for a, _, _ in pairs]
    dup = sorted({a for a in froms if froms.count(a) > 1})
    if dup:
        problems.append(f"{kind}: several processes changed from the same old value {dup}: "
                        f"{sorted(pairs)} (a lost update)")
    by_from = {a: (b, job) for a, b, job in pairs}
    value, chain = start[kind], [str(start[kind])]
    while value in by_from and len(chain) <= len(pairs):
        value, job = by_from.pop(value)
        chain.append(f"{value} ({job})")
    if by_from:
        problems.append(f"{kind}: transitions off the chain: {by_from}")
    if value != final[kind]:
        problems.append(f"{kind}: the chain ends at {value}, the definition has {final[kind]}")
    print(f"{kind}: " + " -> ".join(chain))

for n in notes:
    print(n)
for p in problems:
    print("PROBLEM: " + p)
print(f"{sum(len(p) for p in steps.values())} of 16 succeeded, {len(notes)} refused")
sys.exit(1 if problems else 0)
EOF
chain_rc=$?
sed 's/^/# /' "$LC_TMP/chain"
if [ "$chain_rc" -eq 0 ]; then
  ok "every process exited 0 or refused clearly, and the changes form one chain each"
else
  not_ok "every process exited 0 or refused clearly, and the changes form one chain each" \
    "$(grep '^PROBLEM' "$LC_TMP/chain")"
  for f in "$jobs_dir"/*.rc; do
    job=$(basename "$f" .rc)
    echo "    --- $job: exit $(cat "$f")"
    sed 's/^/    out: /' "$jobs_dir/$job.out"
    sed 's/^/    err: /' "$jobs_dir/$job.err"
  done
fi
check "all 16 processes ended (none hung)" [ "$(ls "$jobs_dir"/*.rc | wc -l)" -eq 16 ]
check "the final memory is one of the values asked for ($mem_final MiB)" \
  [ "$mem_final" -ge 272 -a "$mem_final" -le 384 -a $(( (mem_final - 256) % 16 )) -eq 0 ]
check "the final vcpus is one of the values asked for ($cpu_final)" \
  [ "$cpu_final" -ge 3 -a "$cpu_final" -le 10 ]
lc_expect_xpath "currentMemory follows memory" "$inactive" "string(/domain/currentMemory)" $((mem_final * 1024))
lc_expect_valid "the final definition validates" "$inactive"
lc_expect_kept "the description, foreign metadata and unrelated parts are kept" "$kept" "$inactive"
lc_expect_changed_only "nothing but memory, currentMemory and vcpu changed (no half edit)" \
  "$before" "$inactive" '<(memory|currentMemory|vcpu)[ >]'

lc_vdctl show "$name" --json
lc_expect_json "show --json agrees with the definition" object \
  "memory_mib=$mem_final" "vcpus=$cpu_final"

lc_finish
