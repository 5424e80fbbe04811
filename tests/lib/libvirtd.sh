# tests/lib/libvirtd.sh: a libvirtd with the QEMU driver, and a test pool.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Two ways to use it:
#
#   bash tests/lib/libvirtd.sh        make sure qemu:///system answers and the
#                                     test pool is active; exit 0 when they
#                                     are, 77 when libvirtd cannot run here
#                                     (the reason on stderr), 1 on failure
#
#   . tests/lib/libvirtd.sh           from a test script (bash), then
#   vd_libvirtd_require               the same, but prints "SKIP: <reason>"
#                                     and exits 77 where libvirtd cannot run
#
# On a host without systemd (a CI machine, a container) nothing starts
# libvirtd, so as root this starts virtlogd and libvirtd by hand, as
# /work/shared/REFERENCE.md describes. A daemon that already answers is used
# as it is and never stopped. Nothing here stops a daemon.

VD_QEMU_URI=qemu:///system
VD_TEST_POOL=vdctl-test
VD_TEST_POOL_DIR=/var/lib/libvirt/vdctl-test
# How long to wait for a daemon that is starting, in seconds.
VD_LIBVIRTD_WAIT=${VD_LIBVIRTD_WAIT:-60}

# Why the last vd_libvirtd_ensure failed.
VD_LIBVIRTD_REASON=

# libvirtd and virtlogd live in /usr/sbin, which a test's PATH may lack.
case ":$PATH:" in
  *:/usr/sbin:*) ;;
  *) PATH=$PATH:/usr/sbin:/sbin ;;
esac

vd_virsh ()
{
  # Bounded: a wedged daemon must not hang a test run.
  timeout 120 virsh -q -c "$VD_QEMU_URI" "$@"
}

vd_libvirtd_answers ()
{
  command -v virsh >/dev/null 2>&1 &&
    timeout 20 virsh -q -c "$VD_QEMU_URI" version >/dev/null 2>&1
}

