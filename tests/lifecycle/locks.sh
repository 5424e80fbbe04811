#!/bin/bash
# End to end: root and another user (nobody) of one libvirtd take the same
# lock for a domain, and 'vdctl delete' takes it too.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A private libvirtd (tests/lib/private-libvirtd.sh) that lets every local
# user in (auth none, on a socket only this mount namespace sees), and a
# fresh tmpfs on /run/vdctl, mode 0700 as older vdctl left it.  Checks:
#
#   - root's 'vdctl edit' makes /run/vdctl 0755 and /run/vdctl/locks 1777,
#     with the lock file domain-UUID (0644) that anyone may lock;
#   - while nobody holds that file (flock(1)), root's 'vdctl edit' waits,
#     then applies its change;
#   - while root holds it, nobody's 'vdctl edit' waits, then applies its
#     change;
#   - while it is held, 'vdctl delete' waits, then deletes.
#
# Needs root, unshare, setpriv and flock (util-linux), libvirtd, virsh.

set -u

# shellcheck source=tests/lib/private-libvirtd.sh
. "$(dirname "$0")/../lib/private-libvirtd.sh"
: "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"
PL_PACKAGES="python3 libxml2-utils" pl_enter_namespace setpriv flock xmllint

# --- inside the private mount namespace -------------------------------------

pl_prepare e2e-locks
DIR=$PL_DIR
failures=0
holders=()

stop_all ()
{
  local pid

  for pid in ${holders[@]+"${holders[@]}"}; do
    kill "$pid" 2>/dev/null || true
  done
  pl_stop
}
trap stop_all EXIT

fail ()
{
  echo "not ok - $*"
  failures=$((failures + 1))
}

ok ()
{
  echo "ok - $*"
}

id nobody >/dev/null 2>&1 || pl_skip "there is no user 'nobody'"
printf '\n# vdctl e2e (tests/lifecycle/locks.sh): every local user, no authentication\n' \
  >>"$PL_ETC/libvirtd.conf"
printf '%s\n' 'auth_unix_rw = "none"' 'unix_sock_rw_perms = "0777"' >>"$PL_ETC/libvirtd.conf"
pl_mount
mkdir -p /run/vdctl
mount -t tmpfs -o mode=0700 vdctl-e2e-locks /run/vdctl 2>"$DIR/mount.err" ||
  pl_skip "cannot mount a tmpfs on /run/vdctl: $(cat "$DIR/mount.err")"
pl_start_virtlogd
pl_start_libvirtd
echo "# a private libvirtd (pid $PL_LIBVIRTD_PID) on $PL_URI"

URI=$PL_URI
export LIBVIRT_DEFAULT_URI=$URI
# nobody's vdctl reads no configuration of root's.
mkdir -p "$DIR/home"
chmod 0755 "$DIR" "$DIR/home"

as_nobody ()
{
  setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env \
    env LIBVIRT_DEFAULT_URI="$URI" HOME="$DIR/home" XDG_CONFIG_HOME="$DIR/home" \
    VDCTL_SYSTEM_CONFIG="$DIR/none.conf" LC_ALL=C.UTF-8 "$@"
}

memory_mib ()
{
  echo $(( $(virsh -q -c "$URI" dumpxml --inactive "$1" |
             xmllint --xpath 'string(/domain/memory)' -) / 1024 ))
}

# hold WHO FILE SECONDS: WHO (root or nobody) holds FILE's lock for
# SECONDS; returns once it is held.
hold ()
{
  local who=$1 file=$2 seconds=$3

  if [ "$who" = nobody ]; then
    as_nobody flock "$file" sleep "$seconds" &
  else
    flock "$file" sleep "$seconds" &
  fi
  holders+=($!)
  for _ in $(seq 1 100); do
    flock -n "$file" true 2>/dev/null || return 0
    sleep 0.05
  done
  echo "# $who never held $file"
  return 1
}

