#!/bin/bash
# End to end: the files 'vdctl export-vv' writes, on qemu:///system, read
# back with GLib's GKeyFile (virt-viewer's own parser) and by remote-viewer.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Desktops, all SPICE on loopback or never started:
#   A  running, with a password
#   W  running, no password (loopback), a name with ] [ = # ; \n (a backslash
#      and an n) \ and non-ASCII: the title key must carry it intact and add
#      no key; remote-viewer's window is titled with it
#   S  defined, not running
#   N  running, no SPICE display (vdctl edit --no-spice)
#   O  --listen 0.0.0.0 --no-password --insecure, defined and NEVER started:
#      a passwordless display on all interfaces is not something a test may
#      open, so only its "not running" error is checked here; the
#      "listens on 0.0.0.0 with no password" refusal needs a running one and
#      is not tested end to end.

# shellcheck source=tests/lib/viewer.sh
. "$(dirname "$0")/../lib/viewer.sh"

A=$(e2e_name export)
S=$(e2e_name stopped)
N=$(e2e_name nospice)
O=$(e2e_name open)
W="vdctl e2e ]\n[evil]\npassword=x = #; \\ Ü $$-$RANDOM"
pwfile="$E2E_TMP/password"
viewer_password_file "$pwfile"

viewer_create "$A" --usb3 --usbredir 2 --start --password-file "$pwfile"
viewer_create "$W" --usb3 --usbredir 2 --start --no-password
viewer_create "$S" --password-file "$pwfile"
viewer_create "$N" --password-file "$pwfile"
e2e_vdctl edit "$N" --no-spice
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl edit $N --no-spice exited $E2E_RC"; }
e2e_vdctl start "$N"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl start $N exited $E2E_RC"; }
viewer_create "$O" --listen 0.0.0.0 --no-password --insecure

live="$E2E_TMP/live.xml"
viewer_live_xml "$A" "$live"
port=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@port)")

# keys FILE: the "group<TAB>key" lines of FILE, sorted.
keys ()
{
  vvtool keys "$1" | LC_ALL=C sort
}

# expect_keys FILE WHAT KEY...: FILE has exactly these keys in [virt-viewer].
expect_keys ()
{
  local file=$1 what=$2 k want got
  shift 2
  want=$(for k in "$@"; do printf 'virt-viewer\t%s\n' "$k"; done | LC_ALL=C sort)
  got=$(keys "$file" 2>&1)
  if [ "$got" = "$want" ]; then
    viewer_ok "$what: the keys are exactly: $*"
  else
    viewer_bad "$what: the keys are not the expected ones"
    diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/#   /'
  fi
}

# expect_value FILE KEY VALUE WHAT
expect_value ()
{
  if vvtool same-value "$1" "$2" "$3" >"$E2E_TMP/same" 2>&1; then
    viewer_ok "$4"
  else
    viewer_bad "$4: $(cat "$E2E_TMP/same")"
  fi
}

# expect_fail RC PATTERN WHAT: the last e2e_vdctl exited RC with one error
# line matching PATTERN (extended regex) and nothing on stdout.
expect_fail ()
{
  local rc=$1 re=$2 what=$3
  if [ "$E2E_RC" -eq "$rc" ] && printf '%s\n' "$E2E_ERR" | grep -qE -- "$re" && [ -z "$E2E_OUT" ]; then
    viewer_ok "$what: exit $rc, $(printf '%s\n' "$E2E_ERR" | head -n 1)"
  else
    viewer_bad "$what: expected exit $rc and an error matching /$re/"
    e2e_show_output | sed 's/^/#   /'
  fi
}

mkdir -p "$E2E_TMP/cwd"
cd "$E2E_TMP/cwd" || e2e_fail "cannot enter $E2E_TMP/cwd"

# --- standard output ----------------------------------------------------------

e2e_vdctl export-vv "$A"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl export-vv $A exited $E2E_RC"; }
[ -z "$E2E_ERR" ] || viewer_bad "export-vv to standard output printed on stderr: $E2E_ERR"
[ -z "$(ls -A "$E2E_TMP/cwd")" ] || viewer_bad "export-vv to standard output wrote a file: $(ls -A "$E2E_TMP/cwd")"
cp "$E2E_TMP/out" "$E2E_TMP/stdout.vv"
expect_keys "$E2E_TMP/stdout.vv" "export-vv (stdout)" type host port password title \
  delete-this-file enable-usbredir enable-usb-autoshare secure-attention release-cursor \
  toggle-fullscreen
