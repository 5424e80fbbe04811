/* storage-guard.c: which of a domain's images 'delete --remove-storage'
 * may delete.
 *
 * An image stays when it is a CD-ROM's or floppy's (except the answer-file
 * image vdctl made for this desktop), read-only, shareable, named by
 * another domain (its persistent or its running definition, the backing
 * chain included), or the backing file of a volume that stays.  Images are
 * compared by path, a volume's path read from its pool, and by pool and
 * volume name where no path is known.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pool-record.h"
#include "storage-guard.h"
#include "xml-util.h"
#include "virt-storage.h"

struct _VdStoragePlan {
  GPtrArray *items;            /* VdStorageItem */
  GPtrArray *backed;           /* VdBackedVolume, for the items' overlays */
  GHashTable *paths;           /* "pool\nvolume" -> path, "" when unknown */
  VdConnection *conn;
};

static void
item_free (VdStorageItem *item)
{
  vd_disk_source_free (item->disk);
  g_free (item->path);
  g_free (item->pool);
  g_ptr_array_unref (item->users);
  g_ptr_array_unref (item->overlays);
  g_free (item);
}

void
vd_storage_plan_free (VdStoragePlan *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->items);
  if (plan->backed)
    g_ptr_array_unref (plan->backed);
  g_hash_table_unref (plan->paths);
  g_free (plan);
}

guint
vd_storage_plan_len (VdStoragePlan *plan)
{
  return plan->items->len;
}

VdStorageItem *
vd_storage_plan_get (VdStoragePlan *plan, guint i)
{
  return plan->items->pdata[i];
}

/* The path of IMAGE (cached for volumes), or NULL. */
static const char *
image_path (VdStoragePlan *plan, const VdDiskSource *image)
{
  g_autofree char *key = NULL;
  const char *path;

  if (image->volume == NULL)
    return image->path;
  key = g_strconcat (image->pool, "\n", image->volume, NULL);
  path = g_hash_table_lookup (plan->paths, key);
  if (path == NULL)
    {
      char *found = vd_volume_get_path (plan->conn, image->pool, image->volume);

      path = found ? found : g_strdup ("");
      g_hash_table_insert (plan->paths, g_steal_pointer (&key), (char *) path);
    }
  return *path ? path : NULL;
}

static gboolean
same_image (VdStoragePlan *plan, const VdStorageItem *item, const VdDiskSource *image)
{
  const VdDiskSource *disk = item->disk;
  g_autofree char *normalized = NULL;
  const char *path;

  if (disk->volume && image->volume)
    {
      if (g_strcmp0 (disk->pool, image->pool) == 0 && g_strcmp0 (disk->volume, image->volume) == 0)
        return TRUE;
    }
  if (item->path == NULL)
    return FALSE;
  path = image_path (plan, image);
  normalized = vd_storage_path_normalize (path);
  return normalized && strcmp (normalized, item->path) == 0;
}

static void
add_user (VdStorageItem *item, const char *name)
{
  for (guint i = 0; i < item->users->len; i++)
    if (strcmp (item->users->pdata[i], name) == 0)
      return;
  g_ptr_array_add (item->users, g_strdup (name));
}

/* Mark the items OTHER's definition DOC names. */
static void
note_users (VdStoragePlan *plan, const char *other, xmlDoc *doc)
{
  g_autoptr(GPtrArray) images = vd_domain_list_used_images (doc);

  for (guint i = 0; i < plan->items->len; i++)
    {
      VdStorageItem *item = plan->items->pdata[i];

      for (guint j = 0; j < images->len; j++)
        if (same_image (plan, item, images->pdata[j]))
          add_user (item, other);
    }
}

