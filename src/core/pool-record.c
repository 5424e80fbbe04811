/* pool-record.c: a pool seat's record of its pool, in vdctl's metadata.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop-metadata.h"
#include "pool-record.h"
#include "values.h"
#include "xml-util.h"

G_DEFINE_QUARK (vd-pool-record-error-quark, vd_pool_record_error)

VdBaseImage *
vd_base_image_new (const char *target, const char *pool, const char *volume, const char *path,
                   const char *format)
{
  VdBaseImage *image = g_new0 (VdBaseImage, 1);

  image->target = g_strdup (target);
  image->pool = g_strdup (pool);
  image->volume = g_strdup (volume);
  image->path = g_strdup (path);
  image->format = g_strdup (format);
  return image;
}

void
vd_base_image_free (VdBaseImage *image)
{
  if (image == NULL)
    return;
  g_free (image->target);
  g_free (image->pool);
  g_free (image->volume);
  g_free (image->path);
  g_free (image->format);
  g_free (image);
}

static VdBaseImage *
base_image_copy (const VdBaseImage *image)
{
  return image ? vd_base_image_new (image->target, image->pool, image->volume, image->path,
                                    image->format)
               : NULL;
}

VdBase *
vd_base_new (guint version)
{
  VdBase *base = g_new0 (VdBase, 1);

  base->version = version;
  base->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_base_image_free);
  return base;
}

void
vd_base_free (VdBase *base)
{
  if (base == NULL)
    return;
  g_ptr_array_unref (base->disks);
  vd_base_image_free (base->nvram);
  g_free (base);
}

static VdBase *
base_copy (const VdBase *base)
{
  VdBase *copy = vd_base_new (base->version);

  for (guint i = 0; i < base->disks->len; i++)
    g_ptr_array_add (copy->disks, base_image_copy (base->disks->pdata[i]));
  copy->nvram = base_image_copy (base->nvram);
  return copy;
}

VdPoolRecord *
vd_pool_record_new (const char *name, const char *from, gboolean stateless, guint seats)
{
  VdPoolRecord *record = g_new0 (VdPoolRecord, 1);

  record->name = g_strdup (name);
  record->from = g_strdup (from);
  record->stateless = stateless;
  record->width = vd_pool_width (seats);
  record->bases = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_base_free);
  return record;
}

VdPoolRecord *
vd_pool_record_copy (const VdPoolRecord *record)
{
  VdPoolRecord *copy = vd_pool_record_new (record->name, record->from, record->stateless, 1);

  copy->width = record->width;
  copy->current = record->current;
  for (guint i = 0; i < record->bases->len; i++)
    g_ptr_array_add (copy->bases, base_copy (record->bases->pdata[i]));
  return copy;
}

void
vd_pool_record_free (VdPoolRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record->from);
  g_ptr_array_unref (record->bases);
  g_free (record);
}

VdBase *
vd_pool_record_base (const VdPoolRecord *record, guint version)
{
  for (guint i = 0; i < record->bases->len; i++)
    {
      VdBase *base = record->bases->pdata[i];

      if (base->version == version)
        return base;
    }
  return NULL;
}

void
vd_pool_record_add_base (VdPoolRecord *record, const VdBase *base)
{
  guint i = 0;

  while (i < record->bases->len && ((VdBase *) record->bases->pdata[i])->version < base->version)
    i++;
  g_ptr_array_insert (record->bases, i, base_copy (base));
}

void
vd_pool_record_drop_base (VdPoolRecord *record, guint version)
{
  VdBase *base = vd_pool_record_base (record, version);

  if (base)
    g_ptr_array_remove (record->bases, base);
}

void
vd_seat_record_free (VdSeatRecord *seat)
{
  if (seat == NULL)
    return;
  g_free (seat->pool);
  g_free (seat->user);
  g_free (seat);
}

/* ---- reading ------------------------------------------------------- */

static gboolean
broken (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
broken (GError **error, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return g_set_error (error, VD_POOL_RECORD_ERROR, 0,
                      "the pool record in the domain's metadata is not valid: %s", text), FALSE;
}

/* A positive number attribute. */
static gboolean
read_number (xmlNode *node, const char *attr, guint max, guint *out, GError **error)
{
  g_autofree char *text = vd_xml_get_prop (node, attr);
  guint64 n;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, max, &n, NULL))
    return broken (error, "<%s %s> is '%s', not a number from 1 to %u", (const char *) node->name,
                   attr, text ? text : "", max);
  *out = (guint) n;
  return TRUE;
}

