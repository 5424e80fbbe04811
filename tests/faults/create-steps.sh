#!/bin/bash
# Fault injection on a real libvirtd: a 'vdctl create' that fails at each of
# its steps leaves no domain, no volume and no file behind, and says so in
# one 'vdctl: error:' line with exit 1.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The steps, in the order create takes them:
#   image   the answer-file CD image (--unattend): genisoimage fails, or no
#           ISO tool is on PATH (src/host/unattend-media.c looks genisoimage,
#           xorrisofs and mkisofs up on PATH)
#   volume  the disk volume NAME.qcow2 is already taken in the pool: the
#           pre-existing volume must survive byte for byte; also when it
#           appears between create's look-up and its creation (an
#           LD_PRELOAD module hides it from the look-up)
#   define  libvirt's QEMU driver refuses the definition after the volume
#           was made: --vcpus 4096 passes vdctl's own check (1..4096) but is
#           over the q35 machine's limit (288)
#   start   the definition is accepted and the start fails: --bridge naming
#           a bridge that does not exist is accepted at define time, and
#           QEMU's network setup fails at start
# After each: the domains and the pool's volumes named after the desktop
# are as before (nothing, or the pre-existing volume), and vdctl's
# temporary directory (TMPDIR) is empty.

. "$(dirname "$0")/../lib/e2e.sh"

# $1: the vol-lookup-miss.so module (tests/faults/vol-lookup-miss.c).
vol_lookup_miss=${1:?usage: create-steps.sh VOL-LOOKUP-MISS.so}

FX_TMPDIR="$E2E_TMP/tmpdir"
mkdir -p "$FX_TMPDIR"

# fx_state FILE NAME: the domains and the test pool's volumes whose names
# contain NAME (the daemon is shared: other runs come and go meanwhile).
fx_state ()
{
  vd_virsh pool-refresh "$VD_TEST_POOL" >/dev/null 2>&1 || true
  {
    vd_virsh list --all --name | grep -F -- "$2" | sort
    echo "--- volumes"
    vd_virsh vol-list "$VD_TEST_POOL" | awk '{print $1}' | grep -F -- "$2" | sort
  } >"$1"
}

# fx_create_fails WHAT ENV... -- ARGS...: vdctl create ARGS (with the
# environment ENV, e.g. PATH=...) must exit 1 with one 'vdctl: error:' line
# and change nothing: no domain, no volume, no file in its TMPDIR.
fx_create_fails ()
{
  local what=$1 envs=()

  shift
  while [ "$1" != -- ]; do
    envs+=("$1")
    shift
  done
  shift
  fx_state "$E2E_TMP/before" "$1"
  E2E_RC=0
  timeout 180 env TMPDIR="$FX_TMPDIR" ${envs[@]+"${envs[@]}"} "$VDCTL" -c "$VD_QEMU_URI" \
    create "$@" </dev/null >"$E2E_TMP/out" 2>"$E2E_TMP/err" || E2E_RC=$?
  E2E_OUT=$(cat "$E2E_TMP/out")
  E2E_ERR=$(cat "$E2E_TMP/err")
  fx_state "$E2E_TMP/after" "$1"

  [ "$E2E_RC" -eq 1 ] || { e2e_show_output; e2e_fail "$what: create exited $E2E_RC, expected 1"; }
  [ -z "$E2E_OUT" ] || { e2e_show_output; e2e_fail "$what: a failed create printed on stdout"; }
  [ "$(printf '%s\n' "$E2E_ERR" | wc -l)" -eq 1 ] ||
    { e2e_show_output; e2e_fail "$what: expected exactly one line on stderr"; }
  case $E2E_ERR in
    "vdctl: error: "*) ;;
    *) e2e_show_output; e2e_fail "$what: the error line does not start with 'vdctl: error: '" ;;
  esac
  if ! cmp -s "$E2E_TMP/before" "$E2E_TMP/after"; then
    diff -u "$E2E_TMP/before" "$E2E_TMP/after"
    e2e_fail "$what: the failed create left domains or volumes behind"
  fi
  if [ -n "$(ls -A "$FX_TMPDIR")" ]; then
    ls -laR "$FX_TMPDIR"
    e2e_fail "$what: the failed create left files in its TMPDIR"
  fi
  e2e_note "$what: exit 1, '$E2E_ERR'; nothing left"
}

# --- the answer-file image ----------------------------------------------------

iso="$E2E_TMP/FAKE.iso"
printf 'not an ISO image\n' >"$iso"
fakebin="$E2E_TMP/fakebin"
emptybin="$E2E_TMP/emptybin"
mkdir -p "$fakebin" "$emptybin"
printf '#!/bin/sh\necho "genisoimage: injected failure" >&2\nexit 1\n' >"$fakebin/genisoimage"
chmod 0755 "$fakebin/genisoimage"

