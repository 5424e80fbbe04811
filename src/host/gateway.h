/* gateway.h: what `vdctl gateway serve` reads off this host for squid:
 * its directory, the SPICE ports of the desktops, the host's own
 * addresses; and the configuration written in place.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "virt.h"

/* The gateway's directory: VDCTL_GATEWAY_DIR, else /var/lib/vdctl/gateway
 * for root, else $XDG_STATE_HOME/vdctl/gateway. */
char *vd_gateway_dir (void);

/* Make DIR (mode 0700) and, when USER is given (squid started as root
 * runs as USER), hand it and the logs in it to USER. */
gboolean vd_gateway_prepare_dir (const char *dir, const char *user, GError **error);

/* The SPICE ports (plain and TLS, guint, sorted, each once) of every
 * domain on CONN: a running domain's as it runs, a shut-off one's fixed
 * ones; an automatic port exists only while its domain runs. */
GArray *vd_gateway_spice_ports (VdConnection *conn, GError **error);

/* This host's addresses other than 127.0.0.1 and ::1 (IPv6 link-local
 * ones left out), numeric, sorted. */
char **vd_gateway_self_addresses (void);

/* Replace PATH with TEXT (mode 0644) in one step; TRUE and *CHANGED
 * FALSE when it held TEXT already. */
gboolean vd_gateway_write_conf (const char *path, const char *text, gboolean *changed,
                                GError **error);
