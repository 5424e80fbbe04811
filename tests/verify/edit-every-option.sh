#!/bin/bash
# Every edit option over every domain of $VDCTL_CORPUS and over domains
# that virt-install writes here, on libvirt's test driver: see
# test-edit-every-option.c, which is $1.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# virt-install asks qemu:///system what the host offers when a libvirtd
# answers there (its domains then are those it would define on this host),
# else libvirt's test driver.  The corpus, or virt-install, may be absent:
# that part is then skipped, and said; with neither the test is skipped.

set -u
program=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-every-option.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

dirs=()
if [ -n "${VDCTL_CORPUS:-}" ] && [ -d "$VDCTL_CORPUS" ]; then
  dirs+=("$VDCTL_CORPUS")
else
  echo "# no corpus at '${VDCTL_CORPUS:-}' (VDCTL_CORPUS): its domains are skipped"
fi

# name, then virt-install's options: Windows, listen none and socket, VNC,
# NUMA with fewer vCPUs at boot, TPM, a network listen, no display, i440fx.
specs=(
  "win11|--osinfo win11 --boot uefi --graphics spice"
  "win10-fixed-port|--osinfo win10 --graphics spice,port=5931,password=virt-install-pw"
  "listen-none|--osinfo debian11 --graphics spice,listen=none"
  "listen-socket|--osinfo debian11 --graphics spice,listen=socket"
  "vnc-any|--osinfo debian11 --graphics vnc,listen=0.0.0.0"
  "numa|--osinfo debian11 --vcpus 2,maxvcpus=4 --cpu host-model,cell0.memory=524288,cell0.cpus=0-1,cell1.memory=524288,cell1.cpus=2-3"
  "tpm-any|--osinfo debian11 --tpm emulator --graphics spice,listen=0.0.0.0"
  "network-listen|--osinfo debian11 --graphics spice,listens0.type=network,listens0.network=default"
  "headless|--osinfo debian11 --graphics none"
  "i440fx|--osinfo debian11 --machine pc --graphics spice"
)
if command -v virt-install >/dev/null 2>&1; then
  uri=test:///default
  if timeout 10 virsh -c qemu:///system uri >/dev/null 2>&1; then
    uri=qemu:///system
  fi
  mkdir "$tmp/virt-install"
  made=0
  for spec in "${specs[@]}"; do
    name=${spec%%|*}
    read -r -a args <<<"${spec#*|}"
    if timeout 60 virt-install --connect "$uri" --print-xml --virt-type qemu --name "$name" \
         --memory 1024 --disk none --network none --noautoconsole "${args[@]}" \
         >"$tmp/virt-install/$name.xml" 2>"$tmp/virt-install.err"; then
      made=$((made + 1))
    else
      echo "# virt-install could not write '$name' on $uri: $(tr '\n' ' ' <"$tmp/virt-install.err")"
      rm -f "$tmp/virt-install/$name.xml"
    fi
  done
  echo "# virt-install wrote $made of ${#specs[@]} domains (asking $uri)"
  [ "$made" -gt 0 ] && dirs+=("$tmp/virt-install")
else
  echo "# virt-install is not installed (Debian: virtinst): its domains are skipped"
fi

if [ "${#dirs[@]}" -eq 0 ]; then
  echo "SKIP: neither the corpus nor virt-install is here"
  exit 77
fi
exec "$program" test:///default "${dirs[@]}"
