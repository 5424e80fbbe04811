/* domain-storage.c: the storage a domain definition points at.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "domain-storage.h"
#include "xml-util.h"

void
vd_disk_source_free (VdDiskSource *disk)
{
  g_free (disk->pool);
  g_free (disk->volume);
  g_free (disk->path);
  g_free (disk->target);
  g_free (disk);
}

/* The answer-file image 'create --unattend' uploads for this desktop alone
 * (NAME-unattend.iso): it holds the Windows password, in encoded form. */
static gboolean
is_own_unattend_image (xmlNode *disk, xmlNode *source, const char *domain_name)
{
  g_autofree char *volume = vd_xml_get_prop (source, "volume");
  g_autofree char *own = g_strconcat (domain_name ? domain_name : "", "-unattend.iso", NULL);

  return domain_name && vd_xml_prop_equals (disk, "type", "volume") &&
         g_strcmp0 (volume, own) == 0;
}

GPtrArray *
vd_domain_list_disks (xmlDoc *doc)
{
  GPtrArray *disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_disk_source_free);
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *devices = vd_xml_first_element (root, "devices");
  g_autofree char *name = vd_xml_get_content (vd_xml_first_element (root, "name"));

  for (xmlNode *n = vd_xml_first_element (devices, "disk"); n;
       n = vd_xml_next_element (n, "disk"))
    {
      xmlNode *source = vd_xml_first_element (n, "source");
      VdDiskSource *disk;

      if (source == NULL)
        continue;
      if (!is_own_unattend_image (n, source, name) &&
          (vd_xml_first_element (n, "readonly") ||
           (xmlHasProp (n, (const xmlChar *) "device") &&
            !vd_xml_prop_equals (n, "device", "disk"))))
        continue;
      disk = g_new0 (VdDiskSource, 1);
      disk->target = vd_xml_get_prop (vd_xml_first_element (n, "target"), "dev");
      if (vd_xml_prop_equals (n, "type", "volume"))
        {
          disk->pool = vd_xml_get_prop (source, "pool");
          disk->volume = vd_xml_get_prop (source, "volume");
        }
      else if (vd_xml_prop_equals (n, "type", "block"))
        disk->path = vd_xml_get_prop (source, "dev");
      else if (vd_xml_prop_equals (n, "type", "file"))
        disk->path = vd_xml_get_prop (source, "file");
      if (disk->volume || disk->path)
        g_ptr_array_add (disks, disk);
      else
        vd_disk_source_free (disk);
    }
  return disks;
}
