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

GPtrArray *
vd_domain_list_disks (xmlDoc *doc)
{
  GPtrArray *disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_disk_source_free);
  xmlNode *devices = vd_xml_first_element (xmlDocGetRootElement (doc), "devices");

  for (xmlNode *n = vd_xml_first_element (devices, "disk"); n;
       n = vd_xml_next_element (n, "disk"))
    {
      xmlNode *source = vd_xml_first_element (n, "source");
      VdDiskSource *disk;

      if (source == NULL || vd_xml_first_element (n, "readonly") ||
          (xmlHasProp (n, (const xmlChar *) "device") &&
           !vd_xml_prop_equals (n, "device", "disk")))
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
