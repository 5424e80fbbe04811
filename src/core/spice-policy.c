/* spice-policy.c: the SPICE redirection policy: the --redirect set, USB
 * filter rules (the options' syntax, the .vv file's, closing and
 * narrowing a filter), and the display profile.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spice-policy.h"
#include "values.h"

#define REDIRECT_CHOICES \
  "usb, smartcard, folders, audio, microphone, clipboard, files, none, " \
  "or -NAME to remove one"

const char * const vd_redirect_names[] = {
  "usb", "smartcard", "folders", "audio", "microphone", "clipboard", "files", NULL,
};

guint
vd_redirect_from_name (const char *name)
{
  for (guint i = 0; vd_redirect_names[i] != NULL; i++)
    if (strcmp (vd_redirect_names[i], name) == 0)
      return 1u << i;
  return 0;
}

/* Apply one item of a --redirect list to CHANGE. */
static gboolean
redirect_item (VdRedirectChange *change, const char *text, const char *item,
               GError **error)
{
  gboolean minus = item[0] == '-';
  const char *name = minus ? item + 1 : item;
  guint bit;

  if (*item == '\0')
    return vd_value_invalid (error, "invalid --redirect '%s': an empty item; "
                             "give a comma-separated list of " REDIRECT_CHOICES, text);
  if (strcmp (name, "none") == 0)
    {
      if (minus)
        return vd_value_invalid (error, "invalid --redirect item '-none': 'none' takes "
                                 "no '-'; give none, or -NAME to remove one");
      change->add = 0;
      change->remove = VD_REDIRECT_ALL;
      return TRUE;
    }
  bit = vd_redirect_from_name (name);
  if (bit == 0)
    return vd_value_invalid (error, "invalid --redirect item '%s': choose from "
                             REDIRECT_CHOICES, item);
  if (minus)
    {
      change->add &= ~bit;
      change->remove |= bit;
    }
  else
    change->add |= bit;
  return TRUE;
}

gboolean
vd_redirect_change_parse (VdRedirectChange *change, const char *text, GError **error)
{
  VdRedirectChange next = *change;
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  if (items[0] == NULL)
    return vd_value_invalid (error, "invalid --redirect '': give a comma-separated "
                             "list of " REDIRECT_CHOICES);
  for (guint i = 0; items[i] != NULL; i++)
    if (!redirect_item (&next, text, items[i], error))
      return FALSE;
  next.given = TRUE;
  *change = next;
  return TRUE;
}

guint
vd_redirect_change_apply (const VdRedirectChange *change, guint base)
{
  if (!change->given)
    return base;
  return ((base & ~change->remove) | change->add) & VD_REDIRECT_ALL;
}

gboolean
vd_redirect_change_turns_off (const VdRedirectChange *change, guint bit)
{
  return change->given && (change->remove & bit) && !(change->add & bit);
}

gboolean
vd_redirect_change_turns_on (const VdRedirectChange *change, guint bit)
{
  return change->given && (change->add & bit);
}

char *
vd_redirect_to_string (guint set)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; vd_redirect_names[i] != NULL; i++)
    if (set & (1u << i))
      g_ptr_array_add (names, (gpointer) vd_redirect_names[i]);
  if (names->len == 0)
    return g_strdup ("none");
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

/* ---- USB filter rules ------------------------------------------------ */

const char * const vd_usb_class_names[] = {
  "storage", "hid", "printer", "audio", "video", "smartcard-reader", "wireless", "hub", NULL,
};

static const int usb_class_codes[] = { 0x08, 0x03, 0x07, 0x01, 0x0e, 0x0b, 0xe0, 0x09 };

static int
usb_class_from_name (const char *name)
{
  for (guint i = 0; vd_usb_class_names[i] != NULL; i++)
    if (strcmp (vd_usb_class_names[i], name) == 0)
      return usb_class_codes[i];
  return -2;
}

static const char *
usb_class_name (int code)
{
  for (guint i = 0; vd_usb_class_names[i] != NULL; i++)
    if (usb_class_codes[i] == code)
      return vd_usb_class_names[i];
  return NULL;
}

