/* redirect-options.c: the SPICE redirection policy options of create
 * and edit.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "commands.h"
#include "domain-xml.h"
#include "redirect-options.h"
#include "values.h"

VdRedirectOptions vd_redirect_opts;

gboolean
vd_redirect_options_add_usb_rule (const char *option_name, const char *value,
                                  gpointer data, GError **error)
{
  gboolean allow = strcmp (option_name, "--usb-allow") == 0;

  if (vd_redirect_opts.usb_rules == NULL)
    vd_redirect_opts.usb_rules = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (vd_redirect_opts.usb_rules, g_strconcat (allow ? "+" : "-", value, NULL));
  return TRUE;
}

static gboolean
parse_usb_rules (VdDesktopSettings *s, GError **error)
{
  GPtrArray *given = vd_redirect_opts.usb_rules;
  g_autoptr(GArray) rules = g_array_new (FALSE, FALSE, sizeof (VdUsbRule));

  for (guint n = 0; n < given->len; n++)
    {
      const char *text = given->pdata[n];
      gboolean allow = text[0] == '+';
      VdUsbRule rule;

      if (!vd_usb_rule_parse (allow ? "--usb-allow" : "--usb-deny", text + 1, allow, &rule,
                              error))
        return FALSE;
      g_array_append_val (rules, rule);
    }
  g_clear_pointer (&s->usb_rules, g_array_unref);
  s->usb_rules = g_steal_pointer (&rules);
  return TRUE;
}

gboolean
vd_redirect_options_parse (VdDesktopSettings *s, GError **error)
{
  const VdRedirectOptions *o = &vd_redirect_opts;
  guint64 n;

  for (char **item = o->redirect; item && *item; item++)
    if (!vd_redirect_change_parse (&s->redirect, *item, error))
      return FALSE;
  if (o->usb_rules && !parse_usb_rules (s, error))
    return FALSE;
  if (o->monitors)
    {
      if (!vd_parse_count ("--monitors", o->monitors, 1, VD_MONITORS_MAX, &n, error))
        return FALSE;
      s->monitors = (guint) n;
    }
  if (o->display_profile &&
      !vd_display_profile_parse (o->display_profile, &s->display_profile, error))
    return FALSE;
  return vd_desktop_settings_check_redirect (s, error);
}

gboolean
vd_redirect_options_given (const VdDesktopSettings *s)
{
  return s->redirect.given || s->usb_rules != NULL || s->monitors != 0 ||
         s->display_profile != VD_DISPLAY_PROFILE_UNSET;
}

char **
vd_redirect_options_complete (const char *value)
{
  const char *comma = strrchr (value, ',');
  g_autofree char *head = g_strndup (value, comma ? (gsize) (comma - value + 1) : 0);
  const char *item = comma ? comma + 1 : value;
  gboolean off = item[0] == '-';
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  for (const char * const *name = vd_redirect_names; *name; name++)
    g_ptr_array_add (out, g_strconcat (head, off ? "-" : "", *name, NULL));
  if (!off)
    g_ptr_array_add (out, g_strconcat (head, "none", NULL));
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}
