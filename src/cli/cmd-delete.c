/* cmd-delete.c: vdctl delete NAME... [--pool POOL] — undefine desktops,
 * with their NVRAM and TPM state, and with --remove-storage the volumes
 * nothing else needs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <json-glib/json-glib.h>

#include "commands.h"
#include "desktop-batch.h"
#include "domain-lock.h"
#include "interrupt.h"
#include "json-out.h"
#include "storage-guard.h"
#include "virt-storage.h"
#include "xml-util.h"

static gboolean opt_remove_storage;
static gboolean opt_force;
static gboolean opt_json;
static char *opt_pool;

const GOptionEntry vd_delete_entries[] = {
  { "remove-storage", 0, 0, G_OPTION_ARG_NONE, &opt_remove_storage,
    "Also delete the desktop's disk volumes that nothing else uses", NULL },
  { "force", 0, 0, G_OPTION_ARG_NONE, &opt_force,
    "Power off a running desktop first", NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    "Print what was deleted and kept as JSON", NULL },
  VD_DESKTOP_BATCH_POOL_ENTRY (opt_pool),
  { NULL }
};

static void G_GNUC_PRINTF (1, 2)
say (const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (opt_json)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  vd_info ("%s", text);
}

/* "volume 'x' in pool 'p'" or the path. */
static char *
describe_image (const VdStorageItem *item)
{
  if (item->disk->volume)
    return g_strdup_printf ("volume '%s' in pool '%s'", item->disk->volume, item->disk->pool);
  return g_strdup (item->disk->path);
}

