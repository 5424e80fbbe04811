#!/bin/bash
# Sixteen 'vdctl create' processes at once on a real libvirtd.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 1. Sixteen distinct names (--network none --memory 256): every process
#    exits 0, and all sixteen domains are defined, and valid against
#    libvirt's schema (virsh dumpxml --inactive, virt-xml-validate).
# 2. Sixteen processes creating the SAME name with a new volume (--disk 1
#    --pool vdctl-test): exactly one exits 0; the other fifteen exit 1 with
#    one 'vdctl: error:' line saying the name (or its volume) already
#    exists (vdctl's words, whichever step lost the race: the domain check,
#    the volume check, the volume creation or the definition); the domain
#    is the winner's, and the only volume is the
#    winner's NAME.qcow2, the one its definition uses; no loser deleted it.
#
# A loser that passes the volume look-up just before the winner's
# virStorageVolCreateXML gets libvirt's VIR_ERR_STORAGE_VOL_EXIST; vdctl
# answers it with the same "already exists" line as the look-up.

. "$(dirname "$0")/../lib/e2e.sh"

jobs_dir="$E2E_TMP/jobs"
mkdir -p "$jobs_dir"

# run_job ID ARGS...: wait for the start signal, then create.
run_job ()
{
  local id=$1 rc=0

  shift
  while [ ! -e "$jobs_dir/go" ]; do sleep 0.01; done
  timeout 150 "$VDCTL" -c "$VD_QEMU_URI" create "$@" </dev/null \
    >"$jobs_dir/$id.out" 2>"$jobs_dir/$id.err" || rc=$?
  echo "$rc" >"$jobs_dir/$id.rc"
}

# run_all: start the jobs at once, wait for every one.
run_all ()
{
  local pid

  sleep 0.3
  touch "$jobs_dir/go"
  for pid in "$@"; do
    wait "$pid" || true
  done
  rm -f "$jobs_dir/go"
}

# --- 1. sixteen distinct names ----------------------------------------------------

base=$(e2e_name par)
pids=()
for i in $(seq -w 1 16); do
  e2e_track "$base-$i"
  run_job "d$i" "$base-$i" --network none --memory 256 --virt-type qemu &
  pids+=($!)
done
t0=$(date +%s)
run_all "${pids[@]}"
e2e_note "16 distinct creates at once: $(( $(date +%s) - t0 ))s"

for i in $(seq -w 1 16); do
  rc=$(cat "$jobs_dir/d$i.rc")
  [ "$rc" -eq 0 ] || { cat "$jobs_dir/d$i.err"; e2e_fail "create of $base-$i exited $rc"; }
  xml="$E2E_TMP/$i.xml"
  vd_virsh dumpxml --inactive -- "$base-$i" >"$xml" || e2e_fail "$base-$i is not defined"
  virt-xml-validate "$xml" domain >/dev/null 2>&1 ||
    { virt-xml-validate "$xml" domain; e2e_fail "$base-$i does not validate"; }
  e2e_expect "$xml" "$base-$i" "string(/domain/name)" "$base-$i"
  e2e_expect "$xml" "$base-$i" "count(/domain/devices/graphics[@type='spice'])" 1
  e2e_expect "$xml" "$base-$i" "count(/domain/devices/redirdev[@type='spicevmc'])" 2
done
e2e_note "16 distinct creates: all exit 0, all 16 defined and valid"

# --- 2. sixteen times the same name -----------------------------------------------

name=$(e2e_name same)
e2e_track "$name"
pids=()
for i in $(seq -w 1 16); do
  run_job "s$i" "$name" --network none --memory 256 --virt-type qemu \
    --disk 1 --pool "$VD_TEST_POOL" &
  pids+=($!)
done
t0=$(date +%s)
run_all "${pids[@]}"
e2e_note "16 creates of $name at once: $(( $(date +%s) - t0 ))s"

# What the losers said, and how often (NAME for the name).
sed "s/$name/NAME/g" "$jobs_dir"/s*.err | sort | uniq -c | sed "s/^/# /"
winners=0
not_exists=()
for i in $(seq -w 1 16); do
  rc=$(cat "$jobs_dir/s$i.rc")
  err=$(cat "$jobs_dir/s$i.err")
  if [ "$rc" -eq 0 ]; then
    winners=$((winners + 1))
    continue
  fi
  [ "$rc" -eq 1 ] || { printf '%s\n' "$err"; e2e_fail "loser $i exited $rc, expected 1"; }
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] ||
    { printf '%s\n' "$err"; e2e_fail "loser $i printed more than one line on stderr"; }
  # Checked after the volumes: what was left matters more than the words.
  printf '%s\n' "$err" | grep -q '^vdctl: error: .*already exists' ||
    not_exists+=("loser $i: $err")
  [ ! -s "$jobs_dir/s$i.out" ] || { cat "$jobs_dir/s$i.out"; e2e_fail "loser $i printed on stdout"; }
done
[ "$winners" -eq 1 ] || { cat "$jobs_dir"/s*.err; e2e_fail "$winners of 16 creates of one name succeeded, expected exactly 1"; }

xml="$E2E_TMP/same.xml"
vd_virsh dumpxml --inactive -- "$name" >"$xml" || e2e_fail "$name is not defined"
virt-xml-validate "$xml" domain >/dev/null 2>&1 || e2e_fail "$name does not validate"
disk=$(e2e_xpath "$xml" "string(/domain/devices/disk[@device='disk']/source/@volume)")
[ "$disk" = "$name.qcow2" ] || e2e_fail "$name uses volume '$disk', expected $name.qcow2"
vd_virsh pool-refresh "$VD_TEST_POOL" >/dev/null 2>&1 || true
vols=$(vd_virsh vol-list "$VD_TEST_POOL" | awk '{print $1}' | grep -F -- "$name" | sort)
[ "$vols" = "$name.qcow2" ] ||
  e2e_fail "volumes named after $name: '$(printf '%s' "$vols" | tr '\n' ' ')', expected only $name.qcow2"
if [ "${#not_exists[@]}" -gt 0 ]; then
  printf '%s\n' "${not_exists[@]}"
  e2e_fail "${#not_exists[@]} of the losers do not say 'already exists' (nothing was left behind)"
fi
e2e_note "16 creates of one name: 1 exit 0, 15 exit 1 'already exists', one volume (the winner's)"

echo "PASS: 16 concurrent creates, distinct and of one name"
