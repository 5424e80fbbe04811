/* cmd-pool-assign.c: vdctl pool assign POOL USER [--seat SEAT], vdctl pool
 * release POOL USER|--seat SEAT — who a seat belongs to, recorded in the
 * seat's metadata.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "json-out.h"
#include "pool-common.h"

static char *opt_seat;
static gboolean opt_json;

const GOptionEntry vd_pool_assign_entries[] = {
  { "seat", 0, 0, G_OPTION_ARG_STRING, &opt_seat,
    "The seat to give (default: the first free one)", "SEAT" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print the seat given as JSON", NULL },
  { NULL }
};

const GOptionEntry vd_pool_release_entries[] = {
  { "seat", 0, 0, G_OPTION_ARG_STRING, &opt_seat,
    "The seat to take back, whoever has it", "SEAT" },
  { NULL }
};

static VdSeat *
named_seat (VdPool *pool, const char *name, GError **error)
{
  VdSeat *seat = vd_pool_find_seat (pool, name);

  if (seat == NULL)
    g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_NO_DOMAIN,
                 "pool '%s' has no seat '%s' (see 'vdctl pool show %s')", pool->name, name,
                 pool->name);
  return seat;
}

/* The seat to give USER: --seat, else the first free one. */
static VdSeat *
pick_seat (VdPool *pool, const char *user, GError **error)
{
  VdSeat *seat;

  if (opt_seat)
    {
      seat = named_seat (pool, opt_seat, error);
      if (seat && seat->seat->user && g_strcmp0 (seat->seat->user, user) != 0)
        return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                            "seat '%s' is assigned to '%s'; release it first: vdctl pool "
                            "release %s --seat %s", seat->name, seat->seat->user, pool->name,
                            seat->name), NULL;
      return seat;
    }
  for (guint i = 0; i < pool->seats->len; i++)
    {
      seat = pool->seats->pdata[i];
      if (seat->seat->user == NULL)
        return seat;
    }
  return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                      "every seat of pool '%s' is assigned; add seats with 'vdctl pool "
                      "resize %s %u'", pool->name, pool->name, pool->seats->len + 1), NULL;
}

static gboolean
rewrite (VdInvocation *inv, VdPool *pool, VdSeat *seat, const char *user, GError **error)
{
  g_autoptr(VdUndo) undo = vd_undo_new ();

  if (!vd_seat_rewrite (inv->conn, seat, pool->record, user, undo, error))
    return FALSE;
  vd_undo_commit (undo);
  return TRUE;
}

gboolean
vd_cmd_pool_assign (VdInvocation *inv, GError **error)
{
  const char *user = inv->args[1];
  g_autoptr(VdDomainLock) lock = NULL;
  g_autoptr(VdPool) pool = NULL;
  VdSeat *seat;

  if (!vd_pool_check_user (user, error))
    return FALSE;
  if (vd_invocation_connect (inv, error) == NULL)
    return FALSE;
  lock = vd_pool_lock (inv, inv->args[0], error);
  if (lock == NULL || (pool = vd_pool_lookup (inv->conn, inv->args[0], error)) == NULL)
    return FALSE;
  seat = pick_seat (pool, user, error);
  if (seat == NULL)
    return FALSE;
  if (g_strcmp0 (seat->seat->user, user) != 0 && !rewrite (inv, pool, seat, user, error))
    return FALSE;
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      vd_json_add_string (b, "pool", pool->name);
      vd_json_add_string (b, "seat", seat->name);
      vd_json_add_string (b, "user", user);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      vd_print_json (root);
    }
  else
    vd_info ("Seat '%s' of pool '%s' assigned to '%s'\n", seat->name, pool->name, user);
  return vd_stdout_flush (error);
}

gboolean
vd_cmd_pool_release (VdInvocation *inv, GError **error)
{
  const char *user = inv->n_args > 1 ? inv->args[1] : NULL;
  g_autoptr(VdDomainLock) lock = NULL;
  g_autoptr(VdPool) pool = NULL;
  g_autoptr(GPtrArray) seats = g_ptr_array_new ();

  if ((user == NULL) == (opt_seat == NULL))
    return vd_usage_error (error, "give the USER or --seat SEAT, one of them");
  if (vd_invocation_connect (inv, error) == NULL)
    return FALSE;
  lock = vd_pool_lock (inv, inv->args[0], error);
  if (lock == NULL || (pool = vd_pool_lookup (inv->conn, inv->args[0], error)) == NULL)
    return FALSE;
  if (opt_seat)
    {
      VdSeat *seat = named_seat (pool, opt_seat, error);

      if (seat == NULL)
        return FALSE;
      if (seat->seat->user == NULL)
        {
          vd_info ("Seat '%s' is not assigned\n", seat->name);
          return TRUE;
        }
      g_ptr_array_add (seats, seat);
    }
  else
    for (guint i = 0; i < pool->seats->len; i++)
      if (g_strcmp0 (((VdSeat *) pool->seats->pdata[i])->seat->user, user) == 0)
        g_ptr_array_add (seats, pool->seats->pdata[i]);
  if (seats->len == 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "user '%s' has no seat in pool '%s'", user, pool->name), FALSE;
  for (guint i = 0; i < seats->len; i++)
    {
      VdSeat *seat = seats->pdata[i];
      g_autofree char *had = g_strdup (seat->seat->user);

      if (!rewrite (inv, pool, seat, NULL, error))
        return FALSE;
      vd_info ("Seat '%s' of pool '%s' released from '%s'\n", seat->name, pool->name, had);
    }
  return TRUE;
}
