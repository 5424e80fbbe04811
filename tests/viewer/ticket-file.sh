#!/bin/bash
# End to end on qemu:///system: 'vdctl export-vv --ttl' writes the file
# first and sets the ticket after, so a file that cannot be written never
# leaves the running desktop with a password nobody has.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The desktop's running display (virsh dumpxml --security-info: passwd and
# passwdValidTo) is compared before and after each failure:
# 1. -o into a directory that does not exist;
# 2. -o naming an existing directory;
# 3. standard output closed.
# Then a run that works: the file (mode 0600) holds the live ticket and no
# temporary file is left beside it.  And a ticket that cannot be set (a
# desktop started without a password) leaves no file behind.
# No viewer is needed: the live definition says what a viewer would get.

# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

name=$(e2e_name ticket)
open=$(e2e_name ticket-none)
pwfile=$E2E_TMP/password
(umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$pwfile")

for n in "$name" "$open"; do
  e2e_track "$n"
done
E2E_STDIN=$pwfile e2e_vdctl create "$name" --network none --memory 256 --start --password-file -
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl create $name exited $E2E_RC"; }
e2e_vdctl create "$open" --network none --memory 256 --start --no-password
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl create $open exited $E2E_RC"; }

# display NAME: the running display's password and its expiry.
display ()
{
  vd_virsh dumpxml --security-info -- "$1" >"$E2E_TMP/live.xml" ||
    e2e_fail "cannot read the live XML of $1"
  printf '%s|%s\n' \
    "$(e2e_xpath "$E2E_TMP/live.xml" "string(/domain/devices/graphics[@type='spice']/@passwd)")" \
    "$(e2e_xpath "$E2E_TMP/live.xml" "string(/domain/devices/graphics[@type='spice']/@passwdValidTo)")"
}

# unchanged WHAT: the last export-vv failed and the display kept $before.
unchanged ()
{
  local what=$1 after
  after=$(display "$name")
  if [ "$E2E_RC" -ne 0 ] && [ "$after" = "$before" ]; then
    ok "$what: export-vv fails and the desktop keeps its password"
  else
    not_ok "$what" "exit $E2E_RC (expected a failure)" \
      "the display's password|expiry changed: '$before' -> '$after'" "stderr: $E2E_ERR"
  fi
}

before=$(display "$name")
[ "$before" = "$(cat "$pwfile")|" ] || e2e_fail "the desktop does not run with its own password"

e2e_vdctl export-vv "$name" --ttl 60 -o "$E2E_TMP/no-such-dir/seat.vv"
unchanged "-o into a directory that does not exist"
check "... and says which file it could not write" \
  grep -q "cannot write the connection file $E2E_TMP/no-such-dir/seat.vv" "$E2E_TMP/err"

mkdir "$E2E_TMP/a-directory"
e2e_vdctl export-vv "$name" --ttl 60 -o "$E2E_TMP/a-directory"
unchanged "-o naming a directory"
check "... which is still an empty directory" [ -z "$(ls -A "$E2E_TMP/a-directory")" ]

rc=0
timeout 60 "$VDCTL" -c "$VD_QEMU_URI" export-vv "$name" --ttl 60 >&- 2>"$E2E_TMP/err" || rc=$?
E2E_RC=$rc
E2E_ERR=$(cat "$E2E_TMP/err")
unchanged "standard output closed"

# A run that works.
mkdir "$E2E_TMP/out-dir"
e2e_vdctl export-vv "$name" --ttl 60 -o "$E2E_TMP/out-dir/seat.vv"
if [ "$E2E_RC" -eq 0 ] && [ -f "$E2E_TMP/out-dir/seat.vv" ]; then
  ok "export-vv --ttl 60 -o FILE writes FILE"
else
  not_ok "export-vv --ttl 60 -o FILE" "exit $E2E_RC" "stderr: $E2E_ERR"
fi
check "the file has mode 0600" [ "$(stat -c %a "$E2E_TMP/out-dir/seat.vv" 2>/dev/null)" = 600 ]
check "no temporary file is left beside it" [ "$(ls -A "$E2E_TMP/out-dir")" = seat.vv ]
e2e_require_python_gi
ticket=$(vvtool get "$E2E_TMP/out-dir/seat.vv" password 2>/dev/null)
now=$(display "$name")
if [ -n "$ticket" ] && [ "${now%%|*}" = "$ticket" ] && [ -n "${now#*|}" ] &&
   [ "$ticket" != "$(cat "$pwfile")" ]; then
  ok "the file's password is the live one-time ticket, with an expiry"
else
  not_ok "the file's password is not the live ticket" "file: '$ticket'" "live: '$now'"
fi

# A ticket that cannot be set (QEMU started the display without a
# password): the file that was written for it goes again.
mkdir "$E2E_TMP/none-dir"
e2e_vdctl export-vv "$open" --ttl 60 -o "$E2E_TMP/none-dir/seat.vv"
check "export-vv --ttl on a display started without a password fails" [ "$E2E_RC" -eq 1 ]
check "... and leaves no file, temporary or not" [ -z "$(ls -A "$E2E_TMP/none-dir")" ]

tap_finish
