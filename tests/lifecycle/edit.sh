#!/bin/bash
# End to end on qemu:///system: 'vdctl edit' on a stopped and on a running
# desktop, on a VNC-only domain defined with virsh, and its dry runs.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# After every edit the inactive definition (virsh dumpxml --inactive
# --security-info) must validate against libvirt's schema and keep, byte
# for byte, a foreign <metadata> element and a <description> put there with
# virsh, and every part of the definition no vdctl option is about.

. "$(dirname "$0")/lib.sh"

name=$(e2e_name edit)
inactive=$LC_TMP/inactive.xml
before=$LC_TMP/before.xml
live=$LC_TMP/live.xml
kept=$LC_TMP/kept-reference

# after_edit LABEL: dump the inactive XML; it validates and kept the rest.
after_edit ()
{
  lc_dump "$name" "$inactive" --inactive
  lc_expect_valid "$1: the definition validates" "$inactive"
  lc_expect_kept "$1: description, foreign metadata and unrelated parts kept" \
    "$kept" "$inactive"
}

# ---- setup: a desktop with content vdctl knows nothing about ------------

lc_create "$name"
lc_add_foreign "$name"
lc_dump "$name" "$inactive" --inactive
lc_expect_xpath "virsh put the description in" "$inactive" "string(/domain/description)" "$LC_DESC"
lc_expect_xpath "virsh put the foreign metadata in" "$inactive" \
  "string(/domain/metadata/*[namespace-uri()='$LC_META_URI']/*[local-name()='item'][2])" "ünïcödé ✓"
lc_unrelated "$inactive" "$kept"
grep -q '(missing)' "$kept" && lc_die "the foreign parts are not in the definition: $(cat "$kept")"

# ---- usage ------------------------------------------------------------

cp "$inactive" "$before"
lc_vdctl edit "$name"
lc_expect_error "edit with no setting is a usage error" 2 "nothing to change"
lc_vdctl edit "$name" --usb3 --no-usb3
lc_expect_error "--usb3 with --no-usb3 is a usage error" 2 "opposites"
lc_vdctl edit "$name" --spice --no-spice
lc_expect_error "--spice with --no-spice is a usage error" 2 "opposites"
lc_vdctl edit "$name" --print-xml --diff --memory 300
lc_expect_error "--print-xml with --diff is a usage error" 2 "alternatives"
lc_vdctl edit "$name" --memory lots
lc_expect_error "--memory lots is a usage error" 2 "lots"
lc_dump "$name" "$inactive" --inactive
lc_expect_same "usage errors changed nothing" "$before" "$inactive"

# ---- on the stopped desktop ---------------------------------------------

cp "$inactive" "$before"
lc_vdctl edit "$name" --memory 384 --vcpus 3
lc_expect "edit --memory 384 --vcpus 3" 0 "Desktop '$name' changed" EMPTY
check "it says memory (MiB): 256 -> 384" grep -qE '^  memory \(MiB\): +256 -> 384$' "$LC_TMP/out"
check "it says vcpus: 2 -> 3" grep -qE '^  vcpus: +2 -> 3$' "$LC_TMP/out"
check "a stopped desktop gets no note about the next boot" eval '! grep -q "next boot" "$LC_TMP/out"'
after_edit "--memory --vcpus"
lc_expect_xpath "memory is 384 MiB" "$inactive" \
  "concat(/domain/memory, ' ', /domain/memory/@unit)" "393216 KiB"
lc_expect_xpath "currentMemory is 384 MiB" "$inactive" "string(/domain/currentMemory)" 393216
lc_expect_xpath "vcpu is 3" "$inactive" "string(/domain/vcpu)" 3
lc_expect_changed_only "--memory --vcpus changed only memory, currentMemory and vcpu" \
  "$before" "$inactive" '<(memory|currentMemory|vcpu)[ >]'
lc_vdctl show "$name" --json
lc_expect_json "show --json reads the new memory and vcpus" object 'memory_mib=384' 'vcpus=3'

cp "$inactive" "$before"
lc_vdctl edit "$name" --memory 384
lc_expect "an edit to the values it has" 0 "Desktop '$name' already has these settings; nothing changed" EMPTY
lc_dump "$name" "$inactive" --inactive
lc_expect_same "... changed nothing" "$before" "$inactive"

lc_vdctl edit "$name" --memory 1G
lc_expect "edit --memory 1G" 0 "384 -> 1024" EMPTY
after_edit "--memory 1G"
lc_expect_xpath "memory is 1 GiB" "$inactive" "string(/domain/memory)" 1048576
lc_vdctl edit "$name" --memory 384
lc_expect "edit --memory 384 again" 0 "1024 -> 384" EMPTY

