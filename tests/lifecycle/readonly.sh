#!/bin/bash
# End to end on qemu:///system: show and list on a read-only connection.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# 'vdctl -r' opens the connection with virConnectOpenReadOnly, through
# libvirtd's read-only socket (libvirt's own debug log names the socket).
# libvirt refuses to show passwords there, so show and list must read
# definitions without its secure flag; they still say whether a password
# is set, from what vdctl recorded when it set one: 'set' for a desktop
# made with a password, 'none' for one made with --no-password, and
# 'unknown' for a SPICE display that another tool gave a password.  The
# password itself appears nowhere.  Commands that change desktops or read
# passwords refuse -r.

. "$(dirname "$0")/lib.sh"

with_pw=$(e2e_name ro-pw)
without=$(e2e_name ro-none)
foreign=$(e2e_name ro-virsh)
pw="ro-$$-$RANDOM$RANDOM"
printf '%s\n' "$pw" >"$LC_TMP/pw"

LC_STDIN=$LC_TMP/pw
lc_create "$with_pw" --password-file -
lc_create "$without" --no-password
e2e_track "$foreign"
cat >"$LC_TMP/foreign.xml" <<XML
<domain type='qemu'>
  <name>$foreign</name>
  <memory unit='MiB'>128</memory>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <graphics type='spice' autoport='yes' passwd='$pw'><listen type='address' address='127.0.0.1'/></graphics>
  </devices>
</domain>
XML
vd_virsh define "$LC_TMP/foreign.xml" >/dev/null || lc_die "virsh define $foreign failed"

# ro_vdctl ARGS...: lc_vdctl -r, with libvirt's RPC debug log in $LC_TMP/rpc.log.
ro_vdctl ()
{
  rm -f "$LC_TMP/rpc.log"
  LIBVIRT_LOG_FILTERS="1:rpc" LIBVIRT_LOG_OUTPUTS="1:file:$LC_TMP/rpc.log" lc_vdctl -r "$@"
}

read_only_socket ()
{
  grep -q "libvirt-sock-ro" "$LC_TMP/rpc.log" 2>/dev/null &&
    ! grep -q "libvirt-sock'" "$LC_TMP/rpc.log" 2>/dev/null
}

no_password_shown ()
{
  ! printf '%s\n' "$LC_OUT" "$LC_ERR" | grep -qF -- "$pw"
}

ro_vdctl show "$with_pw"
lc_expect "-r show on a desktop made with a password" 0 "Name:            $with_pw" EMPTY
check "-r show went through libvirtd's read-only socket" read_only_socket
check "-r show: Password set (vdctl's record)" [ "$(lc_field Password)" = set ]
check "-r show prints no password" no_password_shown

ro_vdctl show "$with_pw" --json
lc_expect_json "-r show --json: password set" object 'password="set"' 'password_set=true'
check "-r show --json prints no password" no_password_shown

ro_vdctl show "$without"
lc_expect "-r show on a desktop made with --no-password" 0 "Name:            $without" EMPTY
check "-r show: Password none" [ "$(lc_field Password)" = none ]

ro_vdctl show "$foreign"
lc_expect "-r show on a domain another tool gave a password" 0 "Name:            $foreign" EMPTY
check "-r show: Password unknown (libvirt does not say, vdctl never set it)" \
  [ "$(lc_field Password)" = unknown ]
check "-r show prints no password of a foreign domain either" no_password_shown

ro_vdctl list
lc_expect "-r list" 0 "$with_pw" EMPTY
check "-r list went through the read-only socket" read_only_socket
check "-r list shows all three" eval '[ -n "$(lc_list_row "$with_pw")" ] &&
  [ -n "$(lc_list_row "$without")" ] && [ -n "$(lc_list_row "$foreign")" ]'
ro_vdctl list --json
lc_expect_json "-r list --json: $with_pw has a password set" array "$with_pw" 'password="set"'
lc_expect_json "-r list --json: $without has none" array "$without" 'password="none"'
lc_expect_json "-r list --json: $foreign is unknown" array "$foreign" 'password="unknown"'
check "-r list --json prints no password" no_password_shown

# Running: the live definition, read without the secure flag, has the port.
lc_vdctl start "$with_pw"
lc_expect "start $with_pw" 0 "started" EMPTY
ro_vdctl show "$with_pw"
lc_expect "-r show on a running desktop" 0 "State:           running" EMPTY
check "-r show: the port libvirt picked" eval '[ "$(lc_field Port)" -gt 0 ] 2>/dev/null'
check "-r show: Password set while running" [ "$(lc_field Password)" = set ]
check "-r show on a running desktop prints no password" no_password_shown

for cmd in "edit $with_pw --memory 300" "start $without" "connect $with_pw --print" \
           "export-vv $with_pw" "delete $without"; do
  # shellcheck disable=SC2086 # the words of the command
  lc_vdctl -r $cmd
  lc_expect_error "-r $cmd is refused" 2 "read-only connection (-r)"
done
lc_vdctl stop "$with_pw" --force
lc_expect "stop --force" 0 "" EMPTY

lc_finish
