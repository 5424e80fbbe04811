/* rdp-connect.h: 'vdctl connect --rdp NAME': xfreerdp to the guest's own
 * RDP server, with the desktop's recorded settings and policy, the
 * password on xfreerdp's standard input, through an SSH tunnel when asked.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "virt.h"

typedef struct {
  gboolean rdp;
  char *address;
  char *user;
  char *domain;
  char *password_file;
  char *cert;
  gboolean ssh_tunnel;
} VdRdpConnectOptions;

typedef struct {
  const char *viewer;         /* --viewer, or NULL for xfreerdp */
  gboolean wait;
  gboolean debug;
  gboolean fullscreen;
  gboolean print;
} VdRdpViewerOptions;

/* Check OPTIONS before anything is dialed: a bad value is a
 * VD_VALUE_ERROR that names the option. */
gboolean vd_rdp_connect_check (const VdRdpConnectOptions *options, GError **error);

/* Connect to the RDP server of the desktop NAME on CONN.  URI is the
 * connection's URI as the user gave it (NULL: CONN's), which an SSH
 * tunnel dials. */
gboolean vd_rdp_connect (VdConnection              *conn,
                         const char                *uri,
                         const char                *name,
                         const VdRdpConnectOptions *options,
                         const VdRdpViewerOptions  *viewer,
                         GError                   **error);
