#!/bin/bash
# Desktop pools end to end on a real libvirtd with the QEMU driver: a tiny
# UEFI golden domain (no OS: writes through QEMU's monitor stand in for a
# user's work), a persistent and a stateless pool made from it, what a
# seat is made of, what survives a power-off and a reset, a new base
# version, a user's seat opened by remote-viewer, and nothing left but the
# golden domain once the pools are deleted.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# shellcheck source=tests/lib/viewer.sh
. "$(dirname "$0")/../lib/viewer.sh"
# shellcheck source=tests/lib/golden.sh
. "$(dirname "$0")/../lib/golden.sh"

vd_libvirtd_require
e2e_require_python_gi
command -v qemu-img >/dev/null 2>&1 || { echo "SKIP: qemu-img is not installed (Debian: qemu-utils)"; exit 77; }
command -v virt-xml-validate >/dev/null 2>&1 || { echo "SKIP: virt-xml-validate is not installed (Debian: libvirt-clients)"; exit 77; }

golden=$(e2e_name gold)
p=$(e2e_name p)
s=$(e2e_name s)
pool_dir=$POOL_DIR

pool_cleanup ()
{
  for pool in "$p" "$s" "$p-busy"; do
    "$VDCTL" -c "$VD_QEMU_URI" -q pool delete "$pool" --force >/dev/null 2>&1 || true
  done
  e2e_cleanup
}
trap pool_cleanup EXIT

