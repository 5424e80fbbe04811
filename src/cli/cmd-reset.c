/* cmd-reset.c: vdctl reset SEAT... [--pool POOL] — pool seats back to
 * their golden state: new overlays and UEFI variables on the pool's
 * current base.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "interrupt.h"
#include "pool-common.h"

static char *opt_pool;
static gboolean opt_force;

const GOptionEntry vd_reset_entries[] = {
  { "pool", 0, 0, G_OPTION_ARG_STRING, &opt_pool, "Reset every seat of POOL", "POOL" },
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

/* The names to reset: the arguments, then --pool's seats, each once. */
static GPtrArray *
names_to_reset (VdInvocation *inv, GPtrArray *pools, GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (int i = 0; i < inv->n_args; i++)
    if (!g_ptr_array_find_with_equal_func (names, inv->args[i], g_str_equal, NULL))
      g_ptr_array_add (names, inv->args[i]);
  if (opt_pool)
    {
      VdPool *pool = NULL;

      for (guint i = 0; i < pools->len && pool == NULL; i++)
        if (strcmp (((VdPool *) pools->pdata[i])->name, opt_pool) == 0)
          pool = pools->pdata[i];
      if (pool == NULL)
        return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_NO_DOMAIN,
                            "there is no pool '%s' (see 'vdctl pool list')", opt_pool), NULL;
      for (guint i = 0; i < pool->seats->len; i++)
        {
          char *name = ((VdSeat *) pool->seats->pdata[i])->name;

          if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
            g_ptr_array_add (names, name);
        }
    }
  return g_steal_pointer (&names);
}

gboolean
vd_cmd_reset (VdInvocation *inv, GError **error)
{
  g_autoptr(GPtrArray) pools = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) touched = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer pool;
  guint failed = 0;

  if (inv->n_args == 0 && opt_pool == NULL)
    return vd_usage_error (error, "'reset' needs SEAT... or --pool POOL");
  if (vd_invocation_connect (inv, error) == NULL)
    return FALSE;
  pools = vd_pool_scan (inv->conn, NULL, error);
  if (pools == NULL || (names = names_to_reset (inv, pools, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (reset_one (inv, pools, names->pdata[i], touched, &local_error))
        continue;
      if (names->len == 1)
        return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;
      vd_print_desktop_error (names->pdata[i], local_error);
      failed++;
      if (vd_interrupt_signal () != 0)
        return g_set_error (error, VD_INTERRUPT_ERROR, vd_interrupt_signal (),
                            "interrupted; %u of %u seats were not reset", names->len - i,
                            names->len), FALSE;
    }
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &pool, NULL))
    vd_pool_collect_and_say (inv, ((VdPool *) pool)->record);
  if (failed)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "%u of %u seats could not be reset", failed, names->len), FALSE;
  return TRUE;
}
