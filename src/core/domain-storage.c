/* domain-storage.c: the storage a domain definition points at.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domain-storage.h"
#include "unattend-cd.h"
#include "xml-util.h"

void
vd_disk_source_free (VdDiskSource *disk)
{
  g_free (disk->pool);
  g_free (disk->volume);
  g_free (disk->path);
  g_free (disk->target);
  g_free (disk->device);
  g_free (disk);
}

/* The source of a <disk> or <backingStore> element N, or NULL when it has
 * none of a file, a block device or a volume. */
static VdDiskSource *
read_source (xmlNode *n)
{
  xmlNode *source = vd_xml_first_element (n, "source");
  VdDiskSource *disk;

  if (source == NULL)
    return NULL;
  disk = g_new0 (VdDiskSource, 1);
  if (vd_xml_prop_equals (n, "type", "volume"))
    {
      disk->pool = vd_xml_get_prop (source, "pool");
      disk->volume = vd_xml_get_prop (source, "volume");
      if (disk->pool == NULL || disk->volume == NULL)
        g_clear_pointer (&disk->volume, g_free);
    }
  else if (vd_xml_prop_equals (n, "type", "block"))
    disk->path = vd_xml_get_prop (source, "dev");
  else if (vd_xml_prop_equals (n, "type", "file") || !xmlHasProp (n, (const xmlChar *) "type"))
    disk->path = vd_xml_get_prop (source, "file");
  if (disk->volume || (disk->path && *disk->path))
    return disk;
  vd_disk_source_free (disk);
  return NULL;
}

GPtrArray *
vd_domain_list_all_disks (xmlDoc *doc)
{
  GPtrArray *disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_disk_source_free);
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *devices = vd_xml_first_element (root, "devices");
  g_autofree char *name = vd_xml_get_content (vd_xml_first_element (root, "name"));

  for (xmlNode *n = vd_xml_first_element (devices, "disk"); n;
       n = vd_xml_next_element (n, "disk"))
    {
      VdDiskSource *disk = read_source (n);

      if (disk == NULL)
        continue;
      disk->target = vd_xml_get_prop (vd_xml_first_element (n, "target"), "dev");
      disk->device = vd_xml_get_prop (n, "device");
      if (disk->device == NULL)
        disk->device = g_strdup ("disk");
      disk->readonly = vd_xml_first_element (n, "readonly") != NULL;
      disk->shareable = vd_xml_first_element (n, "shareable") != NULL;
      /* It holds the Windows password, in encoded form: it goes. */
      disk->own_unattend = vd_unattend_cd_is_drive (n, name);
      g_ptr_array_add (disks, disk);
    }
  return disks;
}

GPtrArray *
vd_domain_list_disks (xmlDoc *doc)
{
  GPtrArray *all = vd_domain_list_all_disks (doc);
  GPtrArray *disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_disk_source_free);

  for (guint i = 0; i < all->len; i++)
    {
      VdDiskSource *disk = all->pdata[i];

      if (disk->own_unattend ||
          (!disk->readonly && (g_strcmp0 (disk->device, "disk") == 0)))
        g_ptr_array_add (disks, g_ptr_array_steal_index (all, i--));
    }
  g_ptr_array_unref (all);
  return disks;
}

GPtrArray *
vd_domain_list_used_images (xmlDoc *doc)
{
  GPtrArray *images = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_disk_source_free);
  xmlNode *devices = vd_xml_first_element (xmlDocGetRootElement (doc), "devices");

  for (xmlNode *n = vd_xml_first_element (devices, "disk"); n;
       n = vd_xml_next_element (n, "disk"))
    for (xmlNode *b = n; b; b = vd_xml_first_element (b, "backingStore"))
      {
        VdDiskSource *image = read_source (b);

        if (image)
          g_ptr_array_add (images, image);
      }
  return images;
}

char *
vd_storage_path_normalize (const char *path)
{
  g_auto(GStrv) parts = NULL;
  GString *out;

  if (path == NULL)
    return NULL;
  if (!g_path_is_absolute (path))
    return g_strdup (path);
  /* Only what names the same file whatever the links on the way: ".."
   * is kept, as a symbolic link before it decides where it leads. */
  parts = g_strsplit (path, "/", -1);
  out = g_string_new (NULL);
  for (char **p = parts; *p; p++)
    if (**p != '\0' && strcmp (*p, ".") != 0)
      g_string_append_printf (out, "/%s", *p);
  if (out->len == 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

char *
vd_volume_doc_backing_path (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *backing = vd_xml_first_element (root, "backingStore");
  g_autofree char *path = vd_xml_get_content (vd_xml_first_element (backing, "path"));
  g_autofree char *own = NULL;
  g_autofree char *dir = NULL;

  if (path == NULL || *path == '\0')
    return NULL;
  if (g_path_is_absolute (path))
    return vd_storage_path_normalize (path);
  own = vd_xml_get_content (vd_xml_first_element (vd_xml_first_element (root, "target"), "path"));
  if (own == NULL || !g_path_is_absolute (own))
    return g_steal_pointer (&path);
  dir = g_path_get_dirname (own);
  {
    g_autofree char *joined = g_build_filename (dir, path, NULL);

    return vd_storage_path_normalize (joined);
  }
}
