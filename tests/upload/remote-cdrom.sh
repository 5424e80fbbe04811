#!/bin/bash
# End to end: 'vdctl create --cdrom ISO' on a remote-style connection
# uploads the local ISO into --pool and attaches that volume.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A private libvirtd listening on TCP 127.0.0.1 only (auth none) runs in a
# private mount namespace (tests/lib/private-libvirtd.sh): the shared
# daemon is never touched.  vdctl reaches it as
# qemu+tcp://127.0.0.1:PORT/system.
#
# Checks: the upload makes a volume with the ISO's bytes (virsh
# vol-download, cmp) and the domain's CD-ROM is that volume; a second
# create reuses it; a create that fails removes the volume it uploaded
# and keeps one it reused; a volume of the ISO's name and another size is
# refused; a volume of the ISO's size that no finished upload made (one
# made with virsh, one left by a vdctl killed in the middle of its upload)
# is refused, and uploaded again once removed; the progress bar is drawn
# on a terminal (script(1) gives a pty) and never on a pipe or with
# --quiet; SIGINT in the middle of an upload (held at its third chunk by
# tests/faults/pause-at.c, given as $1) stops it between chunks, deletes
# the partial volume, defines nothing, and vdctl exits with 130.
#
# Needs root, unshare and script (util-linux), libvirtd, virsh, python3.

set -u

# The namespace's bash gets no arguments: the module goes by environment.
export VDCTL_TEST_PAUSE_AT_SO=${VDCTL_TEST_PAUSE_AT_SO:-${1:-}}

# shellcheck source=tests/lib/private-libvirtd.sh
. "$(dirname "$0")/../lib/private-libvirtd.sh"
: "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"
PL_PACKAGES="python3 libxml2-utils diffutils" pl_enter_namespace script python3 xmllint cmp

# --- inside the private mount namespace -------------------------------------

pl_prepare e2e-upload
DIR=$PL_DIR
failures=0
trap pl_stop EXIT

fail ()
{
  echo "FAIL: $*"
  failures=$((failures + 1))
}

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
  { echo "FAIL: no free TCP port"; exit 1; }

printf '\n# vdctl e2e (tests/upload): TCP on loopback only, no authentication\n' >>"$PL_ETC/libvirtd.conf"
printf '%s\n' 'listen_tls = 0' 'listen_tcp = 1' 'listen_addr = "127.0.0.1"' 'auth_tcp = "none"' \
  "tcp_port = \"$port\"" >>"$PL_ETC/libvirtd.conf"

URI="qemu+tcp://127.0.0.1:$port/system"
PL_URI=$URI
pl_mount
pl_start_virtlogd
pl_start_libvirtd --listen
echo "# a private libvirtd (pid $PL_LIBVIRTD_PID) on $URI"

export LIBVIRT_DEFAULT_URI="$URI"
vsh () { virsh -q -c "$URI" "$@"; }

pool=vdctl-upload
mkdir -p "$DIR/pool"
{ vsh pool-define-as "$pool" dir --target "$DIR/pool" && vsh pool-start "$pool"; } >"$DIR/pool.log" 2>&1 ||
  { cat "$DIR/pool.log"; echo "FAIL: cannot make pool $pool"; exit 1; }

# The local ISOs: random bytes are as good as an image here.
mkdir -p "$DIR/media" "$DIR/other"
head -c $((24 * 1024 * 1024 + 123)) /dev/urandom >"$DIR/media/install media.iso"
head -c $((3 * 1024 * 1024)) /dev/urandom >"$DIR/media/second.iso"
head -c $((2 * 1024 * 1024)) /dev/urandom >"$DIR/media/fails.iso"
head -c 4096 /dev/urandom >"$DIR/other/install media.iso"
head -c $((8 * 1024 * 1024)) /dev/urandom >"$DIR/media/eight.iso"

base=("$VDCTL" -c "$URI" create --pool "$pool" --memory 256)
create=("${base[@]}" --network none)

# The domain's CD-ROM: "type pool volume".
cdrom_of ()
{
  vsh dumpxml "$1" >"$DIR/$1.xml" || return 1
  printf '%s %s %s\n' \
    "$(xmllint --xpath 'string(//devices/disk[@device="cdrom"]/@type)' "$DIR/$1.xml")" \
    "$(xmllint --xpath 'string(//devices/disk[@device="cdrom"]/source/@pool)' "$DIR/$1.xml")" \
    "$(xmllint --xpath 'string(//devices/disk[@device="cdrom"]/source/@volume)' "$DIR/$1.xml")"
}

