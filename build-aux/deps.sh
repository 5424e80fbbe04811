#!/bin/bash
# build-aux/deps.sh: install the Debian 12 packages that building vdctl and
# running its whole test suite need. Quick when they are all there already.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-dev-bin libvirt-dev libvirt-glib-1.0-dev
  libxml2-dev libjson-glib-dev check
  # man page and documentation tests
  python3 python3-docutils bash-completion groff-base man-db shellcheck
  # a real libvirtd with the QEMU driver, and its tools
  libvirt-clients libvirt-daemon-system libvirt-daemon-driver-qemu
  qemu-system-x86 qemu-utils ovmf swtpm swtpm-tools dnsmasq-base
  libxml2-utils genisoimage gnutls-bin
  # virt-install writes the domains the edit-every-option test edits
  virtinst
  # viewers and a display for the client side, and what the viewer tests
  # read it with
  virt-viewer xvfb xauth imagemagick freerdp2-x11 freerdp2-shadow-x11
  x11-utils python3-gi
  # the watch tests read its NDJSON stream
  jq
  # the SPICE gateway (vdctl gateway serve runs squid as its child)
  squid
  # the redirection tests: an NSS database for the software smartcard
  # (certutil), and spice-gtk's GObject bindings for a client that opens
  # the folder-sharing channel
  libnss3-tools gir1.2-spiceclientglib-2.0
  # the browser client: its proxy and page, and a browser for its e2e test
  websockify spice-html5 chromium
  # memory checks (build-aux/sanitize.sh: gcc's ASan and UBSan come with
  # gcc) and fuzzing (build-aux/fuzz.sh: clang, libFuzzer and its
  # sanitizer runtimes, llvm-symbolizer for readable stacks)
  valgrind clang libclang-rt-14-dev llvm-14
  # the Debian package's stage (build-aux/deb-check.sh: build-aux/deb.sh
  # builds with debhelper and checks with lintian)
  dpkg-dev debhelper lintian
)

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "deps.sh: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 ||
    { echo "deps.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi

echo "deps.sh: installing ${missing[*]}"
apt_opts=(-q -y -o DPkg::Lock::Timeout=600
          -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update </dev/null
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install "${missing[@]}" </dev/null

# squid's package starts the system's squid where services may start; it
# would hold port 3128, which the gateway tests and users of vdctl
# gateway serve expect free.  vdctl runs squid with its own configuration.
if [[ " ${missing[*]} " == *" squid "* ]] && pgrep -x squid >/dev/null 2>&1; then
  echo "deps.sh: stopping the squid service the package started"
  "${sudo[@]}" sh -c 'invoke-rc.d squid stop || service squid stop || true' </dev/null
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    "${sudo[@]}" systemctl disable --now squid.service || true
  fi
fi
