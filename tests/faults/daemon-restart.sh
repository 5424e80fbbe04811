#!/bin/bash
# Fault injection: libvirtd dies and comes back while 'vdctl create' is
# defining many desktops.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The shared daemon must never be restarted (other test runs use it), so
# this runs its own libvirtd, in a private mount namespace
# (tests/lib/private-libvirtd.sh). vdctl and virsh run in the same
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

# shellcheck source=tests/lib/private-libvirtd.sh
. "$(dirname "$0")/../lib/private-libvirtd.sh"
: "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"
PL_PACKAGES=libxml2-utils pl_enter_namespace xmllint virt-xml-validate

# --- inside the private mount namespace -------------------------------------

pl_prepare faults-restart
RS_DIR=$PL_DIR
RS_VDCTL_PID=

rs_cleanup ()
{
  pl_stop_pid "$RS_VDCTL_PID"
  pl_stop
}
trap rs_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pl_mount
pl_start_virtlogd
pl_start_libvirtd
echo "# a private libvirtd (pid $PL_LIBVIRTD_PID) in a private mount namespace"

rsh ()
{
  timeout 60 virsh -q -c qemu:///system "$@"
}

[ -z "$(rsh list --all --name | sed '/^$/d')" ] || pl_fail "the private libvirtd already has domains"

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
  pl_fail "vdctl finished all 40 desktops before the daemon could be killed ($done_before defined): nothing was tested"
kill -9 "$PL_LIBVIRTD_PID"
for _ in $(seq 1 50); do
  kill -0 "$PL_LIBVIRTD_PID" 2>/dev/null || break
  sleep 0.1
done
echo "# killed the private libvirtd after $done_before desktops were defined"
PL_LIBVIRTD_PID=
pl_start_libvirtd
echo "# restarted it (pid $PL_LIBVIRTD_PID)"

rc=0
wait "$RS_VDCTL_PID" || rc=$?
RS_VDCTL_PID=

echo "--- vdctl stderr:"
cat "$err"
[ "$rc" -eq 1 ] || pl_fail "vdctl create exited $rc when its daemon went away, expected 1"
bad=$(grep -v '^vdctl: error: ' "$err")
[ -z "$bad" ] || pl_fail "stderr has lines that are not 'vdctl: error:' lines: $bad"
grep -qE 'the connection to .* is lost; the [0-9]+ desktops? after' "$err" ||
  pl_fail "no error line says the connection to libvirtd was lost"
# One line for the desktop that failed, one for the lost connection, one
# count: not a line for every name left.
[ "$(wc -l <"$err")" -le 3 ] || pl_fail "more than 3 error lines after the connection was lost"

defined=$(grep -c "^Desktop '.*' defined" "$out")
echo "# vdctl reported $defined of 40 desktops defined"

mapfile -t present < <(rsh list --all --name | sed '/^$/d' | sort)
echo "# the restarted daemon has ${#present[@]} domains"
for dom in ${present[@]+"${present[@]}"}; do
  case " ${names[*]} " in
    *" $dom "*) ;;
    *) pl_fail "unexpected domain '$dom' on the private daemon" ;;
  esac
  xml="$RS_DIR/$dom.xml"
  rsh dumpxml --inactive -- "$dom" >"$xml" || pl_fail "cannot read $dom"
  for check in \
    "count(/domain/devices/graphics[@type='spice'])=1" \
    "count(/domain/devices/controller[@type='usb'])>=1" \
    "count(/domain/devices/redirdev[@bus='usb'][@type='spicevmc'])=2" \
    "count(/domain/devices/channel[@type='spicevmc']/target[@name='com.redhat.spice.0'])=1" \
    "/domain/memory=262144"; do
    [ "$(xmllint --xpath "$check" "$xml" 2>/dev/null)" = true ] ||
      { cat "$xml"; pl_fail "domain $dom is not whole: $check is false"; }
  done
  virt-xml-validate "$xml" domain >/dev/null 2>&1 ||
    { virt-xml-validate "$xml" domain; pl_fail "domain $dom does not validate"; }
done
while IFS= read -r dom; do
  case " ${present[*]} " in
    *" $dom "*) ;;
    *) pl_fail "vdctl reported '$dom' defined but the daemon does not have it" ;;
  esac
done < <(sed -n "s/^Desktop '\\(.*\\)' defined.*/\\1/p" "$out")
[ "${#present[@]}" -lt 40 ] || pl_fail "all 40 desktops exist: the daemon restart was not felt"

echo "PASS: a libvirtd killed during 'vdctl create' of 40 desktops: exit 1, ${#present[@]} whole desktops, no partial one"
