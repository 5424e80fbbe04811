#!/bin/bash
# End to end: a profile made the natural way, 'virsh dumpxml' of an
# existing desktop saved in $XDG_CONFIG_HOME/vdctl/templates, carries that
# desktop's UUID, MAC address and disk.  A create from it makes a new
# desktop of its own (another UUID, another MAC, no disk of the other's),
# and one whose --start fails undoes only what it made: the desktop the
# template came from is still there, unchanged.
#
# SPDX-License-Identifier: GPL-2.0-or-later

. "$(dirname "$0")/../lib/e2e.sh"

orig=$(e2e_name orig)
copy=$(e2e_name copy)
failing=$(e2e_name failing)
e2e_track "$orig"
e2e_track "$copy"
e2e_track "$failing"
export XDG_CONFIG_HOME="$E2E_TMP/config"
mkdir -p "$XDG_CONFIG_HOME/vdctl/templates"

# A NIC on a bridge that does not exist: libvirt gives it a MAC address
# at the define, and the desktop is never started.
e2e_vdctl create "$orig" --virt-type qemu --memory 256 --disk 1 --pool "$VD_TEST_POOL" \
  --bridge "vdnone$$"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "cannot create $orig"; }
vd_virsh dumpxml --inactive -- "$orig" >"$E2E_TMP/orig.xml" || e2e_fail "cannot dump $orig"
orig_uuid=$(e2e_xpath "$E2E_TMP/orig.xml" "string(/domain/uuid)")
cp "$E2E_TMP/orig.xml" "$XDG_CONFIG_HOME/vdctl/templates/dumped.xml"
sha_before=$(sha256sum <"$E2E_TMP/orig.xml")

e2e_vdctl create "$copy" --profile dumped --network none
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "create --profile dumped exited $E2E_RC"; }
printf '%s\n' "$E2E_OUT" | grep -q "^Profile 'dumped' (.*) was made from a domain: the new desktop gets none of its UUID.* and its disk" ||
  { e2e_show_output; e2e_fail "create does not say what it left out of the template"; }
vd_virsh dumpxml --inactive -- "$copy" >"$E2E_TMP/copy.xml" || e2e_fail "no domain $copy"
[ "$(e2e_xpath "$E2E_TMP/copy.xml" "string(/domain/uuid)")" != "$orig_uuid" ] ||
  e2e_fail "the new desktop has the UUID of the one the template came from"
e2e_expect "$E2E_TMP/copy.xml" "no disk of $orig" "count(//disk[@device='disk'])" 0
[ "$(e2e_xpath "$E2E_TMP/copy.xml" "string(//interface/mac/@address)")" != \
  "$(e2e_xpath "$E2E_TMP/orig.xml" "string(//interface/mac/@address)")" ] ||
  e2e_fail "the new desktop has the MAC address of $orig"

# --start fails (a bridge that does not exist): the new desktop is undone,
# the original stays as it was.
e2e_vdctl create "$failing" --profile dumped --bridge "vdnone$$" --start
[ "$E2E_RC" -eq 1 ] || { e2e_show_output; e2e_fail "a failing --start exited $E2E_RC, expected 1"; }
! e2e_domain_exists "$failing" || e2e_fail "the desktop whose start failed is left"
e2e_domain_exists "$orig" || e2e_fail "a failed create from its template undefined $orig"
vd_virsh dumpxml --inactive -- "$orig" >"$E2E_TMP/orig-after.xml"
[ "$(sha256sum <"$E2E_TMP/orig-after.xml")" = "$sha_before" ] ||
  { diff "$E2E_TMP/orig.xml" "$E2E_TMP/orig-after.xml"; e2e_fail "$orig was changed"; }
e2e_volume_exists "$orig.qcow2" || e2e_fail "the volume of $orig is gone"

echo "PASS: a dumped template gives new desktops of their own, and failures undo only their own"
