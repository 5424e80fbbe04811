#!/bin/bash
# End to end: a SPICE-over-TLS desktop reached by remote-viewer with the
# file 'vdctl export-vv' writes and through 'vdctl connect', on loopback.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# SPICE TLS needs libvirtd's qemu.conf (spice_tls = 1 and a certificate
# directory) and a libvirtd restart, which would disturb everything else
# that uses the shared daemon. So this test runs its own libvirtd: in a
# private mount namespace (tests/lib/private-libvirtd.sh), with a
# qemu.conf that is the host's plus spice_tls = 1 and
# spice_tls_x509_cert_dir pointing at a CA and server certificate made
# here with certtool. vdctl, virsh and
# remote-viewer run in the same namespace, so they see that daemon as
# qemu:///system and that qemu.conf as /etc/libvirt/qemu.conf. The shared
# daemon, its domains and its configuration are never touched.
#
# The desktop is made with 'vdctl create --tls'.
#
# Checks: the running display has a TLS port and defaultMode='secure';
# export-vv writes tls-port, ca (the CA certificate, exactly) and
# host-subject (the server certificate's subject in certificate order);
# remote-viewer with that file says "Using TLS", links main, display and
# both usbredir channels and shows the firmware screen; the same file with
# another CA, or with another host-subject, does not link; 'vdctl connect'
# links over TLS too, in a window titled with the desktop's name.
#
# Needs root, unshare (util-linux), certtool (gnutls-bin), libvirtd.

set -u

TLS_HERE=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=tests/lib/private-libvirtd.sh
. "$TLS_HERE/../lib/private-libvirtd.sh"
: "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"
PL_PACKAGES=gnutls-bin pl_enter_namespace certtool

# --- inside the private mount namespace -------------------------------------

pl_prepare e2e-tls
TLS_DIR=$PL_DIR
trap pl_stop EXIT

# The certificates: a CA, and a server certificate for 127.0.0.1 that it
# signed. QEMU (user libvirt-qemu) reads the server key.
pki="$TLS_DIR/pki"
mkdir -p "$pki"
chmod 0755 "$TLS_DIR" "$pki"
printf '%s\n' 'cn = "vdctl e2e test CA"' 'ca' 'cert_signing_key' 'expiration_days = 2' \
  >"$TLS_DIR/ca.info"
printf '%s\n' 'cn = "vdctl e2e other CA"' 'ca' 'cert_signing_key' 'expiration_days = 2' \
  >"$TLS_DIR/other-ca.info"
printf '%s\n' 'country = "XX"' 'organization = "vdctl e2e"' 'cn = "vdctl-e2e-spice"' \
  'ip_address = "127.0.0.1"' 'dns_name = "localhost"' 'tls_www_server' 'encryption_key' \
  'signing_key' 'expiration_days = 2' >"$TLS_DIR/server.info"
{
  certtool --generate-privkey --outfile "$TLS_DIR/ca-key.pem" &&
  certtool --generate-self-signed --load-privkey "$TLS_DIR/ca-key.pem" \
    --template "$TLS_DIR/ca.info" --outfile "$pki/ca-cert.pem" &&
  certtool --generate-privkey --outfile "$pki/server-key.pem" &&
  certtool --generate-certificate --load-privkey "$pki/server-key.pem" \
    --load-ca-certificate "$pki/ca-cert.pem" --load-ca-privkey "$TLS_DIR/ca-key.pem" \
    --template "$TLS_DIR/server.info" --outfile "$pki/server-cert.pem" &&
  certtool --generate-privkey --outfile "$TLS_DIR/other-ca-key.pem" &&
  certtool --generate-self-signed --load-privkey "$TLS_DIR/other-ca-key.pem" \
    --template "$TLS_DIR/other-ca.info" --outfile "$TLS_DIR/other-ca-cert.pem"
} >"$TLS_DIR/certtool.log" 2>&1 || { cat "$TLS_DIR/certtool.log"; pl_fail "certtool"; }
chmod 0644 "$pki/ca-cert.pem" "$pki/server-cert.pem"
chgrp libvirt-qemu "$pki/server-key.pem" 2>/dev/null || chgrp kvm "$pki/server-key.pem"
chmod 0640 "$pki/server-key.pem"

