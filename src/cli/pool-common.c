/* pool-common.c: what the pool commands share.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "interrupt.h"
#include "json-out.h"
#include "pool-common.h"
#include "seat-reset.h"
#include "pool-seat.h"
#include "virt-clone.h"
#include "virt-storage.h"

/* Where libvirt's QEMU driver keeps UEFI variables by default. */
#define NVRAM_DIR "/var/lib/libvirt/qemu/nvram"

VdDomainLock *
vd_pool_lock (VdInvocation *inv, const char *pool, GError **error)
{
  g_autofree char *key = g_strdup_printf ("pool-%s", pool);

  return vd_domain_lock_acquire (vd_connection_get_uri (inv->conn), key,
                                 VD_DOMAIN_LOCK_TIMEOUT_S, error);
}

xmlDoc *
vd_pool_golden_doc (VdInvocation *inv, const char *name, GError **error)
{
  g_autoptr(VdVirtDomain) dom = vd_invocation_lookup (inv, name, error);

  if (dom == NULL)
    return NULL;
  if (vd_virt_domain_is_active (dom))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "domain '%s' is running; shut it down first (a disk being written "
                        "is no image to copy): vdctl stop %s --wait 120", name, name), NULL;
  return vd_virt_domain_get_doc (dom, TRUE, error);
}

typedef struct {
  VdConnection *conn;
  char *pool;
  char *name;
} BaseUndo;

static void
base_undo_free (gpointer data)
{
  BaseUndo *b = data;

  g_free (b->pool);
  g_free (b->name);
  g_free (b);
}

static gboolean
undo_base (gpointer data, GError **error)
{
  BaseUndo *b = data;

  return vd_volume_delete (b->conn, b->pool, b->name, error);
}

static void
push_base (VdUndo *undo, VdConnection *conn, const char *pool, const char *name)
{
  BaseUndo *b = g_new0 (BaseUndo, 1);
  g_autofree char *what = g_strdup_printf ("base volume '%s' in pool '%s'", name, pool);

  b->conn = conn;
  b->pool = g_strdup (pool);
  b->name = g_strdup (name);
  vd_undo_push (undo, what, undo_base, b, base_undo_free);
}

/* The storage pool and volume of golden disk G. */
static gboolean
locate (VdConnection *conn, const VdGoldenDisk *g, char **pool, char **volume, GError **error)
{
  if (g->volume)
    {
      *pool = g_strdup (g->pool);
      *volume = g_strdup (g->volume);
      return TRUE;
    }
  if (!vd_volume_find_by_path (conn, g->path, pool, volume, error))
    {
      g_prefix_error (error, "disk %s of the golden domain: ", g->target);
      return FALSE;
    }
  return TRUE;
}

static gboolean
copy_disk (VdConnection *conn, const VdGoldenDisk *g, const char *pool, const char *volume,
           VdBase *base, const char *pool_name, VdUndo *undo, GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  const char *format = g_strcmp0 (g->format, "qcow2") == 0 ? "qcow2" : "raw";

  name = vd_pool_base_volume_name (pool_name, base->version, g->target, format);
  path = vd_volume_clone (conn, pool, volume, pool, name, format, error);
  if (path == NULL)
    return FALSE;
  push_base (undo, conn, pool, name);
  g_ptr_array_add (base->disks, vd_base_image_new (g->target, pool, name, path, format));
  return vd_interrupt_check (error);
}

gboolean
vd_pool_make_base (VdConnection *conn, xmlDoc *golden, VdPoolRecord *record, guint version,
                   VdUndo *undo, GError **error)
{
  g_autoptr(GPtrArray) disks = vd_pool_golden_disks (golden, record->stateless, error);
  g_autoptr(VdBase) base = vd_base_new (version);
  g_autofree char *nvram = vd_pool_golden_nvram (golden, NVRAM_DIR);

  g_auto(GStrv) pools = NULL;
  g_auto(GStrv) volumes = NULL;

  if (disks == NULL)
    return FALSE;
  /* Every disk found in its storage pool before the first is copied. */
  pools = g_new0 (char *, disks->len + 1);
  volumes = g_new0 (char *, disks->len + 1);
  for (guint i = 0; i < disks->len; i++)
    if (!locate (conn, disks->pdata[i], &pools[i], &volumes[i], error))
      return FALSE;
  for (guint i = 0; i < disks->len; i++)
    if (!copy_disk (conn, disks->pdata[i], pools[i], volumes[i], base, record->name, undo, error))
      return FALSE;
  if (nvram)
    {
      const VdBaseImage *first = base->disks->pdata[0];
      g_autofree char *name = vd_pool_base_volume_name (record->name, version, NULL, NULL);
      g_autofree char *path = vd_file_clone_to_volume (conn, nvram, first->pool, name, error);

      /* A golden domain never started has no variables yet: its seats
       * get the firmware's, as it would. */
      if (path == NULL && error && *error)
        return FALSE;
      if (path)
        {
          push_base (undo, conn, first->pool, name);
          base->nvram = vd_base_image_new (NULL, first->pool, name, path, "raw");
        }
    }
  vd_pool_record_drop_base (record, version);
  vd_pool_record_add_base (record, base);
  record->current = version;
  return TRUE;
}

