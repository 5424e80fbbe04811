/* domain-identity.c: a domain's identity taken out of templates.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domain-identity.h"
#include "xml-util.h"

/* Remove every child NAME of PARENT; how many there were. */
static guint
remove_children (xmlNode *parent, const char *name)
{
  xmlNode *child;
  guint n = 0;

  while (parent && (child = vd_xml_first_element (parent, name)))
    {
      vd_xml_remove (child);
      n++;
    }
  return n;
}

static guint
drop_macs (xmlNode *devices)
{
  guint n = 0;

  for (xmlNode *i = vd_xml_first_element (devices, "interface"); i;
       i = vd_xml_next_element (i, "interface"))
    n += remove_children (i, "mac");
  return n;
}

/* The NVRAM file is the domain's own: libvirt makes a new one from the
 * firmware's template (the one named here, if any) for a new domain. */
static gboolean
drop_nvram (xmlNode *root)
{
  xmlNode *os = vd_xml_first_element (root, "os");
  xmlNode *nvram = os ? vd_xml_first_element (os, "nvram") : NULL;
  g_autofree char *template = NULL;
  xmlNode *fresh;

  if (nvram == NULL)
    return FALSE;
  template = vd_xml_get_prop (nvram, "template");
  /* Only the firmware's template: nothing of another domain's. */
  if (template && nvram->children == NULL && nvram->properties &&
      nvram->properties->next == NULL)
    return FALSE;
  if (template == NULL)
    {
      vd_xml_remove (nvram);
      return TRUE;
    }
  fresh = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "nvram", NULL);
  vd_xml_set_prop (fresh, "template", template);
  vd_xml_insert_after (nvram, fresh);
  vd_xml_remove (nvram);
  return TRUE;
}

/* A TPM emulator keeps its state per domain (by UUID), unless a source
 * names a file: that file is the other domain's. */
static guint
drop_tpm_state (xmlNode *devices)
{
  guint n = 0;

  for (xmlNode *t = vd_xml_first_element (devices, "tpm"); t; t = vd_xml_next_element (t, "tpm"))
    {
      xmlNode *backend = vd_xml_first_element (t, "backend");

      n += remove_children (backend, "source");
    }
  return n;
}

/* The guest agent's and other UNIX channels' sockets that libvirt binds
 * per domain (a running domain's dumpxml shows them). */
static guint
drop_channel_paths (xmlNode *devices)
{
  guint n = 0;

  for (xmlNode *c = vd_xml_first_element (devices, "channel"); c;
       c = vd_xml_next_element (c, "channel"))
    {
      xmlNode *source = vd_xml_first_element (c, "source");

      if (vd_xml_prop_equals (c, "type", "unix") && source &&
          vd_xml_prop_equals (source, "mode", "bind") && xmlHasProp (source, (const xmlChar *) "path"))
        {
          vd_xml_unset_prop (source, "path");
          n++;
        }
    }
  return n;
}

/* Where a disk's data is, for the message. */
static char *
disk_source (xmlNode *disk)
{
  xmlNode *source = vd_xml_first_element (disk, "source");
  static const char * const attrs[] = { "file", "dev", "volume", "name", "dir" };

  for (gsize i = 0; source && i < G_N_ELEMENTS (attrs); i++)
    {
      char *value = vd_xml_get_prop (source, attrs[i]);

      if (value)
        return value;
    }
  return g_strdup ("no source");
}

static void
drop_disks (xmlNode *devices, GPtrArray *sources)
{
  xmlNode *disk = vd_xml_first_element (devices, "disk");

  while (disk)
    {
      xmlNode *next = vd_xml_next_element (disk, "disk");

      gboolean writable_disk = (vd_xml_prop_equals (disk, "device", "disk") ||
                                vd_xml_prop_equals (disk, "device", "lun") ||
                                xmlHasProp (disk, (const xmlChar *) "device") == NULL) &&
                               vd_xml_first_element (disk, "readonly") == NULL &&
                               vd_xml_first_element (disk, "shareable") == NULL;

      if (writable_disk)
        {
          g_ptr_array_add (sources, disk_source (disk));
          vd_xml_remove (disk);
        }
      disk = next;
    }
}

static void
add_count (GPtrArray *parts, guint n, const char *one, const char *many)
{
  if (n == 1)
    g_ptr_array_add (parts, g_strdup (one));
  else if (n > 1)
    g_ptr_array_add (parts, g_strdup_printf ("%u %s", n, many));
}

char *
vd_domain_drop_identity (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *devices = root ? vd_xml_first_element (root, "devices") : NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) disks = g_ptr_array_new_with_free_func (g_free);
  guint n;

  if (root == NULL)
    return NULL;
  add_count (parts, remove_children (root, "uuid"), "its UUID", "UUIDs");
  add_count (parts, drop_macs (devices), "its MAC address", "MAC addresses");
  add_count (parts, drop_nvram (root), "its NVRAM file", "NVRAM files");
  add_count (parts, drop_tpm_state (devices), "its TPM state file", "TPM state files");
  add_count (parts, drop_channel_paths (devices), "its channel socket path",
             "channel socket paths");
  drop_disks (devices, disks);
  if (disks->len > 0)
    {
      g_ptr_array_add (disks, NULL);
      g_autofree char *list = g_strjoinv (", ", (char **) disks->pdata);

      n = disks->len - 1;
      g_ptr_array_add (parts, g_strdup_printf ("%s (%s)", n == 1 ? "its disk" : "its disks",
                                               list));
    }
  if (parts->len == 0)
    return NULL;
  if (parts->len == 1)
    return g_strdup (parts->pdata[0]);
  {
    g_autofree char *last = g_strdup (parts->pdata[parts->len - 1]);
    g_autofree char *head = NULL;

    g_ptr_array_set_size (parts, parts->len - 1);
    g_ptr_array_add (parts, NULL);
    head = g_strjoinv (", ", (char **) parts->pdata);
    return g_strdup_printf ("%s and %s", head, last);
  }
}

void
vd_domain_drop_own_state (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *devices = root ? vd_xml_first_element (root, "devices") : NULL;

  if (root == NULL)
    return;
  remove_children (root, "uuid");
  drop_macs (devices);
  drop_nvram (root);
  drop_tpm_state (devices);
  drop_channel_paths (devices);
}

void
vd_domain_set_uuid (xmlDoc *doc, const char *uuid)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *node = vd_xml_first_element (root, "uuid");

  if (node == NULL)
    {
      xmlNode *name = vd_xml_first_element (root, "name");

      node = xmlNewDocNode (doc, NULL, (const xmlChar *) "uuid", NULL);
      if (name)
        vd_xml_insert_after (name, node);
      else if (vd_xml_first_element (root, NULL))
        vd_xml_insert_before (vd_xml_first_element (root, NULL), node);
      else
        vd_xml_append_child (root, node);
    }
  vd_xml_set_content (node, uuid);
}
