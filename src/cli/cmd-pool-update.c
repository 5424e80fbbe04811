/* cmd-pool-update.c: vdctl pool update POOL — the golden domain copied
 * again into a new base version; vdctl pool delete POOL — the seats, their
 * own volumes and the bases, never the golden domain.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "pool-common.h"
#include "virt-storage.h"

static gboolean opt_force;

const GOptionEntry vd_pool_update_entries[] = {
  { NULL }
};

const GOptionEntry vd_pool_delete_entries[] = {
  { "force", 0, 0, G_OPTION_ARG_NONE, &opt_force, "Power off running seats first", NULL },
  { NULL }
};

static guint
newest_version (const VdPoolRecord *record)
{
  guint newest = record->current;

  for (guint i = 0; i < record->bases->len; i++)
    newest = MAX (newest, ((VdBase *) record->bases->pdata[i])->version);
  return newest;
}

/* Every seat's record moves to the new base: a stateless seat's
 * definition stands on it (a running one keeps the old until it stops), a
 * persistent seat's at its next reset.  The number that failed. */
static guint
move_seats (VdInvocation *inv, VdPool *pool, const VdPoolRecord *record)
{
  guint failed = 0;

  for (guint i = 0; i < pool->seats->len; i++)
    {
      VdSeat *seat = pool->seats->pdata[i];
      g_autoptr(VdUndo) undo = vd_undo_new ();
      g_autoptr(GError) local_error = NULL;

      if (vd_seat_rewrite (inv->conn, seat, record, seat->seat->user, undo, &local_error))
        vd_undo_commit (undo);
      else
        {
          vd_print_desktop_error (seat->name, local_error);
          failed++;
        }
    }
  return failed;
}

gboolean
vd_cmd_pool_update (VdInvocation *inv, GError **error)
{
  g_autoptr(VdDomainLock) lock = NULL;
  g_autoptr(VdPool) pool = NULL;
  g_autoptr(VdPoolRecord) record = NULL;
  g_autoptr(xmlDoc) golden = NULL;
  g_autoptr(VdUndo) undo = vd_undo_new ();
  g_autofree char *size = NULL;
  guint failed;

  if (vd_invocation_connect (inv, error) == NULL)
    return FALSE;
  lock = vd_pool_lock (inv, inv->args[0], error);
  if (lock == NULL || (pool = vd_pool_lookup (inv->conn, inv->args[0], error)) == NULL)
    return FALSE;
  if (pool->record->from == NULL)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "pool '%s' does not record its golden domain", pool->name), FALSE;
  golden = vd_pool_golden_doc (inv, pool->record->from, error);
  if (golden == NULL)
    return FALSE;
  record = vd_pool_record_copy (pool->record);
  if (!vd_pool_make_base (inv->conn, golden, record, newest_version (record) + 1, undo, error))
    return FALSE;
  failed = move_seats (inv, pool, record);
  if (failed == pool->seats->len)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "no seat of pool '%s' could be moved to the new base; it is "
                        "removed", pool->name), FALSE;
  vd_undo_commit (undo);
  size = vd_pool_format_bytes (vd_pool_base_bytes (inv->conn,
                                                   vd_pool_record_base (record, record->current)));
  vd_info ("Pool '%s': base %u (%s) copied from '%s'; %s\n", pool->name, record->current, size,
           record->from, record->stateless
           ? "stateless seats stand on it from their next power-off"
           : "persistent seats move to it at their next 'vdctl reset'");
  vd_pool_collect_and_say (inv, record);
  if (failed)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "%u of %u seats could not be moved to the new base", failed,
                        pool->seats->len), FALSE;
  return TRUE;
}

static void
delete_bases (VdConnection *conn, const VdPoolRecord *record)
{
  for (guint i = 0; i < record->bases->len; i++)
    {
      const VdBase *base = record->bases->pdata[i];
      g_autoptr(GPtrArray) images = g_ptr_array_new ();

      for (guint j = 0; j < base->disks->len; j++)
        g_ptr_array_add (images, base->disks->pdata[j]);
      if (base->nvram)
        g_ptr_array_add (images, base->nvram);
      for (guint j = 0; j < images->len; j++)
        {
          const VdBaseImage *image = images->pdata[j];
          g_autoptr(GError) local_error = NULL;

          if (vd_volume_delete (conn, image->pool, image->volume, &local_error))
            vd_info ("Base volume '%s' deleted from pool '%s'\n", image->volume, image->pool);
          else
            g_printerr ("vdctl: warning: %s\n", local_error->message);
        }
    }
}

gboolean
vd_cmd_pool_delete (VdInvocation *inv, GError **error)
{
  g_autoptr(VdDomainLock) lock = NULL;
  g_autoptr(VdPool) pool = NULL;
  guint failed = 0;

  if (vd_invocation_connect (inv, error) == NULL)
    return FALSE;
  lock = vd_pool_lock (inv, inv->args[0], error);
  if (lock == NULL || (pool = vd_pool_lookup (inv->conn, inv->args[0], error)) == NULL)
    return FALSE;
  for (guint i = 0; !opt_force && i < pool->seats->len; i++)
    {
      VdSeat *seat = pool->seats->pdata[i];

      if (seat->state == VD_DOMAIN_STATE_RUNNING || seat->state == VD_DOMAIN_STATE_PAUSED)
        return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                            "seat '%s' of pool '%s' is running; stop the pool's seats "
                            "(vdctl stop --pool %s --force) or delete it with --force",
                            seat->name, pool->name, pool->name), FALSE;
    }
  for (guint i = 0; i < pool->seats->len; i++)
    {
      VdSeat *seat = pool->seats->pdata[i];
      g_autoptr(GError) local_error = NULL;

      if (vd_seat_remove (inv->conn, seat, opt_force, &local_error))
        vd_info ("Seat '%s' deleted\n", seat->name);
      else
        {
          vd_print_desktop_error (seat->name, local_error);
          failed++;
        }
    }
  if (failed)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "%u of %u seats of pool '%s' could not be deleted; its bases are "
                        "kept", failed, pool->seats->len, pool->name), FALSE;
  delete_bases (inv->conn, pool->record);
  vd_info ("Pool '%s' deleted; '%s' is left as it was\n", pool->name,
           pool->record->from ? pool->record->from : "its golden domain");
  return TRUE;
}