# Without udev nothing gives /dev/kvm the group and mode that Debian's udev
# rules give it (root:kvm, group read-write). QEMU runs as libvirt-qemu (in
# group kvm) and then cannot open it: every KVM guest fails with "Could not
# access KVM kernel module: Permission denied", and libvirtd, seeing KVM
# usable at probe time but not to its QEMU user, throws its capabilities
# cache away and probes every QEMU binary again on every call (tens of
# seconds each). Do what udev would.
vd_kvm_fix_permissions ()
{
  local group mode

  [ -c /dev/kvm ] || return 0
  [ "$(id -u)" -eq 0 ] || return 0
  getent group kvm >/dev/null 2>&1 || return 0
  group=$(stat -c %G /dev/kvm)
  mode=$(stat -c %a /dev/kvm)
  # Group read-write for kvm, or read-write for everyone: nothing to do.
  if { [ "$group" = kvm ] && [ $(( 8#$mode & 8#060 )) -eq $(( 8#060 )) ]; } ||
     [ $(( 8#$mode & 8#006 )) -eq $(( 8#006 )) ]; then
    return 0
  fi
  echo "libvirtd.sh: /dev/kvm is $group mode $mode; giving it group kvm, mode 0660, as udev would" >&2
  chgrp kvm /dev/kvm && chmod 0660 /dev/kvm
}

# Start virtlogd and libvirtd by hand (root only). Either may already be
# running or starting: a second copy then exits at once on its pid file
# lock, which is fine, so their exit status is not an error here.
vd_libvirtd_start ()
{
  mkdir -p /var/log/libvirt /var/run/libvirt
  virtlogd -d >/dev/null 2>&1 || true
  # Warnings and errors go to a file: with no syslog they would be lost.
  LIBVIRT_LOG_OUTPUTS="3:file:/var/log/libvirt/libvirtd.log" libvirtd -d >/dev/null 2>&1 || true
}

# Make sure qemu:///system answers. Returns 0, 77 (cannot run here; the
# reason in VD_LIBVIRTD_REASON) or 1 (should run but did not).
vd_libvirtd_ensure ()
{
  local waited=0

  VD_LIBVIRTD_REASON=
  vd_kvm_fix_permissions
  if vd_libvirtd_answers; then
    return 0
  fi
  if ! command -v virsh >/dev/null 2>&1; then
    VD_LIBVIRTD_REASON="virsh is not installed (Debian: apt-get install libvirt-clients)"
    return 77
  fi
  if ! command -v libvirtd >/dev/null 2>&1 || ! command -v virtlogd >/dev/null 2>&1; then
    VD_LIBVIRTD_REASON="no libvirtd answers at $VD_QEMU_URI and libvirtd is not installed (Debian: apt-get install libvirt-daemon-system libvirt-daemon-driver-qemu qemu-system-x86)"
    return 77
  fi
  if [ "$(id -u)" -ne 0 ]; then
    VD_LIBVIRTD_REASON="no libvirtd answers at $VD_QEMU_URI, and starting one needs root"
    return 77
  fi
  if ! getent passwd libvirt-qemu >/dev/null 2>&1; then
    VD_LIBVIRTD_REASON="the libvirt-qemu user that the QEMU driver runs guests as does not exist; reinstall libvirt-daemon-system"
    return 77
  fi

  echo "libvirtd.sh: no libvirtd answers at $VD_QEMU_URI; starting virtlogd and libvirtd" >&2
  vd_libvirtd_start
  while ! vd_libvirtd_answers; do
    if [ "$waited" -ge "$VD_LIBVIRTD_WAIT" ]; then
      VD_LIBVIRTD_REASON="libvirtd was started but $VD_QEMU_URI did not answer within ${VD_LIBVIRTD_WAIT}s; see /var/log/libvirt/libvirtd.log"
      if [ -r /var/log/libvirt/libvirtd.log ]; then
        tail -n 20 /var/log/libvirt/libvirtd.log >&2
      fi
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "libvirtd.sh: $VD_QEMU_URI answers" >&2
  return 0
}

vd_pool_state ()
{
  vd_virsh pool-info "$VD_TEST_POOL" 2>/dev/null | sed -n 's/^State: *//p'
}

# A directory pool of our own, so tests need no 'default' pool. Other test
# runs may make it at the same time: "already exists" and "already active"
# from a racing run are fine, what counts is the state at the end.
vd_test_pool_ensure ()
{
  local state

  state=$(vd_pool_state)
  if [ -z "$state" ]; then
    vd_virsh pool-define-as "$VD_TEST_POOL" dir --target "$VD_TEST_POOL_DIR" >/dev/null 2>&1 || true
    state=$(vd_pool_state)
  fi
  if [ "$state" != running ]; then
    # The daemon makes the directory: this works for a non-root client too.
    vd_virsh pool-build "$VD_TEST_POOL" >/dev/null 2>&1 || true
    vd_virsh pool-start "$VD_TEST_POOL" >/dev/null 2>&1 || true
    state=$(vd_pool_state)
  fi
  if [ "$state" != running ]; then
    echo "libvirtd.sh: cannot activate the storage pool '$VD_TEST_POOL':" >&2
    vd_virsh pool-start "$VD_TEST_POOL" >&2 || true
    return 1
  fi
  vd_virsh pool-refresh "$VD_TEST_POOL" >/dev/null 2>&1 || true
  return 0
}

# For test scripts: a daemon and the pool, or SKIP (77), or FAIL (1).
vd_libvirtd_require ()
{
  local rc=0

  vd_libvirtd_ensure || rc=$?
  if [ "$rc" -eq 77 ]; then
    echo "SKIP: $VD_LIBVIRTD_REASON"
    exit 77
  elif [ "$rc" -ne 0 ]; then
    echo "FAIL: $VD_LIBVIRTD_REASON"
    exit 1
  fi
  vd_test_pool_ensure || { echo "FAIL: no usable test storage pool '$VD_TEST_POOL'"; exit 1; }
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -u
  rc=0
  vd_libvirtd_ensure || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "libvirtd.sh: $VD_LIBVIRTD_REASON" >&2
    exit "$rc"
  fi
  vd_test_pool_ensure || exit 1
  echo "libvirtd.sh: $VD_QEMU_URI answers; storage pool '$VD_TEST_POOL' is active in $VD_TEST_POOL_DIR" >&2
fi
