/* cmd-reboot.c: vdctl reboot NAME... [--pool POOL] — ask the guests to
 * reboot.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "commands.h"
#include "desktop-batch.h"

static char *opt_pool;

const GOptionEntry vd_reboot_entries[] = {
  VD_DESKTOP_BATCH_POOL_ENTRY (opt_pool),
  { NULL }
};

static gboolean
reboot_desktop (VdInvocation *inv, const char *name, gpointer data, GError **error)
{
  g_autoptr(VdVirtDomain) dom = NULL;

  dom = vd_invocation_lookup (inv, name, error);
  if (dom == NULL)
    return FALSE;
  if (!vd_virt_domain_is_active (dom))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is not running; start it with 'vdctl start %s'",
                        name, name), FALSE;
  if (!vd_virt_domain_reboot (dom, error))
    return FALSE;
  vd_info ("Desktop '%s' is rebooting\n", name);
  return TRUE;
}

gboolean
vd_cmd_reboot (VdInvocation *inv, GError **error)
{
  return vd_desktop_batch_run (inv, opt_pool, reboot_desktop, NULL, error);
}
