/* web-token.h: the token files of the browser client (vdctl export-web,
 * vdctl web serve) and the URL users open.
 *
 * websockify's TokenFile plugin reads files of lines `TOKEN: HOST:PORT`
 * and maps the token of a WebSocket URL (`?token=TOKEN`) to the SPICE
 * address behind it.  vdctl writes one file per token; its first line is
 * a comment websockify skips, `# expires: UNIX-SECONDS`, after which any
 * vdctl call that touches tokens removes the file.
 *
 * Pure: text in, text out; the files themselves are web-tokens.h's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* The text of a token file mapping TOKEN to HOST:PORT until EXPIRES (Unix
 * seconds).  Each part must be non-empty and hold no whitespace, ':' or
 * '#' (websockify could not read it back): an IPv6 HOST is refused. */
char *vd_web_token_format (const char *token, const char *host, guint port, gint64 expires,
                           GError **error);

/* Read TEXT, a token file: its token, target (HOST:PORT) and expiry.
 * FALSE with an error when there is no single mapping or no expiry line. */
gboolean vd_web_token_parse (const char *text, char **token, char **target, gint64 *expires,
                             GError **error);

/* Whether the token file TEXT must go at NOW (Unix seconds): it has
 * expired, or it is not a file vdctl could have written (no expiry: it
 * would never go). */
gboolean vd_web_token_is_stale (const char *text, gint64 now);

/* Whether NAME could be a token vdctl made (and so a file name in the
 * token directory): 32 to 128 characters of [0-9a-f]. */
gboolean vd_web_token_name_ok (const char *name);

/* The URL users open: SCHEME://HOST:PORT/vdctl.html#token=TOKEN&password=PASSWORD.
 * The password is in the fragment, which browsers never send. */
char *vd_web_token_url (gboolean tls, const char *host, guint port, const char *token,
                        const char *password);
