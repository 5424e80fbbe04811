/* cmd-reboot.c: vdctl reboot NAME — ask the guest to reboot.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "commands.h"

const GOptionEntry vd_reboot_entries[] = {
  { NULL }
};

gboolean
vd_cmd_reboot (VdInvocation *inv, GError **error)
{
  g_autoptr(VdVirtDomain) dom = NULL;
  const char *name = inv->args[0];

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