static VdBaseImage *
read_image (xmlNode *node, gboolean disk, GError **error)
{
  g_autoptr(VdBaseImage) image = g_new0 (VdBaseImage, 1);

  image->target = disk ? vd_xml_get_prop (node, "target") : NULL;
  image->pool = vd_xml_get_prop (node, "pool");
  image->volume = vd_xml_get_prop (node, "volume");
  image->path = vd_xml_get_prop (node, "path");
  image->format = vd_xml_get_prop (node, "format");
  if ((disk && image->target == NULL) || image->pool == NULL || image->volume == NULL ||
      image->path == NULL)
    return broken (error, "a base <%s> lacks its target, pool, volume or path",
                   (const char *) node->name), NULL;
  if (image->format == NULL)
    image->format = g_strdup ("raw");
  return g_steal_pointer (&image);
}

static VdBase *
read_base (xmlNode *node, GError **error)
{
  g_autoptr(VdBase) base = vd_base_new (0);

  if (!read_number (node, "version", G_MAXINT, &base->version, error))
    return NULL;
  for (xmlNode *n = node->children; n; n = n->next)
    {
      VdBaseImage *image;

      if (vd_desktop_metadata_is (n, "disk"))
        {
          if ((image = read_image (n, TRUE, error)) == NULL)
            return NULL;
          g_ptr_array_add (base->disks, image);
        }
      else if (vd_desktop_metadata_is (n, "nvram") && base->nvram == NULL)
        {
          if ((base->nvram = read_image (n, FALSE, error)) == NULL)
            return NULL;
        }
    }
  return g_steal_pointer (&base);
}

static VdPoolRecord *
read_pool (xmlNode *node, GError **error)
{
  g_autoptr(VdPoolRecord) record = vd_pool_record_new (NULL, NULL, FALSE, 1);

  record->name = vd_xml_get_prop (node, "name");
  record->from = vd_xml_get_prop (node, "from");
  record->stateless = vd_xml_prop_equals (node, "stateless", "yes");
  if (record->name == NULL)
    return broken (error, "<pool> has no name"), NULL;
  if (!read_number (node, "base", G_MAXINT, &record->current, error) ||
      !read_number (node, "width", 9, &record->width, error))
    return NULL;
  for (xmlNode *n = node->children; n; n = n->next)
    if (vd_desktop_metadata_is (n, "base"))
      {
        VdBase *base = read_base (n, error);

        if (base == NULL)
          return NULL;
        g_ptr_array_add (record->bases, base);
      }
  if (vd_pool_record_base (record, record->current) == NULL)
    return broken (error, "pool '%s' stands on base version %u, which it does not list",
                   record->name, record->current), NULL;
  return g_steal_pointer (&record);
}

gboolean
vd_pool_record_read (xmlDoc *doc, VdSeatRecord **seat_out, VdPoolRecord **pool_out,
                     GError **error)
{
  xmlNode *desktop = vd_desktop_metadata_find (xmlDocGetRootElement (doc));
  xmlNode *seat_node = vd_desktop_metadata_child (desktop, "seat");
  xmlNode *pool_node = vd_desktop_metadata_child (desktop, "pool");
  g_autoptr(VdSeatRecord) seat = NULL;
  g_autoptr(VdPoolRecord) pool = NULL;

  *seat_out = NULL;
  *pool_out = NULL;
  if (seat_node == NULL && pool_node == NULL)
    return TRUE;
  if (seat_node == NULL || pool_node == NULL)
    return broken (error, "it has a <%s> without a <%s>", seat_node ? "seat" : "pool",
                   seat_node ? "pool" : "seat");
  pool = read_pool (pool_node, error);
  if (pool == NULL)
    return FALSE;
  seat = g_new0 (VdSeatRecord, 1);
  seat->pool = vd_xml_get_prop (seat_node, "pool");
  seat->user = vd_xml_get_prop (seat_node, "user");
  if (g_strcmp0 (seat->pool, pool->name) != 0)
    return broken (error, "the seat names pool '%s' and the pool record '%s'",
                   seat->pool ? seat->pool : "", pool->name);
  if (!read_number (seat_node, "number", VD_POOL_MAX_SEATS, &seat->number, error) ||
      !read_number (seat_node, "base", G_MAXINT, &seat->base, error))
    return FALSE;
  *seat_out = g_steal_pointer (&seat);
  *pool_out = g_steal_pointer (&pool);
  return TRUE;
}

/* ---- writing ------------------------------------------------------- */

static xmlNode *
new_child (xmlNode *parent, const char *name)
{
  xmlNode *node = xmlNewDocNode (parent->doc, parent->ns, (const xmlChar *) name, NULL);

  xmlAddChild (parent, node);
  return node;
}

