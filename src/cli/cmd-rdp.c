/* cmd-rdp.c: vdctl rdp enable NAME — turn on Remote Desktop inside a
 * running Windows guest, through its QEMU guest agent.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "guest-exec.h"
#include "unattend-cleanup.h"
#include "unattend.h"
#include "values.h"

#define DEFAULT_TIMEOUT 60
#define POLL_INTERVAL_MS 250

static char *opt_timeout;

const GOptionEntry vd_rdp_entries[] = {
  { "timeout", 0, 0, G_OPTION_ARG_STRING, &opt_timeout,
    "Seconds to wait for each command in the guest (default 60)", "SECONDS" },
  { NULL }
};

/* The guest's own name for its OS, or NULL when its agent cannot say
 * (an old agent); fails when the agent does not answer at all. */
static gboolean
guest_os (VdVirtDomain *dom, char **id, GError **error)
{
  g_autofree char *request = vd_guest_osinfo_request ();
  g_autofree char *reply = vd_virt_domain_agent_command (dom, request, 10, error);
  g_autoptr(GError) local_error = NULL;

  *id = NULL;
  if (reply == NULL)
    return FALSE;
  *id = vd_guest_osinfo_parse_id (reply, &local_error);
  return TRUE;
}

/* Run ARGV in the guest and wait for it; its output in the error when it
 * fails. */
static gboolean
run_in_guest (VdVirtDomain *dom, const char * const *argv, guint timeout, GError **error)
{
  g_autofree char *request = vd_guest_exec_request (argv);
  g_autofree char *reply = NULL;
  g_autofree char *command = vd_windows_command_line (argv);
  gint64 pid;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout * G_USEC_PER_SEC;

  reply = vd_virt_domain_agent_command (dom, request, 10, error);
  if (reply == NULL || !vd_guest_exec_parse_pid (reply, &pid, error))
    return FALSE;

  for (;;)
    {
      g_autofree char *status_request = vd_guest_exec_status_request (pid);
      g_autofree char *status_reply = vd_virt_domain_agent_command (dom, status_request, 10,
                                                                    error);
      g_auto(VdGuestExecStatus) status = { 0, };

      if (status_reply == NULL || !vd_guest_exec_parse_status (status_reply, &status, error))
        return FALSE;
      if (status.exited)
        {
          char *output = status.err ? status.err : status.out;

          if (status.exit_code == 0)
            return TRUE;
          return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                              "'%s' failed in desktop '%s' with exit code %d%s%s",
                              command, vd_virt_domain_get_name (dom), status.exit_code,
                              output ? ": " : "", output ? g_strstrip (output) : ""), FALSE;
        }
      if (g_get_monotonic_time () > deadline)
        return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                            "'%s' did not finish in desktop '%s' within %u seconds "
                            "(see --timeout)", command, vd_virt_domain_get_name (dom),
                            timeout), FALSE;
      g_usleep (POLL_INTERVAL_MS * 1000);
    }
}

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
  if (!guest_os (dom, &os, error))
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
      if (!run_in_guest (dom, vd_windows_rdp_commands[i], timeout, error))
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
