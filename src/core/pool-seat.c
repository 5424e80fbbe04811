/* pool-seat.c: a pool seat's definition, made from the golden domain's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domain-identity.h"
#include "domain-xml.h"
#include "pool-seat.h"
#include "xml-util.h"

void
vd_golden_disk_free (VdGoldenDisk *disk)
{
  if (disk == NULL)
    return;
  g_free (disk->target);
  g_free (disk->bus);
  g_free (disk->path);
  g_free (disk->pool);
  g_free (disk->volume);
  g_free (disk->format);
  g_free (disk);
}

static xmlNode *
devices_of (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  return root ? vd_xml_first_element (root, "devices") : NULL;
}

/* A disk the seats get copies of, rather than share. */
static gboolean
is_copied (xmlNode *disk)
{
  return (vd_xml_prop_equals (disk, "device", "disk") ||
          xmlHasProp (disk, (const xmlChar *) "device") == NULL) &&
         vd_xml_first_element (disk, "readonly") == NULL &&
         vd_xml_first_element (disk, "shareable") == NULL;
}

static gboolean
refuse (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  if (error)
    *error = g_error_new_valist (VD_DOMAIN_ERROR, VD_DOMAIN_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

static VdGoldenDisk *
read_golden_disk (xmlNode *disk, gboolean stateless, GError **error)
{
  g_autoptr(VdGoldenDisk) g = g_new0 (VdGoldenDisk, 1);
  xmlNode *target = vd_xml_first_element (disk, "target");
  xmlNode *source = vd_xml_first_element (disk, "source");
  xmlNode *driver = vd_xml_first_element (disk, "driver");
  g_autofree char *type = vd_xml_get_prop (disk, "type");

  g->target = target ? vd_xml_get_prop (target, "dev") : NULL;
  g->bus = target ? vd_xml_get_prop (target, "bus") : NULL;
  g->format = driver ? vd_xml_get_prop (driver, "type") : NULL;
  if (g->target == NULL)
    return refuse (error, "a disk of the golden domain has no target"), NULL;
  if (source == NULL)
    return refuse (error, "disk %s of the golden domain has no source to copy", g->target),
           NULL;
  if (g_strcmp0 (type, "file") == 0)
    g->path = vd_xml_get_prop (source, "file");
  else if (g_strcmp0 (type, "volume") == 0)
    {
      g->pool = vd_xml_get_prop (source, "pool");
      g->volume = vd_xml_get_prop (source, "volume");
    }
  if (g->path == NULL && g->volume == NULL)
    return refuse (error, "disk %s of the golden domain is a %s disk; vdctl copies only "
                   "image files and storage volumes", g->target, type ? type : "sourceless"),
           NULL;
  if (g->pool == NULL && g->volume)
    return refuse (error, "disk %s of the golden domain names no storage pool", g->target),
           NULL;
  if (stateless && g_strcmp0 (g->bus, "virtio") != 0 && g_strcmp0 (g->bus, "scsi") != 0)
    return refuse (error, "disk %s of the golden domain is on the %s bus; stateless seats "
                   "need virtio or SCSI disks (libvirt shares a backing image between "
                   "domains only there)", g->target, g->bus ? g->bus : "default"), NULL;
  return g_steal_pointer (&g);
}

GPtrArray *
vd_pool_golden_disks (xmlDoc *doc, gboolean stateless, GError **error)
{
  g_autoptr(GPtrArray) disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_golden_disk_free);
  xmlNode *devices = devices_of (doc);

  for (xmlNode *d = vd_xml_first_element (devices, "disk"); d; d = vd_xml_next_element (d, "disk"))
    {
      VdGoldenDisk *g;

      if (!is_copied (d))
        continue;
      g = read_golden_disk (d, stateless, error);
      if (g == NULL)
        return NULL;
      g_ptr_array_add (disks, g);
    }
  if (disks->len == 0)
    return refuse (error, "the golden domain has no disk to copy: a pool's seats are copies "
                   "of an installed system"), NULL;
  return g_steal_pointer (&disks);
}

char *
vd_pool_golden_nvram (xmlDoc *doc, const char *nvram_dir)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *os = root ? vd_xml_first_element (root, "os") : NULL;
  xmlNode *nvram = os ? vd_xml_first_element (os, "nvram") : NULL;
  xmlNode *loader = os ? vd_xml_first_element (os, "loader") : NULL;
  xmlNode *name = root ? vd_xml_first_element (root, "name") : NULL;
  g_autofree char *path = nvram ? vd_xml_get_content (nvram) : NULL;
  g_autofree char *domain = name ? vd_xml_get_content (name) : NULL;
  g_autofree char *file = NULL;

  if (path)
    g_strstrip (path);
  if (path && *path)
    return g_steal_pointer (&path);
  if (!vd_xml_prop_equals (os, "firmware", "efi") && !vd_xml_prop_equals (loader, "type", "pflash"))
    return NULL;
  if (domain == NULL)
    return NULL;
  file = g_strdup_printf ("%s_VARS.fd", domain);
  return g_build_filename (nvram_dir, file, NULL);
}

/* The disk whose target is TARGET. */
static xmlNode *
disk_with_target (xmlNode *devices, const char *target)
{
  for (xmlNode *d = vd_xml_first_element (devices, "disk"); d; d = vd_xml_next_element (d, "disk"))
    {
      xmlNode *t = vd_xml_first_element (d, "target");

      if (t && vd_xml_prop_equals (t, "dev", target))
        return d;
    }
  return NULL;
}