static void
set_number (xmlNode *node, const char *attr, guint n)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", n);
  vd_xml_set_prop (node, attr, text);
}

static void
write_image (xmlNode *parent, const char *name, const VdBaseImage *image)
{
  xmlNode *node = new_child (parent, name);

  if (image->target)
    vd_xml_set_prop (node, "target", image->target);
  vd_xml_set_prop (node, "pool", image->pool);
  vd_xml_set_prop (node, "volume", image->volume);
  vd_xml_set_prop (node, "path", image->path);
  vd_xml_set_prop (node, "format", image->format);
}

static void
write_pool (xmlNode *desktop, const VdPoolRecord *pool)
{
  xmlNode *node = new_child (desktop, "pool");

  vd_xml_set_prop (node, "name", pool->name);
  if (pool->from)
    vd_xml_set_prop (node, "from", pool->from);
  vd_xml_set_prop (node, "stateless", pool->stateless ? "yes" : "no");
  set_number (node, "base", pool->current);
  set_number (node, "width", pool->width);
  for (guint i = 0; i < pool->bases->len; i++)
    {
      const VdBase *base = pool->bases->pdata[i];
      xmlNode *b = new_child (node, "base");

      set_number (b, "version", base->version);
      for (guint j = 0; j < base->disks->len; j++)
        write_image (b, "disk", base->disks->pdata[j]);
      if (base->nvram)
        write_image (b, "nvram", base->nvram);
    }
}

void
vd_pool_record_write (xmlDoc *doc, const VdSeatRecord *seat, const VdPoolRecord *pool)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *desktop = vd_desktop_metadata_find (root);
  xmlNode *old;

  while (desktop && (old = vd_desktop_metadata_child (desktop, "seat")))
    vd_xml_remove (old);
  while (desktop && (old = vd_desktop_metadata_child (desktop, "pool")))
    vd_xml_remove (old);
  if (seat == NULL || pool == NULL)
    {
      if (desktop)
        vd_desktop_metadata_prune (desktop);
      return;
    }
  desktop = vd_desktop_metadata_ensure (root);
  {
    xmlNode *node = new_child (desktop, "seat");

    vd_xml_set_prop (node, "pool", pool->name);
    set_number (node, "number", seat->number);
    set_number (node, "base", seat->base);
    if (seat->user)
      vd_xml_set_prop (node, "user", seat->user);
  }
  write_pool (desktop, pool);
}

/* ---- names --------------------------------------------------------- */

gboolean
vd_pool_check_name (const char *name, GError **error)
{
  if (name == NULL || *name == '\0')
    return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                        "the pool name is empty: give a name such as 'lab'"), FALSE;
  if (strlen (name) > 60)
    return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                        "the pool name is longer than 60 bytes"), FALSE;
  if (!g_ascii_isalnum (name[0]))
    return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                        "invalid pool name '%s': it must start with a letter or a digit",
                        name), FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '-')
      return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                          "invalid pool name '%s': use letters, digits, '_', '.' and '-'",
                          name), FALSE;
  return TRUE;
}

guint
vd_pool_width (guint seats)
{
  guint width = 1;

  for (guint n = seats; n >= 10; n /= 10)
    width++;
  return MAX (width, 2);
}

char *
vd_pool_seat_name (const VdPoolRecord *record, guint number)
{
  return g_strdup_printf ("%s-%0*u", record->name, (int) record->width, number);
}

char *
vd_pool_base_volume_name (const char *pool, guint version, const char *target,
                          const char *format)
{
  if (target == NULL)
    return g_strdup_printf ("%s-base%u-VARS.fd", pool, version);
  return g_strdup_printf ("%s-base%u-%s.%s", pool, version, target,
                          g_strcmp0 (format, "qcow2") == 0 ? "qcow2" : "img");
}

char *
vd_pool_seat_volume_name (const char *seat, const char *target)
{
  if (target == NULL)
    return g_strdup_printf ("%s-VARS.fd", seat);
  return g_strdup_printf ("%s-%s.qcow2", seat, target);
}

gboolean
vd_pool_check_user (const char *user, GError **error)
{
  if (user == NULL || *user == '\0')
    return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                        "the user name is empty"), FALSE;
  if (strlen (user) > 128 || !g_utf8_validate (user, -1, NULL))
    return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                        "the user name is not valid UTF-8 of at most 128 bytes"), FALSE;
  for (const char *p = user; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_isspace (c))
        return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                            "invalid user name '%s': no spaces or control characters",
                            user), FALSE;
    }
  return TRUE;
}