/* Every other domain's persistent and running definitions. */
static gboolean
scan_domains (VdStoragePlan *plan, const char *own_uuid, GError **error)
{
  g_autoptr(GPtrArray) domains = vd_virt_domain_list_all (plan->conn, error);

  if (domains == NULL)
    return FALSE;
  for (guint i = 0; i < domains->len; i++)
    {
      VdVirtDomain *other = domains->pdata[i];
      g_autofree char *uuid = vd_virt_domain_get_uuid (other);
      const char *name = vd_virt_domain_get_name (other);

      if (uuid && own_uuid && g_ascii_strcasecmp (uuid, own_uuid) == 0)
        continue;
      for (int live = 0; live < 2; live++)
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(xmlDoc) doc = NULL;

          if (live && !vd_virt_domain_is_active (other))
            continue;
          doc = vd_virt_domain_get_doc (other, !live, &local_error);
          /* A domain gone meanwhile names nothing; any other failure
           * leaves vdctl unable to tell, so nothing is deleted. */
          if (doc == NULL && !vd_virt_domain_exists (plan->conn, name))
            continue;
          if (doc == NULL)
            {
              g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                          "cannot tell whether domain '%s' uses these "
                                          "disks; nothing was deleted: ", name);
              return FALSE;
            }
          note_users (plan, name, doc);
        }
    }
  return TRUE;
}

static VdStorageItem *
item_of_path (VdStoragePlan *plan, const char *path)
{
  for (guint i = 0; i < plan->items->len; i++)
    {
      VdStorageItem *item = plan->items->pdata[i];

      if (item->path && path && strcmp (item->path, path) == 0)
        return item;
    }
  return NULL;
}

/* An item stays while a volume backed by it stays: any volume that is not
 * one of this domain's disks, or one of them that stays itself (over and
 * over, for chains). */
static void
apply_backing (VdStoragePlan *plan)
{
  gboolean changed = TRUE;

  while (changed)
    {
      changed = FALSE;
      for (guint i = 0; i < plan->items->len; i++)
        {
          VdStorageItem *item = plan->items->pdata[i];

          for (guint j = 0; item->path && j < plan->backed->len; j++)
            {
              VdBackedVolume *v = plan->backed->pdata[j];
              VdStorageItem *overlay = item_of_path (plan, v->path);

              if (strcmp (v->backing, item->path) != 0 || overlay == item ||
                  (overlay && overlay->verdict == VD_STORAGE_DELETE) ||
                  g_ptr_array_find (item->overlays, v, NULL))
                continue;
              g_ptr_array_add (item->overlays, v);
              if (item->verdict == VD_STORAGE_DELETE)
                {
                  item->verdict = VD_STORAGE_KEEP_BACKING;
                  changed = TRUE;
                }
            }
        }
    }
}

static VdStorageVerdict
own_verdict (const VdDiskSource *disk)
{
  if (disk->own_unattend)
    return VD_STORAGE_DELETE;
  if (g_strcmp0 (disk->device, "cdrom") == 0 || g_strcmp0 (disk->device, "floppy") == 0)
    return VD_STORAGE_KEEP_CDROM;
  if (disk->readonly)
    return VD_STORAGE_KEEP_READONLY;
  if (disk->shareable)
    return VD_STORAGE_KEEP_SHAREABLE;
  return VD_STORAGE_DELETE;
}

/* A pool seat never takes its pool's base images with it: a stateless
 * seat's disks are those images. */
static void
keep_bases (VdStoragePlan *plan, xmlDoc *doc)
{
  g_autoptr(VdSeatRecord) seat = NULL;
  g_autoptr(VdPoolRecord) pool = NULL;

  if (!vd_pool_record_read (doc, &seat, &pool, NULL) || pool == NULL)
    return;
  for (guint i = 0; i < plan->items->len; i++)
    {
      VdStorageItem *item = plan->items->pdata[i];

      for (guint j = 0; j < pool->bases->len && item->verdict == VD_STORAGE_DELETE; j++)
        {
          const VdBase *base = pool->bases->pdata[j];

          for (guint k = 0; k < base->disks->len; k++)
            if (g_strcmp0 (((VdBaseImage *) base->disks->pdata[k])->path, item->path) == 0)
              {
                item->verdict = VD_STORAGE_KEEP_BASE;
                item->pool = g_strdup (pool->name);
              }
        }
    }
}