expect_value "$E2E_TMP/stdout.vv" type spice "export-vv: type=spice"
expect_value "$E2E_TMP/stdout.vv" host 127.0.0.1 "export-vv: host=127.0.0.1, the listen address"
expect_value "$E2E_TMP/stdout.vv" port "$port" "export-vv: port=$port, the running desktop's"
expect_value "$E2E_TMP/stdout.vv" title "$A" "export-vv: title is the desktop's name"
expect_value "$E2E_TMP/stdout.vv" delete-this-file 1 "export-vv: delete-this-file=1 by default"
expect_value "$E2E_TMP/stdout.vv" enable-usbredir 1 "export-vv: enable-usbredir=1"
vvtool get "$E2E_TMP/stdout.vv" password >"$E2E_TMP/got-password"
cmp -s "$E2E_TMP/got-password" <(cat "$pwfile"; echo) &&
  viewer_ok "export-vv without --ttl: the desktop's own password" ||
  viewer_bad "export-vv without --ttl: the password is not the one the desktop was created with"

# --keep-file
e2e_vdctl export-vv "$A" --keep-file
[ "$E2E_RC" -eq 0 ] || viewer_bad "export-vv --keep-file exited $E2E_RC: $E2E_ERR"
cp "$E2E_TMP/out" "$E2E_TMP/keep.vv"
if keys "$E2E_TMP/keep.vv" | grep -q "delete-this-file"; then
  viewer_bad "export-vv --keep-file still asks the viewer to delete the file"
else
  viewer_ok "export-vv --keep-file: no delete-this-file key"
fi

# --- -o FILE: 0600 whatever the umask, atomic ---------------------------------

out="$E2E_TMP/files/a.vv"
mkdir -p "$E2E_TMP/files"
printf 'old contents\n' >"$out"
chmod 0644 "$out"
ln "$out" "$E2E_TMP/files/a.vv.link"
rc=0
(umask 000 && exec timeout 60 "$VDCTL" -c "$VD_QEMU_URI" export-vv "$A" -o "$out" \
   </dev/null >"$E2E_TMP/o.out" 2>"$E2E_TMP/o.err") || rc=$?
[ "$rc" -eq 0 ] || viewer_bad "export-vv -o FILE exited $rc: $(cat "$E2E_TMP/o.err")"
[ "$(stat -c %a "$out")" = 600 ] && viewer_ok "export-vv -o under umask 000: mode 0600" ||
  viewer_bad "export-vv -o under umask 000 wrote mode $(stat -c %a "$out"), expected 600"
[ ! -s "$E2E_TMP/o.out" ] || viewer_bad "export-vv -o printed on stdout: $(cat "$E2E_TMP/o.out")"
grep -qF "$out" "$E2E_TMP/o.err" || viewer_bad "export-vv -o does not say where it wrote"
expect_value "$out" title "$A" "export-vv -o: the file is a connection file for $A"
# Replaced by a rename, not rewritten in place: the old inode (the hard
# link) keeps the old contents, and no temporary file is left beside it.
if [ "$(cat "$E2E_TMP/files/a.vv.link")" = "old contents" ]; then
  viewer_ok "export-vv -o replaces the file atomically (the old inode is untouched)"
else
  viewer_bad "export-vv -o wrote into the existing file in place, not through a rename"
fi
left=$(ls -A "$E2E_TMP/files" | grep -vxF -e a.vv -e a.vv.link || true)
[ -z "$left" ] && viewer_ok "export-vv -o leaves no temporary file" ||
  viewer_bad "export-vv -o left files behind: $left"

# A failed export leaves an existing file as it was.
keep="$E2E_TMP/files/keep.vv"
printf 'keep me\n' >"$keep"
e2e_vdctl export-vv "$S" -o "$keep"
expect_fail 1 "desktop '$S' is not running" "export-vv of a stopped desktop"
[ "$(cat "$keep")" = "keep me" ] && viewer_ok "a failed export-vv -o leaves the existing file as it was" ||
  viewer_bad "a failed export-vv -o changed the existing file"