same_bytes ()
{
  rm -f "$DIR/download"
  vsh vol-download --pool "$pool" "$1" "$DIR/download" >/dev/null 2>&1 || return 1
  cmp -s "$DIR/download" "$2"
}

has_bar ()
{
  grep -q '%.*\[[# ]*\].*/' "$1"
}

# 1. On a terminal: the upload, with its bar.
printf -v cmd '%q ' "${create[@]}" up-one --cdrom "$DIR/media/install media.iso"
script -qec "$cmd" /dev/null >"$DIR/one.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$DIR/one.out"; fail "create up-one on a terminal exited $rc"; }
has_bar "$DIR/one.out" || { cat -A "$DIR/one.out" | head -20; fail "no progress bar on a terminal"; }
grep -q 'Uploading install media.iso 100% \[####################\] 24.0 MiB / 24.0 MiB' "$DIR/one.out" ||
  { cat -A "$DIR/one.out" | head -20; fail "the bar does not end at 100% of 24.0 MiB"; }
tr '\r' '\n' <"$DIR/one.out" | grep -q "^Uploaded .*install media.iso to $URI as volume 'install media.iso' in pool '$pool'" ||
  { cat "$DIR/one.out"; fail "no 'Uploaded' line after the bar"; }
same_bytes "install media.iso" "$DIR/media/install media.iso" ||
  fail "volume 'install media.iso' does not hold the ISO's bytes"
[ "$(cdrom_of up-one)" = "volume $pool install media.iso" ] ||
  fail "up-one's CD-ROM is '$(cdrom_of up-one)', not the volume"

# 2. The same ISO again, on a pipe: the volume is reused, nothing drawn.
vol_path=$(vsh vol-path --pool "$pool" "install media.iso")
touch -d '2001-01-01' "$vol_path"
"${create[@]}" up-two --cdrom "$DIR/media/install media.iso" >"$DIR/two.out" 2>"$DIR/two.err" ||
  { cat "$DIR/two.out" "$DIR/two.err"; fail "create up-two exited $?"; }
grep -q "Using volume 'install media.iso' in pool '$pool'" "$DIR/two.out" ||
  { cat "$DIR/two.out"; fail "up-two did not say it reuses the volume"; }
[ "$(stat -c %Y "$vol_path")" = "$(date -d 2001-01-01 +%s)" ] || fail "up-two wrote the volume again"
[ "$(cdrom_of up-two)" = "volume $pool install media.iso" ] ||
  fail "up-two's CD-ROM is '$(cdrom_of up-two)', not the volume"

# 3. Another ISO with standard error a pipe: uploaded, and no bar at all.
"${create[@]}" up-three --cdrom "$DIR/media/second.iso" >"$DIR/three.out" 2>"$DIR/three.err" ||
  { cat "$DIR/three.out" "$DIR/three.err"; fail "create up-three exited $?"; }
[ ! -s "$DIR/three.err" ] || { cat -A "$DIR/three.err"; fail "standard error is not empty on a pipe"; }
grep -q "^Uploaded " "$DIR/three.out" || { cat "$DIR/three.out"; fail "up-three did not upload"; }
same_bytes second.iso "$DIR/media/second.iso" || fail "volume second.iso does not hold the ISO's bytes"

# 4. --quiet on a terminal: no bar.
printf -v cmd '%q ' "$VDCTL" --quiet -c "$URI" create --pool "$pool" --network none --memory 256 \
  up-four --cdrom "$DIR/media/fails.iso"
script -qec "$cmd" /dev/null >"$DIR/four.out" 2>&1 || { cat "$DIR/four.out"; fail "create --quiet up-four failed"; }
! has_bar "$DIR/four.out" || { cat -A "$DIR/four.out"; fail "--quiet drew a bar"; }
same_bytes fails.iso "$DIR/media/fails.iso" || fail "volume fails.iso does not hold the ISO's bytes"
vsh undefine up-four >/dev/null && vsh vol-delete --pool "$pool" fails.iso >/dev/null ||
  fail "cannot remove up-four and its volume"

# 5. A create that fails after uploading removes its upload ...
if "${base[@]}" up-five --cdrom "$DIR/media/fails.iso" --bridge vdctl-nosuchbr0 --start \
     >"$DIR/five.out" 2>"$DIR/five.err"; then
  fail "create with a bridge that does not exist succeeded"
