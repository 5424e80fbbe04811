/* cmd-pool-list.c: vdctl pool list, vdctl pool show POOL.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "json-out.h"
#include "pool-common.h"
#include "pool-seat.h"
#include "virt-clone.h"

static gboolean opt_json;

const GOptionEntry vd_pool_list_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print the pools as JSON", NULL },
  { NULL }
};

const GOptionEntry vd_pool_show_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print the pool as JSON", NULL },
  { NULL }
};

/* Bytes the seat's own images take (overlays, UEFI variables). */
static guint64
seat_bytes (VdConnection *conn, VdSeat *seat, const VdPoolRecord *record)
{
  const VdBase *base = vd_pool_record_base (record, seat->seat->base);
  guint64 total = 0, allocation, capacity;
  g_autofree char *nvram = vd_pool_seat_get_nvram (seat->doc);

  for (guint i = 0; base && !record->stateless && i < base->disks->len; i++)
    {
      const VdBaseImage *image = base->disks->pdata[i];
      g_autofree char *path = vd_pool_seat_disk_path (seat->doc, image->target);
      g_autofree char *name = path ? g_path_get_basename (path) : NULL;

      if (name && vd_volume_get_usage (conn, image->pool, name, &allocation, &capacity))
        total += allocation;
    }
  if (nvram && base && base->nvram)
    {
      g_autofree char *name = g_path_get_basename (nvram);

      if (vd_volume_get_usage (conn, base->nvram->pool, name, &allocation, &capacity))
        total += allocation;
    }
  return total;
}

static guint
count_assigned (VdPool *pool)
{
  guint n = 0;

  for (guint i = 0; i < pool->seats->len; i++)
    if (((VdSeat *) pool->seats->pdata[i])->seat->user)
      n++;
  return n;
}

static guint
count_running (VdPool *pool)
{
  guint n = 0;

  for (guint i = 0; i < pool->seats->len; i++)
    if (((VdSeat *) pool->seats->pdata[i])->state == VD_DOMAIN_STATE_RUNNING)
      n++;
  return n;
}