# The private daemon's configuration: the host's files, our qemu.conf.
case $pki in
  *[!A-Za-z0-9/._-]*) pl_fail "unexpected characters in $pki" ;;
esac
printf '\n# vdctl e2e (tests/viewer/tls.sh): SPICE over TLS\nspice_tls = 1\nspice_tls_x509_cert_dir = "%s"\n' \
  "$pki" >>"$PL_ETC/qemu.conf"

# The private daemons; nothing else in this namespace talks to the shared
# one (its socket in /run/libvirt is hidden).
pl_mount
pl_start_virtlogd
pl_start_libvirtd
echo "# a private libvirtd (pid $PL_LIBVIRTD_PID) with spice_tls = 1, certificates in $pki"

# viewer.sh's cleanup (viewers, Xvfb, our domains) runs first, then this.
VIEWER_AFTER_CLEANUP=pl_stop
# shellcheck source=tests/lib/viewer.sh
. "$TLS_HERE/../lib/viewer.sh"

name=$(e2e_name tls)
pwfile="$E2E_TMP/password"
viewer_password_file "$pwfile"

e2e_note "vdctl create $name --tls --usb3 --usbredir 2 --start ..."
viewer_create "$name" --tls --usb3 --usbredir 2 --start --password-file "$pwfile"

live="$E2E_TMP/live.xml"
viewer_live_xml "$name" "$live"
mode=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@defaultMode)")
tls_port=$(e2e_xpath "$live" "string(/domain/devices/graphics[@type='spice']/@tlsPort)")
[ "$mode" = secure ] && viewer_ok "the running display has defaultMode='secure'" ||
  viewer_bad "the running display has defaultMode='$mode', expected 'secure'"
case $tls_port in
  '' | *[!0-9]*) e2e_fail "the running display has no TLS port (tlsPort='$tls_port')" ;;
esac
e2e_port_open "$tls_port" ||
  e2e_fail "nothing accepts connections on 127.0.0.1:$tls_port"
viewer_ok "SPICE TLS on 127.0.0.1:$tls_port"

viewer_start_xvfb
viewer_empty_screenshot

# --- export-vv ------------------------------------------------------------------

vv="$E2E_TMP/tls.vv"
e2e_vdctl export-vv "$name" --ttl 60 -o "$vv"
[ "$E2E_RC" -eq 0 ] || { e2e_show_output; e2e_fail "vdctl export-vv --ttl 60 of a TLS desktop exited $E2E_RC"; }
if vvtool same-value "$vv" tls-port "$tls_port" >"$E2E_TMP/same" 2>&1; then
  viewer_ok "export-vv: tls-port=$tls_port"
else
  viewer_bad "export-vv: $(cat "$E2E_TMP/same")"
fi
if vvtool same-file "$vv" ca "$pki/ca-cert.pem" >"$E2E_TMP/same" 2>&1; then
  viewer_ok "export-vv: ca is the SPICE CA certificate"
else
  viewer_bad "export-vv: the ca key is not the CA certificate of $pki ($(head -c 300 "$E2E_TMP/same"))"
fi
if vvtool same-value "$vv" host-subject "C=XX,O=vdctl e2e,CN=vdctl-e2e-spice" >"$E2E_TMP/same" 2>&1; then
  viewer_ok "export-vv: host-subject=C=XX,O=vdctl e2e,CN=vdctl-e2e-spice"
else
  viewer_bad "export-vv: $(cat "$E2E_TMP/same")"
fi
# Copies: remote-viewer deletes the file it reads (delete-this-file=1).
for f in wrong-ca wrong-subject; do cp -p "$vv" "$E2E_TMP/$f.src.vv"; done

log="$E2E_TMP/tls.log"
viewer_run "$vv" "$log"
rv=$VIEWER_PID
linked=
if viewer_channels_up "$log" main-1:0 display-2:0 usbredir-9:0 usbredir-9:1; then
  linked=1
  viewer_ok "remote-viewer FILE: main, display and both usbredir channels linked"
else
  viewer_keep "$log"
  viewer_bad "remote-viewer FILE: not every channel linked over TLS"
fi
grep -q "main-1:0: Using TLS" "$log" && viewer_ok "remote-viewer FILE: 'Using TLS'" ||
  { viewer_keep "$log"; viewer_bad "remote-viewer FILE: the log does not say 'Using TLS'"; }
