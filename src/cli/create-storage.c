/* create-storage.c: the volumes 'vdctl create' makes for a desktop, each
 * recorded in the create's undo journal as deleting it again.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "commands.h"
#include "create-storage.h"
#include "progress.h"
#include "virt-storage.h"

typedef struct {
  VdConnection *conn;
  char *pool;
  char *name;
  gboolean uploaded;
} VolumeUndo;

static void
volume_undo_free (gpointer data)
{
  VolumeUndo *v = data;

  g_free (v->pool);
  g_free (v->name);
  g_free (v);
}

static gboolean
undo_volume (gpointer data, GError **error)
{
  VolumeUndo *v = data;

  /* An uploaded ISO's record that its upload is complete goes too
   * (virt-storage.h). */
  if (v->uploaded)
    vd_volume_upload_forget (v->conn, v->pool, v->name);
  return vd_volume_delete (v->conn, v->pool, v->name, error);
}

/* The volume NAME in POOL, which this run made (UPLOADED: an ISO's copy). */
static void
push_volume (VdUndo *undo, VdConnection *conn, const char *pool, const char *name,
             gboolean uploaded)
{
  VolumeUndo *v = g_new0 (VolumeUndo, 1);
  g_autofree char *what = g_strdup_printf ("volume '%s' in pool '%s'", name, pool);

  v->conn = conn;
  v->pool = g_strdup (pool);
  v->name = g_strdup (name);
  v->uploaded = uploaded;
  vd_undo_push (undo, what, undo_volume, v, volume_undo_free);
}

gboolean
vd_create_upload_cdrom (VdConnection *conn, const CreatePlan *plan, VdUndo *undo,
                        GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (plan->cdrom);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(VdProgress) progress = NULL;
  g_autofree char *path = NULL;
  g_autofree char *label = NULL;
  gint64 existing = vd_volume_get_capacity (conn, plan->pool, plan->cdrom_volume);
  guint64 size;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, error);
  if (info == NULL)
    return FALSE;
  size = (guint64) g_file_info_get_size (info);
  if (existing >= 0 && (guint64) existing == size &&
      !vd_volume_upload_is_complete (conn, plan->pool, plan->cdrom_volume))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS,
                        "volume '%s' in pool '%s' has the size of %s, but no upload of it is "
                        "known to have finished (it may have been cut off, or still be "
                        "running); unless another vdctl is uploading it, remove it with "
                        "'virsh vol-delete %s --pool %s' and create again",
                        plan->cdrom_volume, plan->pool, plan->cdrom, plan->cdrom_volume,
                        plan->pool), FALSE;
  if (existing >= 0 && (guint64) existing == size)
    {
      vd_info ("Using volume '%s' in pool '%s' on %s: it is already there with the size of %s\n",
               plan->cdrom_volume, plan->pool, vd_connection_get_uri (conn), plan->cdrom);
      return TRUE;
    }
  if (existing >= 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS,
                        "volume '%s' in pool '%s' is not %s: its size differs (%" G_GINT64_FORMAT
                        " bytes, the ISO has %" G_GUINT64_FORMAT "); remove it with "
                        "'virsh vol-delete %s --pool %s', or give the ISO another name",
                        plan->cdrom_volume, plan->pool, plan->cdrom, existing, size,
                        plan->cdrom_volume, plan->pool), FALSE;
  /* A record of an earlier volume of that name is not this one's. */
  vd_volume_upload_forget (conn, plan->pool, plan->cdrom_volume);
  label = g_strdup_printf ("Uploading %s", plan->cdrom_volume);
  progress = vd_progress_new (label, size, !vd_is_quiet ());
  /* An upload stopped by a signal deletes its volume itself. */
  path = vd_volume_upload_file (conn, plan->pool, plan->cdrom_volume, plan->cdrom,
                                vd_progress_callback, progress, error);
  g_clear_pointer (&progress, vd_progress_free);
  if (path == NULL)
    return FALSE;
  push_volume (undo, conn, plan->pool, plan->cdrom_volume, TRUE);
  /* Unrecorded, the upload would never be used again: it goes. */
  if (!vd_volume_upload_set_complete (conn, plan->pool, plan->cdrom_volume, error))
    return FALSE;
  vd_info ("Uploaded %s to %s as volume '%s' in pool '%s'\n", plan->cdrom,
           vd_connection_get_uri (conn), plan->cdrom_volume, plan->pool);
  return TRUE;
}

char *
vd_create_disk_volume (VdConnection *conn, const char *pool, const char *volume,
                       guint64 bytes, VdUndo *undo, GError **error)
{
  char *path = vd_volume_create (conn, pool, volume, bytes, "qcow2", error);

  if (path)
    push_volume (undo, conn, pool, volume, FALSE);
  return path;
}

gboolean
vd_create_upload_image (VdConnection *conn, const char *pool, const char *volume,
                        GBytes *image, VdUndo *undo, GError **error)
{
  g_autofree char *path = vd_volume_upload (conn, pool, volume, image, error);

  if (path == NULL)
    return FALSE;
  push_volume (undo, conn, pool, volume, FALSE);
  return TRUE;
}
