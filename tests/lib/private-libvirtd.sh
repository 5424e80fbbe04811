# shellcheck shell=bash
# tests/lib/private-libvirtd.sh: a libvirtd of the test's own, for tests
# that change the daemon's configuration or kill it. The shared daemon is
# never touched: the test runs again in a private mount namespace
# (unshare -m) with tmpfs over /run/libvirt, /var/lib/libvirt,
# /var/cache/libvirt and /etc/libvirt (copies of the host's configuration
# files, and of its QEMU capabilities cache so that the daemon need not
# probe QEMU again). vdctl and virsh in that namespace see it as
# qemu:///system. Source it from bash:
#
#   pl_enter_namespace TOOL...  first, outside: SKIP (exit 77) unless root
#                               and every TOOL is installed (the message
#                               names the Debian packages PL_PACKAGES),
#                               then run the script again in the
#                               namespace (PL_IN_NAMESPACE=1 there)
#   pl_prepare NAME             inside: PL_DIR (a temporary directory) and
#                               PL_ETC (the configuration files, to add to)
#   pl_mount                    the tmpfs mounts, PL_ETC installed in them
#                               (SKIP where they cannot be made)
#   pl_start_virtlogd
#   pl_start_libvirtd [ARG...]  libvirtd with ARG..., once PL_URI answers
#                               (qemu:///system unless set); PL_LIBVIRTD_PID
#   pl_stop_pid PID             TERM, then KILL after 5 s
#   pl_stop                     both daemons, and PL_DIR
#
# Failures print "FAIL: ..." and exit 1. libvirtd logs to $PL_DIR/libvirtd.log.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# libvirtd and virtlogd live in /usr/sbin, which a test's PATH may lack.
case ":$PATH:" in
  *:/usr/sbin:*) ;;
  *) PATH=$PATH:/usr/sbin:/sbin ;;
esac

PL_DIR=
PL_ETC=
PL_URI=${PL_URI:-qemu:///system}
PL_LIBVIRTD_PID=
PL_VIRTLOGD_PID=
PL_NAME=

pl_fail ()
{
  echo "FAIL: $*"
  exit 1
}

pl_skip ()
{
  echo "SKIP: $*"
  exit 77
}

# pl_enter_namespace TOOL...: (re-executes "$0"; does not return outside).
pl_enter_namespace ()
{
  local tool

  [ "${PL_IN_NAMESPACE:-}" = 1 ] && return 0
  [ "$(id -u)" -eq 0 ] || pl_skip "a private libvirtd needs root"
  for tool in unshare libvirtd virtlogd virsh "$@"; do
    command -v "$tool" >/dev/null 2>&1 ||
      pl_skip "$tool is not installed (Debian: util-linux libvirt-daemon-system${PL_PACKAGES:+ $PL_PACKAGES})"
  done
  PL_IN_NAMESPACE=1 exec unshare --mount --propagation private -- bash "$0" --in-namespace
}

# pl_prepare NAME: NAME goes into the temporary directory's, the mounts'
# and the pid files' names.
pl_prepare ()
{
  local f

  PL_NAME=$1
  PL_DIR=$(mktemp -d "/tmp/vdctl-$PL_NAME.XXXXXX") || pl_fail "no temporary directory"
  chmod 0755 "$PL_DIR"
  PL_ETC=$PL_DIR/etc
  mkdir -p "$PL_ETC" "$PL_DIR/cache"
  for f in libvirt.conf libvirtd.conf virtlogd.conf qemu.conf; do
    [ -f "/etc/libvirt/$f" ] && cp -p "/etc/libvirt/$f" "$PL_ETC/$f"
  done
  [ -d /var/cache/libvirt/qemu ] && cp -a /var/cache/libvirt/qemu "$PL_DIR/cache/"
  return 0
}

pl_mount ()
{
  local d

  for d in /run/libvirt /var/lib/libvirt /var/cache/libvirt /etc/libvirt; do
    mkdir -p "$d"
    mount -t tmpfs -o mode=0755 "vdctl-$PL_NAME" "$d" 2>"$PL_DIR/mount.err" ||
      pl_skip "cannot mount a tmpfs on $d in a private namespace: $(cat "$PL_DIR/mount.err")"
  done
  cp -p "$PL_ETC"/* /etc/libvirt/ 2>/dev/null
  [ -d "$PL_DIR/cache/qemu" ] && cp -a "$PL_DIR/cache/qemu" /var/cache/libvirt/
  mkdir -p /var/log/libvirt
}

# pl_wait_pid_file FILE: the pid in FILE once it is written, or nothing.
pl_wait_pid_file ()
{
  for _ in $(seq 1 100); do
    [ -s "$1" ] && break
    sleep 0.1
  done
  cat "$1" 2>/dev/null
}

pl_start_virtlogd ()
{
  local pidfile=/run/libvirt/vdctl-$PL_NAME-virtlogd.pid

  virtlogd -d -p "$pidfile" || pl_fail "cannot start a private virtlogd"
  PL_VIRTLOGD_PID=$(pl_wait_pid_file "$pidfile")
  [ -n "$PL_VIRTLOGD_PID" ] || pl_fail "the private virtlogd wrote no pid file"
}

pl_start_libvirtd ()
{
  local pidfile=/run/libvirt/vdctl-$PL_NAME-libvirtd.pid

  rm -f "$pidfile"
  LIBVIRT_LOG_OUTPUTS="3:file:$PL_DIR/libvirtd.log" libvirtd -d "$@" -p "$pidfile" ||
    pl_fail "cannot start a private libvirtd"
  PL_LIBVIRTD_PID=$(pl_wait_pid_file "$pidfile")
  [ -n "$PL_LIBVIRTD_PID" ] || pl_fail "the private libvirtd wrote no pid file"
  for _ in $(seq 1 120); do
    timeout 20 virsh -q -c "$PL_URI" version >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  tail -n 20 "$PL_DIR/libvirtd.log"
  pl_fail "the private libvirtd does not answer on $PL_URI"
}

pl_stop_pid ()
{
  local pid=$1

  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

# The tmpfs mounts go with the namespace.
pl_stop ()
{
  pl_stop_pid "$PL_LIBVIRTD_PID"
  pl_stop_pid "$PL_VIRTLOGD_PID"
  PL_LIBVIRTD_PID=
  PL_VIRTLOGD_PID=
  [ -n "$PL_DIR" ] && rm -rf "$PL_DIR"
  return 0
}
