/* ticket-hand-out.c: a one-time ticket set together with what carries it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "access.h"
#include "secret.h"
#include "ticket-hand-out.h"

gboolean
vd_ticket_hand_out (VdVirtDomain *dom, const VdVvFile *vv, guint ttl, VdTicketCommit commit,
                    gpointer data, GError **error)
{
  g_autofree char *previous = NULL;
  g_autoptr(GError) restore_error = NULL;

  if (ttl == 0)
    return commit (data, error);
  if (!vd_access_set_ticket (dom, vv, ttl, &previous, error))
    return FALSE;
  if (commit (data, error))
    {
      vd_secret_free (g_steal_pointer (&previous));
      return TRUE;
    }
  if (!vd_access_restore_ticket (dom, previous, &restore_error))
    g_printerr ("vdctl: warning: desktop '%s' keeps a one-time ticket that nobody has: "
                "%s\n", vd_virt_domain_get_name (dom), restore_error->message);
  vd_secret_free (g_steal_pointer (&previous));
  return FALSE;
}
