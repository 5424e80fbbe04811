/* squid-conf.h: the squid.conf that `vdctl gateway serve` writes and owns.
 * Pure: text in memory, no I/O.
 *
 * Every line goes through one writer that takes a directive and its
 * arguments as separate strings and refuses an argument that squid would
 * read as more than one (white space), a quote, a comment or a control
 * character: no value can add a directive or widen an access rule.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

typedef struct _VdSquidConf VdSquidConf;

VdSquidConf *vd_squid_conf_new (void);
void vd_squid_conf_free (VdSquidConf *conf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdSquidConf, vd_squid_conf_free)

/* One line: DIRECTIVE (lower-case letters, digits and '_') and ARGS
 * (NULL-terminated, may be NULL), each a single word of printable ASCII
 * without quotes, '#' or '\\'.  Nothing is written when one is refused. */
gboolean vd_squid_conf_add (VdSquidConf *conf, const char *directive,
                            const char * const *args, GError **error);
/* A comment line ("# TEXT"); TEXT is one line of printable text. */
gboolean vd_squid_conf_comment (VdSquidConf *conf, const char *text, GError **error);
/* The text so far. */
const char *vd_squid_conf_get_text (VdSquidConf *conf);

/* What the gateway lets through. */
typedef struct {
  const char *listen;                 /* numeric address it listens on */
  guint port;                         /* its port */
  const GArray *ports;                /* guint: the SPICE ports (plain and
                                         TLS) of this host's desktops */
  const char * const *self_addresses; /* this host's own addresses,
                                         beyond 127.0.0.1 and ::1 */
  const char *dir;                    /* its files: logs, pid file */
  const char *effective_user;         /* cache_effective_user, or NULL */
} VdGatewayConf;

/* The whole squid.conf: CONNECT only, to GW's ports on this host's
 * addresses only, nothing cached; no port at all denies everything. */
char *vd_gateway_conf_build (const VdGatewayConf *gw, GError **error);