e2e_vdctl export-vv "$A" -o "$E2E_TMP/no-such-dir/a.vv"
[ "$E2E_RC" -eq 1 ] && [ ! -e "$E2E_TMP/no-such-dir" ] &&
  viewer_ok "export-vv -o into a missing directory: exit 1, nothing made" ||
  viewer_bad "export-vv -o into a missing directory: exit $E2E_RC ($E2E_ERR)"
left=$(ls -A "$E2E_TMP/files" | grep -vxF -e a.vv -e a.vv.link -e keep.vv || true)
[ -z "$left" ] || viewer_bad "failed exports left files behind: $left"

# --- --ttl to standard output -------------------------------------------------

e2e_vdctl export-vv "$A" --ttl 60
[ "$E2E_RC" -eq 0 ] || viewer_bad "export-vv --ttl 60 to stdout exited $E2E_RC: $E2E_ERR"
cp "$E2E_TMP/out" "$E2E_TMP/ticket.vv"
viewer_live_xml "$A" "$live"
vvtool get "$E2E_TMP/ticket.vv" password >"$E2E_TMP/ticket"
ticket=$(cat "$E2E_TMP/ticket")
if [ -n "$ticket" ] &&
   [ "$ticket" = "$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@passwd)")" ] &&
   [ "$ticket" != "$(cat "$pwfile")" ]; then
  viewer_ok "export-vv --ttl to stdout: a fresh password, live on the desktop"
else
  viewer_bad "export-vv --ttl to stdout: the password is not a fresh live ticket"
fi
[ -n "$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@passwdValidTo)")" ] ||
  viewer_bad "export-vv --ttl: no passwdValidTo on the running desktop"

# --- --dir with one desktop that cannot be exported ---------------------------

dir="$E2E_TMP/dir"
mkdir -p "$dir"
e2e_vdctl export-vv --dir "$dir" "$A" "$S"
if [ "$E2E_RC" -eq 1 ] && printf '%s\n' "$E2E_ERR" | grep -qF "'$S'" &&
   ! printf '%s\n' "$E2E_ERR" | grep -qF "'$A'"; then
  viewer_ok "export-vv --dir A S: exit 1, the error names $S only"
else
  viewer_bad "export-vv --dir A S: exit $E2E_RC, expected 1 with an error naming $S"
  e2e_show_output | sed 's/^/#   /'
fi
if [ -f "$dir/$A.vv" ] && [ "$(stat -c %a "$dir/$A.vv")" = 600 ]; then
  viewer_ok "export-vv --dir: $A.vv written, mode 0600"
  expect_value "$dir/$A.vv" title "$A" "export-vv --dir: $A.vv is $A's"
else
  viewer_bad "export-vv --dir: no $A.vv with mode 0600 (files: $(ls -A "$dir"))"
fi
[ ! -e "$dir/$S.vv" ] || viewer_bad "export-vv --dir wrote a file for the stopped $S"

# --- a name with ] [ = # ; \n and non-ASCII -----------------------------------

e2e_vdctl export-vv "$W"
[ "$E2E_RC" -eq 0 ] || viewer_bad "export-vv of '$W' exited $E2E_RC: $E2E_ERR"
cp "$E2E_TMP/out" "$E2E_TMP/w.vv"
expect_keys "$E2E_TMP/w.vv" "export-vv '$W' (no password)" type host port title \
  delete-this-file enable-usbredir enable-usb-autoshare secure-attention release-cursor \
  toggle-fullscreen
expect_value "$E2E_TMP/w.vv" title "$W" "export-vv: the title carries the name intact"
[ "$(grep -c '^\[' "$E2E_TMP/w.vv")" = 1 ] && [ "$(grep -c '^title=' "$E2E_TMP/w.vv")" = 1 ] &&
  viewer_ok "export-vv: one group header, one title line" ||
  { viewer_bad "export-vv: the name made extra lines in the file"; sed 's/^/#   /' "$E2E_TMP/w.vv"; }
# A name with a newline cannot reach a title: vdctl refuses it first.
e2e_vdctl export-vv "$(printf 'x\n[y]\npassword=z')"
expect_fail 2 "control characters" "export-vv of a name with a newline"

