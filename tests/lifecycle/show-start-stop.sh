#!/bin/bash
# End to end on qemu:///system: show, list, start, reboot and stop through
# a desktop's life, and every command on a name that does not exist.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The guest has no operating system, so an ACPI shutdown is never answered:
# 'stop --wait' then has to give up with a clear message.  It waits
# $VDCTL_TEST_STOP_WAIT seconds (default 8).

. "$(dirname "$0")/lib.sh"

STOP_WAIT=${VDCTL_TEST_STOP_WAIT:-8}
name=$(e2e_name life)
missing=$(e2e_name missing)
inactive=$LC_TMP/inactive.xml
live=$LC_TMP/live.xml

# ---- a new, stopped desktop -------------------------------------------

e2e_note "vdctl create $name --network none --disk 1 --pool $VD_TEST_POOL --memory 256"
lc_create "$name" --disk 1 --pool "$VD_TEST_POOL"
uuid=$(vd_virsh domuuid -- "$name")
lc_dump "$name" "$inactive" --inactive
lc_expect_valid "the new definition validates" "$inactive"
check "its volume $name.qcow2 is in pool $VD_TEST_POOL" e2e_volume_exists "$name.qcow2"
# 'create --help' documents USB2 as the default.
lc_expect_xpath "create without --usb3 defines the USB2 ich9-ehci1 controller" "$inactive" \
  "string(/domain/devices/controller[@type='usb'][1]/@model)" ich9-ehci1

lc_vdctl show "$name"
lc_expect "show on a stopped desktop" 0 "Name:            $name" EMPTY
check "show: UUID is virsh's" [ "$(lc_field UUID)" = "$uuid" ]
check "show: State is virsh domstate's ('shut off')" [ "$(lc_field State)" = "shut off" ]
check "show: Graphics spice" [ "$(lc_field Graphics)" = spice ]
check "show: Listen 127.0.0.1" [ "$(lc_field Listen)" = 127.0.0.1 ]
check "show: Port automatic while stopped" [ "$(lc_field Port)" = automatic ]
# create gives every SPICE display a password, loopback or not.
check "show: Password set" [ "$(lc_field Password)" = set ]
check "show: USB redirection 2" [ "$(lc_field 'USB redirection')" = 2 ]
check "show: Memory 256 MiB" [ "$(lc_field Memory)" = "256 MiB" ]
check "show: vCPUs 2" [ "$(lc_field vCPUs)" = 2 ]
check "show: Video qxl" [ "$(lc_field Video)" = qxl ]
check "show: Sound ich9" [ "$(lc_field Sound)" = ich9 ]
check "show: USB controller matches the XML" \
  [ "$(lc_field 'USB controller' | sed 's/ (USB3)$//')" = "$(e2e_xpath "$inactive" "string(/domain/devices/controller[@type='usb'][1]/@model)")" ]

lc_vdctl show "$name" --json
lc_expect "show --json on a stopped desktop" 0 "" EMPTY
lc_expect_json "show --json: documented keys, types and values" object \
  "name=\"$name\"" "uuid=\"$uuid\"" 'state="shut off"' 'graphics="spice"' \
  'listen="127.0.0.1"' 'port=null' 'tls_port=null' 'password_set=true' \
  'usbredir=2' 'vdagent=true' 'guest_agent=true' 'video="qxl"' 'sound="ich9"' \
  'memory_mib=256' 'vcpus=2'
lc_expect_json "show --json: USB2 by default" object 'usb3=false' 'usb_model="ich9-ehci1"'
printf '%s\n' "$LC_OUT" >"$LC_TMP/show-stopped.json"

lc_vdctl list
lc_expect "list" 0 "$name" EMPTY
row=$(lc_list_row "$name")
check "list: one row for $name" [ "$(printf '%s\n' "$row" | grep -c .)" -eq 1 ]
check "list: header names the columns" \
  [ "$(printf '%s\n' "$LC_OUT" | head -n 1 | awk '{print $1, $2, $3}')" = "NAME STATE DISPLAY" ]
check "list: '$name shut off -' (no display while stopped)" \
  [ "$(printf '%s\n' "$row" | awk '{print $2, $3, $4}')" = "shut off -" ]

lc_vdctl list --json
lc_expect "list --json" 0 "" EMPTY
lc_expect_json "list --json: an array of desktop objects with $name" array "$name" \
  'state="shut off"' 'port=null' 'memory_mib=256'
lc_expect_json "list --json: $name is the object show --json prints" same-object \
  "$LC_TMP/show-stopped.json" "$name"

# ---- start ------------------------------------------------------------

lc_vdctl start "$name"
lc_expect "start" 0 "Desktop '$name' started: spice://127.0.0.1:" EMPTY
lc_expect_state "start: the domain runs" "$name" running
lc_dump "$name" "$live"
port=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@port)")
case $port in '' | *[!0-9]*) lc_die "the running domain has no SPICE port (got '$port')" ;; esac
check "start: prints the live display spice://127.0.0.1:$port" \
  [ "$LC_OUT" = "Desktop '$name' started: spice://127.0.0.1:$port" ]
check "QEMU accepts connections on 127.0.0.1:$port" e2e_port_open "$port"

