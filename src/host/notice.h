/* notice.h: informational messages on standard output ("Viewer for
 * 'lab-01' started"), which --quiet silences.  Errors and warnings go to
 * standard error and are never silenced.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* Print FORMAT on standard output and flush it, unless quiet. */
void vd_info (const char *format, ...) G_GNUC_PRINTF (1, 2);
void vd_set_quiet (gboolean quiet);
gboolean vd_is_quiet (void);
