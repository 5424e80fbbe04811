/* rdp-options.h: the RDP options of create and edit: --rdp, --rdp-port,
 * --rdp-user, --rdp-domain, --rdp-redirect, and --no-rdp (edit only).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "rdp-policy.h"

typedef struct {
  gboolean rdp;
  gboolean no_rdp;
  char *port;
  char *user;
  char *domain;
  char **redirect;
} VdRdpOptions;

extern VdRdpOptions vd_rdp_opts;

#define VD_RDP_OPTION_ENTRIES \
  { "rdp", 0, 0, G_OPTION_ARG_NONE, &vd_rdp_opts.rdp, \
    "Record RDP settings for 'connect --rdp' and 'export-rdp', and add the guest agent channel", NULL }, \
  { "rdp-port", 0, 0, G_OPTION_ARG_STRING, &vd_rdp_opts.port, \
    "The port of the guest's RDP server (default 3389); implies --rdp", "N" }, \
  { "rdp-user", 0, 0, G_OPTION_ARG_STRING, &vd_rdp_opts.user, \
    "The user who logs in over RDP ('' for none); implies --rdp", "USER" }, \
  { "rdp-domain", 0, 0, G_OPTION_ARG_STRING, &vd_rdp_opts.domain, \
    "The user's Windows domain ('' for none); implies --rdp", "DOMAIN" }, \
  { "rdp-redirect", 0, 0, G_OPTION_ARG_STRING_ARRAY, &vd_rdp_opts.redirect, \
    "What the RDP client may share (repeatable): clipboard, drive:NAME=PATH, printers, " \
    "smartcard, serial, parallel, audio, microphone, usb:VID:PID, or none; implies --rdp", "LIST" }

#define VD_RDP_REMOVE_OPTION_ENTRY \
  { "no-rdp", 0, 0, G_OPTION_ARG_NONE, &vd_rdp_opts.no_rdp, \
    "Remove the recorded RDP settings", NULL }

/* What the options ask for. */
typedef struct {
  gboolean set;               /* --rdp or any --rdp-* option */
  gboolean remove;            /* --no-rdp */
  int port;                   /* -1: unchanged */
  gboolean user_given;
  char *user;                 /* NULL with user_given: remove */
  gboolean domain_given;
  char *domain;
  gboolean policy_given;
  VdRdpPolicy policy;
} VdRdpChange;

void vd_rdp_change_clear (VdRdpChange *change);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdRdpChange, vd_rdp_change_clear)

/* Check the options; ALLOW_REMOVE for edit.  Usage errors exit 2. */
gboolean vd_rdp_options_parse (VdRdpChange *change, gboolean allow_remove, GError **error);

/* Apply CHANGE to DOC's metadata: new settings start from the defaults,
 * recorded ones keep what the options do not name.  When DESCRIBE is
 * given, a line "  rdp: BEFORE -> AFTER" is appended when they change. */
gboolean vd_rdp_change_apply (const VdRdpChange *change, xmlDoc *doc,
                              GString *describe, GError **error);

/* "port 3389, user alice, domain CORP; redirect clipboard,printers" */
char *vd_rdp_settings_describe (const VdRdpSettings *settings);