fi
grep -q 'vdctl: error:' "$DIR/five.err" || { cat "$DIR/five.err"; fail "no error from the failing create"; }
grep -q "^Uploaded " "$DIR/five.out" || { cat "$DIR/five.out" "$DIR/five.err"; fail "the failing create failed before its upload"; }
if vsh vol-info --pool "$pool" fails.iso >/dev/null 2>&1; then
  fail "the failing create left its uploaded volume fails.iso behind"
fi
if vsh dominfo up-five >/dev/null 2>&1; then fail "the failing create left up-five defined"; fi

# ... and never a volume it reused.
if "${base[@]}" up-six --cdrom "$DIR/media/install media.iso" --bridge vdctl-nosuchbr0 --start \
     >"$DIR/six.out" 2>"$DIR/six.err"; then
  fail "create with a bridge that does not exist succeeded"
fi
grep -q "^Using volume " "$DIR/six.out" || { cat "$DIR/six.out" "$DIR/six.err"; fail "up-six did not get as far as its volume"; }
grep -q 'vdctl: error:' "$DIR/six.err" || { cat "$DIR/six.err"; fail "no error from the failing create"; }
same_bytes "install media.iso" "$DIR/media/install media.iso" ||
  fail "the failing create removed or changed the reused volume"

# 6. A volume of the ISO's name with another size is not overwritten.
if "${create[@]}" up-seven --cdrom "$DIR/other/install media.iso" >"$DIR/seven.out" 2>"$DIR/seven.err"; then
  fail "an ISO of another size was taken for the volume of its name"
fi
grep -q "volume 'install media.iso' in pool '$pool' is not .*its size differs" "$DIR/seven.err" ||
  { cat "$DIR/seven.err"; fail "no size mismatch error"; }
same_bytes "install media.iso" "$DIR/media/install media.iso" || fail "the mismatched ISO changed the volume"
if vsh dominfo up-seven >/dev/null 2>&1; then fail "up-seven was defined"; fi

# 8. Every finished upload is recorded beside its volume, and the record
# goes with a volume a failing create removes.
vsh vol-info --pool "$pool" "install media.iso.vdctl-complete" >/dev/null 2>&1 ||
  fail "no record that the upload of 'install media.iso' finished"
if vsh vol-info --pool "$pool" fails.iso.vdctl-complete >/dev/null 2>&1; then
  fail "the record of the removed fails.iso is still there"
fi

# 9. A volume of the ISO's size that no finished upload made (here: made
# with virsh, never written) is not taken for the ISO.
head -c $((5 * 1024 * 1024)) /dev/urandom >"$DIR/media/blank.iso"
vsh vol-create-as "$pool" blank.iso $((5 * 1024 * 1024)) --format raw >/dev/null ||
  fail "cannot make volume blank.iso"
if "${create[@]}" up-nine --cdrom "$DIR/media/blank.iso" >"$DIR/nine.out" 2>"$DIR/nine.err"; then
  fail "a volume no upload finished was taken for the ISO"
fi
grep -q "vdctl: error: volume 'blank.iso' in pool '$pool' has the size of .*, but no upload of it is known to have finished" "$DIR/nine.err" ||
  { cat "$DIR/nine.out" "$DIR/nine.err"; fail "no clear refusal of an unfinished volume"; }
if vsh dominfo up-nine >/dev/null 2>&1; then fail "up-nine was defined"; fi

# 10. vdctl killed (SIGKILL) in the middle of an upload: the volume it
# leaves is not reused; once removed, the ISO is uploaded again whole.
head -c $((192 * 1024 * 1024)) /dev/urandom >"$DIR/media/big.iso"
"${create[@]}" up-ten --cdrom "$DIR/media/big.iso" >"$DIR/ten.out" 2>"$DIR/ten.err" &
victim=$!
caught=
# How far vdctl has read the ISO: the offset of its descriptor (the
# volume itself is allocated whole before the upload starts).
read_offset ()
{
  local fd
  for fd in /proc/"$victim"/fd/*; do
    if [ "$(readlink "$fd" 2>/dev/null)" = "$DIR/media/big.iso" ]; then
      sed -n 's/^pos:[[:space:]]*//p' "/proc/$victim/fdinfo/${fd##*/}" 2>/dev/null
      return
    fi
  done
  echo 0
}
offset=0
for _ in $(seq 1 3000); do
  offset=$(read_offset)
  if [ "${offset:-0}" -gt 0 ]; then
    kill -STOP "$victim" 2>/dev/null
    offset=$(read_offset)
    [ "${offset:-0}" -gt 0 ] && [ "$offset" -lt $((192 * 1024 * 1024)) ] && caught=yes
    kill -KILL "$victim" 2>/dev/null
    break
  fi
  kill -0 "$victim" 2>/dev/null || break
  sleep 0.01
