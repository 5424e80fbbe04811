# shellcheck shell=bash
# tests/windows/lib.sh: what the Windows e2e tests share, on top of
# tests/lib/e2e.sh.  Source it from bash.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# shellcheck source=tests/lib/e2e.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/e2e.sh"

# Windows desktops leave UEFI variables and TPM state: remove those too,
# then whatever e2e.sh tracks.
win_cleanup ()
{
  local name

  for name in ${E2E_DOMAINS[@]+"${E2E_DOMAINS[@]}"}; do
    if vd_virsh domstate -- "$name" >/dev/null 2>&1; then
      vd_virsh destroy -- "$name" >/dev/null 2>&1 || true
      vd_virsh undefine --nvram --tpm -- "$name" >/dev/null 2>&1 || true
    fi
  done
  e2e_cleanup
}
trap win_cleanup EXIT

# win_track NAME: the domain, its disk volume and its answer file's volume.
win_track ()
{
  e2e_track "$1"
  E2E_VOLUMES+=("$1-unattend.iso")
}

# A stand-in for an installation ISO: a small, valid ISO 9660 image.
win_fake_iso ()
{
  local dir="$E2E_TMP/iso-$1"

  mkdir -p "$dir"
  printf 'not Windows\n' >"$dir/README.TXT"
  genisoimage -quiet -input-charset utf-8 -V "$1" -o "$E2E_TMP/$1.iso" "$dir" ||
    e2e_fail "genisoimage cannot make a test ISO"
  # QEMU runs as libvirt-qemu and must read it.
  chmod 0755 "$E2E_TMP"
  chmod 0644 "$E2E_TMP/$1.iso"
}

# win_validate FILE WHAT: FILE validates against libvirt's domain schema.
win_validate ()
{
  if ! virt-xml-validate "$1" domain >"$E2E_TMP/validate" 2>&1; then
    cat "$E2E_TMP/validate"
    e2e_fail "$2: the XML does not validate against libvirt's schema"
  fi
}

# win_gone NAME: no domain, no volumes, no NVRAM and no TPM state left.
win_gone ()
{
  local name=$1 uuid=$2

  e2e_domain_exists "$name" && e2e_fail "$name: the domain is still defined"
  e2e_volume_exists "$name.qcow2" && e2e_fail "$name: its disk volume is still there"
  e2e_volume_exists "$name-unattend.iso" && e2e_fail "$name: its answer file volume is still there"
  [ -e "/var/lib/libvirt/qemu/nvram/${name}_VARS.fd" ] &&
    e2e_fail "$name: its UEFI variables are still there"
  if [ -n "$uuid" ] && [ -e "/var/lib/libvirt/swtpm/$uuid" ]; then
    e2e_fail "$name: its TPM state /var/lib/libvirt/swtpm/$uuid is still there"
  fi
  return 0
}

for tool in genisoimage isoinfo; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "SKIP: $tool is not installed (Debian: genisoimage)"; exit 77; }
done
