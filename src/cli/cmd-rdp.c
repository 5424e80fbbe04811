/* cmd-rdp.c: vdctl rdp enable NAME — turn on Remote Desktop inside a
 * running Windows guest, through its QEMU guest agent.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "guest-run.h"
#include "unattend-cleanup.h"
#include "unattend.h"
#include "values.h"

#define DEFAULT_TIMEOUT 60

static char *opt_timeout;

const GOptionEntry vd_rdp_entries[] = {
  { "timeout", 0, 0, G_OPTION_ARG_STRING, &opt_timeout,
    "Seconds to wait for each command in the guest (default 60)", "SECONDS" },
  { NULL }
};

static gboolean
rdp_enable (VdInvocation *inv, const char *name, guint timeout, GError **error)
{
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autofree char *os = NULL;
  VdConnection *conn = vd_invocation_connect (inv, error);

  if (conn == NULL)
    return FALSE;
  dom = vd_virt_domain_lookup (conn, name, error);
  if (dom == NULL)
    return FALSE;
  if (!vd_virt_domain_is_active (dom))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is not running; start it with 'vdctl start %s' "
                        "and wait for Windows and its guest agent to come up",
                        name, name), FALSE;
  if (!vd_guest_os (dom, &os, error))
    return FALSE;
  if (os && strcmp (os, "mswindows") != 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' does not run Windows (its guest agent says '%s'); "
                        "'vdctl rdp enable' turns on Windows' own Remote Desktop",
                        name, os), FALSE;
  /* The agent answers: Windows is installed, its answer file done. */
  vd_unattend_cd_tidy (conn, dom, FALSE);

  for (int i = 0; vd_windows_rdp_commands[i]; i++)
    {
      g_autofree char *command = vd_windows_command_line (vd_windows_rdp_commands[i]);

      vd_info ("Running in '%s': %s\n", name, command);
      if (!vd_guest_run (dom, vd_windows_rdp_commands[i], timeout, error))
        return FALSE;
    }
  vd_info ("Remote Desktop is enabled in '%s': connections allowed, and the firewall's "
           "\"Remote Desktop\" rules are on\n", name);
  return TRUE;
}

gboolean
vd_cmd_rdp (VdInvocation *inv, GError **error)
{
  guint64 timeout = DEFAULT_TIMEOUT;

  if (strcmp (inv->args[0], "enable") != 0)
    return vd_usage_error (error, "unknown action 'rdp %s'; the action is 'enable': "
                           "vdctl rdp enable NAME", inv->args[0]);
  if (opt_timeout && !vd_parse_count ("--timeout", opt_timeout, 1, 3600, &timeout, error))
    return FALSE;
  if (!vd_check_domain_name (inv->args[1], error))
    return FALSE;
  return rdp_enable (inv, inv->args[1], (guint) timeout, error);
}
