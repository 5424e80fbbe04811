/* cmd-delete.c: vdctl delete NAME — undefine a desktop, with its NVRAM and
 * TPM state, and with --remove-storage its volumes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "commands.h"
#include "domain-storage.h"
#include "interrupt.h"
#include "xml-util.h"

static gboolean opt_remove_storage;
static gboolean opt_force;

const GOptionEntry vd_delete_entries[] = {
  { "remove-storage", 0, 0, G_OPTION_ARG_NONE, &opt_remove_storage,
    "Also delete the desktop's disk volumes", NULL },
  { "force", 0, 0, G_OPTION_ARG_NONE, &opt_force,
    "Power off a running desktop first", NULL },
  { NULL }
};

gboolean
vd_cmd_delete (VdInvocation *inv, GError **error)
{
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(GPtrArray) disks = NULL;
  VdConnection *conn;
  const char *name = inv->args[0];
  int failed = 0;

  dom = vd_invocation_lookup (inv, name, error);
  if (dom == NULL)
    return FALSE;
  conn = inv->conn;
  if (vd_virt_domain_is_active (dom) && !opt_force)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is running; stop it with 'vdctl stop %s' "
                        "or delete it with --force", name, name), FALSE;

  /* Read the disks before the definition is gone. */
  if (opt_remove_storage)
    {
      g_autoptr(xmlDoc) doc = vd_virt_domain_get_doc (dom, TRUE, error);

      if (doc == NULL)
        return FALSE;
      disks = vd_domain_list_disks (doc);
    }

  /* A delete is whole or not begun: a signal before this point stops
   * it; one after it is heeded once the desktop and its storage are
   * gone (interrupt.h). */
  if (!vd_interrupt_check (error))
    {
      g_prefix_error (error, "desktop '%s' is not deleted: ", name);
      return FALSE;
    }
  if (vd_virt_domain_is_active (dom))
    {
      if (!vd_virt_domain_destroy (dom, error))
        return FALSE;
      vd_info ("Desktop '%s' powered off\n", name);
    }
  if (!vd_virt_domain_undefine (dom, error))
    return FALSE;
  vd_info ("Desktop '%s' deleted\n", name);

  for (guint i = 0; disks && i < disks->len; i++)
    {
      VdDiskSource *disk = disks->pdata[i];
      g_autoptr(GError) local_error = NULL;

      if (disk->volume)
        {
          if (vd_volume_delete (conn, disk->pool, disk->volume, &local_error))
            vd_info ("Volume '%s' deleted from pool '%s'\n", disk->volume, disk->pool);
        }
      else if (vd_volume_delete_by_path (conn, disk->path, &local_error))
        vd_info ("Volume %s deleted\n", disk->path);
      else if (local_error == NULL)
        vd_info ("Kept %s: no storage pool manages it\n", disk->path);

      if (local_error)
        {
          g_printerr ("vdctl: error: %s\n", local_error->message);
          failed++;
        }
    }
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