VdStoragePlan *
vd_storage_plan_removal (VdConnection *conn, VdVirtDomain *dom, xmlDoc *doc, GError **error)
{
  g_autoptr(VdStoragePlan) plan = g_new0 (VdStoragePlan, 1);
  g_autoptr(GPtrArray) disks = vd_domain_list_all_disks (doc);
  g_autofree char *uuid = vd_virt_domain_get_uuid (dom);

  plan->conn = conn;
  plan->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  plan->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  while (disks->len > 0)
    {
      VdStorageItem *item = g_new0 (VdStorageItem, 1);

      item->disk = g_ptr_array_steal_index (disks, 0);
      item->path = vd_storage_path_normalize (image_path (plan, item->disk));
      item->verdict = own_verdict (item->disk);
      item->users = g_ptr_array_new_with_free_func (g_free);
      item->overlays = g_ptr_array_new ();
      g_ptr_array_add (plan->items, item);
    }
  if (plan->items->len == 0)
    return g_steal_pointer (&plan);

  keep_bases (plan, doc);
  if (!scan_domains (plan, uuid, error))
    return NULL;
  for (guint i = 0; i < plan->items->len; i++)
    {
      VdStorageItem *item = plan->items->pdata[i];

      if (item->verdict == VD_STORAGE_DELETE && item->users->len > 0)
        item->verdict = VD_STORAGE_KEEP_USED;
    }
  plan->backed = vd_storage_list_backed_volumes (conn, error);
  if (plan->backed == NULL)
    return NULL;
  apply_backing (plan);
  return g_steal_pointer (&plan);
}

const char *
vd_storage_verdict_code (VdStorageVerdict verdict)
{
  switch (verdict)
    {
    case VD_STORAGE_KEEP_CDROM:
      return "cdrom";
    case VD_STORAGE_KEEP_READONLY:
      return "read-only";
    case VD_STORAGE_KEEP_SHAREABLE:
      return "shareable";
    case VD_STORAGE_KEEP_USED:
      return "used-by-other-domains";
    case VD_STORAGE_KEEP_BACKING:
      return "backing-file";
    case VD_STORAGE_KEEP_BASE:
      return "pool-base";
    case VD_STORAGE_DELETE:
    default:
      return NULL;
    }
}

static char *
quoted_list (GPtrArray *names)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s'%s'", i == 0 ? "" : ", ", (const char *) names->pdata[i]);
  return g_string_free (out, FALSE);
}

char *
vd_storage_keep_reason (const VdStorageItem *item)
{
  switch (item->verdict)
    {
    case VD_STORAGE_KEEP_CDROM:
      return g_strdup_printf ("it is the image of a %s",
                              g_strcmp0 (item->disk->device, "floppy") == 0 ? "floppy" : "CD-ROM");
    case VD_STORAGE_KEEP_READONLY:
      return g_strdup ("it is a read-only disk");
    case VD_STORAGE_KEEP_BASE:
      return g_strdup_printf ("it is a base image of pool '%s' (vdctl pool delete %s removes "
                              "it with the pool)", item->pool, item->pool);
    case VD_STORAGE_KEEP_SHAREABLE:
      return g_strdup ("it is a shareable disk");
    case VD_STORAGE_KEEP_USED:
      {
        g_autofree char *names = quoted_list (item->users);

        return g_strdup_printf (item->users->len > 1 ? "domains %s use it too"
                                                     : "domain %s uses it too", names);
      }
    case VD_STORAGE_KEEP_BACKING:
      {
        GString *out = g_string_new ("it is the backing file of ");

        for (guint i = 0; i < item->overlays->len; i++)
          {
            const VdBackedVolume *v = item->overlays->pdata[i];

            g_string_append_printf (out, "%svolume '%s' in pool '%s'", i == 0 ? "" : ", ",
                                    v->volume, v->pool);
          }
        return g_string_free (out, FALSE);
      }
    case VD_STORAGE_DELETE:
    default:
      return NULL;
    }
}
