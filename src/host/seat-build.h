/* seat-build.h: making, resetting and removing the seats of a desktop
 * pool on the host, each step recorded in an undo journal (undo.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "desktop.h"
#include "pool-record.h"
#include "pool-scan.h"
#include "undo.h"
#include "virt.h"

/* What every seat of one run is made from. */
typedef struct {
  VdConnection *conn;
  xmlDoc *golden;                     /* the golden definition, the desktop
                                         settings applied, with secrets */
  const VdPoolRecord *pool;
  const VdDesktopSettings *settings;  /* what libvirt must keep of them */
  gboolean generate_password;         /* each seat its own SPICE password */
} VdSeatPlan;

/* Make seat NUMBER of PLAN->pool: its overlays (persistent seats), its
 * UEFI variables, its definition with a UUID and SPICE password of its
 * own, on the pool's current base.  Each step is recorded in UNDO.  The
 * new domain. */
VdVirtDomain *vd_seat_build (const VdSeatPlan *plan, guint number, VdUndo *undo,
                             GError **error);

/* Put SEAT, shut off, back on base version POOL->current: new overlays
 * and UEFI variables from that base (the old ones are deleted once the
 * seat is redefined), its records updated; recorded in UNDO as far as it
 * can be undone (a deleted overlay cannot come back: it goes last). */
gboolean vd_seat_reset (VdConnection *conn, VdSeat *seat, const VdPoolRecord *pool,
                        VdUndo *undo, GError **error);

/* Write POOL and USER into SEAT's records and nothing else (assign,
 * release, a new base version a stateless seat moves to at power-off). */
gboolean vd_seat_rewrite (VdConnection *conn, VdSeat *seat, const VdPoolRecord *pool,
                          const char *user, VdUndo *undo, GError **error);

/* Power SEAT off when it runs (FORCE), undefine it and delete its own
 * volumes (overlays, UEFI variables): never a base. */
gboolean vd_seat_remove (VdConnection *conn, VdSeat *seat, gboolean force, GError **error);

/* Delete the volumes of POOL's base versions that no seat of SCANNED
 * stands on, other than the current one, and forget them in RECORD.
 * The number of versions removed. */
guint vd_pool_collect_bases (VdConnection *conn, VdPool *scanned, VdPoolRecord *record);