static JsonNode *
seat_json (const char *name, VdVirtDomain *dom, const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *uuid = dom ? vd_virt_domain_get_uuid (dom) : NULL;

  json_builder_begin_object (b);
  vd_json_add_string (b, "name", name);
  vd_json_add_string (b, "uuid", uuid);
  vd_json_add_string (b, "error", message);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Undo UNDO; say so when some of it is left. */
static void
roll_back (VdUndo *undo, const char *name, GError *cause)
{
  guint steps = vd_undo_length (undo);
  guint left = vd_undo_roll_back (undo);

  if (left)
    g_prefix_error (&cause, "%u of the %u changes made for seat '%s' could not be undone "
                    "(see the warnings above): ", left, steps, name);
}

gboolean
vd_pool_make_seats (const VdSeatPlan *plan, guint first, guint last, JsonBuilder *seats,
                    guint *made, guint *failed, GError **error)
{
  *made = 0;
  *failed = 0;
  for (guint n = first; n <= last; n++)
    {
      g_autofree char *name = vd_pool_seat_name (plan->pool, n);
      g_autoptr(VdUndo) undo = vd_undo_new ();
      g_autoptr(GError) local_error = NULL;
      g_autoptr(VdVirtDomain) dom = vd_seat_build (plan, n, undo, &local_error);

      if (dom)
        {
          vd_undo_commit (undo);
          (*made)++;
          if (seats)
            json_builder_add_value (seats, seat_json (name, dom, NULL));
          else
            vd_info ("Seat '%s' created\n", name);
          continue;
        }
      roll_back (undo, name, local_error);
      (*failed)++;
      if (vd_interrupt_signal () != 0)
        {
          g_set_error (error, VD_INTERRUPT_ERROR, vd_interrupt_signal (),
                       "interrupted by %s; seat '%s' is not created (what was made of it "
                       "is undone); %u seat%s made before it",
                       vd_interrupt_signal_name (vd_interrupt_signal ()), name, *made,
                       *made == 1 ? " was" : "s were");
          return FALSE;
        }
      vd_print_desktop_error (name, local_error);
      if (seats)
        json_builder_add_value (seats, seat_json (name, NULL, local_error->message));
      if (!vd_connection_is_alive (plan->conn))
        {
          *failed += last - n;
          g_printerr ("vdctl: error: the connection to libvirt is lost; the %u seats after "
                      "'%s' were not tried\n", last - n, name);
          break;
        }
    }
  return TRUE;
}

char *
vd_pool_format_bytes (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

guint64
vd_pool_base_bytes (VdConnection *conn, const VdBase *base)
{
  guint64 total = 0, allocation, capacity;

  for (guint i = 0; i < base->disks->len; i++)
    {
      const VdBaseImage *image = base->disks->pdata[i];

      if (vd_volume_get_usage (conn, image->pool, image->volume, &allocation, &capacity))
        total += allocation;
    }
  return total;
}

void
vd_pool_collect_and_say (VdInvocation *inv, const VdPoolRecord *before)
{
  guint gone = vd_pool_collect_after (inv->conn, before);

  if (gone)
    vd_info ("Pool '%s': %u old base version%s no seat stands on deleted\n", before->name,
             gone, gone == 1 ? "" : "s");
}

gboolean
vd_pool_resolve_user (VdInvocation *inv, const char *user, const char *pool, GError **error)
{
  static char *args[2];
  g_autoptr(GPtrArray) pools = NULL;
  g_autoptr(GPtrArray) seats = NULL;

  if (pool && user == NULL)
    return vd_usage_error (error, "--pool goes with --user USER");
  if (user == NULL)
    return inv->n_args > 0 ? TRUE : vd_usage_error (error, "give a desktop NAME or --user USER");
  if (inv->n_args > 0)
    return vd_usage_error (error, "give a desktop NAME or --user USER, not both");
  if (!vd_pool_check_user (user, error) || vd_invocation_connect (inv, error) == NULL)
    return FALSE;
  pools = vd_pool_scan (inv->conn, pool, error);
  if (pools == NULL)
    return FALSE;
  if (pool && pools->len == 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_NO_DOMAIN,
                        "there is no pool '%s' (see 'vdctl pool list')", pool), FALSE;
  seats = vd_pool_seats_of_user (pools, user);
  if (seats->len == 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_NO_DOMAIN,
                        "user '%s' has no seat%s%s; give one with 'vdctl pool assign POOL %s'",
                        user, pool ? " in pool " : "", pool ? pool : "", user), FALSE;
  if (seats->len > 1)
    {
      VdSeat *a = seats->pdata[0], *b = seats->pdata[1];

      return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                          "user '%s' has several seats ('%s' in pool '%s', '%s' in pool "
                          "'%s'%s); say which pool with --pool", user, a->name, a->seat->pool,
                          b->name, b->seat->pool, seats->len > 2 ? ", ..." : ""), FALSE;
    }
  g_free (args[0]);
  args[0] = g_strdup (((VdSeat *) seats->pdata[0])->name);
  inv->args = args;
  inv->n_args = 1;
  return TRUE;
}
