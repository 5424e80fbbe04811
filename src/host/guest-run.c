/* guest-run.c: running commands in a guest through its QEMU guest agent.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "guest-exec.h"
#include "guest-run.h"
#include "unattend.h"

#define POLL_INTERVAL_MS 250

/* The guest's own name for its OS, or NULL when its agent cannot say
 * (an old agent); fails when the agent does not answer at all. */
gboolean
vd_guest_os (VdVirtDomain *dom, char **id, GError **error)
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
gboolean
vd_guest_run (VdVirtDomain *dom, const char * const *argv, guint timeout, GError **error)
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
                            "", command, vd_virt_domain_get_name (dom),
                            timeout), FALSE;
      g_usleep (POLL_INTERVAL_MS * 1000);
    }
}

