/* rdp-connect.h: 'vdctl connect --rdp NAME': xfreerdp to the guest's own
 * RDP server, with the desktop's recorded settings and policy, the
 * password on xfreerdp's standard input, through an SSH tunnel when asked.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "commands.h"

typedef struct {
  gboolean rdp;
  char *address;
  char *user;
  char *domain;
  char *password_file;
  char *cert;
  gboolean ssh_tunnel;
} VdRdpConnectOptions;

extern VdRdpConnectOptions vd_rdp_connect_opts;

#define VD_RDP_CONNECT_OPTION_ENTRIES \
  { "rdp", 0, 0, G_OPTION_ARG_NONE, &vd_rdp_connect_opts.rdp, \
    "Connect to the guest's RDP server with xfreerdp instead of the SPICE display", NULL }, \
  { "rdp-address", 0, 0, G_OPTION_ARG_STRING, &vd_rdp_connect_opts.address, \
    "With --rdp, dial HOST[:PORT] instead of the address the guest reports", "HOST[:PORT]" }, \
  { "rdp-user", 0, 0, G_OPTION_ARG_STRING, &vd_rdp_connect_opts.user, \
    "With --rdp, log in as USER instead of the recorded user", "USER" }, \
  { "rdp-domain", 0, 0, G_OPTION_ARG_STRING, &vd_rdp_connect_opts.domain, \
    "With --rdp, the user's Windows domain instead of the recorded one", "DOMAIN" }, \
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &vd_rdp_connect_opts.password_file, \
    "With --rdp, read the password from FILE ('-' for standard input)", "FILE" }, \
  { "cert", 0, 0, G_OPTION_ARG_STRING, &vd_rdp_connect_opts.cert, \
    "With --rdp, the guest's certificate: tofu (default), ignore or deny", "POLICY" }, \
  { "ssh-tunnel", 0, 0, G_OPTION_ARG_NONE, &vd_rdp_connect_opts.ssh_tunnel, \
    "With --rdp, reach the guest through an SSH tunnel to the libvirt host", NULL }

typedef struct {
  const char *viewer;         /* --viewer, or NULL for xfreerdp */
  gboolean wait;
  gboolean debug;
  gboolean fullscreen;
  gboolean print;
} VdRdpViewerOptions;

/* Without --rdp: fail when an RDP-only option was given. */
gboolean vd_rdp_connect_check_unused (GError **error);

gboolean vd_rdp_connect (VdInvocation             *inv,
                         const char               *name,
                         const VdRdpViewerOptions *viewer,
                         GError                  **error);
