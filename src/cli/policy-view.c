/* policy-view.c: the SPICE redirection policy of a desktop as show,
 * list, edit and --json present it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "json-out.h"
#include "policy-view.h"

static gboolean
has_spice (const VdDesktopInfo *i)
{
  return g_strcmp0 (i->graphics, "spice") == 0;
}

/* "on: usb, audio; off: smartcard, ..." */
static char *
redirect_text (const VdDesktopInfo *i)
{
  g_autoptr(GString) on = g_string_new (NULL);
  g_autoptr(GString) off = g_string_new (NULL);

  if (!has_spice (i))
    return g_strdup ("none (no SPICE display)");
  for (guint n = 0; vd_redirect_names[n]; n++)
    {
      GString *to = (i->redirect & vd_redirect_from_name (vd_redirect_names[n])) ? on : off;

      g_string_append_printf (to, "%s%s", to->len ? ", " : "", vd_redirect_names[n]);
    }
  return g_strdup_printf ("on: %s; off: %s", on->len ? on->str : "none",
                          off->len ? off->str : "none");
}

static gboolean
rule_is_any (const VdUsbRule *r)
{
  return r->usb_class == VD_USB_ANY && r->vendor == VD_USB_ANY &&
         r->product == VD_USB_ANY && r->version == VD_USB_ANY;
}

/* The rules in order, then what becomes of a device that matches none of
 * them; a last rule that matches anything says that itself. */
static char *
usb_filter_text (const VdDesktopInfo *i)
{
  const GArray *rules = i->usb_rules;
  g_autoptr(GString) text = g_string_new (NULL);
  const VdUsbRule *last;
  guint shown;

  if (!has_spice (i))
    return g_strdup ("-");
  if (rules == NULL || rules->len == 0)
    return g_strdup ("none (any device may be redirected)");
  last = &g_array_index (rules, VdUsbRule, rules->len - 1);
  shown = rule_is_any (last) ? rules->len - 1 : rules->len;
  for (guint n = 0; n < shown; n++)
    {
      g_autofree char *rule = vd_usb_rule_to_string (&g_array_index (rules, VdUsbRule, n));

      g_string_append_printf (text, "%s%s", n ? ", " : "", rule);
    }
  if (shown == 0)
    return g_strdup (last->allow ? "allow any (any device may be redirected)"
                                 : "deny any (no device may be redirected)");
  g_string_append_printf (text, "; anything else is %s",
                          shown < rules->len && last->allow ? "allowed" : "refused");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
profile_text (const VdDesktopInfo *i)
{
  if (!has_spice (i))
    return "-";
  switch (i->display_profile)
    {
    case VD_DISPLAY_PROFILE_LAN:
      return "lan (lossless)";
    case VD_DISPLAY_PROFILE_WAN:
      return "wan (lossy, for slow links)";
    case VD_DISPLAY_PROFILE_CUSTOM:
      return "custom (compression set otherwise)";
    case VD_DISPLAY_PROFILE_UNSET:
    default:
      return "none (SPICE's defaults)";
    }
}

void
vd_policy_view_print (const VdDesktopInfo *info)
{
  g_autofree char *redirect = redirect_text (info);
  g_autofree char *filter = usb_filter_text (info);

  printf ("%-16s %s\n", "Redirect:", redirect);
  printf ("%-16s %s\n", "USB filter:", filter);
  if (info->monitors > 0)
    printf ("%-16s %u\n", "Monitors:", info->monitors);
  else
    printf ("%-16s - (no video device)\n", "Monitors:");
  printf ("%-16s %s\n", "Display profile:", profile_text (info));
}

char *
vd_policy_view_flags (const VdDesktopInfo *info)
{
  static const struct { guint bit; char letter; } flags[] = {
    { VD_REDIRECT_USB, 'u' }, { VD_REDIRECT_SMARTCARD, 's' }, { VD_REDIRECT_FOLDERS, 'd' },
    { VD_REDIRECT_AUDIO, 'a' }, { VD_REDIRECT_MICROPHONE, 'm' },
    { VD_REDIRECT_CLIPBOARD, 'c' }, { VD_REDIRECT_FILES, 'f' },
  };
  char text[G_N_ELEMENTS (flags) + 1];

  if (!has_spice (info))
    return g_strdup ("-");
  for (guint n = 0; n < G_N_ELEMENTS (flags); n++)
    text[n] = (info->redirect & flags[n].bit) ? flags[n].letter : '-';
  text[G_N_ELEMENTS (flags)] = '\0';
  return g_strdup (text);
}

static void
add_field (JsonBuilder *b, const char *name, int value)
{
  vd_json_add_int (b, name, value, value != VD_USB_ANY);
}

static void
add_rule (JsonBuilder *b, const VdUsbRule *r)
{
  g_autofree char *version = NULL;

  if (r->version != VD_USB_ANY)
    version = g_strdup_printf ("%x.%02x", (guint) r->version >> 8, (guint) r->version & 0xff);
  json_builder_begin_object (b);
  vd_json_add_bool (b, "allow", r->allow);
  add_field (b, "class", r->usb_class);
  add_field (b, "vendor", r->vendor);
  add_field (b, "product", r->product);
  vd_json_add_string (b, "version", version);
  json_builder_end_object (b);
}

void
vd_policy_view_add_json (JsonBuilder *b, const VdDesktopInfo *info)
{
  json_builder_set_member_name (b, "redirect");
  json_builder_begin_object (b);
  for (guint n = 0; vd_redirect_names[n]; n++)
    vd_json_add_bool (b, vd_redirect_names[n],
                      (info->redirect & vd_redirect_from_name (vd_redirect_names[n])) != 0);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "usb_filter");
  json_builder_begin_array (b);
  for (guint n = 0; info->usb_rules && n < info->usb_rules->len; n++)
    add_rule (b, &g_array_index (info->usb_rules, VdUsbRule, n));
  json_builder_end_array (b);
  vd_json_add_int (b, "monitors", info->monitors, TRUE);
  vd_json_add_string (b, "display_profile", vd_display_profile_name (info->display_profile));
}

