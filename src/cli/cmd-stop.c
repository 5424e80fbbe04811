/* cmd-stop.c: vdctl stop NAME — ACPI shutdown, or power off with --force.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "commands.h"
#include "values.h"

static gboolean opt_force;
static char *opt_wait;

const GOptionEntry vd_stop_entries[] = {
  { "wait", 0, 0, G_OPTION_ARG_STRING, &opt_wait,
    "Wait up to SECONDS for the guest to shut down", "SECONDS" },
  { "force", 0, 0, G_OPTION_ARG_NONE, &opt_force,
    "Power off at once instead of asking the guest", NULL },
  { NULL }
};

#define POLL_INTERVAL_MS 200

gboolean
vd_cmd_stop (VdInvocation *inv, GError **error)
{
  g_autoptr(VdVirtDomain) dom = NULL;
  const char *name = inv->args[0];
  guint64 wait_s = 0;

  if (opt_wait && !vd_parse_count ("--wait", opt_wait, 0, 86400, &wait_s, error))
    return FALSE;
  if (opt_wait && opt_force)
    return vd_usage_error (error, "--force powers off at once; there is nothing to --wait for");

  dom = vd_invocation_lookup (inv, name, error);
  if (dom == NULL)
    return FALSE;
  if (!vd_virt_domain_is_active (dom))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is not running", name), FALSE;

  if (opt_force)
    {
      if (!vd_virt_domain_destroy (dom, error))
        return FALSE;
      vd_info ("Desktop '%s' powered off\n", name);
      return TRUE;
    }

  if (!vd_virt_domain_shutdown (dom, error))
    return FALSE;
  if (opt_wait == NULL)
    {
      vd_info ("Desktop '%s' is shutting down\n", name);
      return TRUE;
    }

  for (gint64 deadline = g_get_monotonic_time () + (gint64) wait_s * G_USEC_PER_SEC;;)
    {
      if (!vd_virt_domain_is_active (dom))
        {
          vd_info ("Desktop '%s' shut down\n", name);
          return TRUE;
        }
      if (g_get_monotonic_time () >= deadline)
        break;
      g_usleep (POLL_INTERVAL_MS * 1000);
    }
  return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                      "desktop '%s' did not shut down within %" G_GUINT64_FORMAT
                      " seconds; power it off with 'vdctl stop %s --force'",
                      name, wait_s, name), FALSE;
}
