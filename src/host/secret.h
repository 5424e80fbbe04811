/* secret.h: passwords: read from a file or standard input, or generated.
 * A secret never goes through argv.  Reading or generating one makes the
 * process not dumpable (vd_secret_protect_process).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#define VD_GENERATED_PASSWORD_LENGTH 24   /* 24 of 62 symbols: 142 bits */
/* The most a password file may hold. */
#define VD_SECRET_MAX_BYTES (1024 * 1024)

/* The whole of PATH ('-': standard input; a path, never a URI), read to
 * its end, with one trailing newline (LF or CRLF) removed.  Refused: more
 * than VD_SECRET_MAX_BYTES, and a NUL byte anywhere.  WHAT names the
 * secret in messages ("password", "Windows password"). */
char *vd_secret_read_text (const char *path, const char *what, GError **error);
/* The same as one line: not empty, valid UTF-8. */
char *vd_secret_read_line (const char *path, GError **error);
/* The same, checked as a SPICE password. */
char *vd_secret_read_file (const char *path, GError **error);
char *vd_secret_generate (GError **error);
void vd_secret_free (char *secret);

/* Make this process not dumpable: no core file, and no other process of
 * the same user reads its memory.  Done before any secret is held. */
void vd_secret_protect_process (void);