static void
changed (GString *out, const char *label, const char *a, const char *b)
{
  if (strcmp (a, b) != 0)
    g_string_append_printf (out, "  %-16s %s -> %s\n", label, a, b);
}

void
vd_policy_view_describe_changes (const VdDesktopInfo *a, const VdDesktopInfo *b,
                                 GString *out)
{
  g_autofree char *redirect_a = has_spice (a) ? vd_redirect_to_string (a->redirect) : NULL;
  g_autofree char *redirect_b = has_spice (b) ? vd_redirect_to_string (b->redirect) : NULL;
  g_autofree char *filter_a = usb_filter_text (a);
  g_autofree char *filter_b = usb_filter_text (b);
  g_autofree char *monitors_a = a->monitors > 0 ? g_strdup_printf ("%u", a->monitors)
                                                : g_strdup ("-");
  g_autofree char *monitors_b = g_strdup_printf ("%u", b->monitors);

  /* What a display gained or lost with the SPICE display itself is said
   * too: "-" on the side that has none. */
  if (redirect_a || redirect_b)
    changed (out, "redirect:", redirect_a ? redirect_a : "-", redirect_b ? redirect_b : "-");
  /* A new display's filter, monitors and profile only where they are
   * not what any new display has. */
  if (has_spice (a) || (b->usb_rules && b->usb_rules->len > 0))
    changed (out, "usb filter:", filter_a, filter_b);
  if (b->monitors > 0 && (a->monitors > 0 || b->monitors > 1))
    changed (out, "monitors:", monitors_a, monitors_b);
  if (has_spice (a) || b->display_profile != VD_DISPLAY_PROFILE_UNSET)
    changed (out, "display profile:", profile_text (a), profile_text (b));
}
