#!/bin/bash
# Fault injection: libvirtd dies and comes back while 'vdctl create' is
# defining many desktops.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The shared daemon must never be restarted (other test runs use it), so
# this runs its own libvirtd, as tests/viewer/tls.sh does: in a private
# mount namespace (unshare -m) with tmpfs over /run/libvirt,
# /var/lib/libvirt, /var/cache/libvirt and /etc/libvirt (copies of the
# host's configuration files, and of its QEMU capabilities cache so the
# daemon need not probe QEMU again). vdctl and virsh run in the same
# namespace and see that daemon as qemu:///system.
#
# 'vdctl create' of 40 desktops (--network none --memory 256) runs; once it
# has defined a few, the private libvirtd is killed (SIGKILL, so nothing is
# finished cleanly) and started again. Expected: vdctl exits 1 with
# 'vdctl: error:' lines, one of which says the connection was lost, and no
# half-made desktop: every domain the restarted daemon knows is one of
# ours and whole (SPICE graphics, the USB controller, both spicevmc
# redirdevs, the vdagent channel), and it validates against libvirt's
# schema. The desktops vdctl reported as defined all exist.
#
# Needs root, unshare (util-linux), libvirtd, virtlogd.

set -u

if [ "${1:-}" != --in-namespace ]; then
  : "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"
  [ "$(id -u)" -eq 0 ] || { echo "SKIP: a private libvirtd needs root"; exit 77; }
  PATH=$PATH:/usr/sbin:/sbin
  for tool in unshare libvirtd virtlogd virsh xmllint virt-xml-validate; do
    command -v "$tool" >/dev/null 2>&1 ||
      { echo "SKIP: $tool is not installed (Debian: util-linux libvirt-daemon-system libxml2-utils)"; exit 77; }
  done
  exec unshare --mount --propagation private -- bash "$0" --in-namespace
fi

# --- inside the private mount namespace -------------------------------------

PATH=$PATH:/usr/sbin:/sbin
RS_DIR=$(mktemp -d /tmp/vdctl-faults-restart.XXXXXX)
RS_LIBVIRTD_PID=
RS_VIRTLOGD_PID=
RS_VDCTL_PID=

rs_stop_pid ()
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

rs_cleanup ()
{
  rs_stop_pid "$RS_VDCTL_PID"
  rs_stop_pid "$RS_LIBVIRTD_PID"
  rs_stop_pid "$RS_VIRTLOGD_PID"
  rm -rf "$RS_DIR"
  # The tmpfs mounts go with the namespace.
}
trap rs_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rs_fail ()
{
  echo "FAIL: $*"
  exit 1
}

etc="$RS_DIR/etc"
cache="$RS_DIR/cache"
mkdir -p "$etc" "$cache"
for f in libvirt.conf libvirtd.conf virtlogd.conf qemu.conf; do
  [ -f "/etc/libvirt/$f" ] && cp -p "/etc/libvirt/$f" "$etc/$f"
done
[ -d /var/cache/libvirt/qemu ] && cp -a /var/cache/libvirt/qemu "$cache/"

for d in /run/libvirt /var/lib/libvirt /var/cache/libvirt /etc/libvirt; do
  mkdir -p "$d"
  mount -t tmpfs -o mode=0755 vdctl-faults "$d" 2>"$RS_DIR/mount.err" ||
    { echo "SKIP: cannot mount a tmpfs on $d in a private namespace: $(cat "$RS_DIR/mount.err")"; exit 77; }