done
wait "$victim" 2>/dev/null
if [ -z "$caught" ]; then
  cat "$DIR/ten.out" "$DIR/ten.err"
  fail "vdctl was not caught in the middle of the upload (read offset ${offset:-?})"
else
  echo "# vdctl killed with $((offset / 1048576)) of 192 MiB of the ISO read"
  vsh vol-info --pool "$pool" big.iso >/dev/null 2>&1 || fail "the killed upload left no volume"
  if "${create[@]}" up-eleven --cdrom "$DIR/media/big.iso" >"$DIR/eleven.out" 2>"$DIR/eleven.err"; then
    fail "the volume of an upload killed half way was reused"
  fi
  grep -q "no upload of it is known to have finished" "$DIR/eleven.err" ||
    { cat "$DIR/eleven.out" "$DIR/eleven.err"; fail "no clear refusal after the killed upload"; }
  grep -q "^Using volume" "$DIR/eleven.out" && fail "the create said it uses the partial volume"
  if vsh dominfo up-eleven >/dev/null 2>&1; then fail "up-eleven was defined"; fi
  vsh vol-delete --pool "$pool" big.iso >/dev/null || fail "cannot remove the partial volume"
  "${create[@]}" up-eleven --cdrom "$DIR/media/big.iso" >"$DIR/twelve.out" 2>"$DIR/twelve.err" ||
    { cat "$DIR/twelve.out" "$DIR/twelve.err"; fail "create after removing the partial volume exited $?"; }
  grep -q "^Uploaded " "$DIR/twelve.out" || fail "the ISO was not uploaded again"
  same_bytes big.iso "$DIR/media/big.iso" || fail "volume big.iso does not hold the ISO's bytes"
fi

# 7. A local connection attaches the path as before (the same daemon).
"$VDCTL" -c qemu:///system create up-local --cdrom "$DIR/media/second.iso" --network none \
  --memory 256 >"$DIR/local.out" 2>&1 || { cat "$DIR/local.out"; fail "local create failed"; }
[ "$(xmllint --xpath 'string(//devices/disk[@device="cdrom"]/source/@file)' <(vsh dumpxml up-local))" = "$DIR/media/second.iso" ] ||
  fail "a local create did not attach the ISO by path"

# 8. SIGINT in the middle of an upload: held at the third chunk's send.
if [ -n "$VDCTL_TEST_PAUSE_AT_SO" ]; then
  mkdir -p "$DIR/pause"
  VDCTL_PAUSE_AT=virStreamSend:3 VDCTL_PAUSE_DIR="$DIR/pause" LD_PRELOAD="$VDCTL_TEST_PAUSE_AT_SO" \
    "${create[@]}" up-eight --cdrom "$DIR/media/eight.iso" >"$DIR/eight.out" 2>"$DIR/eight.err" &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    [ -e "$DIR/pause/paused-virStreamSend" ] || ! kill -0 "$pid" 2>/dev/null && break
    sleep 0.1
  done
  kill -INT "$pid" 2>/dev/null
  touch "$DIR/pause/go-virStreamSend"
  rc=0
  wait "$pid" || rc=$?
  [ "$rc" -eq 130 ] || { cat "$DIR/eight.out" "$DIR/eight.err"; fail "SIGINT during the upload: exit $rc, expected 130"; }
  grep -q "^vdctl: error: interrupted by SIGINT; desktop 'up-eight' is not created" "$DIR/eight.err" ||
    { cat "$DIR/eight.err"; fail "SIGINT during the upload: not the interrupted error"; }
  if vsh vol-info --pool "$pool" eight.iso >/dev/null 2>&1; then
    fail "SIGINT during the upload left the partial volume eight.iso"
  fi
  if vsh dominfo up-eight >/dev/null 2>&1; then fail "SIGINT during the upload left up-eight"; fi
else
  echo "# SIGINT during an upload: not checked (no pause-at module given)"
fi

if [ "$failures" -ne 0 ]; then
  echo "FAIL: $failures check(s)"
  tail -n 5 "$DIR/libvirtd.log"
  exit 1
fi
echo "PASS: upload of --cdrom on $URI"