! grep -q "Using plain text" "$log" || viewer_bad "remote-viewer FILE: a channel went in plain text"
if [ -z "$linked" ]; then
  viewer_bad "remote-viewer FILE over TLS: no link, so no guest screen to look at"
elif viewer_guest_screen "$name (1)" "$E2E_TMP/tls.png"; then
  viewer_ok "remote-viewer FILE over TLS: the guest's firmware screen is shown"
else
  viewer_keep "$E2E_TMP/tls.png" "$E2E_TMP/empty.png" "$log"
  viewer_bad "remote-viewer FILE over TLS: no guest screen"
fi
viewer_stop "$rv"

# When the file did not link: does it link without its host-subject (the
# viewer then checks the certificate against host=127.0.0.1)? That tells a
# wrong host-subject from a wrong ca, port or password.
if [ -z "$linked" ]; then
  "$E2E_PYTHON_GI" - "$E2E_TMP/wrong-ca.src.vv" "$E2E_TMP/no-subject.vv" <<'PY'
import sys
import gi
gi.require_version("GLib", "2.0")
from gi.repository import GLib
kf = GLib.KeyFile()
kf.load_from_file(sys.argv[1], GLib.KeyFileFlags.NONE)
kf.remove_key("virt-viewer", "host-subject")
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(kf.to_data()[0])
PY
  viewer_run "$E2E_TMP/no-subject.vv" "$E2E_TMP/no-subject.log"
  rv=$VIEWER_PID
  if viewer_channels_up "$E2E_TMP/no-subject.log" main-1:0 >/dev/null; then
    echo "# without its host-subject the same file links: the host-subject is what is wrong"
  else
    echo "# without its host-subject the file does not link either"
  fi
  viewer_stop "$rv"
fi

# The same file trusting another CA, or expecting another subject: refused
# by the viewer's certificate check.
vvtool set "$E2E_TMP/wrong-ca.src.vv" "$E2E_TMP/wrong-ca.vv" ca "$(cat "$TLS_DIR/other-ca-cert.pem")"
vvtool set "$E2E_TMP/wrong-subject.src.vv" "$E2E_TMP/wrong-subject.vv" host-subject \
  "C=XX,O=vdctl e2e,CN=someone-else"
for f in wrong-ca wrong-subject; do
  log="$E2E_TMP/$f.log"
  viewer_run "$E2E_TMP/$f.vv" "$log"
  rv=$VIEWER_PID
  viewer_wait_log "$log" "main-1:0: channel up|SSL_connect|verification failed" 15 || true
  if grep -q " main-1:0: channel up" "$log"; then
    viewer_keep "$log"
    viewer_bad "remote-viewer with the $f file linked: the certificate is not checked"
  elif grep -qE "SSL_connect|verification failed" "$log"; then
    viewer_ok "remote-viewer with the $f file: refused by the certificate check"
  else
    viewer_keep "$log"
    viewer_bad "remote-viewer with the $f file: neither linked nor refused by the certificate check"
  fi
  viewer_stop "$rv"
done

# --- vdctl connect ----------------------------------------------------------------

log="$E2E_TMP/connect.log"
rc=0
viewer_env timeout 60 "$VDCTL" -c "$VD_QEMU_URI" connect "$name" --debug \
  >"$log" 2>&1 </dev/null || rc=$?
if [ "$rc" -ne 0 ]; then
  viewer_keep "$log"
  viewer_bad "vdctl connect of a TLS desktop exited $rc: $(grep 'vdctl: error' "$log")"
else
  vlog=$(viewer_log_of "$log")
  if [ -n "$vlog" ] && viewer_channels_up "$vlog" main-1:0 display-2:0 usbredir-9:0 usbredir-9:1 &&
     grep -q "main-1:0: Using TLS" "$vlog"; then
    viewer_ok "vdctl connect: every channel linked, over TLS"
    viewer_find_window "$name (1)" && viewer_ok "vdctl connect: a window titled '$name (1)'" ||
      viewer_bad "vdctl connect: no window titled with the desktop's name"
  else
    viewer_keep "$log" ${vlog:+"$vlog"}
    viewer_bad "vdctl connect: the viewer did not link over TLS"
  fi
fi
viewer_stop_all

viewer_finish "SPICE over TLS with export-vv and connect (private libvirtd)"
