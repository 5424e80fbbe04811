#!/bin/bash
# End to end on qemu:///system: what libvirtd keeps of vdctl's edits, on
# domains that virt-install writes (defined with virsh).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# - The cases libvirt silently undid: --listen on virt-install's
#   listen=none display, --vcpus on <vcpu current='2'>4</vcpu>, --spice on
#   a domain without video.  What 'virsh dumpxml --inactive' and 'vdctl
#   show --json' read afterwards is what was asked.
# - Only what is named changes: --usbredir on a display open on 0.0.0.0
#   without a password adds no password and warns.
# - Reachability: --no-password on a network listen and on a display with
#   no listen address of its own needs --insecure, and says why.
# - Each edit option on a Windows 11 (UEFI, TPM) domain, and some on a
#   NUMA, a VNC and a TPM domain: accepted and read back as asked, or
#   refused with nothing changed.  Each edit is undone with virsh before
#   the next.  (tests/verify runs every option on every domain of the
#   corpus, on libvirt's test driver.)

. "$(dirname "$0")/lib.sh"

command -v virt-install >/dev/null 2>&1 ||
  { echo "SKIP: virt-install is not installed (Debian: virtinst)"; exit 77; }

inactive=$LC_TMP/inactive.xml
original=$LC_TMP/original.xml

# vi NAME ARGS...: define a domain virt-install writes with ARGS, as NAME.
vi ()
{
  local name=$1
  shift
  e2e_track "$name"
  timeout 120 virt-install --connect "$VD_QEMU_URI" --print-xml --virt-type qemu \
    --name "$name" --memory 512 --disk none --network none --noautoconsole "$@" \
    >"$LC_TMP/vi.xml" 2>"$LC_TMP/vi.err" ||
    lc_die "virt-install $*: $(cat "$LC_TMP/vi.err")"
  vd_virsh define "$LC_TMP/vi.xml" >/dev/null 2>"$LC_TMP/vi.err" ||
    lc_die "virsh define of virt-install $*: $(cat "$LC_TMP/vi.err")"
}

# show_json NAME KEY=JSON...: 'vdctl show --json' reads these values.
show_json ()
{
  local what=$1 name=$2
  shift 2
  lc_vdctl show "$name" --json
  lc_expect_json "$what: show --json reads it back" object "$@"
}

# ---- the cases libvirt undid ------------------------------------------

none=$(e2e_name none)
vi "$none" --osinfo debian11 --vcpus 2,maxvcpus=4 --graphics spice,listen=none
lc_vdctl edit "$none" --listen 0.0.0.0
lc_expect "edit --listen 0.0.0.0 on a listen=none display" 0 "listen:          none -> 0.0.0.0"
lc_dump "$none" "$inactive" --inactive
lc_expect_xpath "libvirtd keeps the address" "$inactive" \
  "string(/domain/devices/graphics[@type='spice']/listen[1]/@type)" address
lc_expect_xpath "... 0.0.0.0" "$inactive" \
  "string(/domain/devices/graphics[@type='spice']/listen[1]/@address)" 0.0.0.0
lc_expect_xpath "... with a generated password" "$inactive" \
  "boolean(/domain/devices/graphics[@type='spice']/@passwd)" true
show_json "--listen 0.0.0.0" "$none" 'listen="0.0.0.0"' 'listen_type="address"' \
  'password_set=true' 'insecure=false'

lc_vdctl edit "$none" --vcpus 8
lc_expect "edit --vcpus 8 on <vcpu current='2'>4</vcpu>" 0 "vcpus:           2 -> 8"
lc_dump "$none" "$inactive" --inactive
lc_expect_xpath "the guest boots with 8 vCPUs" "$inactive" \
  "concat(/domain/vcpu, ' ', count(/domain/vcpu/@current))" "8 0"
show_json "--vcpus 8" "$none" 'vcpus=8' 'vcpus_max=8'

headless=$(e2e_name headless)
vi "$headless" --osinfo debian11 --graphics none
lc_vdctl edit "$headless" --spice
lc_expect "edit --spice on a domain without video" 0 "video:           none -> qxl"
lc_dump "$headless" "$inactive" --inactive
lc_expect_xpath "one video device, qxl (not libvirt's cirrus)" "$inactive" \
  "concat(count(/domain/devices/video), ' ', /domain/devices/video/model/@type)" "1 qxl"
show_json "--spice" "$headless" 'graphics="spice"' 'video="qxl"' 'listen="127.0.0.1"'

# ---- only what is named changes ---------------------------------------

open=$(e2e_name open)
vi "$open" --osinfo debian11 --graphics spice,listen=0.0.0.0
lc_vdctl edit "$open" --usbredir 3
lc_expect "edit --usbredir 3 on a display open on 0.0.0.0" 0 "usb redirection: 2 -> 3" \
  "vdctl: warning: desktop '$open' has a SPICE display without a password that listens on 0.0.0.0"
