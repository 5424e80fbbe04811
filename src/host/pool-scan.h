/* pool-scan.h: the pools on a host, found from their seats' metadata.
 *
 * vdctl keeps no database: a pool is the set of domains whose vdctl
 * metadata names it (pool-record.h).  Scanning reads every domain's
 * definition once, without secrets (it works on a read-only connection).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "pool-record.h"
#include "virt.h"

typedef struct {
  char *name;
  VdVirtDomain *dom;
  VdSeatRecord *seat;
  VdPoolRecord *pool;       /* the pool as this seat records it */
  VdDomainState state;
  const char *state_name;   /* static */
  xmlDoc *doc;              /* the persistent definition, without secrets */
  xmlDoc *live;             /* the running definition, or NULL */
} VdSeat;

void vd_seat_free (VdSeat *seat);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdSeat, vd_seat_free)

typedef struct {
  char *name;
  VdPoolRecord *record;     /* the newest record among its seats' (highest
                               base version), owned */
  GPtrArray *seats;         /* VdSeat, by seat number */
} VdPool;

void vd_pool_free (VdPool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdPool, vd_pool_free)

/* Every pool on CONN, sorted by name; only pool ONLY when given (then the
 * array is empty when there is no such pool). */
GPtrArray *vd_pool_scan (VdConnection *conn, const char *only, GError **error);

/* Pool NAME, or an error saying there is none. */
VdPool *vd_pool_lookup (VdConnection *conn, const char *name, GError **error);

/* POOL's seat called NAME, or NULL. */
VdSeat *vd_pool_find_seat (VdPool *pool, const char *name);

/* The seats assigned to USER in POOLS (VdPool), in pool and seat order
 * (borrowed). */
GPtrArray *vd_pool_seats_of_user (GPtrArray *pools, const char *user);

/* Whether any seat of POOL stands on base VERSION: its persistent or its
 * running definition uses one of that version's images. */
gboolean vd_pool_base_in_use (VdPool *pool, guint version);
