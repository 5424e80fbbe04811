/* seat-build.c: making, resetting and removing the seats of a desktop
 * pool on the host.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "define-verified.h"
#include "domain-identity.h"
#include "domain-xml.h"
#include "interrupt.h"
#include "pool-seat.h"
#include "secret.h"
#include "seat-build.h"
#include "virt-clone.h"
#include "virt-storage.h"
#include "xml-util.h"

/* ---- volumes, each undone by deleting it --------------------------- */

typedef struct {
  VdConnection *conn;
  char *pool;
  char *name;
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

  return vd_volume_delete (v->conn, v->pool, v->name, error);
}

static void
push_volume (VdUndo *undo, VdConnection *conn, const char *pool, const char *name)
{
  VolumeUndo *v = g_new0 (VolumeUndo, 1);
  g_autofree char *what = g_strdup_printf ("volume '%s' in pool '%s'", name, pool);

  v->conn = conn;
  v->pool = g_strdup (pool);
  v->name = g_strdup (name);
  vd_undo_push (undo, what, undo_volume, v, volume_undo_free);
}

/* Of a seat's two names for each of its volumes, the one OLD_PATH (its
 * volume now, or NULL) does not have: a reset makes the new volume before
 * the old one goes. */
static char *
volume_name (const char *seat, const char *target, const char *old_path)
{
  g_autofree char *first = vd_pool_seat_volume_name (seat, target);
  g_autofree char *stem = g_strdup_printf ("%s.reset", seat);

  if (old_path && g_str_has_suffix (old_path, first) &&
      (strlen (old_path) == strlen (first) || old_path[strlen (old_path) - strlen (first) - 1] == '/'))
    return vd_pool_seat_volume_name (stem, target);
  return g_steal_pointer (&first);
}

/* A volume of the seat's own left from an earlier run (its other name,
 * no longer used): deleted before the name is taken again. */
static void
clear_stale (VdConnection *conn, const char *pool, const char *name)
{
  if (vd_volume_exists (conn, pool, name))
    vd_volume_delete (conn, pool, name, NULL);
}

/* The seat's overlays on BASE (persistent seats) and its UEFI variables;
 * OLD: the seat's definition now (a reset), or NULL. */
static gboolean
make_images (VdConnection *conn, const VdPoolRecord *pool, const VdBase *base,
             const char *seat, xmlDoc *old, VdUndo *undo, GPtrArray *overlays,
             char **nvram, GError **error)
{
  for (guint i = 0; !pool->stateless && i < base->disks->len; i++)
    {
      const VdBaseImage *image = base->disks->pdata[i];
      g_autofree char *old_path = old ? vd_pool_seat_disk_path (old, image->target) : NULL;
      g_autofree char *name = volume_name (seat, image->target, old_path);
      char *path;

      if (old)
        clear_stale (conn, image->pool, name);
      path = vd_volume_create_overlay (conn, image->pool, name, image->path, image->format,
                                       error);
      if (path == NULL)
        return FALSE;
      push_volume (undo, conn, image->pool, name);
      g_ptr_array_add (overlays, path);
      if (!vd_interrupt_check (error))
        return FALSE;
    }
  if (base->nvram)
    {
      g_autofree char *old_path = old ? vd_pool_seat_get_nvram (old) : NULL;
      g_autofree char *name = volume_name (seat, NULL, old_path);

      if (old)
        clear_stale (conn, base->nvram->pool, name);
      *nvram = vd_volume_clone (conn, base->nvram->pool, base->nvram->volume,
                                base->nvram->pool, name, "raw", error);
      if (*nvram == NULL)
        return FALSE;
      push_volume (undo, conn, base->nvram->pool, name);
    }
  return TRUE;
}

