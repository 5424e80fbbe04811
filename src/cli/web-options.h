/* web-options.h: the settings of the browser client that web serve and
 * export-web share: the address and port websockify listens on and its
 * TLS certificate, from the command line, then vdctl.conf's [web] group,
 * then the defaults (127.0.0.1, 6080, plain HTTP).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "conf-file.h"

typedef struct {
  const char *listen;
  guint port;
  const char *cert;     /* NULL: plain HTTP */
  const char *key;
} VdWebSettings;

/* SETTINGS from LISTEN, PORT, CERT and KEY (each NULL when the command
 * line gave none) and CONFIG; a usage error for a bad port or a
 * certificate without its key. */
gboolean vd_web_settings_resolve (VdConfig *config, const char *listen, const char *port,
                                  const char *cert, const char *key,
                                  VdWebSettings *settings, GError **error);
