#!/bin/bash
# End to end: 'vdctl create --usb3 --start' on a real libvirtd (qemu:///system).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs the create twice: once with the type vdctl picks (kvm where the host
# offers it), once with --virt-type qemu (TCG), so both paths run on a KVM
# host and TCG alone runs where there is no KVM. Each run must leave a
# running domain whose live XML has the USB3 controller, four usbredir
# channels, both agent channels and a SPICE display on 127.0.0.1 with a
# port that accepts connections, and whose inactive XML validates.

. "$(dirname "$0")/../lib/e2e.sh"

# check_running NAME TYPE
check_running ()
{
  local name=$1 type=$2 live="$E2E_TMP/live.xml" inactive="$E2E_TMP/inactive.xml"
  local state port

  state=$(vd_virsh domstate -- "$name")
  [ "$state" = running ] || e2e_fail "$name: domstate says '$state', expected 'running'"

  vd_virsh dumpxml -- "$name" >"$live" || e2e_fail "$name: cannot read its live XML"
  e2e_expect "$live" "domain type" "string(/domain/@type)" "$type"
  e2e_expect "$live" "domain name" "string(/domain/name)" "$name"
  e2e_expect "$live" "one USB controller" "count(/domain/devices/controller[@type='usb'])" 1
  e2e_expect "$live" "USB3 controller" \
    "string(/domain/devices/controller[@type='usb']/@model)" qemu-xhci
  e2e_expect "$live" "USB3 ports" \
    "string(/domain/devices/controller[@type='usb']/@ports)" 15
  e2e_expect "$live" "usbredir channels" \
    "count(/domain/devices/redirdev[@bus='usb'][@type='spicevmc'])" 4
  e2e_expect "$live" "SPICE agent channel" \
    "count(/domain/devices/channel[@type='spicevmc']/target[@type='virtio'][@name='com.redhat.spice.0'])" 1
  e2e_expect "$live" "guest agent channel" \
    "count(/domain/devices/channel[@type='unix']/target[@type='virtio'][@name='org.qemu.guest_agent.0'])" 1
  e2e_expect "$live" "one display" "count(/domain/devices/graphics)" 1
  e2e_expect "$live" "SPICE display" "string(/domain/devices/graphics/@type)" spice
  e2e_expect "$live" "SPICE listen address" \
    "string(/domain/devices/graphics/listen[@type='address']/@address)" 127.0.0.1
  e2e_expect "$live" "disk in the test pool" \
    "string(/domain/devices/disk[@device='disk']/source/@pool)" "$VD_TEST_POOL"
  e2e_expect "$live" "disk volume" \
    "string(/domain/devices/disk[@device='disk']/source/@volume)" "$name.qcow2"
  e2e_expect "$live" "no NIC with --network none" "count(/domain/devices/interface)" 0

  port=$(e2e_xpath "$live" "string(/domain/devices/graphics/@port)")
  case $port in
    '' | *[!0-9]*) e2e_fail "$name: SPICE has no port in the live XML (got '$port')" ;;
  esac
  if [ "$port" -lt 1024 ] || [ "$port" -gt 65535 ]; then
    e2e_fail "$name: SPICE port $port is outside 1024-65535"
  fi
  # QEMU really listens there: a TCP connection is accepted.
  if ! e2e_port_open "$port"; then
    e2e_fail "$name: nothing accepts connections on 127.0.0.1:$port"
  fi

  e2e_volume_exists "$name.qcow2" || e2e_fail "$name: volume $name.qcow2 is not in pool $VD_TEST_POOL"

  vd_virsh dumpxml --inactive -- "$name" >"$inactive" || e2e_fail "$name: cannot read its inactive XML"
  if ! virt-xml-validate "$inactive" domain >"$E2E_TMP/validate" 2>&1; then
    cat "$E2E_TMP/validate"
    e2e_fail "$name: the inactive XML does not validate against libvirt's schema"
  fi
  e2e_note "$name: running under $type, SPICE on 127.0.0.1:$port, XML valid"
}

# remove NAME: tear one run down now, so runs do not overlap.
remove ()
{
  vd_virsh destroy -- "$1" >/dev/null 2>&1 || true
  vd_virsh undefine -- "$1" >/dev/null || e2e_fail "cannot undefine $1"
  vd_virsh vol-delete --pool "$VD_TEST_POOL" -- "$1.qcow2" >/dev/null ||
    e2e_fail "cannot delete volume $1.qcow2"
}

# run_create LABEL EXPECTED_TYPE [EXTRA_OPTIONS...]
run_create ()
{
  local label=$1 type=$2 name
  shift 2

  name=$(e2e_name "$label")
  e2e_track "$name"
  e2e_note "vdctl create $name --usb3 --start --network none --disk 1 --pool $VD_TEST_POOL $*"
  e2e_vdctl create "$name" --usb3 --start --network none --disk 1 --pool "$VD_TEST_POOL" "$@"
  if [ "$E2E_RC" -ne 0 ]; then
    e2e_show_output
    e2e_fail "vdctl create --start exited $E2E_RC"
  fi
  [ -z "$E2E_ERR" ] || { e2e_show_output; e2e_fail "vdctl create printed on stderr"; }
  printf '%s\n' "$E2E_OUT" | grep -qF "$name" || { e2e_show_output; e2e_fail "the output does not name $name"; }
  check_running "$name" "$type"
  remove "$name"
}

if e2e_host_has_kvm; then
  run_create default kvm
else
  e2e_note "this host offers no KVM to libvirt: vdctl picks qemu (TCG)"
  run_create default qemu
fi
run_create tcg qemu --virt-type qemu
echo "PASS: create --usb3 --start on $VD_QEMU_URI"