done
cp -p "$etc"/* /etc/libvirt/ 2>/dev/null || true
[ -d "$cache/qemu" ] && cp -a "$cache/qemu" /var/cache/libvirt/
mkdir -p /var/log/libvirt

virtlogd -d -p /run/libvirt/vdctl-faults-virtlogd.pid || rs_fail "cannot start a private virtlogd"

# rs_libvirtd_start: start the private libvirtd and wait until it answers.
rs_libvirtd_start ()
{
  rm -f /run/libvirt/vdctl-faults-libvirtd.pid
  LIBVIRT_LOG_OUTPUTS="3:file:$RS_DIR/libvirtd.log" \
    libvirtd -d -p /run/libvirt/vdctl-faults-libvirtd.pid || rs_fail "cannot start a private libvirtd"
  for _ in $(seq 1 100); do
    [ -s /run/libvirt/vdctl-faults-libvirtd.pid ] && break
    sleep 0.1
  done
  RS_LIBVIRTD_PID=$(cat /run/libvirt/vdctl-faults-libvirtd.pid 2>/dev/null)
  [ -n "$RS_LIBVIRTD_PID" ] || rs_fail "the private libvirtd wrote no pid file"
  for _ in $(seq 1 120); do
    timeout 20 virsh -q -c qemu:///system version >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  tail -n 20 "$RS_DIR/libvirtd.log"
  rs_fail "the private libvirtd does not answer"
}

for _ in $(seq 1 50); do
  [ -s /run/libvirt/vdctl-faults-virtlogd.pid ] && break
  sleep 0.1
done
RS_VIRTLOGD_PID=$(cat /run/libvirt/vdctl-faults-virtlogd.pid 2>/dev/null)
rs_libvirtd_start
echo "# a private libvirtd (pid $RS_LIBVIRTD_PID) in a private mount namespace"

rsh ()
{
  timeout 60 virsh -q -c qemu:///system "$@"
}

[ -z "$(rsh list --all --name | sed '/^$/d')" ] || rs_fail "the private libvirtd already has domains"

names=()
for i in $(seq -w 1 40); do
  names+=("vdctl-faults-rs-$i")
done

out="$RS_DIR/out"
err="$RS_DIR/err"
: >"$out"
timeout 120 "$VDCTL" -c qemu:///system create "${names[@]}" --network none --memory 256 \
  --virt-type qemu </dev/null >"$out" 2>"$err" &
RS_VDCTL_PID=$!

# Wait for a few desktops to be defined, then kill the daemon under vdctl.
for _ in $(seq 1 300); do
  [ "$(grep -c "^Desktop '.*' defined" "$out")" -ge 3 ] && break
  kill -0 "$RS_VDCTL_PID" 2>/dev/null || break
  sleep 0.02
done
done_before=$(grep -c "^Desktop '.*' defined" "$out")
kill -0 "$RS_VDCTL_PID" 2>/dev/null ||
  rs_fail "vdctl finished all 40 desktops before the daemon could be killed ($done_before defined): nothing was tested"
kill -9 "$RS_LIBVIRTD_PID"
for _ in $(seq 1 50); do
  kill -0 "$RS_LIBVIRTD_PID" 2>/dev/null || break
  sleep 0.1
done
echo "# killed the private libvirtd after $done_before desktops were defined"
RS_LIBVIRTD_PID=
rs_libvirtd_start
echo "# restarted it (pid $RS_LIBVIRTD_PID)"

rc=0
wait "$RS_VDCTL_PID" || rc=$?
RS_VDCTL_PID=

echo "--- vdctl stderr:"
cat "$err"
[ "$rc" -eq 1 ] || rs_fail "vdctl create exited $rc when its daemon went away, expected 1"
bad=$(grep -v '^vdctl: error: ' "$err")
[ -z "$bad" ] || rs_fail "stderr has lines that are not 'vdctl: error:' lines: $bad"
grep -qE 'the connection to .* is lost; the [0-9]+ desktops? after' "$err" ||
  rs_fail "no error line says the connection to libvirtd was lost"
# One line for the desktop that failed, one for the lost connection, one
# count: not a line for every name left.
[ "$(wc -l <"$err")" -le 3 ] || rs_fail "more than 3 error lines after the connection was lost"

defined=$(grep -c "^Desktop '.*' defined" "$out")
echo "# vdctl reported $defined of 40 desktops defined"

mapfile -t present < <(rsh list --all --name | sed '/^$/d' | sort)
echo "# the restarted daemon has ${#present[@]} domains"
for dom in ${present[@]+"${present[@]}"}; do
  case " ${names[*]} " in
    *" $dom "*) ;;
    *) rs_fail "unexpected domain '$dom' on the private daemon" ;;
  esac
  xml="$RS_DIR/$dom.xml"
  rsh dumpxml --inactive -- "$dom" >"$xml" || rs_fail "cannot read $dom"
  for check in \
    "count(/domain/devices/graphics[@type='spice'])=1" \
    "count(/domain/devices/controller[@type='usb'])>=1" \
    "count(/domain/devices/redirdev[@bus='usb'][@type='spicevmc'])=2" \
    "count(/domain/devices/channel[@type='spicevmc']/target[@name='com.redhat.spice.0'])=1" \
    "/domain/memory=262144"; do
    [ "$(xmllint --xpath "$check" "$xml" 2>/dev/null)" = true ] ||
      { cat "$xml"; rs_fail "domain $dom is not whole: $check is false"; }
  done
  virt-xml-validate "$xml" domain >/dev/null 2>&1 ||
    { virt-xml-validate "$xml" domain; rs_fail "domain $dom does not validate"; }
done
while IFS= read -r dom; do
  case " ${present[*]} " in
    *" $dom "*) ;;
    *) rs_fail "vdctl reported '$dom' defined but the daemon does not have it" ;;
  esac
done < <(sed -n "s/^Desktop '\\(.*\\)' defined.*/\\1/p" "$out")
[ "${#present[@]}" -lt 40 ] || rs_fail "all 40 desktops exist: the daemon restart was not felt"

echo "PASS: a libvirtd killed during 'vdctl create' of 40 desktops: exit 1, ${#present[@]} whole desktops, no partial one"