/* A decimal number, or hexadecimal after 0x, up to MAX. */
static gboolean
parse_number (const char *text, gint64 max, int *out)
{
  gboolean hex = g_ascii_strncasecmp (text, "0x", 2) == 0;
  const char *digits = hex ? text + 2 : text;
  guint64 v;

  if (digits[0] == '\0' || strlen (digits) > 8)
    return FALSE;
  for (const char *p = digits; *p; p++)
    if (hex ? !g_ascii_isxdigit (*p) : !g_ascii_isdigit (*p))
      return FALSE;
  v = g_ascii_strtoull (digits, NULL, hex ? 16 : 10);
  if (v > (guint64) max)
    return FALSE;
  *out = (int) v;
  return TRUE;
}

/* "2.00" as bcdDevice 0x0200: one or two digits, a dot, two digits. */
static gboolean
parse_bcd_version (const char *text, int *out)
{
  const char *dot = strchr (text, '.');
  gsize major_len = dot ? (gsize) (dot - text) : 0;
  int major, minor;

  if (dot == NULL || major_len < 1 || major_len > 2 || strlen (dot + 1) != 2)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (p != dot && !g_ascii_isdigit (*p))
      return FALSE;
  major = atoi (text);
  minor = atoi (dot + 1);
  *out = ((major / 10) << 12) | ((major % 10) << 8) | ((minor / 10) << 4) | (minor % 10);
  return TRUE;
}

gboolean
vd_usb_version_is_bcd (int version)
{
  if (version == VD_USB_ANY)
    return TRUE;
  for (int shift = 0; shift < 16; shift += 4)
    if (((version >> shift) & 0xf) > 9)
      return FALSE;
  return TRUE;
}

static const struct { const char *name; gint64 max; const char *range; } usb_fields[] = {
  { "class", 0xff, "0x00-0xff" },
  { "vendor", 0xffff, "0x0000-0xffff" },
  { "product", 0xffff, "0x0000-0xffff" },
  { "version", 0xffff, "0x0000-0xffff or as 2.00" },
};

static gboolean
usb_rule_fields (const char *option, const char *text, char **parts, int *values,
                 GError **error)
{
  for (guint i = 0; i < 4; i++)
    {
      const char *p = parts[i];

      if (strcmp (p, "any") == 0 || strcmp (p, "-1") == 0)
        values[i] = VD_USB_ANY;
      else if (!parse_number (p, usb_fields[i].max, &values[i])
               && !(i == 3 && parse_bcd_version (p, &values[i])))
        return vd_value_invalid (error, "invalid %s rule '%s': %s '%s' is not a number "
                                 "in %s or any", option, text, usb_fields[i].name, p,
                                 usb_fields[i].range);
      else if (i == 3 && !vd_usb_version_is_bcd (values[i]))
        return vd_value_invalid (error, "invalid %s rule '%s': version '%s' is 0x%04x, "
                                 "not a device version: every hex digit is 0-9 (0x0200 "
                                 "is 2.00); write it as 2.00", option, text, p, values[i]);
    }
  return TRUE;
}

gboolean
vd_usb_rule_parse (const char *option, const char *text, gboolean allow,
                   VdUsbRule *rule, GError **error)
{
  g_auto(GStrv) parts = NULL;
  int values[4];
  int code = usb_class_from_name (text);

  if (code >= 0 || strcmp (text, "any") == 0)
    {
      *rule = VD_USB_RULE_ANY_ALLOW;
      rule->usb_class = code >= 0 ? code : VD_USB_ANY;
      rule->allow = allow;
      return TRUE;
    }
  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) != 4)
    {
      g_autofree char *classes = g_strjoinv (", ", (char **) vd_usb_class_names);

      return vd_value_invalid (error, "invalid %s rule '%s': give a class (%s), any, or "
                               "CLASS:VENDOR:PRODUCT:VERSION with any for a field, as in "
                               "0x08:0x0781:any:any", option, text, classes);
    }
  if (!usb_rule_fields (option, text, parts, values, error))
    return FALSE;
  *rule = (VdUsbRule) { values[0], values[1], values[2], values[3], allow };
  return TRUE;
}

static gboolean
usb_rule_is_any (const VdUsbRule *r)
{
  return r->usb_class == VD_USB_ANY && r->vendor == VD_USB_ANY
         && r->product == VD_USB_ANY && r->version == VD_USB_ANY;
}

