# tests/redirect/lib.sh: what the SPICE redirection tests share. Source it
# from bash.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# On top of tests/lib/viewer.sh (the daemon, unique names, a private Xvfb,
# remote-viewer with --spice-debug, everything removed at exit): desktops
# made with vdctl's policy options and checked against libvirt's schema,
# what QEMU was started with, what its USB bus holds, a small ISO for
# spice-gtk's emulated USB CD, and an NSS database for its software
# smartcard.

# shellcheck source=tests/lib/viewer.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/viewer.sh"

REDIRECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# redirect_need TOOL PACKAGE: SKIP (77) where TOOL is missing.
redirect_need ()
{
  command -v "$1" >/dev/null 2>&1 ||
    { echo "SKIP: $1 is not installed (Debian: $2)"; exit 77; }
}

# redirect_validate NAME: the persistent definition passes libvirt's own
# schema (virt-xml-validate), as vdctl wrote it and libvirt kept it.
redirect_validate ()
{
  local out="$E2E_TMP/validate-$1.xml"

  vd_virsh dumpxml --inactive -- "$1" >"$out" || e2e_fail "cannot read the definition of $1"
  if virt-xml-validate "$out" domain >"$E2E_TMP/validate.out" 2>&1; then
    viewer_ok "$1: the definition validates against libvirt's schema"
  else
    sed 's/^/# /' "$E2E_TMP/validate.out"
    viewer_keep "$out"
    viewer_bad "$1: the definition does not validate (virt-xml-validate)"
  fi
}

# redirect_create NAME OPTIONS...: viewer_create (tracked, fails the test if
# vdctl fails), then the schema check.
redirect_create ()
{
  e2e_note "vdctl create $* --network none --memory 256"
  viewer_create "$@"
  redirect_validate "$1"
}

# redirect_xml NAME FILE: the persistent definition.
redirect_xml ()
{
  vd_virsh dumpxml --inactive -- "$1" >"$2" || e2e_fail "cannot read the definition of $1"
}

# redirect_count FILE EXPR: an XPath count() as a number.
redirect_count ()
{
  local n

  n=$(e2e_xpath "$1" "count($2)")
  echo "${n:-0}"
}

# redirect_check FILE DESCRIPTION EXPR EXPECTED: like e2e_expect, but goes
# on after a mismatch.
redirect_check ()
{
  local got

  got=$(e2e_xpath "$1" "$3")
  if [ "$got" = "$4" ]; then
    viewer_ok "$2"
  else
    viewer_keep "$1"
    viewer_bad "$2: $3 gave '$got', expected '$4'"
  fi
}

# redirect_qemu_cmdline NAME FILE: the running QEMU's arguments, one a line:
# from /proc/PID/cmdline where its pid file is readable, else from the
# command line libvirt logged in /var/log/libvirt/qemu/NAME.log (each
# argument on its own line there, continued with " \").
redirect_qemu_cmdline ()
{
  local name=$1 out=$2 pid=

  pid=$(cat "/run/libvirt/qemu/$name.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' '\n' <"/proc/$pid/cmdline" >"$out"
    [ -s "$out" ] && return 0
  fi
  if [ -r "/var/log/libvirt/qemu/$name.log" ]; then
    sed 's/ \\$//' "/var/log/libvirt/qemu/$name.log" >"$out"
    [ -s "$out" ] && return 0
  fi
  return 1
}

# redirect_spice_arg CMDLINE: the value of QEMU's -spice option.
redirect_spice_arg ()
{
  sed -n '/^-spice$/{n;p;q}' "$1"
}

# redirect_info_usb NAME: what QEMU's USB bus holds ('info usb'): one line
# a device, "Speed 480 Mb/s, Product USB Redirection Device" where a
# client's device is redirected, 1.5 Mb/s where a channel is empty.
redirect_info_usb ()
{
  vd_virsh qemu-monitor-command --hmp "$1" 'info usb'
}

# redirect_usb_in_use NAME: a redirection channel carries a device.
redirect_usb_in_use ()
{
  redirect_info_usb "$1" 2>/dev/null | grep -q "Speed 480 Mb/s, Product USB Redirection Device"
}

# redirect_iso FILE: a small ISO 9660 image with one file on it.
redirect_iso ()
{
  mkdir -p "$E2E_TMP/iso"
  echo "vdctl redirect test" >"$E2E_TMP/iso/README.TXT"
  genisoimage -quiet -V VDCTLTEST -o "$1" "$E2E_TMP/iso" ||
    e2e_fail "genisoimage cannot make $1"
}

# redirect_nss_db DIR CERT...: an NSS database with no password holding a
# self-signed certificate and its key for each name, as spice-gtk's
# software smartcard (libcacard) reads them.
redirect_nss_db ()
{
  local dir=$1 cert
  shift

  mkdir -p "$dir"
  certutil -N -d "sql:$dir" --empty-password >/dev/null 2>&1 ||
    e2e_fail "certutil cannot make an NSS database in $dir"
  head -c 256 /dev/urandom >"$E2E_TMP/noise"
  for cert in "$@"; do
    certutil -S -d "sql:$dir" -n "$cert" -s "CN=$cert" -t "CT,C,C" -x \
      -k rsa -g 2048 -v 12 -z "$E2E_TMP/noise" >/dev/null 2>&1 </dev/null ||
      e2e_fail "certutil cannot make the certificate $cert"
  done
}

# redirect_export_vv NAME FILE: a .vv with a fresh 300 s ticket; the viewer
# reads the password from it, never from its argv.
redirect_export_vv ()
{
  e2e_vdctl export-vv "$1" --ttl 300 -o "$2"
  [ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl export-vv $1 --ttl 300 -o FILE exited $E2E_RC"; }
  # remote-viewer deletes the file it was given (delete-this-file=1).
  cp -p "$2" "$2.kept"
}

# redirect_vv_check FILE KEY EXPECTED: the .vv file's KEY ("" for absent).
redirect_vv_check ()
{
  local got

  got=$(vvtool get "$1" "$2" 2>/dev/null || true)
  if [ "$got" = "$3" ]; then
    viewer_ok "$(basename "$1" .kept): $2=${3:-(none)}"
  else
    viewer_bad "$(basename "$1" .kept): $2 is '$got', expected '${3:-(none)}'"
  fi
}
