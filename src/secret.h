/* secret.h: SPICE passwords: read from a file or standard input, or
 * generated.  A secret never goes through argv.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#define VD_GENERATED_PASSWORD_LENGTH 24   /* 24 of 62 symbols: 142 bits */

/* One line from PATH ('-': standard input), its trailing newline removed:
 * not empty, valid UTF-8. */
char *vd_secret_read_line (const char *path, GError **error);
/* The same, checked as a SPICE password. */
char *vd_secret_read_file (const char *path, GError **error);
char *vd_secret_generate (GError **error);
void vd_secret_free (char *secret);
