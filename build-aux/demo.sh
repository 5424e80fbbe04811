#!/bin/bash
# build-aux/demo.sh: install what is needed, build, and create a desktop:
#
#   vdctl create demo-desktop --usb3 --listen 0.0.0.0
#
# on qemu:///system when a libvirtd answers there (defined, not started),
# else on libvirt's test driver (test:///default, inside vdctl, which keeps
# nothing once vdctl exits). Then print its settings.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

cd "$(dirname "$0")/.."
builddir=build
name=demo-desktop

bash build-aux/deps.sh
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  meson setup "$builddir" >/dev/null
fi
meson compile -C "$builddir" >/dev/null
vdctl=$builddir/src/vdctl

say ()
{
  printf '\n== %s\n' "$*"
}

# run ARGS...: show a vdctl command line, then run it.
run ()
{
  printf '$ vdctl'
  printf ' %q' "$@"
  printf '\n'
  "$vdctl" "$@" </dev/null
}

if timeout 20 virsh -q -c qemu:///system version >/dev/null 2>&1; then
  uri=qemu:///system
  say "A libvirtd answers at $uri: defining the desktop there (not starting it)"
  if virsh -q -c "$uri" dominfo "$name" >/dev/null 2>&1; then
    echo "A domain named '$name' already exists on $uri (an earlier demo?); leaving it as it is."
  else
    run -c "$uri" create "$name" --usb3 --listen 0.0.0.0
  fi
  say "Its desktop settings, read back from libvirt"
  run -c "$uri" show "$name"
  say "Next"
  net=$(virsh -q -c "$uri" dumpxml "$name" |
        xmllint --xpath "string(/domain/devices/interface[@type='network']/source/@network)" - 2>/dev/null || true)
  if [ -n "$net" ] && ! virsh -q -c "$uri" net-info "$net" 2>/dev/null | grep -q '^Active: *yes'; then
    echo "  Its NIC is on libvirt's network '$net', which is not active: start that first"
    echo "  (virsh -c $uri net-start $net), or the start below fails."
  fi
  echo "  $vdctl -c $uri start $name      start it"
  echo "  $vdctl -c $uri delete $name     remove it again"
else
  uri=test:///default
  say "No libvirtd answers at qemu:///system; using libvirt's test driver ($uri)"
  echo "(As root, 'bash tests/lib/libvirtd.sh' starts one. The test driver runs"
  echo "inside vdctl and keeps nothing after it exits.)"
  run -c "$uri" create "$name" --usb3 --listen 0.0.0.0
  say "The domain XML vdctl writes for it (--print-xml defines nothing, and generates its own password)"
  run -c "$uri" create "$name" --usb3 --listen 0.0.0.0 --print-xml
fi