# timed_run OUT COMMAND...: runs COMMAND, sets RC and SECONDS_TAKEN.
timed_run ()
{
  local out=$1 t0
  shift
  t0=$(date +%s.%N)
  "$@" >"$out.out" 2>"$out.err"
  RC=$?
  SECONDS_TAKEN=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" \
                  "$t0" "$(date +%s.%N)")
}

waited ()
{
  python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 2.0 else 1)" "$1"
}

name=vdctl-e2e-locks
"$VDCTL" create "$name" --network none --memory 256 --virt-type qemu >"$DIR/create.out" 2>&1 ||
  { cat "$DIR/create.out"; pl_fail "cannot create $name"; }
uuid=$(virsh -q -c "$URI" domuuid "$name" | tr -d '[:space:]')
file=/run/vdctl/locks/domain-$uuid

# 1. root's edit makes the shared directory and the lock file.
timed_run "$DIR/one" "$VDCTL" edit "$name" --memory 272
[ "$RC" -eq 0 ] || { cat "$DIR/one.out" "$DIR/one.err"; fail "root's edit exited $RC"; }
[ "$(stat -c '%a %U' /run/vdctl)" = "755 root" ] || fail "/run/vdctl is $(stat -c '%a %U' /run/vdctl)"
[ "$(stat -c '%a %U' /run/vdctl/locks)" = "1777 root" ] ||
  fail "/run/vdctl/locks is $(stat -c '%a %U' /run/vdctl/locks)"
[ "$(stat -c '%a %U %F' "$file" 2>&1)" = "644 root regular empty file" ] ||
  fail "the lock file: $(stat -c '%a %U %F' "$file" 2>&1)"
[ "$failures" -eq 0 ] && ok "root's edit made /run/vdctl/locks (1777) and $file (0644)"

# 2. nobody holds it: root's edit waits.
if hold nobody "$file" 3; then
  timed_run "$DIR/two" "$VDCTL" edit "$name" --memory 288
  if [ "$RC" -eq 0 ] && waited "$SECONDS_TAKEN" && [ "$(memory_mib "$name")" = 288 ]; then
    ok "root's edit waited ${SECONDS_TAKEN}s for nobody's lock, then applied its change"
  else
    cat "$DIR/two.out" "$DIR/two.err"
    fail "root's edit with nobody holding the lock: exit $RC after ${SECONDS_TAKEN}s, memory $(memory_mib "$name") MiB"
  fi
else
  fail "nobody cannot hold $file"
fi
wait

# 3. root holds it: nobody's edit waits.
if hold root "$file" 3; then
  timed_run "$DIR/three" as_nobody "$VDCTL" edit "$name" --memory 304
  if [ "$RC" -eq 0 ] && waited "$SECONDS_TAKEN" && [ "$(memory_mib "$name")" = 304 ]; then
    ok "nobody's edit waited ${SECONDS_TAKEN}s for root's lock, then applied its change"
  else
    cat "$DIR/three.out" "$DIR/three.err"
    fail "nobody's edit with root holding the lock: exit $RC after ${SECONDS_TAKEN}s, memory $(memory_mib "$name") MiB"
  fi
else
  fail "root cannot hold $file"
fi
wait

# 4. delete takes the lock too.
if hold nobody "$file" 3; then
  timed_run "$DIR/four" "$VDCTL" delete "$name"
  if [ "$RC" -eq 0 ] && waited "$SECONDS_TAKEN" && ! virsh -q -c "$URI" dominfo "$name" >/dev/null 2>&1; then
    ok "delete waited ${SECONDS_TAKEN}s for the lock, then deleted"
  else
    cat "$DIR/four.out" "$DIR/four.err"
    fail "delete with the lock held: exit $RC after ${SECONDS_TAKEN}s"
  fi
else
  fail "nobody cannot hold $file"
fi
wait

if [ "$failures" -ne 0 ]; then
  echo "FAIL: $failures check(s)"
  exit 1
fi
echo "PASS: one lock for root and nobody, and delete takes it"
