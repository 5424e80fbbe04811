/* pool-common.h: what the pool commands share: the pool lock, the golden
 * domain, making a base version, making seats one after the other with a
 * line (or a JSON element) each.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libxml/tree.h>

#include "commands.h"
#include "domain-lock.h"
#include "pool-record.h"
#include "pool-scan.h"
#include "seat-build.h"
#include "undo.h"
#include "xml-util.h"

/* One pool-changing vdctl at a time per pool on this host (a domain lock
 * named after the pool). */
VdDomainLock *vd_pool_lock (VdInvocation *inv, const char *pool, GError **error);

/* The definition, with its secrets, of the golden domain NAME, which must
 * be shut off: a disk being written is no image to copy. */
xmlDoc *vd_pool_golden_doc (VdInvocation *inv, const char *name, GError **error);

/* Copy the golden domain's disks, and its UEFI variables where it has
 * them, into base version VERSION of RECORD (added to it and made
 * current), each copy recorded in UNDO. */
gboolean vd_pool_make_base (VdConnection *conn, xmlDoc *golden, VdPoolRecord *record,
                            guint version, VdUndo *undo, GError **error);

/* Make seats FIRST to LAST of PLAN's pool, each undone on its own when it
 * fails: one line each, or one element each in SEATS (a JSON array being
 * built) when given.  MADE and FAILED count them; FALSE with the error
 * when a signal stopped the run (the seat it stopped at undone, the ones
 * before it kept). */
gboolean vd_pool_make_seats (const VdSeatPlan *plan, guint first, guint last,
                             JsonBuilder *seats, guint *made, guint *failed, GError **error);

/* "2.0 GiB" */
char *vd_pool_format_bytes (guint64 bytes);

/* Bytes the images of BASE take on disk. */
guint64 vd_pool_base_bytes (VdConnection *conn, const VdBase *base);

/* Delete the old base versions of pool BEFORE (its record before a
 * change) that no seat stands on any more, and say so (seat-reset.h:
 * vd_pool_collect_after); nothing when the pool is gone. */
void vd_pool_collect_and_say (VdInvocation *inv, const VdPoolRecord *before);

/* --user USER [--pool POOL] of export-vv and connect: INV's arguments
 * become the name of USER's seat (in POOL, when given).  Refused when INV
 * has names of its own, when USER has no seat, or has several and no POOL
 * says which. */
gboolean vd_pool_resolve_user (VdInvocation *inv, const char *user, const char *pool,
                               GError **error);
