/* guest-session.c: lock or end the user's session inside a guest.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "guest-run.h"
#include "guest-session.h"

/* How long the guest's command may take. */
#define SESSION_TIMEOUT 30

static const char *const windows_lock[] = { "C:\\Windows\\System32\\tsdiscon.exe", "console",
                                            NULL };
static const char *const windows_logoff[] = { "C:\\Windows\\System32\\logoff.exe", "console",
                                              NULL };
static const char *const linux_lock[] = { "loginctl", "lock-sessions", NULL };
static const char *const linux_logoff[] = { "loginctl", "terminate-seat", "seat0", NULL };

static gboolean
run_for_os (VdVirtDomain *dom, const char *const *windows, const char *const *other,
            GError **error)
{
  g_autofree char *os = NULL;

  if (!vd_virt_domain_is_active (dom))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is not running", vd_virt_domain_get_name (dom)), FALSE;
  if (!vd_guest_os (dom, &os, error))
    return FALSE;
  return vd_guest_run (dom, g_strcmp0 (os, "mswindows") == 0 ? windows : other,
                       SESSION_TIMEOUT, error);
}

gboolean
vd_guest_session_lock (VdVirtDomain *dom, GError **error)
{
  return run_for_os (dom, windows_lock, linux_lock, error);
}

gboolean
vd_guest_session_logoff (VdVirtDomain *dom, GError **error)
{
  return run_for_os (dom, windows_logoff, linux_logoff, error);
}