check "... prints no password" eval '! grep -q "password" "$LC_TMP/out"'
lc_dump "$open" "$inactive" --inactive
lc_expect_xpath "... and sets none" "$inactive" \
  "boolean(/domain/devices/graphics[@type='spice']/@passwd)" false
show_json "--usbredir 3" "$open" 'usbredir=3' 'password_set=false' 'insecure=true'
lc_vdctl list
check "list marks it insecure" eval '[ "$(lc_list_row "$open" | awk "{print \$NF}")" = insecure ]'

# ---- reachability -------------------------------------------------------

net=$(e2e_name net)
vi "$net" --osinfo debian11 --graphics spice,listens0.type=network,listens0.network=default
if vd_virsh net-info default >/dev/null 2>&1; then
  lc_vdctl edit "$net" --no-password
  lc_expect_error "--no-password on a network listen needs --insecure" 2 \
    "refusing a SPICE display without a password on libvirt network 'default'"
  address=$(vd_virsh net-dumpxml default | xmllint --xpath 'string(/network/ip[1]/@address)' - 2>/dev/null)
  if [ -n "$address" ]; then
    check "... and says the network's address $address" \
      eval 'printf "%s\n" "$LC_ERR" | grep -qF "whose address here is $address"'
  fi
  lc_vdctl edit "$net" --no-password --insecure
  lc_expect "... and passes with --insecure" 0 ""
else
  e2e_note "no libvirt network 'default' here: the network listen is not tried"
fi

deflt=$(e2e_name default-listen)
vi "$deflt" --osinfo debian11 --graphics spice
lc_vdctl edit "$deflt" --no-password
lc_expect_error "--no-password with no listen address of its own needs --insecure" 2 \
  "with no listen address of its own, so on qemu.conf's spice_listen ("

# ---- every option on a few kinds of domain ------------------------------

printf 'e2e-s3cret\n' >"$LC_TMP/pw"
# option|expected show --json values (empty: only that it is accepted)
options=(
  "--listen 0.0.0.0|listen=\"0.0.0.0\" listen_type=\"address\" password_set=true"
  "--port 5999|port=5999"
  "--port auto|port=null"
  "--password-file $LC_TMP/pw|password_set=true"
  "--no-password --insecure|password_set=false"
  "--usb3|usb3=true usb_model=\"qemu-xhci\""
  "--no-usb3|usb3=false"
  "--usbredir 3|usbredir=3"
  "--video virtio|video=\"virtio\""
  "--sound ich6|sound=\"ich6\""
  "--sound none|sound=null"
  "--memory 768|memory_mib=768"
  "--vcpus 4|vcpus=4 vcpus_max=4"
  "--no-tls|tls=false"
  "--spice|graphics=\"spice\""
  "--rdp|guest_agent=true"
)

# Fewer for the other kinds of domain: what differs there.
some_options=("${options[0]}" "${options[5]}" "${options[11]}" "${options[12]}" "${options[14]}")

# every_option NAME SPEC...: each option of SPEC on NAME.
every_option ()
{
  local name=$1 spec option expect
  shift
  lc_dump "$name" "$original" --inactive
  for spec in "$@"; do
    read -r -a option <<<"${spec%%|*}"
    read -r -a expect <<<"${spec#*|}"
    lc_vdctl edit "$name" "${option[@]}"
    lc_dump "$name" "$inactive" --inactive
    if [ "$LC_RC" -eq 0 ]; then
      lc_expect_valid "$name ${option[*]}: the definition validates" "$inactive"
      show_json "$name ${option[*]}" "$name" ${expect[@]+"${expect[@]}"}
    else
      lc_expect_error "$name ${option[*]}: refused with one reason" "$LC_RC" "vdctl: error:"
      lc_expect_same "$name ${option[*]}: the refusal changed nothing" "$original" "$inactive"
    fi
    vd_virsh define "$original" >/dev/null || lc_die "cannot put $name back"
  done
}

win=$(e2e_name win11)
vi "$win" --osinfo win11 --boot uefi --graphics spice
every_option "$win" "${options[@]}"
numa=$(e2e_name numa)
vi "$numa" --osinfo debian11 --vcpus 2,maxvcpus=4 \
  --cpu host-model,cell0.memory=262144,cell0.cpus=0-1,cell1.memory=262144,cell1.cpus=2-3
every_option "$numa" "${some_options[@]}"
vnc=$(e2e_name vnc)
vi "$vnc" --osinfo debian11 --graphics vnc,listen=0.0.0.0
every_option "$vnc" "${some_options[@]}"
tpm=$(e2e_name tpm)
vi "$tpm" --osinfo debian11 --tpm emulator --graphics spice,listen=socket
every_option "$tpm" "${some_options[@]}"

lc_finish