static char *
usb_field (int value, int width)
{
  return value == VD_USB_ANY ? g_strdup ("any") : g_strdup_printf ("0x%0*x", width, value);
}

char *
vd_usb_rule_to_string (const VdUsbRule *rule)
{
  const char *verdict = rule->allow ? "allow" : "deny";
  const char *name = usb_class_name (rule->usb_class);
  g_autofree char *c = NULL, *v = NULL, *p = NULL, *r = NULL;

  if (usb_rule_is_any (rule))
    return g_strdup_printf ("%s any", verdict);
  if (name != NULL && rule->vendor == VD_USB_ANY && rule->product == VD_USB_ANY
      && rule->version == VD_USB_ANY)
    return g_strdup_printf ("%s %s", verdict, name);
  c = usb_field (rule->usb_class, 2);
  v = usb_field (rule->vendor, 4);
  p = usb_field (rule->product, 4);
  r = usb_field (rule->version, 4);
  return g_strdup_printf ("%s %s:%s:%s:%s", verdict, c, v, p, r);
}

static GArray *
usb_rules_new (void)
{
  return g_array_new (FALSE, TRUE, sizeof (VdUsbRule));
}

GArray *
vd_usb_rules_close (const GArray *rules)
{
  GArray *out = usb_rules_new ();
  const VdUsbRule *last;

  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      const VdUsbRule *r = &g_array_index (rules, VdUsbRule, i);

      g_array_append_val (out, *r);
      if (usb_rule_is_any (r))
        break;                /* what follows can never match */
    }
  if (out->len == 0)
    return out;
  if (usb_rule_is_any (&g_array_index (out, VdUsbRule, 0))
      && g_array_index (out, VdUsbRule, 0).allow)
    {
      g_array_set_size (out, 0);          /* everything allowed: no filter */
      return out;
    }
  last = &g_array_index (out, VdUsbRule, out->len - 1);
  if (!last->allow && !usb_rule_is_any (last))
    g_array_append_val (out, VD_USB_RULE_ANY_ALLOW);
  return out;
}

/* ---- the .vv file's usb-filter ---------------------------------------- */

static char *
vv_field (int value, int width)
{
  return value == VD_USB_ANY ? g_strdup ("-1") : g_strdup_printf ("0x%0*x", width, value);
}

char *
vd_usb_rules_to_vv (const GArray *rules)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      const VdUsbRule *r = &g_array_index (rules, VdUsbRule, i);
      g_autofree char *c = vv_field (r->usb_class, 2), *v = vv_field (r->vendor, 4);
      g_autofree char *p = vv_field (r->product, 4), *n = vv_field (r->version, 4);

      g_ptr_array_add (parts, g_strdup_printf ("%s,%s,%s,%s,%d", c, v, p, n,
                                               r->allow ? 1 : 0));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("|", (char **) parts->pdata);
}

/* One number as usbredir's filter parser reads it: strtol base 0. */
static gboolean
vv_number (const char *text, gint64 min, gint64 max, int *out)
{
  char *end = NULL;
  gint64 v;

  if (text[0] == '\0' || g_ascii_isspace (text[0]))
    return FALSE;
  errno = 0;
  v = strtoll (text, &end, 0);
  if (errno != 0 || *end != '\0' || v < min || v > max)
    return FALSE;
  *out = (int) v;
  return TRUE;
}

static gboolean
vv_rule (const char *text, VdUsbRule *rule, GError **error)
{
  g_auto(GStrv) f = g_strsplit (text, ",", -1);
  int v[5];

  if (g_strv_length (f) != 5
      || !vv_number (f[0], -1, 0xff, &v[0]) || !vv_number (f[1], -1, 0xffff, &v[1])
      || !vv_number (f[2], -1, 0xffff, &v[2]) || !vv_number (f[3], -1, 0xffff, &v[3])
      || !vv_number (f[4], 0, 1, &v[4]))
    return vd_value_invalid (error, "invalid usb-filter rule '%s': give "
                             "class,vendor,product,version,allow with -1 for any and allow "
                             "0 or 1, as in 0x08,-1,-1,-1,0", text);
  *rule = (VdUsbRule) { v[0], v[1], v[2], v[3], v[4] == 1 };
  return TRUE;
}