static void
json_base (JsonBuilder *b, VdConnection *conn, const VdBase *base)
{
  json_builder_begin_object (b);
  vd_json_add_int (b, "version", base->version, TRUE);
  vd_json_add_int (b, "bytes", (gint64) vd_pool_base_bytes (conn, base), TRUE);
  json_builder_set_member_name (b, "disks");
  json_builder_begin_array (b);
  for (guint i = 0; i < base->disks->len; i++)
    {
      const VdBaseImage *image = base->disks->pdata[i];

      json_builder_begin_object (b);
      vd_json_add_string (b, "target", image->target);
      vd_json_add_string (b, "pool", image->pool);
      vd_json_add_string (b, "volume", image->volume);
      vd_json_add_string (b, "path", image->path);
      vd_json_add_string (b, "format", image->format);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  vd_json_add_string (b, "nvram", base->nvram ? base->nvram->path : NULL);
  json_builder_end_object (b);
}

static void
json_pool (JsonBuilder *b, VdConnection *conn, VdPool *pool, gboolean seats)
{
  const VdPoolRecord *r = pool->record;

  json_builder_begin_object (b);
  vd_json_add_string (b, "name", pool->name);
  vd_json_add_string (b, "from", r->from);
  vd_json_add_bool (b, "stateless", r->stateless);
  vd_json_add_int (b, "base", r->current, TRUE);
  vd_json_add_int (b, "base_bytes",
                   (gint64) vd_pool_base_bytes (conn, vd_pool_record_base (r, r->current)), TRUE);
  vd_json_add_int (b, "seats", pool->seats->len, TRUE);
  vd_json_add_int (b, "assigned", count_assigned (pool), TRUE);
  vd_json_add_int (b, "running", count_running (pool), TRUE);
  if (seats)
    {
      json_builder_set_member_name (b, "bases");
      json_builder_begin_array (b);
      for (guint i = 0; i < r->bases->len; i++)
        json_base (b, conn, r->bases->pdata[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "seat_list");
      json_builder_begin_array (b);
      for (guint i = 0; i < pool->seats->len; i++)
        {
          VdSeat *seat = pool->seats->pdata[i];

          json_builder_begin_object (b);
          vd_json_add_string (b, "name", seat->name);
          vd_json_add_int (b, "number", seat->seat->number, TRUE);
          vd_json_add_string (b, "state", seat->state_name);
          vd_json_add_string (b, "user", seat->seat->user);
          vd_json_add_int (b, "base", seat->seat->base, TRUE);
          vd_json_add_int (b, "disk_bytes", (gint64) seat_bytes (conn, seat, r), TRUE);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

gboolean
vd_cmd_pool_list (VdInvocation *inv, GError **error)
{
  g_autoptr(GPtrArray) pools = NULL;

  if (vd_invocation_connect (inv, error) == NULL)
    return FALSE;
  pools = vd_pool_scan (inv->conn, NULL, error);
  if (pools == NULL)
    return FALSE;
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < pools->len; i++)
        json_pool (b, inv->conn, pools->pdata[i], FALSE);
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      vd_print_json (root);
      return vd_stdout_flush (error);
    }
  printf ("%-20s %-10s %5s %8s %7s %5s %10s  %s\n", "POOL", "KIND", "SEATS", "ASSIGNED",
          "RUNNING", "BASE", "BASE SIZE", "FROM");
  for (guint i = 0; i < pools->len; i++)
    {
      VdPool *pool = pools->pdata[i];
      const VdPoolRecord *r = pool->record;
      g_autofree char *size =
        vd_pool_format_bytes (vd_pool_base_bytes (inv->conn, vd_pool_record_base (r, r->current)));

      printf ("%-20s %-10s %5u %8u %7u %5u %10s  %s\n", pool->name,
              r->stateless ? "stateless" : "persistent", pool->seats->len, count_assigned (pool),
              count_running (pool), r->current, size, r->from ? r->from : "-");
    }
  return vd_stdout_flush (error);
}

gboolean
vd_cmd_pool_show (VdInvocation *inv, GError **error)
{
  g_autoptr(VdPool) pool = NULL;
  const VdPoolRecord *r;

  if (vd_invocation_connect (inv, error) == NULL)
    return FALSE;
  pool = vd_pool_lookup (inv->conn, inv->args[0], error);
  if (pool == NULL)
    return FALSE;
  r = pool->record;
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_pool (b, inv->conn, pool, TRUE);
      root = json_builder_get_root (b);
      vd_print_json (root);
      return vd_stdout_flush (error);
    }
  printf ("Pool:      %s\nFrom:      %s\nKind:      %s\n", pool->name, r->from ? r->from : "-",
          r->stateless ? "stateless (changes go at power-off)" : "persistent (changes stay until reset)");
  for (guint i = 0; i < r->bases->len; i++)
    {
      const VdBase *base = r->bases->pdata[i];
      g_autofree char *size = vd_pool_format_bytes (vd_pool_base_bytes (inv->conn, base));

      printf ("Base %u:    %s%s\n", base->version, size,
              base->version == r->current ? " (current)" : " (old: seats still stand on it)");
      for (guint j = 0; j < base->disks->len; j++)
        printf ("           %s\n", ((VdBaseImage *) base->disks->pdata[j])->path);
    }
  printf ("\n%-16s %-10s %4s %-16s %10s\n", "SEAT", "STATE", "BASE", "USER", "DISK");
  for (guint i = 0; i < pool->seats->len; i++)
    {
      VdSeat *seat = pool->seats->pdata[i];
      g_autofree char *disk = vd_pool_format_bytes (seat_bytes (inv->conn, seat, r));

      printf ("%-16s %-10s %4u %-16s %10s\n", seat->name, seat->state_name, seat->seat->base,
              seat->seat->user ? seat->seat->user : "-", disk);
    }
  return vd_stdout_flush (error);
}