lc_vdctl edit "$name" --video virtio
lc_expect "edit --video virtio" 0 "Desktop '$name' changed" EMPTY
check "it says video: qxl -> virtio" grep -qE '^  video: +qxl -> virtio$' "$LC_TMP/out"
after_edit "--video virtio"
lc_expect_xpath "one video device, virtio" "$inactive" \
  "concat(count(/domain/devices/video), ' ', /domain/devices/video/model/@type)" "1 virtio"

lc_vdctl edit "$name" --sound ac97
lc_expect "edit --sound ac97" 0 "Desktop '$name' changed" EMPTY
check "it says sound: ich9 -> ac97" grep -qE '^  sound: +ich9 -> ac97$' "$LC_TMP/out"
after_edit "--sound ac97"
lc_expect_xpath "one sound device, ac97" "$inactive" \
  "concat(count(/domain/devices/sound), ' ', /domain/devices/sound/@model)" "1 ac97"

lc_vdctl edit "$name" --sound none
lc_expect "edit --sound none" 0 "Desktop '$name' changed" EMPTY
check "it says sound: ac97 -> none" grep -qE '^  sound: +ac97 -> none$' "$LC_TMP/out"
after_edit "--sound none"
lc_expect_xpath "no sound device" "$inactive" "count(/domain/devices/sound)" 0

lc_vdctl edit "$name" --sound ich9
lc_expect "edit --sound ich9" 0 "none -> ich9" EMPTY
after_edit "--sound ich9"
lc_expect_xpath "one sound device, ich9" "$inactive" \
  "concat(count(/domain/devices/sound), ' ', /domain/devices/sound/@model)" "1 ich9"

lc_vdctl edit "$name" --no-usb3
lc_expect "edit --no-usb3" 0 "Desktop '$name'" EMPTY
after_edit "--no-usb3"
lc_expect_xpath "USB2: ich9-ehci1 and its three uhci companions" "$inactive" \
  "concat(count(/domain/devices/controller[@type='usb']), ' ',
          count(/domain/devices/controller[@type='usb'][@model='ich9-ehci1']), ' ',
          count(/domain/devices/controller[@type='usb'][starts-with(@model, 'ich9-uhci')]/master))" "4 1 3"
lc_expect_xpath "no qemu-xhci left" "$inactive" \
  "count(/domain/devices/controller[@model='qemu-xhci'])" 0
lc_expect_xpath "the two usbredir channels stay" "$inactive" \
  "count(/domain/devices/redirdev[@bus='usb'][@type='spicevmc'])" 2
lc_vdctl show "$name" --json
lc_expect_json "show --json: USB2" object 'usb3=false' 'usb_model="ich9-ehci1"' 'usbredir=2'

# Impossible: ten channels on the six ports of ich9-ehci1.
cp "$inactive" "$before"
lc_vdctl edit "$name" --usbredir 10
lc_expect_error "--usbredir 10 on USB2 is refused" 1 "do not fit"
lc_dump "$name" "$inactive" --inactive
lc_expect_same "the refused --usbredir 10 changed nothing" "$before" "$inactive"
lc_vdctl edit "$name" --usbredir 10 --memory 512 --video qxl
lc_expect_error "an impossible edit with possible ones is refused whole" 1 "do not fit"
lc_dump "$name" "$inactive" --inactive
lc_expect_same "... and changed nothing, not even memory or video" "$before" "$inactive"

lc_vdctl edit "$name" --usb3 --usbredir 4
lc_expect "edit --usb3 --usbredir 4" 0 "Desktop '$name' changed" EMPTY
check "it says usb controller: ich9-ehci1 -> qemu-xhci" \
  grep -qE '^  usb controller: +ich9-ehci1 -> qemu-xhci$' "$LC_TMP/out"
check "it says usb redirection: 2 -> 4" grep -qE '^  usb redirection: +2 -> 4$' "$LC_TMP/out"
after_edit "--usb3 --usbredir 4"
lc_expect_xpath "one qemu-xhci with 15 ports" "$inactive" \
  "concat(count(/domain/devices/controller[@type='usb']), ' ',
          /domain/devices/controller[@type='usb']/@model, ' ',
          /domain/devices/controller[@type='usb']/@ports)" "1 qemu-xhci 15"
lc_expect_xpath "four usbredir channels" "$inactive" \
  "count(/domain/devices/redirdev[@bus='usb'][@type='spicevmc'])" 4