static void
remove_all (xmlNode *parent, const char *name)
{
  xmlNode *n;

  while ((n = vd_xml_first_element (parent, name)))
    vd_xml_remove (n);
}

/* DISK reads PATH, of FORMAT, under a transient overlay when TRANSIENT. */
static void
point_disk (xmlNode *disk, const char *path, const char *format, gboolean transient)
{
  xmlNode *source = vd_xml_first_element (disk, "source");
  xmlNode *driver = vd_xml_first_element (disk, "driver");
  xmlNode *fresh = xmlNewDocNode (disk->doc, NULL, (const xmlChar *) "source", NULL);
  xmlNode *target = vd_xml_first_element (disk, "target");

  vd_xml_set_prop (disk, "type", "file");
  vd_xml_set_prop (fresh, "file", path);
  if (source)
    {
      vd_xml_insert_after (source, fresh);
      vd_xml_remove (source);
    }
  else
    vd_xml_insert_before (target, fresh);
  if (driver == NULL)
    {
      driver = xmlNewDocNode (disk->doc, NULL, (const xmlChar *) "driver", NULL);
      vd_xml_set_prop (driver, "name", "qemu");
      vd_xml_insert_before (fresh, driver);
    }
  vd_xml_set_prop (driver, "type", format);
  remove_all (disk, "backingStore");
  remove_all (disk, "transient");
  if (transient)
    {
      xmlNode *t = xmlNewDocNode (disk->doc, NULL, (const xmlChar *) "transient", NULL);

      vd_xml_set_prop (t, "shareBacking", "yes");
      vd_xml_insert_after (target, t);
    }
}

gboolean
vd_pool_seat_point (xmlDoc *doc, const VdSeatRecord *seat, const VdPoolRecord *pool,
                    GPtrArray *overlays, GError **error)
{
  xmlNode *devices = devices_of (doc);
  const VdBase *base = vd_pool_record_base (pool, seat->base);

  if (base == NULL)
    return refuse (error, "pool '%s' has no base version %u", pool->name, seat->base);
  g_return_val_if_fail (pool->stateless || (overlays && overlays->len == base->disks->len),
                        FALSE);
  /* Every disk first: DOC changes only when all are there. */
  for (guint i = 0; i < base->disks->len; i++)
    {
      const VdBaseImage *image = base->disks->pdata[i];

      if (disk_with_target (devices, image->target) == NULL)
        return refuse (error, "the seat has no disk %s to put on the pool's base",
                       image->target);
    }
  for (guint i = 0; i < base->disks->len; i++)
    {
      const VdBaseImage *image = base->disks->pdata[i];
      xmlNode *disk = disk_with_target (devices, image->target);

      if (pool->stateless)
        point_disk (disk, image->path, image->format, TRUE);
      else
        point_disk (disk, overlays->pdata[i], "qcow2", FALSE);
    }
  vd_pool_record_write (doc, seat, pool);
  return TRUE;
}

static void
set_name (xmlNode *root, const char *name)
{
  xmlNode *node = vd_xml_first_element (root, "name");

  if (node == NULL)
    {
      node = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "name", NULL);
      if (root->children)
        vd_xml_insert_before (root->children, node);
      else
        vd_xml_append_child (root, node);
    }
  vd_xml_set_content (node, name);
}

/* <os><nvram>PATH</nvram>, keeping a template= the golden names. */
static void
set_nvram (xmlNode *root, const char *path)
{
  xmlNode *os = vd_xml_first_element (root, "os");
  xmlNode *nvram;

  if (os == NULL)
    return;
  nvram = vd_xml_first_element (os, "nvram");
  if (nvram == NULL)
    {
      xmlNode *loader = vd_xml_first_element (os, "loader");

      nvram = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "nvram", NULL);
      if (loader)
        vd_xml_insert_after (loader, nvram);
      else
        vd_xml_append_child (os, nvram);
    }
  vd_xml_set_content (nvram, path);
}

void
vd_pool_seat_set_nvram (xmlDoc *doc, const char *path)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  if (root)
    set_nvram (root, path);
}

char *
vd_pool_seat_get_nvram (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *os = root ? vd_xml_first_element (root, "os") : NULL;
  xmlNode *nvram = os ? vd_xml_first_element (os, "nvram") : NULL;
  char *path = nvram ? vd_xml_get_content (nvram) : NULL;

  if (path)
    g_strstrip (path);
  if (path && *path == '\0')
    g_clear_pointer (&path, g_free);
  return path;
}

char *
vd_pool_seat_disk_path (xmlDoc *doc, const char *target)
{
  xmlNode *disk = disk_with_target (devices_of (doc), target);
  xmlNode *source = disk ? vd_xml_first_element (disk, "source") : NULL;

  return source ? vd_xml_get_prop (source, "file") : NULL;
}

xmlDoc *
vd_pool_seat_new (xmlDoc *golden, const char *name, const VdSeatRecord *seat,
                  const VdPoolRecord *pool, GPtrArray *overlays, const char *nvram,
                  GError **error)
{
  g_autoptr(xmlDoc) doc = xmlCopyDoc (golden, 1);
  xmlNode *root = xmlDocGetRootElement (doc);

  if (root == NULL || strcmp ((const char *) root->name, "domain") != 0)
    return refuse (error, "the golden definition is not a <domain>"), NULL;
  vd_domain_drop_own_state (doc);
  set_name (root, name);
  if (nvram)
    set_nvram (root, nvram);
  if (!vd_pool_seat_point (doc, seat, pool, overlays, error))
    return NULL;
  return g_steal_pointer (&doc);
}
