/* proxy-option.h: the HTTP proxy a viewer goes through (export-vv,
 * connect): --proxy, else none with --no-proxy, else vdctl.conf's
 * [gateway] url, else its [defaults] proxy.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "conf-file.h"

/* The proxy URL, checked, or NULL for none; FALSE on a bad URL or
 * --proxy together with --no-proxy. */
gboolean vd_proxy_choose (VdConfig *config, const char *opt_proxy, gboolean opt_no_proxy,
                          const char **proxy, GError **error);