name=$(e2e_name image)
e2e_track "$name"
E2E_VOLUMES+=("$name-unattend.iso")
fx_create_fails "image (genisoimage fails)" PATH="$fakebin" -- "$name" --profile windows11 \
  --virt-type qemu --unattend --cdrom "$iso" --disk 1 --pool "$VD_TEST_POOL" --network none
printf '%s\n' "$E2E_ERR" | grep -qF "injected failure" ||
  e2e_fail "image: the error lost genisoimage's message"
fx_create_fails "image (no ISO tool)" PATH="$emptybin" -- "$name" --profile windows11 \
  --virt-type qemu --unattend --cdrom "$iso" --disk 1 --pool "$VD_TEST_POOL" --network none
printf '%s\n' "$E2E_ERR" | grep -q "genisoimage" ||
  e2e_fail "image: the error does not name the tool to install"

# --- the volume -------------------------------------------------------------

name=$(e2e_name volume)
E2E_DOMAINS+=("$name")
E2E_VOLUMES+=("$name.qcow2")
vd_virsh vol-create-as "$VD_TEST_POOL" "$name.qcow2" 1M --format raw >/dev/null ||
  e2e_fail "cannot make the volume $name.qcow2"
vol_path=$(vd_virsh vol-path --pool "$VD_TEST_POOL" -- "$name.qcow2")
printf 'vdctl faults: must survive\n' | dd of="$vol_path" conv=notrunc status=none ||
  e2e_fail "cannot write into $vol_path"
sum_before=$(sha256sum <"$vol_path")
fx_create_fails "volume (name taken)" -- "$name" --network none --virt-type qemu --memory 256 \
  --disk 1 --pool "$VD_TEST_POOL"
printf '%s\n' "$E2E_ERR" | grep -q "already exists" ||
  e2e_fail "volume: the error does not say the volume already exists"
e2e_volume_exists "$name.qcow2" || e2e_fail "volume: the pre-existing volume $name.qcow2 is gone"
[ "$(sha256sum <"$vol_path")" = "$sum_before" ] ||
  e2e_fail "volume: the pre-existing volume $name.qcow2 was changed"

# The same volume, made by another process after create looked it up: the
# look-up misses (the LD_PRELOAD module given as $1), the daemon refuses the
# creation with VIR_ERR_STORAGE_VOL_EXIST, and vdctl says the same as above.
fx_create_fails "volume (made after the look-up)" LD_PRELOAD="$vol_lookup_miss" -- "$name" \
  --network none --virt-type qemu --memory 256 --disk 1 --pool "$VD_TEST_POOL"
printf '%s\n' "$E2E_ERR" | grep -q "^vdctl: error: volume '$name.qcow2' already exists in pool" ||
  e2e_fail "volume (made after the look-up): not vdctl's 'already exists' line"
[ "$(sha256sum <"$vol_path")" = "$sum_before" ] ||
  e2e_fail "volume (made after the look-up): the pre-existing volume $name.qcow2 was changed"
vd_virsh vol-delete --pool "$VD_TEST_POOL" -- "$name.qcow2" >/dev/null ||
  e2e_fail "cannot delete $name.qcow2"

fx_create_fails "volume (no such pool)" -- "$name" --network none --virt-type qemu --memory 256 \
  --disk 1 --pool "vdctl-faults-no-such-pool-$$"

# --- the definition -----------------------------------------------------------

name=$(e2e_name define)
e2e_track "$name"
fx_create_fails "define (refused by the QEMU driver)" -- "$name" --network none --virt-type qemu \
  --memory 256 --vcpus 4096 --disk 1 --pool "$VD_TEST_POOL"
printf '%s\n' "$E2E_ERR" | grep -q "machine type limit" ||
  e2e_fail "define: the error lost libvirt's reason"

# --- the start ----------------------------------------------------------------

name=$(e2e_name start)
e2e_track "$name"
bridge="vdfx$$"
[ ! -e "/sys/class/net/$bridge" ] || e2e_fail "a network device $bridge exists"
fx_create_fails "start (no such bridge)" -- "$name" --bridge "$bridge" --virt-type qemu \
  --memory 256 --disk 1 --pool "$VD_TEST_POOL" --start
printf '%s\n' "$E2E_ERR" | grep -qF "$bridge" ||
  e2e_fail "start: the error lost libvirt's reason (the bridge)"
printf '%s\n' "$E2E_ERR" | grep -q "start" || e2e_fail "start: the error does not say the start failed"

echo "PASS: creates failing at the image, volume, define and start steps leave nothing behind"
