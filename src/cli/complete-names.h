/* complete-names.h: the names 'vdctl complete' offers from the
 * connection (cmd-complete.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

typedef enum {
  VD_NAMES_DOMAINS,
  VD_NAMES_POOLS,     /* from the seats' metadata, read-only */
  VD_NAMES_SEATS,     /* the same; only POOL's when given */
} VdNameKind;

/* The names KIND on URI (libvirt's default when NULL), or NULL when the
 * connection failed.  ssh URIs get no_tty=1, so that nothing prompts.  A
 * connection that does not answer within TIMEOUT_S seconds sets
 * *TIMED_OUT and is left behind in its thread: the caller must end the
 * process without waiting for it (the query is leaked on purpose then). */
char **vd_complete_list_names (const char *uri, VdNameKind kind, const char *pool,
                               int timeout_s, gboolean *timed_out);
