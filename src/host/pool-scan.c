/* pool-scan.c: the pools on a host, found from their seats' metadata.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domain-storage.h"
#include "pool-scan.h"
#include "virt-clone.h"

void
vd_seat_free (VdSeat *seat)
{
  if (seat == NULL)
    return;
  g_free (seat->name);
  vd_virt_domain_free (seat->dom);
  vd_seat_record_free (seat->seat);
  vd_pool_record_free (seat->pool);
  if (seat->doc)
    xmlFreeDoc (seat->doc);
  if (seat->live)
    xmlFreeDoc (seat->live);
  g_free (seat);
}

void
vd_pool_free (VdPool *pool)
{
  if (pool == NULL)
    return;
  g_free (pool->name);
  vd_pool_record_free (pool->record);
  g_ptr_array_unref (pool->seats);
  g_free (pool);
}

/* DOM as a seat, or NULL when it is none (or its record is broken: such a
 * domain is no seat vdctl can manage, and is left alone). */
static VdSeat *
read_seat (VdVirtDomain *dom)
{
  g_autoptr(VdSeat) seat = g_new0 (VdSeat, 1);

  seat->doc = vd_virt_domain_get_public_doc (dom, TRUE, NULL);
  if (seat->doc == NULL ||
      !vd_pool_record_read (seat->doc, &seat->seat, &seat->pool, NULL) || seat->seat == NULL)
    return NULL;
  seat->dom = vd_virt_domain_ref (dom);
  seat->name = g_strdup (vd_virt_domain_get_name (dom));
  seat->state = vd_virt_domain_get_state (dom, &seat->state_name);
  if (seat->state == VD_DOMAIN_STATE_RUNNING || seat->state == VD_DOMAIN_STATE_PAUSED)
    seat->live = vd_virt_domain_get_public_doc (dom, FALSE, NULL);
  return g_steal_pointer (&seat);
}

/* Old base versions whose images were deleted: seats written before
 * that still list them. */
static void
forget_deleted_bases (VdConnection *conn, VdPoolRecord *record)
{
  for (guint i = record->bases->len; i > 0; i--)
    {
      const VdBase *base = record->bases->pdata[i - 1];
      const VdBaseImage *first = base->disks->len ? base->disks->pdata[0] : NULL;

      if (base->version != record->current &&
          (first == NULL || !vd_volume_exists (conn, first->pool, first->volume)))
        g_ptr_array_remove_index (record->bases, i - 1);
    }
}

static int
compare_pools (gconstpointer a, gconstpointer b)
{
  const VdPool *pa = *(VdPool * const *) a, *pb = *(VdPool * const *) b;

  return strcmp (pa->name, pb->name);
}

static int
compare_seats (gconstpointer a, gconstpointer b)
{
  const VdSeat *sa = *(VdSeat * const *) a, *sb = *(VdSeat * const *) b;

  return (int) sa->seat->number - (int) sb->seat->number;
}

/* The newest record wins; the bases of all are kept. */
static void
merge_record (VdPool *pool, const VdPoolRecord *record)
{
  VdPoolRecord *old = pool->record;

  if (old == NULL || record->current > old->current)
    {
      pool->record = vd_pool_record_copy (record);
      if (old == NULL)
        return;
      record = old;
    }
  for (guint i = 0; i < record->bases->len; i++)
    {
      const VdBase *base = record->bases->pdata[i];

      if (vd_pool_record_base (pool->record, base->version) == NULL)
        vd_pool_record_add_base (pool->record, base);
    }
  if (old != pool->record)
    vd_pool_record_free (old);
}

static void
add_seat (GHashTable *by_name, VdSeat *seat)
{
  VdPool *pool = g_hash_table_lookup (by_name, seat->seat->pool);

  if (pool == NULL)
    {
      pool = g_new0 (VdPool, 1);
      pool->name = g_strdup (seat->seat->pool);
      pool->seats = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_seat_free);
      g_hash_table_insert (by_name, pool->name, pool);
    }
  merge_record (pool, seat->pool);
  if (seat->live)
    {
      g_autoptr(VdSeatRecord) live_seat = NULL;
      g_autoptr(VdPoolRecord) live_pool = NULL;

      if (vd_pool_record_read (seat->live, &live_seat, &live_pool, NULL) && live_pool)
        merge_record (pool, live_pool);
    }
  g_ptr_array_add (pool->seats, seat);
}

GPtrArray *
vd_pool_scan (VdConnection *conn, const char *only, GError **error)
{
  g_autoptr(GPtrArray) domains = vd_virt_domain_list_all (conn, error);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *pools = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_pool_free);
  GHashTableIter iter;
  gpointer value;

  if (domains == NULL)
    return g_ptr_array_unref (pools), NULL;
  for (guint i = 0; i < domains->len; i++)
    {
      VdSeat *seat = read_seat (domains->pdata[i]);

      if (seat && only && strcmp (seat->seat->pool, only) != 0)
        g_clear_pointer (&seat, vd_seat_free);
      if (seat)
        add_seat (by_name, seat);
    }
  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      VdPool *pool = value;

      g_ptr_array_sort (pool->seats, compare_seats);
      forget_deleted_bases (conn, pool->record);
      g_ptr_array_add (pools, pool);
    }
  g_ptr_array_sort (pools, compare_pools);
  return pools;
}

VdPool *
vd_pool_lookup (VdConnection *conn, const char *name, GError **error)
{
  g_autoptr(GPtrArray) pools = vd_pool_scan (conn, name, error);

  if (pools == NULL)
    return NULL;
  if (pools->len == 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_NO_DOMAIN,
                        "there is no pool '%s' (see 'vdctl pool list')", name), NULL;
  return g_ptr_array_steal_index (pools, 0);
}

VdSeat *
vd_pool_find_seat (VdPool *pool, const char *name)
{
  for (guint i = 0; i < pool->seats->len; i++)
    {
      VdSeat *seat = pool->seats->pdata[i];

      if (strcmp (seat->name, name) == 0)
        return seat;
    }
  return NULL;
}

GPtrArray *
vd_pool_seats_of_user (GPtrArray *pools, const char *user)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < pools->len; i++)
    {
      VdPool *pool = pools->pdata[i];

      for (guint j = 0; j < pool->seats->len; j++)
        {
          VdSeat *seat = pool->seats->pdata[j];

          if (g_strcmp0 (seat->seat->user, user) == 0)
            g_ptr_array_add (found, seat);
        }
    }
  return found;
}

static gboolean
doc_uses (xmlDoc *doc, const VdBase *base)
{
  g_autoptr(GPtrArray) images = doc ? vd_domain_list_used_images (doc) : NULL;

  for (guint i = 0; images && i < images->len; i++)
    {
      const VdDiskSource *used = images->pdata[i];

      for (guint j = 0; j < base->disks->len; j++)
        {
          const VdBaseImage *image = base->disks->pdata[j];

          if (used->path && strcmp (used->path, image->path) == 0)
            return TRUE;
          if (used->volume && g_strcmp0 (used->volume, image->volume) == 0 &&
              g_strcmp0 (used->pool, image->pool) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

gboolean
vd_pool_base_in_use (VdPool *pool, guint version)
{
  const VdBase *base = vd_pool_record_base (pool->record, version);

  if (base == NULL)
    return FALSE;
  for (guint i = 0; i < pool->seats->len; i++)
    {
      VdSeat *seat = pool->seats->pdata[i];

      if (seat->seat->base == version || doc_uses (seat->doc, base) || doc_uses (seat->live, base))
        return TRUE;
    }
  return FALSE;
}
