/* qemu-conf.h: the few settings of libvirt's qemu.conf that vdctl must
 * know on a local host: SPICE TLS and its certificate directory.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#define VD_QEMU_CONF "/etc/libvirt/qemu.conf"
/* libvirt's spice_listen and vnc_listen when qemu.conf sets none. */
#define VD_QEMU_DEFAULT_LISTEN "127.0.0.1"

/* The value of KEY in a libvirt configuration text (key = value lines,
 * '#' comments, strings in double quotes), or NULL. */
char *vd_libvirt_conf_get (const char *text, const char *key);

typedef struct {
  gboolean spice_tls;
  char *cert_dir;             /* where ca-cert.pem and server-cert.pem are */
} VdSpiceTlsConfig;

void vd_spice_tls_config_clear (VdSpiceTlsConfig *config);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdSpiceTlsConfig, vd_spice_tls_config_clear)

/* Read PATH (VD_QEMU_CONF normally); a missing file is TLS off. */
gboolean vd_spice_tls_config_load (const char *path, VdSpiceTlsConfig *config,
                                   GError **error);

/* For a desktop with --tls on the libvirt host of URI: refuse, saying
 * exactly what to configure, when SPICE TLS is not set up there.  A
 * remote host cannot be checked from here; libvirt says so at start. */
gboolean vd_spice_tls_check_host (const char *uri, GError **error);

/* For a SPICE display with no listen address of its own on the libvirt
 * host of URI, which listens where qemu.conf's spice_listen says: that
 * value and where it comes from, in words ("0.0.0.0 in
 * /etc/libvirt/qemu.conf", "not set in /etc/libvirt/qemu.conf, so
 * libvirt's default 127.0.0.1 for now"), or why vdctl cannot tell (a
 * remote host, no QEMU driver). */
char *vd_qemu_conf_describe_spice_listen (const char *uri);