/* A SPICE password of the seat's own. */
static gboolean
give_password (xmlDoc *doc, GError **error)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_autofree char *password = vd_secret_generate (error);
  gboolean ok;

  if (password == NULL)
    return FALSE;
  vd_desktop_settings_init (&s);
  vd_desktop_settings_set_password (&s, password);
  ok = vd_domain_apply (doc, &s, error);
  explicit_bzero (password, strlen (password));
  return ok;
}

static void
give_uuid (VdConnection *conn, xmlDoc *doc)
{
  g_autofree char *uuid = NULL;

  do
    {
      g_free (uuid);
      uuid = g_uuid_string_random ();
    }
  while (vd_virt_domain_uuid_exists (conn, uuid));
  vd_domain_set_uuid (doc, uuid);
}

static VdVirtDomain *
define_doc (VdConnection *conn, xmlDoc *doc, const VdDesktopSettings *asked,
            const char *previous, VdUndo *undo, GError **error)
{
  g_autofree char *xml = NULL;
  VdVirtDomain *dom;

  vd_domain_record_password_state (doc);
  xml = vd_xml_serialize (doc);
  dom = vd_define_verified (conn, xml, asked, previous, NULL, undo, error);
  explicit_bzero (xml, strlen (xml));
  return dom;
}

VdVirtDomain *
vd_seat_build (const VdSeatPlan *plan, guint number, VdUndo *undo, GError **error)
{
  const VdPoolRecord *pool = plan->pool;
  const VdBase *base = vd_pool_record_base (pool, pool->current);
  g_autofree char *name = vd_pool_seat_name (pool, number);
  g_autoptr(GPtrArray) overlays = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *nvram = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  VdSeatRecord seat = { .pool = pool->name, .number = number, .base = pool->current };

  if (vd_virt_domain_exists (plan->conn, name))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS,
                        "domain '%s' already exists", name), NULL;
  if (!make_images (plan->conn, pool, base, name, NULL, undo, overlays, &nvram, error))
    return NULL;
  doc = vd_pool_seat_new (plan->golden, name, &seat, pool,
                          pool->stateless ? NULL : overlays, nvram, error);
  if (doc == NULL || (plan->generate_password && !give_password (doc, error)))
    return NULL;
  give_uuid (plan->conn, doc);
  return define_doc (plan->conn, doc, plan->settings, NULL, undo, error);
}

/* Delete the image at PATH, a volume of the seat's own; a warning when it
 * cannot be. */
static void
delete_own (VdConnection *conn, const char *path)
{
  g_autoptr(GError) local_error = NULL;

  if (path && !vd_volume_delete_by_path (conn, path, &local_error) && local_error)
    g_printerr ("vdctl: warning: %s\n", local_error->message);
}

