/* ticket-hand-out.h: a one-time ticket handed out in one step with what
 * carries it (a .vv file, a browser token): export-vv and export-web.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "virt.h"
#include "vvfile.h"

/* What carries the ticket to the user: TRUE once it has. */
typedef gboolean (*VdTicketCommit) (gpointer data, GError **error);

/* With TTL > 0: set VV's one-time ticket (vd_access_prepare with
 * defer_ticket made it) on DOM for TTL seconds, then COMMIT.  When COMMIT
 * fails, DOM's previous password is put back (a warning when that fails
 * too), so that no desktop keeps a ticket nobody has.  With TTL 0: only
 * COMMIT. */
gboolean vd_ticket_hand_out (VdVirtDomain *dom, const VdVvFile *vv, guint ttl,
                             VdTicketCommit commit, gpointer data, GError **error);
