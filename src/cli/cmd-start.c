/* cmd-start.c: vdctl start NAME... [--pool POOL].
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "commands.h"
#include "desktop-batch.h"
#include "desktop-view.h"
#include "unattend-cleanup.h"

static char *opt_pool;

const GOptionEntry vd_start_entries[] = {
  VD_DESKTOP_BATCH_POOL_ENTRY (opt_pool),
  { NULL }
};

static gboolean
start_desktop (VdInvocation *inv, const char *name, gpointer data, GError **error)
{
  g_autoptr(VdVirtDomain) dom = NULL;
  g_auto(VdDesktopView) view = { 0, };
  g_autofree char *display = NULL;

  dom = vd_invocation_lookup (inv, name, error);
  if (dom == NULL)
    return FALSE;
  if (vd_virt_domain_is_active (dom))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is already running", name), FALSE;
  if (!vd_virt_domain_start (dom, error))
    return FALSE;

  if (vd_desktop_view_load (dom, &view, NULL))
    display = vd_desktop_view_display (&view);
  if (display)
    vd_info ("Desktop '%s' started: %s\n", name, display);
  else
    vd_info ("Desktop '%s' started\n", name);
  /* An unattended install's answer-file CD goes once the installed
   * guest's agent answers: not at the start of a boot, as a rule, but a
   * guest restarted by itself may answer already. */
  vd_unattend_cd_tidy (inv->conn, dom, TRUE);
  return TRUE;
}

gboolean
vd_cmd_start (VdInvocation *inv, GError **error)
{
  return vd_desktop_batch_run (inv, opt_pool, start_desktop, NULL, error);
}
