/* secret.h: SPICE passwords: read from a file or standard input, or
 * generated.  A secret never goes through argv.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#define VD_GENERATED_PASSWORD_LENGTH 24   /* 24 of 62 symbols: 142 bits */

char *vd_secret_read_file (const char *path, GError **error);
char *vd_secret_generate (GError **error);
void vd_secret_free (char *secret);
