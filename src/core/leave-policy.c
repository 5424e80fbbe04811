/* leave-policy.c: what happens when the user leaves a desktop.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop-metadata.h"
#include "leave-policy.h"
#include "values.h"
#include "xml-util.h"

const char * const vd_leave_action_names[] = {
  "none", "lock", "logoff", "shutdown", "poweroff", "reset", NULL,
};

#define ACTION_LIST "none, lock, logoff, shutdown, poweroff, reset"
#define DURATION_HINT "give seconds, or a number with s, m or h (30s, 5m, 1h)"

const char *
vd_leave_action_to_string (VdLeaveAction action)
{
  if ((guint) action >= G_N_ELEMENTS (vd_leave_action_names) - 1)
    return NULL;
  return vd_leave_action_names[action];
}

gboolean
vd_leave_action_from_string (const char *text, VdLeaveAction *action)
{
  for (guint i = 0; text && vd_leave_action_names[i]; i++)
    if (strcmp (text, vd_leave_action_names[i]) == 0)
      {
        *action = (VdLeaveAction) i;
        return TRUE;
      }
  return FALSE;
}

/* TEXT as a duration in *SECONDS, or what is wrong with it. */
static const char *
duration_problem (const char *text, guint *seconds)
{
  gsize digits = 0;
  guint64 n = 0, unit = 1;

  while (g_ascii_isdigit (text[digits]))
    {
      /* Leading zeros aside, more digits than the limit has is too long. */
      n = n * 10 + (guint64) (text[digits] - '0');
      if (n > VD_LEAVE_MAX_SECONDS)
        n = VD_LEAVE_MAX_SECONDS + 1;
      digits++;
    }
  if (digits == 0)
    return DURATION_HINT;
  if (strcmp (text + digits, "m") == 0)
    unit = 60;
  else if (strcmp (text + digits, "h") == 0)
    unit = 60 * 60;
  else if (strcmp (text + digits, "s") != 0 && text[digits] != '\0')
    return DURATION_HINT;
  if (n * unit > VD_LEAVE_MAX_SECONDS)
    return "at most 24h (86400 seconds)";
  *seconds = (guint) (n * unit);
  return NULL;
}

static char *
shown (const char *text)
{
  return g_strescape (text, NULL);
}

gboolean
vd_duration_parse (const char *text, guint *seconds, GError **error)
{
  const char *problem = duration_problem (text, seconds);
  g_autofree char *q = NULL;

  if (problem == NULL)
    return TRUE;
  q = shown (text);
  return vd_value_invalid (error, "invalid duration '%s': %s", q, problem);
}

gboolean
vd_idle_shutdown_parse (const char *text, guint *seconds, GError **error)
{
  const char *problem;
  g_autofree char *q = NULL;

  if (strcmp (text, "none") == 0 || strcmp (text, "off") == 0)
    {
      *seconds = 0;
      return TRUE;
    }
  problem = duration_problem (text, seconds);
  if (problem == NULL)
    return TRUE;
  q = shown (text);
  return vd_value_invalid (error, "invalid duration '%s': %s; or 0, none or off for never",
                           q, problem);
}

gboolean
vd_leave_action_parse (const char *text, VdLeaveAction *action, guint *delay,
                       GError **error)
{
  const char *colon = strchr (text, ':');
  g_autofree char *name = g_strndup (text, colon ? (gsize) (colon - text) : strlen (text));
  g_autofree char *q = shown (text);
  g_autofree char *qname = shown (name);
  const char *problem;
  VdLeaveAction found;
  guint seconds = 0;

  if (*name == '\0')
    return vd_value_invalid (error, "no action in '%s' (" ACTION_LIST ")", q);
  if (!vd_leave_action_from_string (name, &found))
    return vd_value_invalid (error, "unknown action '%s' (" ACTION_LIST ")", qname);
  if (colon && found == VD_LEAVE_NONE)
    return vd_value_invalid (error, "action 'none' takes no delay, in '%s'", q);
  if (colon && (problem = duration_problem (colon + 1, &seconds)) != NULL)
    {
      g_autofree char *qdelay = shown (colon + 1);

      return vd_value_invalid (error, "invalid delay '%s' in '%s': %s", qdelay, q, problem);
    }
  *action = found;
  *delay = seconds;
  return TRUE;
}