vd () { e2e_vdctl "$@"; }
# expect_rc N WHAT: the last vdctl exited N.
expect_rc ()
{
  [ "$E2E_RC" -eq "$1" ] || { e2e_show_output; viewer_bad "$2: exit $E2E_RC, expected $1"; }
}
must ()
{
  e2e_vdctl "$@"
  [ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl $* exited $E2E_RC"; }
}

# hmp SEAT COMMAND: QEMU's monitor (qemu-io on the seat's first disk).
hmp ()
{
  vd_virsh qemu-monitor-command --hmp "$1" \
    "qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend \"$2\"" >/dev/null
}

# has_pattern IMAGE: whether the first 64 KiB of IMAGE are 0xab.
has_pattern ()
{
  ! qemu-io -r -c "read -P 0xab 0 64k" "$1" 2>&1 | grep -q "Pattern verification failed"
}

xml_of () { vd_virsh dumpxml --inactive -- "$1" >"$E2E_TMP/$1.xml"; echo "$E2E_TMP/$1.xml"; }

# --- the golden domain: a 16 MiB disk with data on it, UEFI ----------------

golden_make "$golden" efi
gpath=$GOLDEN_DISK
# Started once, it has UEFI variables of its own.
vd_virsh start "$golden" >/dev/null || e2e_fail "cannot start the golden domain"
sleep 2
vd_virsh destroy "$golden" >/dev/null
gvars=/var/lib/libvirt/qemu/nvram/${golden}_VARS.fd
cp "$gpath" "$E2E_TMP/golden-before.qcow2"

# --- bad input: refused before anything changes ----------------------------

vd pool create "$p" --from "$golden" --seats 1000
expect_rc 2 "--seats 1000 is a usage error"
vd pool create "$p" --from nosuchdomain --seats 2
expect_rc 1 "an unknown golden domain is refused"
vd_virsh start "$golden" >/dev/null
vd pool create "$p" --from "$golden" --seats 2
expect_rc 1 "a running golden domain is refused"
[[ $E2E_ERR == *"is running"* ]] || viewer_bad "no reason given for the running golden: $E2E_ERR"
vd_virsh destroy "$golden" >/dev/null
vd_virsh vol-list "$VD_TEST_POOL" | grep -q "$p-" && viewer_bad "a refused pool left volumes behind"
e2e_track "$p-busy-01"
vd_virsh define "$E2E_TMP/golden.xml" >/dev/null
sed "s:<name>$golden</name>:<name>$p-busy-01</name>:; /<disk /,/<\/disk>/d" "$E2E_TMP/golden.xml" >"$E2E_TMP/busy.xml"
vd_virsh define "$E2E_TMP/busy.xml" >/dev/null
vd pool create "$p-busy" --from "$golden" --seats 2
expect_rc 1 "a pool whose seat name is taken is refused"
vd_virsh undefine --nvram "$p-busy-01" >/dev/null
viewer_ok "bad input refused: --seats 1000, unknown and running golden, taken seat names"

# --- a persistent pool ------------------------------------------------------

for n in 01 02; do e2e_track "$p-$n"; done
must pool create "$p" --from "$golden" --seats 2 --json
printf '%s' "$E2E_OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["base"] == 1 and len(d["seats"]) == 2, d' ||
  viewer_bad "pool create --json: $E2E_OUT"
base1="$pool_dir/$p-base1-vda.qcow2"
for n in 01 02; do
  x=$(xml_of "$p-$n")
  virt-xml-validate "$x" domain >/dev/null 2>&1 || viewer_bad "$p-$n does not validate"
  [ "$(e2e_xpath "$x" "string(/domain/devices/disk[@device='disk']/source/@file)")" = "$pool_dir/$p-$n-vda.qcow2" ] ||
    viewer_bad "$p-$n: its disk is not its own overlay"
  qemu-img info "$pool_dir/$p-$n-vda.qcow2" >"$E2E_TMP/info"
  grep -q "backing file: $base1" "$E2E_TMP/info" && grep -q "backing file format: qcow2" "$E2E_TMP/info" ||
    viewer_bad "$p-$n: the overlay does not stand on $base1 with its format"
  nv=$(e2e_xpath "$x" "string(/domain/os/nvram)")
  [ -n "$nv" ] && cmp -s "$nv" "$gvars" || viewer_bad "$p-$n: its UEFI variables ($nv) are not a copy of the golden's"
done
[ "$(e2e_xpath "$(xml_of "$p-01")" "string(/domain/uuid)")" != "$(e2e_xpath "$(xml_of "$p-02")" "string(/domain/uuid)")" ] ||
  viewer_bad "two seats share a UUID"
[ "$(e2e_xpath "$(xml_of "$p-01")" "string(/domain/devices/interface/mac/@address)")" != \
  "$(e2e_xpath "$(xml_of "$p-02")" "string(/domain/devices/interface/mac/@address)")" ] ||
  viewer_bad "two seats share a MAC address"
viewer_ok "persistent pool: overlays on the base (format set), own UUID, MAC and UEFI variables, valid XML"

must start "$p-01"
hmp "$p-01" "write -P 0xab 0 64k"
must stop "$p-01" --force
has_pattern "$pool_dir/$p-01-vda.qcow2" && viewer_ok "a persistent seat keeps its write after power-off" ||
  viewer_bad "the persistent seat's write is not in its overlay"
qemu-img compare -q "$E2E_TMP/golden-before.qcow2" "$base1" && qemu-img compare -q "$E2E_TMP/golden-before.qcow2" "$gpath" &&
  viewer_ok "the base and the golden disk are unchanged" || viewer_bad "the base or the golden disk changed"
must reset "$p-01"
ov=$(e2e_xpath "$(xml_of "$p-01")" "string(/domain/devices/disk[@device='disk']/source/@file)")
has_pattern "$ov" && viewer_bad "reset: the write is still there" || viewer_ok "reset: the persistent seat is back to the golden state"

# --- a stateless pool -------------------------------------------------------

for n in 01 02; do e2e_track "$s-$n"; done
must pool create "$s" --from "$golden" --seats 2 --stateless
x=$(xml_of "$s-01")
[ "$(e2e_xpath "$x" "string(/domain/devices/disk[@device='disk']/transient/@shareBacking)")" = yes ] ||
  viewer_bad "$s-01: no <transient shareBacking='yes'/>"
virt-xml-validate "$x" domain >/dev/null 2>&1 || viewer_bad "$s-01 does not validate"
must start "$s-01"
hmp "$s-01" "write -P 0xab 0 64k"
must stop "$s-01" --force
must start "$s-01"
log=/var/log/libvirt/qemu/$s-01.log
before=$(grep -c "Pattern verification failed" "$log" 2>/dev/null || true)
hmp "$s-01" "read -P 0xab 0 64k"
sleep 1
after=$(grep -c "Pattern verification failed" "$log" 2>/dev/null || true)
[ "${after:-0}" -gt "${before:-0}" ] && viewer_ok "a stateless seat's write is gone after power-off and start" ||
  viewer_bad "the stateless seat still reads its write after a power-off"
must stop "$s-01" --force
qemu-img compare -q "$E2E_TMP/golden-before.qcow2" "$pool_dir/$s-base1-vda.qcow2" ||
  viewer_bad "the stateless base changed"
must delete "$s-02" --remove-storage
vd_virsh vol-info --pool "$VD_TEST_POOL" "$s-base1-vda.qcow2" >/dev/null 2>&1 &&
  viewer_ok "delete --remove-storage of a stateless seat keeps the pool's base" ||
  viewer_bad "delete --remove-storage of a seat removed the pool's base"

# --- a new base version -----------------------------------------------------

qemu-io -f qcow2 -c "write -P 0x22 0 1M" "$gpath" >/dev/null
must pool update "$p"
must pool show "$p" --json
printf '%s' "$E2E_OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["base"] == 2 and [b["version"] for b in d["bases"]] == [1, 2], d' ||
  viewer_bad "pool show after update: $E2E_OUT"
must reset --pool "$p"
vd_virsh pool-refresh "$VD_TEST_POOL" >/dev/null
vd_virsh vol-info --pool "$VD_TEST_POOL" "$p-base1-vda.qcow2" >/dev/null 2>&1 &&
  viewer_bad "base 1 is kept though no seat stands on it"
qemu-img info "$(e2e_xpath "$(xml_of "$p-02")" "string(/domain/devices/disk[@device='disk']/source/@file)")" |
  grep -q "backing file: $pool_dir/$p-base2-vda.qcow2" &&
  viewer_ok "pool update: reset seats stand on base 2, base 1 is gone" ||
  viewer_bad "after update and reset the seat does not stand on base 2"

# --- a user's seat in remote-viewer ----------------------------------------

must pool assign "$p" alice --seat "$p-02"
vd pool release "$p" nobody
expect_rc 1 "releasing an unknown user fails"
must start "$p-02"
vv="$E2E_TMP/alice.vv"
must export-vv --user alice --ttl 300 -o "$vv"
[ "$(vvtool get "$vv" title)" = "$p-02" ] || grep -q "$p-02" "$vv" || viewer_bad "export-vv --user alice did not give seat $p-02"
viewer_start_xvfb
vlog="$E2E_TMP/alice.log"
viewer_run "$vv" "$vlog"
if viewer_channels_up "$vlog" main-1:0 display-2:0; then
  viewer_ok "export-vv --user alice: remote-viewer opens her seat"
else
  viewer_keep "$vlog"
  viewer_bad "remote-viewer did not open alice's seat"
fi
viewer_stop_all

# --- nothing left but the golden domain ------------------------------------

must pool delete "$p" --force
must pool delete "$s" --force
vd_virsh pool-refresh "$VD_TEST_POOL" >/dev/null
left=$(vd_virsh vol-list "$VD_TEST_POOL" | awk '{print $1}' | grep -E "^($p|$s)-" || true)
[ -z "$left" ] || viewer_bad "volumes left after pool delete: $left"
for d in "$p-01" "$p-02" "$s-01"; do
  e2e_domain_exists "$d" && viewer_bad "seat $d is left after pool delete"
done
e2e_domain_exists "$golden" && [ -f "$gpath" ] &&
  viewer_ok "pool delete: the golden domain and its disk stay, nothing else" ||
  viewer_bad "pool delete removed the golden domain or its disk"

viewer_finish "desktop pools on $VD_QEMU_URI"