port=$(lc_free_port)
lc_vdctl edit "$name" --port "$port"
lc_expect "edit --port $port" 0 "Desktop '$name' changed" EMPTY
check "it says port: automatic -> $port" grep -qE "^  port: +automatic -> $port\$" "$LC_TMP/out"
after_edit "--port $port"
lc_expect_xpath "SPICE on port $port, autoport off" "$inactive" \
  "concat(/domain/devices/graphics[@type='spice']/@port, ' ', /domain/devices/graphics[@type='spice']/@autoport)" "$port no"

lc_vdctl edit "$name" --port auto
lc_expect "edit --port auto" 0 "Desktop '$name' changed" EMPTY
check "it says port: $port -> automatic" grep -qE "^  port: +$port -> automatic\$" "$LC_TMP/out"
after_edit "--port auto"
lc_expect_xpath "SPICE port automatic again" "$inactive" \
  "concat(/domain/devices/graphics[@type='spice']/@autoport, ' ', count(/domain/devices/graphics[@type='spice']/@port[. != '-1']))" "yes 0"

lc_vdctl edit "$name" --port 80
lc_expect_error "--port 80 is refused (1024-65535)" 2 "80"

# A password from a file, with a listen address beyond loopback.
pwfile=$LC_TMP/pw
password="edit-pw-$RANDOM-$RANDOM"
printf '%s\n' "$password" >"$pwfile"
lc_vdctl edit "$name" --listen 0.0.0.0 --password-file "$pwfile"
lc_expect "edit --listen 0.0.0.0 --password-file FILE" 0 "Desktop '$name' changed" EMPTY
check "it says listen: 127.0.0.1 -> 0.0.0.0" grep -qE '^  listen: +127.0.0.1 -> 0.0.0.0$' "$LC_TMP/out"
check "it says password: changed, and not the password" \
  eval 'grep -qE "^  password: +changed\$" "$LC_TMP/out" && ! grep -qF -- "$password" "$LC_TMP/out"'
after_edit "--listen 0.0.0.0 --password-file"
lc_expect_xpath "SPICE listens on 0.0.0.0 with the password from the file" "$inactive" \
  "concat(/domain/devices/graphics[@type='spice']/listen/@address, ' ', /domain/devices/graphics[@type='spice']/@passwd)" \
  "0.0.0.0 $password"

# Dry runs: they print, change nothing and never show the password.
cp "$inactive" "$before"
lc_vdctl edit "$name" --print-xml --memory 999
lc_expect "edit --print-xml --memory 999" 0 "<domain" EMPTY
printf '%s\n' "$LC_OUT" >"$LC_TMP/printed.xml"
printed_memory=$(e2e_xpath "$LC_TMP/printed.xml" "concat(/domain/memory, ' ', /domain/memory/@unit)")
check "the printed definition has memory 999 MiB (got '$printed_memory')" \
  eval 'case $printed_memory in "999 MiB" | "1022976 KiB") true ;; *) false ;; esac'
lc_expect_valid "the printed definition validates" "$LC_TMP/printed.xml"
check "the printed definition has no password" eval '! grep -qF -- "$password" "$LC_TMP/out"'
check "the printed definition has no passwd attribute" eval '! grep -q "passwd=" "$LC_TMP/out"'
lc_dump "$name" "$inactive" --inactive
lc_expect_same "--print-xml changed nothing" "$before" "$inactive"

lc_vdctl edit "$name" --diff --vcpus 7 --listen 127.0.0.1
lc_expect "edit --diff --vcpus 7 --listen 127.0.0.1" 0 "--- $name (current)" EMPTY
check "the diff removes <vcpu>3" grep -qE '^-.*<vcpu[^>]*>3</vcpu>' "$LC_TMP/out"
check "the diff adds <vcpu>7" grep -qE '^\+.*<vcpu[^>]*>7</vcpu>' "$LC_TMP/out"
check "the diff adds listen 127.0.0.1" grep -qE '^\+.*address="127.0.0.1"' "$LC_TMP/out"
check "the diff has no password" eval '! grep -qF -- "$password" "$LC_TMP/out"'
lc_dump "$name" "$inactive" --inactive
lc_expect_same "--diff changed nothing" "$before" "$inactive"
check "--diff left no temporary files behind" \
  eval '[ -z "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name "vdctl-diff-*" -newer "$before" 2>/dev/null)" ]'