lc_vdctl show "$name"
lc_expect "show on a running desktop" 0 "Name:            $name" EMPTY
check "show: State running" [ "$(lc_field State)" = running ]
check "show: Port is the live port $port" [ "$(lc_field Port)" = "$port" ]

lc_vdctl show "$name" --json
lc_expect "show --json on a running desktop" 0 "" EMPTY
lc_expect_json "show --json: state running, the live port" object \
  'state="running"' "port=$port" 'listen="127.0.0.1"' 'memory_mib=256'
printf '%s\n' "$LC_OUT" >"$LC_TMP/show-running.json"

lc_vdctl list
lc_expect "list with the desktop running" 0 "$name" EMPTY
check "list: '$name running spice://127.0.0.1:$port'" \
  [ "$(lc_list_row "$name" | awk '{print $2, $3}')" = "running spice://127.0.0.1:$port" ]

lc_vdctl list --json
lc_expect "list --json with the desktop running" 0 "" EMPTY
lc_expect_json "list --json: $name running on port $port" array "$name" \
  'state="running"' "port=$port"
lc_expect_json "list --json: $name is the object show --json prints" same-object \
  "$LC_TMP/show-running.json" "$name"

lc_vdctl start "$name"
lc_expect_error "start on a running desktop fails clearly" 1 "desktop '$name' is already running"
lc_expect_state "start again: still running" "$name" running

# ---- reboot, stop -----------------------------------------------------

lc_vdctl reboot "$name"
lc_expect "reboot" 0 "Desktop '$name' is rebooting" EMPTY
lc_expect_state "reboot: the domain runs" "$name" running

lc_vdctl stop "$name" --wait 5 --force
lc_expect_error "stop --wait with --force is a usage error" 2 "nothing to --wait for"
lc_expect_state "stop --wait --force changed nothing" "$name" running

lc_vdctl stop "$name" --wait -3
lc_expect_error "stop --wait with a negative number is a usage error" 2 "--wait"

lc_vdctl stop "$name"
lc_expect "stop (ACPI, no wait)" 0 "Desktop '$name' is shutting down" EMPTY

e2e_note "vdctl stop $name --wait $STOP_WAIT (a guest with no OS ignores ACPI)"
t0=$(date +%s)
lc_vdctl stop "$name" --wait "$STOP_WAIT"
elapsed=$(( $(date +%s) - t0 ))
if [ "$LC_RC" -eq 0 ]; then
  lc_expect "stop --wait: the guest shut down" 0 "Desktop '$name' shut down" EMPTY
  lc_expect_state "stop --wait: shut off" "$name" "shut off"
  lc_vdctl start "$name"
  lc_expect "start after stop --wait" 0 "started" EMPTY
else
  lc_expect_error "stop --wait times out with a clear message" 1 \
    "desktop '$name' did not shut down within $STOP_WAIT seconds; power it off with 'vdctl stop $name --force'"
  check "stop --wait waited ${STOP_WAIT}s (took ${elapsed}s)" \
    [ "$elapsed" -ge "$STOP_WAIT" -a "$elapsed" -le $((STOP_WAIT + 15)) ]
  lc_expect_state "stop --wait timed out: still running" "$name" running
fi

lc_vdctl stop "$name" --force
lc_expect "stop --force" 0 "Desktop '$name' powered off" EMPTY
lc_expect_state "stop --force: shut off" "$name" "shut off"
check "nothing listens on the old port $port" eval '! e2e_port_open "$port"'

lc_vdctl stop "$name"
lc_expect_error "stop on a stopped desktop fails clearly" 1 "desktop '$name' is not running"
lc_vdctl stop "$name" --force
lc_expect_error "stop --force on a stopped desktop fails clearly" 1 "desktop '$name' is not running"
lc_vdctl reboot "$name"
lc_expect_error "reboot on a stopped desktop fails clearly" 1 \
  "desktop '$name' is not running; start it with 'vdctl start $name'"
lc_expect_state "still shut off" "$name" "shut off"

lc_vdctl show "$name" --json
lc_expect_json "show --json after stop: shut off, no port" object 'state="shut off"' 'port=null'

# ---- names that do not exist ------------------------------------------

for cmd in "show" "show --json" "edit --memory 300" "edit --print-xml --vcpus 3" \
           "start" "stop" "stop --force" "stop --wait 1" "reboot" "delete" \
           "delete --force --remove-storage"; do
  read -r -a words <<<"$cmd"
  lc_vdctl "${words[0]}" "$missing" "${words[@]:1}"
  lc_expect_error "$cmd on an unknown name: exit 1, 'no desktop named'" 1 \
    "vdctl: error: no desktop named '$missing'"
done
check "no domain '$missing' came into being" eval '! e2e_domain_exists "$missing"'

# ---- gone -------------------------------------------------------------

lc_vdctl delete "$name" --remove-storage
lc_expect "delete --remove-storage a stopped desktop" 0 "Desktop '$name' deleted" EMPTY
check "the domain is undefined" eval '! e2e_domain_exists "$name"'
check "its volume is gone from pool $VD_TEST_POOL" eval '! e2e_volume_exists "$name.qcow2"'
lc_vdctl list --json
lc_expect_json "list --json no longer has it" array-lacks "$name"
lc_vdctl show "$name"
lc_expect_error "show after delete: no desktop named" 1 "no desktop named '$name'"

lc_finish
