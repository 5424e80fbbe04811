/* cmd-reset.c: vdctl reset SEAT... [--pool POOL] — pool seats back to
 * their golden state: new overlays and UEFI variables on the pool's
 * current base.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "desktop-batch.h"
#include "pool-common.h"

static char *opt_pool;
static gboolean opt_force;

const GOptionEntry vd_reset_entries[] = {
  VD_DESKTOP_BATCH_POOL_ENTRY (opt_pool),
  { "force", 0, 0, G_OPTION_ARG_NONE, &opt_force, "Power running seats off first", NULL },
  { NULL }
};

/* The seat NAME among POOLS, and its pool. */
static VdSeat *
find_seat (GPtrArray *pools, const char *name, VdPool **pool)
{
  for (guint i = 0; i < pools->len; i++)
    {
      VdSeat *seat = vd_pool_find_seat (pools->pdata[i], name);

      if (seat)
        {
          *pool = pools->pdata[i];
          return seat;
        }
    }
  return NULL;
}

static gboolean
reset_one (VdInvocation *inv, GPtrArray *pools, const char *name, GHashTable *touched,
           GError **error)
{
  VdPool *pool = NULL;
  VdSeat *seat = find_seat (pools, name, &pool);
  g_autoptr(VdUndo) undo = vd_undo_new ();

  if (seat == NULL)
    {
      if (vd_virt_domain_exists (inv->conn, name))
        return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                            "desktop '%s' is no pool seat: it has no golden state to go "
                            "back to", name), FALSE;
      return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_NO_DOMAIN,
                          "no desktop named '%s' on %s (see 'vdctl list')", name,
                          vd_connection_get_uri (inv->conn)), FALSE;
    }
  if (vd_virt_domain_is_active (seat->dom))
    {
      if (!opt_force)
        return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                            "seat '%s' is running; stop it first or reset it with --force",
                            name), FALSE;
      if (!vd_virt_domain_destroy (seat->dom, error))
        return FALSE;
      vd_info ("Seat '%s' powered off\n", name);
    }
  g_hash_table_add (touched, pool);
  if (!vd_seat_reset (inv->conn, seat, pool->record, undo, error))
    return FALSE;
  vd_info ("Seat '%s' reset to base %u of pool '%s'\n", name, pool->record->current, pool->name);
  return TRUE;
}

typedef struct {
  GPtrArray *pools;
  GHashTable *touched;        /* the pools whose seats were reset */
} ResetRun;

static gboolean
reset_name (VdInvocation *inv, const char *name, gpointer data, GError **error)
{
  ResetRun *run = data;

  return reset_one (inv, run->pools, name, run->touched, error);
}

gboolean
vd_cmd_reset (VdInvocation *inv, GError **error)
{
  g_autoptr(GPtrArray) pools = NULL;
  g_autoptr(GHashTable) touched = g_hash_table_new (NULL, NULL);
  g_auto(GStrv) names = NULL;
  ResetRun run = { 0, };
  GHashTableIter iter;
  gpointer pool;
  gboolean ok;

  names = vd_desktop_batch_names (inv, opt_pool, error);
  if (names == NULL || vd_invocation_connect (inv, error) == NULL)
    return FALSE;
  pools = vd_pool_scan (inv->conn, NULL, error);
  if (pools == NULL)
    return FALSE;
  run = (ResetRun) { .pools = pools, .touched = touched };
  ok = vd_desktop_batch_run_names (inv, names, reset_name, &run, error);
  /* Old bases the reset seats stood on go once no seat does. */
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &pool, NULL))
    vd_pool_collect_and_say (inv, ((VdPool *) pool)->record);
  return ok;
}