lc_vdctl edit "$name" --listen 127.0.0.1
lc_expect "edit --listen 127.0.0.1" 0 "0.0.0.0 -> 127.0.0.1" EMPTY
after_edit "--listen 127.0.0.1"
lc_expect_xpath "back on 127.0.0.1, the password kept" "$inactive" \
  "concat(/domain/devices/graphics[@type='spice']/listen/@address, ' ', /domain/devices/graphics[@type='spice']/@passwd)" \
  "127.0.0.1 $password"

# ---- on the running desktop ---------------------------------------------

lc_vdctl start "$name"
lc_expect "start the desktop" 0 "started" EMPTY
lc_expect_state "it runs" "$name" running
lc_dump "$name" "$LC_TMP/live-before.xml"
live_port=$(e2e_xpath "$LC_TMP/live-before.xml" "string(/domain/devices/graphics[@type='spice']/@port)")

cp "$inactive" "$before"
lc_vdctl edit "$name" --memory 512 --vcpus 2
lc_expect "edit --memory 512 --vcpus 2 on the running desktop" 0 "Desktop '$name' changed" EMPTY
check "it says memory (MiB): 384 -> 512" grep -qE '^  memory \(MiB\): +384 -> 512$' "$LC_TMP/out"
check "it says the running desktop keeps them until its next boot" \
  grep -qF "The running desktop keeps its current settings until its next boot ('vdctl reboot $name' to apply them now)." "$LC_TMP/out"
after_edit "--memory 512 --vcpus 2 (running)"
lc_expect_xpath "the definition has 512 MiB and 2 vCPUs" "$inactive" \
  "concat(/domain/memory, ' ', /domain/vcpu)" "524288 2"
lc_expect_changed_only "only memory, currentMemory and vcpu changed" \
  "$before" "$inactive" '<(memory|currentMemory|vcpu)[ >]'
lc_dump "$name" "$live"
lc_expect_xpath "the running domain keeps 384 MiB and 3 vCPUs" "$live" \
  "concat(/domain/memory, ' ', /domain/vcpu)" "393216 3"
lc_expect_state "still running" "$name" running
lc_vdctl show "$name" --json
lc_expect_json "show --json on the running desktop: live values and port" object \
  'state="running"' "port=$live_port" 'memory_mib=384' 'vcpus=3'

new_port=$(lc_free_port)
lc_vdctl edit "$name" --port "$new_port" --video qxl --sound ac97 --no-usb3 --usbredir 3
lc_expect "edit --port --video --sound --no-usb3 --usbredir 3 on the running desktop" 0 "Desktop '$name' changed" EMPTY
check "it says usb redirection: 4 -> 3" grep -qE '^  usb redirection: +4 -> 3$' "$LC_TMP/out"
after_edit "--port --video --sound --no-usb3 --usbredir 3 (running)"
lc_expect_xpath "the definition has the new port, qxl, ac97, ich9-ehci1, 3 channels" "$inactive" \
  "concat(/domain/devices/graphics[@type='spice']/@port, ' ', /domain/devices/video/model/@type, ' ',
          /domain/devices/sound/@model, ' ', /domain/devices/controller[@type='usb'][1]/@model, ' ',
          count(/domain/devices/redirdev[@type='spicevmc']))" \
  "$new_port qxl ac97 ich9-ehci1 3"
lc_dump "$name" "$live"
lc_expect_xpath "the running domain keeps its port, virtio, ich9, qemu-xhci, 4 channels" "$live" \
  "concat(/domain/devices/graphics[@type='spice']/@port, ' ', /domain/devices/video/model/@type, ' ',
          /domain/devices/sound/@model, ' ', /domain/devices/controller[@type='usb'][1]/@model, ' ',
          count(/domain/devices/redirdev[@type='spicevmc']))" \
  "$live_port virtio ich9 qemu-xhci 4"

lc_vdctl stop "$name" --force
lc_expect "stop --force" 0 "powered off" EMPTY
lc_vdctl start "$name"
lc_expect "start again: the new settings apply" 0 "Desktop '$name' started: spice://127.0.0.1:$new_port" EMPTY
lc_dump "$name" "$live"
lc_expect_xpath "the running domain now has the edited settings" "$live" \
  "concat(/domain/devices/graphics[@type='spice']/@port, ' ', /domain/memory, ' ', /domain/vcpu, ' ',
          /domain/devices/video/model/@type, ' ', /domain/devices/sound/@model, ' ',
          /domain/devices/controller[@type='usb'][1]/@model, ' ', count(/domain/devices/redirdev[@type='spicevmc']))" \
  "$new_port 524288 2 qxl ac97 ich9-ehci1 3"