static void
json_item (JsonBuilder *b, const VdStorageItem *item, const char *action, const char *reason,
           const char *message)
{
  json_builder_begin_object (b);
  vd_json_add_string (b, "target", item->disk->target);
  vd_json_add_string (b, "device", item->disk->device);
  vd_json_add_string (b, "pool", item->disk->pool);
  vd_json_add_string (b, "volume", item->disk->volume);
  vd_json_add_string (b, "path", item->path);
  vd_json_add_string (b, "action", action);
  vd_json_add_string (b, "reason", reason);
  vd_json_add_string (b, "message", message);
  if (item->verdict == VD_STORAGE_KEEP_USED)
    {
      json_builder_set_member_name (b, "used-by");
      json_builder_begin_array (b);
      for (guint i = 0; i < item->users->len; i++)
        json_builder_add_string_value (b, item->users->pdata[i]);
      json_builder_end_array (b);
    }
  if (item->verdict == VD_STORAGE_KEEP_BACKING)
    {
      json_builder_set_member_name (b, "backing-file-of");
      json_builder_begin_array (b);
      for (guint i = 0; i < item->overlays->len; i++)
        {
          const VdBackedVolume *v = item->overlays->pdata[i];

          json_builder_begin_object (b);
          vd_json_add_string (b, "pool", v->pool);
          vd_json_add_string (b, "volume", v->volume);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

/* Delete ITEM's image unless the plan keeps it; one line (or one JSON
 * element) either way.  FALSE when the deletion failed. */
static gboolean
remove_image (VdConnection *conn, const VdStorageItem *item, JsonBuilder *b)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *what = describe_image (item);
  const VdDiskSource *disk = item->disk;

  if (item->verdict != VD_STORAGE_DELETE)
    {
      g_autofree char *reason = vd_storage_keep_reason (item);

      say ("Kept %s: %s\n", what, reason);
      json_item (b, item, "kept", vd_storage_verdict_code (item->verdict), reason);
      return TRUE;
    }
  if (disk->volume ? vd_volume_delete (conn, disk->pool, disk->volume, &local_error)
                   : vd_volume_delete_by_path (conn, item->path, &local_error))
    {
      if (disk->volume)
        say ("Volume '%s' deleted from pool '%s'\n", disk->volume, disk->pool);
      else
        say ("Volume %s deleted\n", disk->path);
      json_item (b, item, "deleted", NULL, NULL);
      return TRUE;
    }
  if (local_error == NULL)
    {
      say ("Kept %s: no storage pool manages it\n", disk->path);
      json_item (b, item, "kept", "unmanaged", "no storage pool manages it");
      return TRUE;
    }
  g_printerr ("vdctl: error: %s\n", local_error->message);
  json_item (b, item, "failed", NULL, local_error->message);
  return FALSE;
}

static gboolean
delete_domain (VdVirtDomain *dom, const char *name, gboolean *powered_off, GError **error)
{
  if (vd_virt_domain_is_active (dom))
    {
      if (!vd_virt_domain_destroy (dom, error))
        return FALSE;
      *powered_off = TRUE;
      say ("Desktop '%s' powered off\n", name);
    }
  if (!vd_virt_domain_undefine (dom, error))
    return FALSE;
  say ("Desktop '%s' deleted\n", name);
  return TRUE;
}

/* Where the JSON of each desktop goes. */
typedef struct {
  VdJsonArrayOut *array;      /* several desktops (or --pool): one array */
  guint tried;
} DeleteRun;

static void
print_result (DeleteRun *run, JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  if (run->array)
    vd_json_array_out_add (run->array, root, NULL);
  else if (opt_json)
    vd_print_json (root);
}

/* Delete NAME; *PRINTED once its JSON object is out. */
static gboolean
delete_one (VdInvocation *inv, const char *name, DeleteRun *run, gboolean *printed,
            GError **error)
{
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(VdStoragePlan) plan = NULL;
  g_autoptr(VdDomainLock) lock = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *uuid = NULL;
  gboolean powered_off = FALSE;
  int failed = 0;

  dom = vd_invocation_lookup (inv, name, error);
  if (dom == NULL)
    return FALSE;
  /* The same lock as edit's: no edit redefines the desktop meanwhile. */
  uuid = vd_virt_domain_get_uuid (dom);
  lock = vd_domain_lock_acquire (vd_connection_get_uri (inv->conn), uuid ? uuid : name,
                                 VD_DOMAIN_LOCK_TIMEOUT_S, error);
  if (lock == NULL)
    return FALSE;
  if (vd_virt_domain_is_active (dom) && !opt_force)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is running; stop it with 'vdctl stop %s' "
                        "or delete it with --force", name, name), FALSE;

  /* What may go is decided before the definition is gone. */
  if (opt_remove_storage)
    {
      g_autoptr(xmlDoc) doc = vd_virt_domain_get_doc (dom, TRUE, error);

      if (doc == NULL)
        return FALSE;
      plan = vd_storage_plan_removal (inv->conn, dom, doc, error);
      if (plan == NULL)
        return FALSE;
    }
  /* A delete is whole or not begun: a signal before this point stops
   * it; one after it is heeded once the desktop and its storage are
   * gone (interrupt.h). */
  if (!vd_interrupt_check (error))
    {
      g_prefix_error (error, "desktop '%s' is not deleted: ", name);
      return FALSE;
    }
  if (!delete_domain (dom, name, &powered_off, error))
    return FALSE;

  json_builder_begin_object (b);
  vd_json_add_string (b, "name", name);
  vd_json_add_string (b, "uuid", uuid);
  vd_json_add_bool (b, "powered-off", powered_off);
  json_builder_set_member_name (b, "volumes");
  json_builder_begin_array (b);
  for (guint i = 0; plan && i < vd_storage_plan_len (plan); i++)
    if (!remove_image (inv->conn, vd_storage_plan_get (plan, i), b))
      failed++;
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_result (run, b);
  *printed = TRUE;
  if (failed)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is deleted but %d of its volumes could not be",
                        name, failed), FALSE;
  if (!vd_interrupt_check (error))
    {
      g_prefix_error (error, "desktop '%s' was deleted completely, then vdctl stopped: ", name);
      return FALSE;
    }
  return TRUE;
}

/* One desktop of the batch: in the array, a desktop that failed before it
 * was deleted is {"name": NAME, "error": MESSAGE}. */
static gboolean
delete_desktop (VdInvocation *inv, const char *name, gpointer data, GError **error)
{
  DeleteRun *run = data;
  g_autoptr(GError) local_error = NULL;
  gboolean printed = FALSE;

  run->tried++;
  if (delete_one (inv, name, run, &printed, &local_error))
    return TRUE;
  if (run->array && !printed)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      vd_json_add_string (b, "name", name);
      vd_json_add_string (b, "error", local_error->message);
      json_builder_end_object (b);
      print_result (run, b);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
vd_cmd_delete (VdInvocation *inv, GError **error)
{
  VdJsonArrayOut array = { 0, };
  DeleteRun run = { 0, };
  g_autoptr(GError) local_error = NULL;

  /* One NAME alone prints one object, as it always did. */
  if (opt_json && (inv->n_args > 1 || opt_pool))
    run.array = &array;
  vd_desktop_batch_run (inv, opt_pool, delete_desktop, &run, &local_error);
  /* The array is closed whatever happened, so that what was written is
   * valid JSON; it is the first error that counts. */
  if (run.array && run.tried > 0)
    vd_json_array_out_close (run.array, local_error ? NULL : &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
