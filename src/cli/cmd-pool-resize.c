/* cmd-pool-resize.c: vdctl pool resize POOL N — new seats on the current
 * base, or the highest free, shut-off seats removed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "domain-xml.h"
#include "pool-common.h"
#include "values.h"
#include "xml-util.h"

static gboolean opt_force;

const GOptionEntry vd_pool_resize_entries[] = {
  { "force", 0, 0, G_OPTION_ARG_NONE, &opt_force,
    "Also remove assigned or running seats (powered off) when shrinking", NULL },
  { NULL }
};

/* The seat new seats are made like: the first on the current base. */
static VdSeat *
template_seat (VdPool *pool)
{
  for (guint i = 0; i < pool->seats->len; i++)
    {
      VdSeat *seat = pool->seats->pdata[i];

      if (seat->seat->base == pool->record->current)
        return seat;
    }
  return pool->seats->pdata[0];
}

static gboolean
has_password (xmlDoc *doc)
{
  g_auto(VdDesktopInfo) info = { 0, };

  return vd_domain_read (doc, &info, NULL) && info.password_set;
}

static gboolean
grow (VdInvocation *inv, VdPool *pool, guint n, GError **error)
{
  VdSeat *model = template_seat (pool);
  g_autoptr(xmlDoc) doc = vd_virt_domain_get_doc (model->dom, TRUE, error);
  g_autoptr(GHashTable) taken = g_hash_table_new (NULL, NULL);
  VdSeatPlan plan = { 0, };
  guint have = pool->seats->len, made_all = 0, failed_all = 0;

  if (doc == NULL)
    return FALSE;
  plan = (VdSeatPlan) { .conn = inv->conn, .golden = doc, .pool = pool->record,
                        .generate_password = has_password (doc) };
  for (guint i = 0; i < pool->seats->len; i++)
    g_hash_table_add (taken, GUINT_TO_POINTER (((VdSeat *) pool->seats->pdata[i])->seat->number));
  /* The lowest free numbers, one at a time. */
  for (guint number = 1; have + made_all + failed_all < n && number <= VD_POOL_MAX_SEATS; number++)
    {
      guint made, failed;

      if (g_hash_table_contains (taken, GUINT_TO_POINTER (number)))
        continue;
      if (!vd_pool_make_seats (&plan, number, number, NULL, &made, &failed, error))
        return FALSE;
      made_all += made;
      failed_all += failed;
    }
  vd_info ("Pool '%s': %u seat%s added, %u in all\n", pool->name, made_all,
           made_all == 1 ? "" : "s", have + made_all);
  if (failed_all)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "%u of %u seats could not be made", failed_all, n - have), FALSE;
  return TRUE;
}

static gboolean
is_free (VdSeat *seat)
{
  return seat->seat->user == NULL && seat->state == VD_DOMAIN_STATE_SHUTOFF;
}

/* The K seats to remove, highest numbers first. */
static GPtrArray *
pick_removals (VdPool *pool, guint k, GError **error)
{
  g_autoptr(GPtrArray) picked = g_ptr_array_new ();

  for (guint i = pool->seats->len; i > 0 && picked->len < k; i--)
    if (is_free (pool->seats->pdata[i - 1]))
      g_ptr_array_add (picked, pool->seats->pdata[i - 1]);
  if (picked->len == k)
    return g_steal_pointer (&picked);
  if (!opt_force)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "pool '%s' has only %u free, shut-off seat%s of the %u to remove; "
                        "the others are assigned or running: release or stop them, or "
                        "remove them anyway with --force", pool->name, picked->len,
                        picked->len == 1 ? "" : "s", k), NULL;
  g_ptr_array_set_size (picked, 0);
  for (guint i = pool->seats->len; i > 0 && picked->len < k; i--)
    g_ptr_array_add (picked, pool->seats->pdata[i - 1]);
  return g_steal_pointer (&picked);
}

static gboolean
shrink (VdInvocation *inv, VdPool *pool, guint n, GError **error)
{
  g_autoptr(GPtrArray) picked = pick_removals (pool, pool->seats->len - n, error);
  guint failed = 0;

  if (picked == NULL)
    return FALSE;
  for (guint i = 0; i < picked->len; i++)
    {
      VdSeat *seat = picked->pdata[i];
      g_autoptr(GError) local_error = NULL;

      if (vd_seat_remove (inv->conn, seat, opt_force, &local_error))
        vd_info ("Seat '%s' deleted\n", seat->name);
      else
        {
          vd_print_desktop_error (seat->name, local_error);
          failed++;
        }
    }
  vd_info ("Pool '%s': %u seat%s removed, %u in all\n", pool->name, picked->len - failed,
           picked->len - failed == 1 ? "" : "s", pool->seats->len - picked->len + failed);
  if (failed)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "%u of %u seats could not be removed", failed, picked->len), FALSE;
  return TRUE;
}

gboolean
vd_cmd_pool_resize (VdInvocation *inv, GError **error)
{
  g_autoptr(VdDomainLock) lock = NULL;
  g_autoptr(VdPool) pool = NULL;
  guint64 n;
  gboolean ok;

  if (!vd_parse_count ("the seat count", inv->args[1], 1, VD_POOL_MAX_SEATS, &n, error))
    return FALSE;
  if (vd_invocation_connect (inv, error) == NULL)
    return FALSE;
  lock = vd_pool_lock (inv, inv->args[0], error);
  if (lock == NULL || (pool = vd_pool_lookup (inv->conn, inv->args[0], error)) == NULL)
    return FALSE;
  if (n == pool->seats->len)
    {
      vd_info ("Pool '%s' has %u seats already\n", pool->name, (guint) n);
      return TRUE;
    }
  ok = n > pool->seats->len ? grow (inv, pool, (guint) n, error)
                            : shrink (inv, pool, (guint) n, error);
  vd_pool_collect_and_say (inv, pool->record);
  return ok;
}
