/* web-tokens.h: the files of the browser client: the directory vdctl owns
 * (mode 0700) with the token directory websockify reads, and the web
 * directory it serves.
 *
 * The base directory: $VDCTL_WEB_DIR when set (tests), else
 * /var/lib/vdctl/web for root, else $XDG_STATE_HOME/vdctl/web.  Under it:
 * tokens/ (one file per token, web-token.h's format, mode 0600) and www/
 * (symlinks to spice-html5's files and vdctl's page, made again at each
 * start of `vdctl web serve`).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* The base directory, made (mode 0700) when missing. */
char *vd_web_base_dir (GError **error);
/* BASE/tokens, made (mode 0700) when missing. */
char *vd_web_tokens_dir (const char *base, GError **error);

/* A fresh token: 128 bits from getrandom(2), in lower-case hex. */
char *vd_web_token_generate (GError **error);

/* Write the token file of TOKEN (HOST:PORT until EXPIRES) into BASE's
 * token directory, whole or not at all (written beside it, then renamed
 * in), mode 0600. */
gboolean vd_web_token_write (const char *base, const char *token, const char *host,
                             guint port, gint64 expires, GError **error);
/* Remove TOKEN's file, if there is one. */
void vd_web_token_remove (const char *base, const char *token);

/* Remove every stale file (web-token.h) of BASE's token directory at NOW;
 * the number removed, or -1 with an error when the directory cannot be
 * read. */
int vd_web_tokens_sweep (const char *base, gint64 now, GError **error);

/* Make BASE/www again: a symlink to each entry of SPICE_DIR (spice-html5's
 * files) and of PAGE_DIR (vdctl's page); the path of BASE/www. */
char *vd_web_www_prepare (const char *base, const char *spice_dir, const char *page_dir,
                          GError **error);