static gboolean
is_base_image (const VdPoolRecord *pool, const char *path)
{
  for (guint i = 0; i < pool->bases->len; i++)
    {
      const VdBase *base = pool->bases->pdata[i];

      for (guint j = 0; j < base->disks->len; j++)
        if (g_strcmp0 (((VdBaseImage *) base->disks->pdata[j])->path, path) == 0)
          return TRUE;
      if (base->nvram && g_strcmp0 (base->nvram->path, path) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The seat's own volumes in DOC: overlays and UEFI variables, never a
 * base image. */
static GPtrArray *
own_images (xmlDoc *doc, const VdPoolRecord *pool)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const VdBase *base = vd_pool_record_base (pool, pool->current);
  char *nvram = vd_pool_seat_get_nvram (doc);

  for (guint i = 0; base && i < base->disks->len; i++)
    {
      char *path = vd_pool_seat_disk_path (doc, ((VdBaseImage *) base->disks->pdata[i])->target);

      if (path && !is_base_image (pool, path))
        g_ptr_array_add (paths, path);
      else
        g_free (path);
    }
  if (nvram)
    g_ptr_array_add (paths, nvram);
  return paths;
}

gboolean
vd_seat_reset (VdConnection *conn, VdSeat *seat, const VdPoolRecord *pool, VdUndo *undo,
               GError **error)
{
  const VdBase *base = vd_pool_record_base (pool, pool->current);
  g_autoptr(xmlDoc) doc = vd_virt_domain_get_doc (seat->dom, TRUE, error);
  g_autoptr(GPtrArray) overlays = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) old = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *nvram = NULL;
  g_autoptr(VdVirtDomain) dom = NULL;
  VdSeatRecord record = *seat->seat;

  if (doc == NULL)
    return FALSE;
  old = own_images (doc, seat->pool);
  previous = vd_xml_serialize (doc);
  if (!make_images (conn, pool, base, seat->name, doc, undo, overlays, &nvram, error))
    return FALSE;
  record.base = pool->current;
  if (!vd_pool_seat_point (doc, &record, pool, pool->stateless ? NULL : overlays, error))
    return FALSE;
  if (nvram)
    vd_pool_seat_set_nvram (doc, nvram);
  dom = define_doc (conn, doc, NULL, previous, undo, error);
  explicit_bzero (previous, strlen (previous));
  if (dom == NULL)
    return FALSE;
  vd_undo_commit (undo);
  /* Only now: what the seat wrote is gone for good. */
  for (guint i = 0; i < old->len; i++)
    delete_own (conn, old->pdata[i]);
  return TRUE;
}

gboolean
vd_seat_rewrite (VdConnection *conn, VdSeat *seat, const VdPoolRecord *pool, const char *user,
                 VdUndo *undo, GError **error)
{
  g_autoptr(xmlDoc) doc = vd_virt_domain_get_doc (seat->dom, TRUE, error);
  g_autofree char *previous = NULL;
  g_autoptr(VdVirtDomain) dom = NULL;
  VdSeatRecord record = *seat->seat;

  if (doc == NULL)
    return FALSE;
  previous = vd_xml_serialize (doc);
  record.user = (char *) user;
  if (pool->stateless && record.base != pool->current)
    {
      /* A stateless seat moves to the new base at its next power-off:
       * its definition stands on it now, a running seat keeps the old
       * one until it stops. */
      record.base = pool->current;
      if (!vd_pool_seat_point (doc, &record, pool, NULL, error))
        return FALSE;
    }
  else
    vd_pool_record_write (doc, &record, pool);
  dom = define_doc (conn, doc, NULL, previous, undo, error);
  explicit_bzero (previous, strlen (previous));
  return dom != NULL;
}

gboolean
vd_seat_remove (VdConnection *conn, VdSeat *seat, gboolean force, GError **error)
{
  g_autoptr(GPtrArray) own = own_images (seat->doc, seat->pool);

  if (vd_virt_domain_is_active (seat->dom))
    {
      if (!force)
        return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                            "seat '%s' is running; stop it first or use --force",
                            seat->name), FALSE;
      if (!vd_virt_domain_destroy (seat->dom, error))
        return FALSE;
    }
  if (!vd_virt_domain_undefine (seat->dom, error))
    return FALSE;
  for (guint i = 0; i < own->len; i++)
    delete_own (conn, own->pdata[i]);
  return TRUE;
}

guint
vd_pool_collect_bases (VdConnection *conn, VdPool *scanned, VdPoolRecord *record)
{
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < record->bases->len; i++)
    {
      const VdBase *base = record->bases->pdata[i];

      if (base->version != record->current && !vd_pool_base_in_use (scanned, base->version))
        g_array_append_val (gone, base->version);
    }
  for (guint i = 0; i < gone->len; i++)
    {
      guint version = g_array_index (gone, guint, i);
      const VdBase *base = vd_pool_record_base (record, version);

      for (guint j = 0; j < base->disks->len; j++)
        delete_own (conn, ((VdBaseImage *) base->disks->pdata[j])->path);
      if (base->nvram)
        delete_own (conn, base->nvram->path);
      vd_pool_record_drop_base (record, version);
    }
  return gone->len;
}
