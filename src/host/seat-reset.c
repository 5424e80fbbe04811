/* seat-reset.c: one pool seat back to its golden state, by name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "pool-scan.h"
#include "seat-build.h"
#include "seat-reset.h"

guint
vd_pool_collect_after (VdConnection *conn, const VdPoolRecord *before)
{
  g_autoptr(VdPool) pool = vd_pool_lookup (conn, before->name, NULL);

  if (pool == NULL)
    return 0;
  /* A base the change moved the last seat off is in no seat's record
   * any more: it is known from the record before the change. */
  for (guint i = 0; i < before->bases->len; i++)
    {
      const VdBase *base = before->bases->pdata[i];

      if (vd_pool_record_base (pool->record, base->version) == NULL)
        vd_pool_record_add_base (pool->record, base);
    }
  return vd_pool_collect_bases (conn, pool, pool->record);
}

gboolean
vd_seat_reset_named (VdConnection *conn, const char *name, gboolean restart,
                     GError **error)
{
  g_autoptr(GPtrArray) pools = vd_pool_scan (conn, NULL, error);
  g_autoptr(VdUndo) undo = vd_undo_new ();
  g_autoptr(VdPoolRecord) before = NULL;
  VdSeat *seat = NULL;
  VdPool *pool = NULL;

  if (pools == NULL)
    return FALSE;
  for (guint i = 0; i < pools->len && seat == NULL; i++)
    {
      pool = pools->pdata[i];
      seat = vd_pool_find_seat (pool, name);
    }
  if (seat == NULL)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is no pool seat: it has no golden state to go back to",
                        name), FALSE;
  if (vd_virt_domain_is_active (seat->dom) && !vd_virt_domain_destroy (seat->dom, error))
    return FALSE;
  before = vd_pool_record_copy (pool->record);
  if (!vd_seat_reset (conn, seat, pool->record, undo, error))
    return FALSE;
  vd_undo_commit (undo);
  vd_pool_collect_after (conn, before);
  if (restart)
    {
      g_autoptr(VdVirtDomain) dom = vd_virt_domain_lookup (conn, name, error);

      if (dom == NULL || !vd_virt_domain_start (dom, error))
        return FALSE;
    }
  return TRUE;
}