# remote-viewer reads the same title: its window is named after the desktop.
# The same file carries a --usb-filter, which spice-gtk must take as its
# auto-connect filter.
good_filter='0x03,-1,-1,-1,0|0x08,0x1234,0xabcd,-1,0|-1,-1,-1,-1,1'
viewer_start_xvfb
e2e_vdctl export-vv "$W" --usb-filter "$good_filter" -o "$E2E_TMP/w-run.vv"
[ "$E2E_RC" -eq 0 ] || viewer_bad "export-vv '$W' --usb-filter -o FILE exited $E2E_RC: $E2E_ERR"
viewer_run "$E2E_TMP/w-run.vv" "$E2E_TMP/w.log"
rv=$VIEWER_PID
if viewer_channels_up "$E2E_TMP/w.log" main-1:0 display-2:0 && viewer_find_window "$W (1)"; then
  viewer_ok "remote-viewer: the window of '$W' is titled with its name"
else
  viewer_keep "$E2E_TMP/w.log"
  viewer_bad "remote-viewer: no window titled '$W (1)'"
fi
if grep -qF "auto-connect filter set to $good_filter" "$E2E_TMP/w.log" &&
   ! grep -q "Error parsing auto-connect-filter" "$E2E_TMP/w.log"; then
  viewer_ok "remote-viewer takes the --usb-filter rules as its auto-connect filter"
else
  viewer_keep "$E2E_TMP/w.log"
  viewer_bad "remote-viewer did not take the --usb-filter rules: $(grep -i 'filter' "$E2E_TMP/w.log" | tail -n 2)"
fi
viewer_stop "$rv"

# A desktop started without a password cannot take a ticket (QEMU refuses
# set_password on such a display): a clear error, not a file.
e2e_vdctl export-vv "$W" --ttl 30
expect_fail 1 "without a SPICE password" "export-vv --ttl of a desktop started with no password"

# --- --usb-filter and --proxy ---------------------------------------------------

e2e_vdctl export-vv "$A" --usb-filter "$good_filter"
cp "$E2E_TMP/out" "$E2E_TMP/filter.vv"
[ "$E2E_RC" -eq 0 ] && expect_value "$E2E_TMP/filter.vv" usb-filter "$good_filter" \
  "export-vv --usb-filter: written as given" ||
  viewer_bad "export-vv --usb-filter '$good_filter' exited $E2E_RC: $E2E_ERR"

# Rules that are plainly wrong: usage errors (exit 2), nothing written.
for rules in '' 'x' '0x03,-1,-1,-1' '0x03,-1,-1,-1,2' '0x03,-1,-1,-1,1|' \
             '0x03,-1,-1,-1,1,1' '0x10000,-1,-1,-1,1' '-2,-1,-1,-1,1' '0x,-1,-1,-1,1' \
             '0x03,-1,0x10000,-1,1'; do
  e2e_vdctl export-vv "$A" -o "$E2E_TMP/bad-filter.vv" --usb-filter "$rules"
  if [ "$E2E_RC" -eq 2 ] && printf '%s\n' "$E2E_ERR" | grep -q "usb-filter" &&
     [ ! -e "$E2E_TMP/bad-filter.vv" ]; then
    viewer_ok "export-vv --usb-filter '$rules': refused (exit 2)"
  else
    viewer_bad "export-vv --usb-filter '$rules': exit $E2E_RC, expected 2 and no file"
    rm -f "$E2E_TMP/bad-filter.vv"
  fi
done

