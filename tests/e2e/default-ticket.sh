#!/bin/bash
# End to end: a desktop created with the defaults (SPICE on 127.0.0.1, no
# password option) has a generated password in its definition, so QEMU
# starts its display with ticketing on, and 'vdctl export-vv --ttl 60'
# sets a one-time ticket on it at once, with no redefinition or reboot.
#
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../lib/e2e.sh"
e2e_require_python_gi

name=$(e2e_name ticket)
e2e_track "$name"
live="$E2E_TMP/live.xml"

e2e_vdctl create "$name" --network none --virt-type qemu --memory 256 --start
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "create with the defaults exited $E2E_RC"; }
password=$(printf '%s\n' "$E2E_OUT" | sed -n 's/^  password:  \([A-Za-z0-9]\{24\}\)  (generated; shown only now)$/\1/p')
[ -n "$password" ] || { e2e_show_output; e2e_fail "create printed no generated password"; }

vd_virsh dumpxml --inactive --security-info -- "$name" >"$E2E_TMP/inactive.xml" ||
  e2e_fail "cannot read the definition of $name"
[ "$(e2e_xpath "$E2E_TMP/inactive.xml" "string(//graphics[@type='spice']/@passwd)")" = "$password" ] ||
  e2e_fail "the definition does not keep the password create printed"
e2e_expect "$E2E_TMP/inactive.xml" "listen" "string(//graphics[@type='spice']/listen/@address)" 127.0.0.1

e2e_vdctl export-vv "$name" --ttl 60
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "export-vv --ttl 60 on a default desktop exited $E2E_RC"; }
cp "$E2E_TMP/out" "$E2E_TMP/ticket.vv"
ticket=$(vvtool get "$E2E_TMP/ticket.vv" password)
vd_virsh dumpxml --security-info -- "$name" >"$live" || e2e_fail "cannot read the live XML of $name"
[ -n "$ticket" ] && [ "$ticket" != "$password" ] &&
  [ "$ticket" = "$(e2e_xpath "$live" "string(//graphics[@type='spice']/@passwd)")" ] ||
  e2e_fail "the .vv file's password is not a fresh ticket live on the desktop"
[ -n "$(e2e_xpath "$live" "string(//graphics[@type='spice']/@passwdValidTo)")" ] ||
  e2e_fail "the ticket has no expiry (passwdValidTo) on the running desktop"

echo "PASS: a desktop created with the defaults takes a one-time ticket"
