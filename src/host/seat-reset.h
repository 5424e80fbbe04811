/* seat-reset.h: one pool seat back to its golden state, by name: what
 * `vdctl watch --act` does for a seat whose user left (on-disconnect
 * reset).  `vdctl reset` does the same over a batch of seats.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "pool-record.h"
#include "virt.h"

/* Power the seat NAME off when it runs, put it back on its pool's current
 * base (seat-build.h: vd_seat_reset), delete the old bases no seat stands
 * on any more, and start it again when RESTART.  Fails, changing nothing,
 * when NAME is no pool seat. */
gboolean vd_seat_reset_named (VdConnection *conn, const char *name, gboolean restart,
                              GError **error);

/* Once seats of the pool BEFORE describes moved off a base: delete the
 * base versions no seat stands on, the current one kept.  BEFORE is the
 * pool's record from before the move (the only one still naming the
 * bases left behind).  How many versions went. */
guint vd_pool_collect_after (VdConnection *conn, const VdPoolRecord *before);