GArray *
vd_usb_rules_from_vv (const char *text, GError **error)
{
  g_autoptr(GArray) rules = usb_rules_new ();
  g_auto(GStrv) parts = g_strsplit (text, "|", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      VdUsbRule rule;

      if (parts[i][0] == '\0')
        continue;             /* usbredir skips empty rules too */
      if (!vv_rule (parts[i], &rule, error))
        return NULL;
      g_array_append_val (rules, rule);
    }
  return g_steal_pointer (&rules);
}

/* ---- narrowing a filter ----------------------------------------------- */

static gboolean
meet_field (int a, int b, int *out)
{
  if (a == VD_USB_ANY || a == b)
    *out = b;
  else if (b == VD_USB_ANY)
    *out = a;
  else
    return FALSE;
  return TRUE;
}

/* The devices both A and B match, with B's verdict; FALSE if none. */
static gboolean
usb_rule_meet (const VdUsbRule *a, const VdUsbRule *b, VdUsbRule *out)
{
  out->allow = b->allow;
  return meet_field (a->usb_class, b->usb_class, &out->usb_class)
         && meet_field (a->vendor, b->vendor, &out->vendor)
         && meet_field (a->product, b->product, &out->product)
         && meet_field (a->version, b->version, &out->version);
}

static GArray *
usb_rules_copy (const GArray *rules)
{
  GArray *out = usb_rules_new ();

  if (rules != NULL && rules->len > 0)
    g_array_append_vals (out, rules->data, rules->len);
  return out;
}

/* Whether every device RULE matches, EARLIER matches too: then RULE,
 * after EARLIER, never decides anything. */
static gboolean
usb_rule_covers (const VdUsbRule *earlier, const VdUsbRule *rule)
{
  return (earlier->usb_class == VD_USB_ANY || earlier->usb_class == rule->usb_class) &&
         (earlier->vendor == VD_USB_ANY || earlier->vendor == rule->vendor) &&
         (earlier->product == VD_USB_ANY || earlier->product == rule->product) &&
         (earlier->version == VD_USB_ANY || earlier->version == rule->version);
}

/* Append RULE to OUT unless a rule already there decides every device it
 * would. */
static void
usb_rules_append_reachable (GArray *out, const VdUsbRule *rule)
{
  for (guint i = 0; i < out->len; i++)
    if (usb_rule_covers (&g_array_index (out, VdUsbRule, i), rule))
      return;
  g_array_append_val (out, *rule);
}

GArray *
vd_usb_rules_narrow (const GArray *server, const GArray *narrow)
{
  g_autoptr(GArray) closed = vd_usb_rules_close (narrow);
  GArray *out;

  if (closed->len == 0)
    return usb_rules_copy (server);
  if (server == NULL || server->len == 0)
    return g_steal_pointer (&closed);
  out = usb_rules_new ();
  for (guint i = 0; i < closed->len; i++)
    {
      VdUsbRule r = g_array_index (closed, VdUsbRule, i);

      if (r.allow)
        {
          for (guint j = 0; j < server->len; j++)
            {
              VdUsbRule both;

              if (usb_rule_meet (&r, &g_array_index (server, VdUsbRule, j), &both))
                usb_rules_append_reachable (out, &both);
            }
          r.allow = FALSE;    /* what the server matches with no rule: refused */
        }
      usb_rules_append_reachable (out, &r);
    }
  return out;
}

/* ---- the display profile ---------------------------------------------- */

gboolean
vd_display_profile_parse (const char *text, VdDisplayProfile *profile, GError **error)
{
  if (strcmp (text, "lan") == 0)
    *profile = VD_DISPLAY_PROFILE_LAN;
  else if (strcmp (text, "wan") == 0)
    *profile = VD_DISPLAY_PROFILE_WAN;
  else
    return vd_value_invalid (error, "invalid --display-profile '%s': choose lan (no lossy "
                             "compression) or wan (compressed for slow links)", text);
  return TRUE;
}

const char *
vd_display_profile_name (VdDisplayProfile profile)
{
  switch (profile)
    {
    case VD_DISPLAY_PROFILE_LAN:
      return "lan";
    case VD_DISPLAY_PROFILE_WAN:
      return "wan";
    case VD_DISPLAY_PROFILE_CUSTOM:
      return "custom";
    case VD_DISPLAY_PROFILE_UNSET:
    default:
      return NULL;
    }
}
