/* unattend-cd.c: the answer-file CD of an unattended Windows install.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "unattend-cd.h"
#include "xml-util.h"

void
vd_unattend_cd_clear (VdUnattendCd *cd)
{
  g_clear_pointer (&cd->pool, g_free);
  g_clear_pointer (&cd->volume, g_free);
  g_clear_pointer (&cd->target, g_free);
}

char *
vd_unattend_cd_volume_name (const char *name)
{
  return g_strconcat (name, "-unattend.iso", NULL);
}

gboolean
vd_unattend_cd_is_drive (xmlNode *disk, const char *name)
{
  g_autofree char *own = NULL;

  if (name == NULL || *name == '\0')
    return FALSE;
  own = vd_unattend_cd_volume_name (name);
  return vd_xml_prop_equals (disk, "type", "volume") &&
         vd_xml_prop_equals (disk, "device", "cdrom") &&
         vd_xml_prop_equals (vd_xml_first_element (disk, "source"), "volume", own);
}

static xmlNode *
find_drive (xmlDoc *doc)
{
  xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
  xmlNode *devices = vd_xml_first_element (root, "devices");
  g_autofree char *name = vd_xml_get_content (vd_xml_first_element (root, "name"));

  for (xmlNode *n = vd_xml_first_element (devices, "disk"); n;
       n = vd_xml_next_element (n, "disk"))
    if (vd_unattend_cd_is_drive (n, name))
      return n;
  return NULL;
}

gboolean
vd_unattend_cd_find (xmlDoc *doc, VdUnattendCd *cd)
{
  xmlNode *drive = find_drive (doc);

  if (drive == NULL)
    return FALSE;
  if (cd)
    {
      xmlNode *source = vd_xml_first_element (drive, "source");

      vd_unattend_cd_clear (cd);
      cd->pool = vd_xml_get_prop (source, "pool");
      cd->volume = vd_xml_get_prop (source, "volume");
      cd->target = vd_xml_get_prop (vd_xml_first_element (drive, "target"), "dev");
    }
  return TRUE;
}

char *
vd_unattend_cd_device_xml (xmlDoc *doc)
{
  xmlNode *drive = find_drive (doc);

  return drive ? vd_xml_node_to_string (drive) : NULL;
}

char *
vd_unattend_cd_eject_xml (xmlDoc *doc)
{
  xmlNode *drive = find_drive (doc);
  g_autoptr(xmlDoc) copy = NULL;
  xmlNode *empty;
  xmlNode *source;

  if (drive == NULL)
    return NULL;
  /* A copy in a document of its own: DOC stays as it was. */
  copy = xmlNewDoc ((const xmlChar *) "1.0");
  empty = xmlDocCopyNode (drive, copy, 1);
  if (empty == NULL)
    g_error ("out of memory");
  xmlDocSetRootElement (copy, empty);
  while ((source = vd_xml_first_element (empty, "source")))
    vd_xml_remove (source);
  return vd_xml_node_to_string (empty);
}
