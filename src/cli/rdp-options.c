/* rdp-options.c: the RDP options of create and edit.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "commands.h"
#include "rdp-metadata.h"
#include "rdp-options.h"
#include "values.h"

VdRdpOptions vd_rdp_opts;

void
vd_rdp_change_clear (VdRdpChange *c)
{
  g_clear_pointer (&c->user, g_free);
  g_clear_pointer (&c->domain, g_free);
  vd_rdp_policy_clear (&c->policy);
}

gboolean
vd_rdp_options_parse (VdRdpChange *c, gboolean allow_remove, GError **error)
{
  const VdRdpOptions *o = &vd_rdp_opts;

  memset (c, 0, sizeof *c);
  c->port = -1;
  vd_rdp_policy_init (&c->policy);
  c->set = o->rdp || o->port || o->user || o->domain || o->redirect;
  c->remove = allow_remove && o->no_rdp;
  if (c->remove && c->set)
    return vd_usage_error (error, "--no-rdp removes the RDP settings; it does not go "
                           "with --rdp or the --rdp-* options");
  if (o->port)
    {
      guint64 port;

      if (!vd_parse_count ("--rdp-port", o->port, 1, 65535, &port, error))
        return FALSE;
      c->port = (int) port;
    }
  if (o->user)
    {
      c->user_given = TRUE;
      if (*o->user && !vd_rdp_check_name ("--rdp-user", o->user, error))
        return FALSE;
      c->user = *o->user ? g_strdup (o->user) : NULL;
    }
  if (o->domain)
    {
      c->domain_given = TRUE;
      if (*o->domain && !vd_rdp_check_name ("--rdp-domain", o->domain, error))
        return FALSE;
      c->domain = *o->domain ? g_strdup (o->domain) : NULL;
    }
  for (char **r = o->redirect; r && *r; r++)
    {
      c->policy_given = TRUE;
      if (!vd_rdp_policy_parse (&c->policy, *r, error))
        {
          g_prefix_error (error, "--rdp-redirect: ");
          return FALSE;
        }
    }
  return TRUE;
}

char *
vd_rdp_settings_describe (const VdRdpSettings *s)
{
  GString *out = g_string_new (NULL);
  g_autofree char *policy = vd_rdp_policy_to_string (&s->policy);

  g_string_append_printf (out, "port %d", s->port);
  if (s->user)
    g_string_append_printf (out, ", user %s", s->user);
  if (s->domain)
    g_string_append_printf (out, ", domain %s", s->domain);
  g_string_append_printf (out, "; redirect %s", policy);
  return g_string_free (out, FALSE);
}

gboolean
vd_rdp_change_apply (const VdRdpChange *c, xmlDoc *doc, GString *describe,
                     GError **error)
{
  g_autoptr(VdRdpSettings) before = NULL;
  g_autoptr(VdRdpSettings) after = NULL;

  if (!c->set && !c->remove)
    return TRUE;
  if (c->remove)
    {
      /* Settings too broken to read can still be removed. */
      if (!vd_rdp_metadata_read (doc, &before, NULL))
        before = NULL;
      if (!vd_rdp_metadata_remove (doc))
        return TRUE;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;

      if (!vd_rdp_metadata_read (doc, &before, &local_error))
        return g_set_error (error, local_error->domain, local_error->code,
                            "%s; remove them with --no-rdp, then record them again",
                            local_error->message), FALSE;
      if (before)
        after = vd_rdp_settings_copy (before);
      else
        {
          after = g_new0 (VdRdpSettings, 1);
          vd_rdp_settings_init (after);
        }
      if (c->port > 0)
        after->port = c->port;
      if (c->user_given)
        {
          g_free (after->user);
          after->user = g_strdup (c->user);
        }
      if (c->domain_given)
        {
          g_free (after->domain);
          after->domain = g_strdup (c->domain);
        }
      if (c->policy_given)
        {
          vd_rdp_policy_clear (&after->policy);
          vd_rdp_policy_copy (&after->policy, &c->policy);
        }
      if (vd_rdp_settings_equal (before, after))
        return TRUE;
      if (!vd_rdp_metadata_write (doc, after, error))
        return FALSE;
    }

  if (describe)
    {
      g_autofree char *a = before ? vd_rdp_settings_describe (before) : g_strdup ("none");
      g_autofree char *b = after ? vd_rdp_settings_describe (after) : g_strdup ("none");

      g_string_append_printf (describe, "  %-16s %s -> %s\n", "rdp:", a, b);
    }
  return TRUE;
}