char *
vd_duration_to_string (guint seconds)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;

  if (h)
    g_string_append_printf (out, "%u h", h);
  if (m)
    g_string_append_printf (out, "%s%u min", out->len ? " " : "", m);
  if (s || out->len == 0)
    g_string_append_printf (out, "%s%u s", out->len ? " " : "", s);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- the record ---------------------------------------------------- */

#define LEAVE_ELEMENT "leave"
#define ACTION_ATTR "on-disconnect"
#define DELAY_ATTR "delay"
#define IDLE_ATTR "idle-shutdown"

gboolean
vd_leave_policy_is_empty (const VdLeavePolicy *policy)
{
  return policy->action == VD_LEAVE_NONE && policy->idle_shutdown == 0;
}

/* A recorded number of seconds; 0 when missing or not one. */
static guint
seconds_prop (xmlNode *node, const char *name)
{
  g_autofree char *text = vd_xml_get_prop (node, name);
  guint64 n;

  if (text == NULL || !g_ascii_isdigit (text[0]) ||
      !g_ascii_string_to_unsigned (text, 10, 0, VD_LEAVE_MAX_SECONDS, &n, NULL))
    return 0;
  return (guint) n;
}

void
vd_leave_policy_read (xmlNode *root, VdLeavePolicy *policy)
{
  xmlNode *leave = vd_desktop_metadata_child (vd_desktop_metadata_find (root), LEAVE_ELEMENT);
  g_autofree char *action = NULL;

  memset (policy, 0, sizeof *policy);
  if (leave == NULL)
    return;
  action = vd_xml_get_prop (leave, ACTION_ATTR);
  /* An action this version does not know is no action. */
  if (vd_leave_action_from_string (action, &policy->action) &&
      policy->action != VD_LEAVE_NONE)
    policy->delay = seconds_prop (leave, DELAY_ATTR);
  policy->idle_shutdown = seconds_prop (leave, IDLE_ATTR);
}

static void
set_seconds (xmlNode *node, const char *name, guint seconds)
{
  g_autofree char *text = g_strdup_printf ("%u", seconds);

  vd_xml_set_prop (node, name, text);
}

void
vd_leave_policy_write (xmlNode *root, const VdLeavePolicy *policy)
{
  xmlNode *desktop = vd_desktop_metadata_find (root);
  xmlNode *leave = vd_desktop_metadata_child (desktop, LEAVE_ELEMENT);

  if (vd_leave_policy_is_empty (policy))
    {
      if (leave)
        {
          vd_xml_remove (leave);
          vd_desktop_metadata_prune (desktop);
        }
      return;
    }
  if (leave == NULL)
    {
      desktop = vd_desktop_metadata_ensure (root);
      leave = xmlNewDocNode (root->doc, desktop->ns, (const xmlChar *) LEAVE_ELEMENT, NULL);
      vd_xml_append_child (desktop, leave);
    }
  /* Written afresh, in this order, after what others may have added. */
  vd_xml_unset_prop (leave, ACTION_ATTR);
  vd_xml_unset_prop (leave, DELAY_ATTR);
  vd_xml_unset_prop (leave, IDLE_ATTR);
  if (policy->action != VD_LEAVE_NONE)
    {
      vd_xml_set_prop (leave, ACTION_ATTR, vd_leave_action_to_string (policy->action));
      set_seconds (leave, DELAY_ATTR, policy->delay);
    }
  if (policy->idle_shutdown > 0)
    set_seconds (leave, IDLE_ATTR, policy->idle_shutdown);
}