check "QEMU accepts connections on the edited port $new_port" e2e_port_open "$new_port"
lc_vdctl list
check "list shows spice://127.0.0.1:$new_port" \
  [ "$(lc_list_row "$name" | awk '{print $2, $3}')" = "running spice://127.0.0.1:$new_port" ]
lc_vdctl stop "$name" --force
lc_expect "stop --force" 0 "powered off" EMPTY

# ---- a VNC-only domain defined with virsh -------------------------------

name=$(e2e_name vnc)
e2e_track "$name"
python3 "$LC_DIR/xml-parts.py" set-name "$LC_DIR/data/vnc-only.xml" "$LC_TMP/vnc.xml" "$name" ||
  lc_die "cannot write the VNC domain XML"
vd_virsh define "$LC_TMP/vnc.xml" >/dev/null || lc_die "virsh define $LC_TMP/vnc.xml failed"
lc_add_foreign "$name"
lc_dump "$name" "$inactive" --inactive
lc_unrelated "$inactive" "$kept"
grep -q '(missing)' "$kept" && lc_die "the foreign parts are not in the definition: $(cat "$kept")"

lc_vdctl show "$name" --json
lc_expect "show --json on a VNC-only domain" 0 "" EMPTY
lc_expect_json "show --json: graphics vnc, no SPICE channels" object \
  'graphics="vnc"' 'usbredir=0' 'vdagent=false' 'guest_agent=false' 'memory_mib=256' 'vcpus=1'

lc_vdctl edit "$name" --spice
lc_expect "edit --spice on the VNC-only domain" 0 "Desktop '$name' changed" EMPTY
check "it says graphics: vnc -> spice" grep -qE '^  graphics: +vnc -> spice$' "$LC_TMP/out"
after_edit "--spice"
lc_expect_xpath "a SPICE display on 127.0.0.1 next to the VNC one" "$inactive" \
  "concat(count(/domain/devices/graphics[@type='vnc']), ' ', count(/domain/devices/graphics[@type='spice']), ' ',
          /domain/devices/graphics[@type='spice']/listen/@address)" "1 1 127.0.0.1"
lc_expect_xpath "the SPICE agent channel" "$inactive" \
  "count(/domain/devices/channel[@type='spicevmc']/target[@name='com.redhat.spice.0'])" 1
# A SPICE desktop with a sound card plays its sound through SPICE, as one
# vdctl creates does (<audio type='spice'/>).
lc_expect_xpath "no audio backend of type 'none' is left for the sound card" "$inactive" \
  "count(/domain/devices/audio[@type='none'])" 0

lc_vdctl start "$name"
lc_expect "start the VNC domain with SPICE added" 0 "Desktop '$name' started: spice://127.0.0.1:" EMPTY
lc_dump "$name" "$live"
spice_port=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@port)")
check "QEMU accepts SPICE connections on 127.0.0.1:$spice_port" e2e_port_open "$spice_port"
lc_vdctl list --json
lc_expect_json "list --json: graphics spice on the live port" array "$name" \
  'graphics="spice"' "port=$spice_port" 'state="running"'

lc_vdctl edit "$name" --no-spice --listen 0.0.0.0
lc_expect_error "--no-spice with --listen is refused" 1 "--no-spice"
lc_vdctl edit "$name" --no-spice
lc_expect "edit --no-spice on the running domain" 0 "Desktop '$name' changed" EMPTY
check "it says graphics: spice -> vnc" grep -qE '^  graphics: +spice -> vnc$' "$LC_TMP/out"
after_edit "--no-spice"
lc_expect_xpath "the definition has VNC only, no SPICE channel, no usbredir" "$inactive" \
  "concat(count(/domain/devices/graphics[@type='vnc']), ' ', count(/domain/devices/graphics[@type='spice']), ' ',
          count(/domain/devices/channel[@type='spicevmc']), ' ', count(/domain/devices/redirdev[@type='spicevmc']))" "1 0 0 0"
lc_dump "$name" "$live"
lc_expect_xpath "the running domain keeps SPICE until it stops" "$live" \
  "count(/domain/devices/graphics[@type='spice'])" 1
lc_vdctl stop "$name" --force
lc_expect "stop --force" 0 "powered off" EMPTY
cp "$inactive" "$before"
lc_vdctl edit "$name" --no-spice
lc_expect "--no-spice again" 0 "already has these settings; nothing changed" EMPTY
lc_dump "$name" "$inactive" --inactive
lc_expect_same "... changed nothing" "$before" "$inactive"

lc_finish