# Whatever rules export-vv accepts, remote-viewer must take: otherwise it
# warns "Error parsing auto-connect-filter string, keeping old filter" and
# ignores every rule of the file. Each of these is either refused (exit 2)
# or written so that the viewer takes it. USB classes are one byte, and
# usbredir's parser allows no space after a number.
for rules in '8,4660,43981,-1,1|3,-1,-1,0x0200,0' '0x100,-1,-1,-1,1' \
             '0xff ,-1,-1,-1,0'; do
  rm -f "$E2E_TMP/filter-run.vv"
  e2e_vdctl export-vv "$W" -o "$E2E_TMP/filter-run.vv" --usb-filter "$rules"
  if [ "$E2E_RC" -eq 2 ]; then
    viewer_ok "export-vv --usb-filter '$rules': refused (exit 2)"
    continue
  fi
  [ "$E2E_RC" -eq 0 ] || { viewer_bad "export-vv --usb-filter '$rules' exited $E2E_RC: $E2E_ERR"; continue; }
  written=$(vvtool get "$E2E_TMP/filter-run.vv" usb-filter)
  filter_runs=$(( ${filter_runs:-0} + 1 ))
  log="$E2E_TMP/filter-run-$filter_runs.log"
  viewer_run "$E2E_TMP/filter-run.vv" "$log"
  rv=$VIEWER_PID
  if ! viewer_channels_up "$log" main-1:0; then
    viewer_keep "$log"
    viewer_bad "export-vv --usb-filter '$rules': remote-viewer did not link with the file"
  elif grep -qF "auto-connect filter set to $written" "$log" &&
     ! grep -q "Error parsing auto-connect-filter" "$log"; then
    viewer_ok "export-vv --usb-filter '$rules': accepted, and remote-viewer takes '$written'"
  else
    viewer_keep "$log"
    viewer_bad "export-vv --usb-filter '$rules' exited 0 and wrote usb-filter=$written, which remote-viewer refuses: $(grep -iE 'filter' "$log" | sed 's/.*: //' | tail -n 1)"
  fi
  viewer_stop "$rv"
done

e2e_vdctl export-vv "$A" --proxy http://127.0.0.1:3128
cp "$E2E_TMP/out" "$E2E_TMP/proxy.vv"
[ "$E2E_RC" -eq 0 ] && expect_value "$E2E_TMP/proxy.vv" proxy http://127.0.0.1:3128 \
  "export-vv --proxy: written as given" ||
  viewer_bad "export-vv --proxy http://127.0.0.1:3128 exited $E2E_RC: $E2E_ERR"
for proxy in '' 'ftp://127.0.0.1:21' 'proxy:3128' 'http://' 'not a url' 'socks5://127.0.0.1:1080'; do
  e2e_vdctl export-vv "$A" -o "$E2E_TMP/bad-proxy.vv" --proxy "$proxy"
  if [ "$E2E_RC" -eq 2 ] && printf '%s\n' "$E2E_ERR" | grep -q "proxy" &&
     [ ! -e "$E2E_TMP/bad-proxy.vv" ]; then
    viewer_ok "export-vv --proxy '$proxy': refused (exit 2)"
  else
    viewer_bad "export-vv --proxy '$proxy': exit $E2E_RC, expected 2 and no file"
    rm -f "$E2E_TMP/bad-proxy.vv"
  fi
done

# --- desktops that cannot be exported -------------------------------------------

e2e_vdctl export-vv "$N"
expect_fail 1 "desktop '$N' has no SPICE display" "export-vv of a running desktop without SPICE"
e2e_vdctl export-vv "$O"
expect_fail 1 "desktop '$O' is not running" "export-vv of a passwordless 0.0.0.0 desktop that is not running"
[ "$(vd_virsh domstate -- "$O")" = "shut off" ] || viewer_bad "$O must never run"
e2e_vdctl export-vv "$(e2e_name missing)"
expect_fail 1 "no desktop named" "export-vv of a desktop that does not exist"

# --- usage errors ----------------------------------------------------------------

e2e_vdctl export-vv "$A" -o "$E2E_TMP/u.vv" --dir "$dir"
expect_fail 2 "alternatives" "export-vv -o with --dir"
e2e_vdctl export-vv "$A" "$W"
expect_fail 2 "--dir" "export-vv of two desktops without --dir"
e2e_vdctl export-vv "$A" --dir "$E2E_TMP/not-a-dir"
expect_fail 2 "not a directory" "export-vv --dir of a missing directory"
for ttl in 0 -1 abc 604801; do
  e2e_vdctl export-vv "$A" --ttl "$ttl"
  expect_fail 2 "--ttl" "export-vv --ttl $ttl"
done
[ ! -e "$E2E_TMP/u.vv" ] || viewer_bad "a usage error wrote a file"

viewer_finish "export-vv files on $VD_QEMU_URI"
