/* rdp-policy.c: the RDP settings of a desktop and the redirection policy.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "rdp-policy.h"
#include "values.h"

#define REDIRECT_KINDS \
  "clipboard, drive:NAME=PATH, printers, smartcard, serial, parallel, audio, " \
  "microphone, usb:VID:PID or none"

const char * const vd_rdp_flag_kinds[] = {
  "clipboard", "printers", "smartcard", "serial", "parallel", "audio", "microphone", NULL,
};

/* ---- the policy ---------------------------------------------------- */

static void
drive_free (gpointer data)
{
  VdRdpDrive *drive = data;

  g_free (drive->name);
  g_free (drive->path);
  g_free (drive);
}

void
vd_rdp_policy_init (VdRdpPolicy *policy)
{
  memset (policy, 0, sizeof *policy);
  policy->drives = g_ptr_array_new_with_free_func (drive_free);
  policy->usb = g_array_new (FALSE, TRUE, sizeof (VdRdpUsbDevice));
}

void
vd_rdp_policy_clear (VdRdpPolicy *policy)
{
  g_clear_pointer (&policy->drives, g_ptr_array_unref);
  g_clear_pointer (&policy->usb, g_array_unref);
  memset (policy, 0, sizeof *policy);
}

void
vd_rdp_policy_copy (VdRdpPolicy *dest, const VdRdpPolicy *src)
{
  vd_rdp_policy_init (dest);
  dest->clipboard = src->clipboard;
  dest->printers = src->printers;
  dest->smartcards = src->smartcards;
  dest->serial = src->serial;
  dest->parallel = src->parallel;
  dest->audio = src->audio;
  dest->microphone = src->microphone;
  for (guint i = 0; src->drives && i < src->drives->len; i++)
    {
      const VdRdpDrive *d = g_ptr_array_index (src->drives, i);
      VdRdpDrive *copy = g_new0 (VdRdpDrive, 1);

      copy->name = g_strdup (d->name);
      copy->path = g_strdup (d->path);
      g_ptr_array_add (dest->drives, copy);
    }
  if (src->usb)
    g_array_append_vals (dest->usb, src->usb->data, src->usb->len);
}

gboolean *
vd_rdp_policy_flag (VdRdpPolicy *policy, const char *kind)
{
  if (strcmp (kind, "clipboard") == 0)
    return &policy->clipboard;
  if (strcmp (kind, "printers") == 0 || strcmp (kind, "printer") == 0)
    return &policy->printers;
  if (strcmp (kind, "smartcard") == 0 || strcmp (kind, "smartcards") == 0)
    return &policy->smartcards;
  if (strcmp (kind, "serial") == 0)
    return &policy->serial;
  if (strcmp (kind, "parallel") == 0)
    return &policy->parallel;
  if (strcmp (kind, "audio") == 0)
    return &policy->audio;
  if (strcmp (kind, "microphone") == 0)
    return &policy->microphone;
  return NULL;
}

gboolean
vd_rdp_policy_is_empty (const VdRdpPolicy *p)
{
  return !p->clipboard && !p->printers && !p->smartcards && !p->serial &&
         !p->parallel && !p->audio && !p->microphone &&
         (p->drives == NULL || p->drives->len == 0) &&
         (p->usb == NULL || p->usb->len == 0);
}

gboolean
vd_rdp_policy_equal (const VdRdpPolicy *a, const VdRdpPolicy *b)
{
  guint na = a->drives ? a->drives->len : 0, nb = b->drives ? b->drives->len : 0;
  guint ua = a->usb ? a->usb->len : 0, ub = b->usb ? b->usb->len : 0;

  if (a->clipboard != b->clipboard || a->printers != b->printers ||
      a->smartcards != b->smartcards || a->serial != b->serial ||
      a->parallel != b->parallel || a->audio != b->audio ||
      a->microphone != b->microphone || na != nb || ua != ub)
    return FALSE;
  for (guint i = 0; i < na; i++)
    {
      const VdRdpDrive *x = g_ptr_array_index (a->drives, i);
      const VdRdpDrive *y = g_ptr_array_index (b->drives, i);

      if (strcmp (x->name, y->name) != 0 || strcmp (x->path, y->path) != 0)
        return FALSE;
    }
  return ua == 0 || memcmp (a->usb->data, b->usb->data, ua * sizeof (VdRdpUsbDevice)) == 0;
}

gboolean
vd_rdp_policy_add_flag (VdRdpPolicy *policy, const char *kind, GError **error)
{
  gboolean *flag = vd_rdp_policy_flag (policy, kind);

  if (flag == NULL)
    return vd_value_invalid (error, "unknown redirection '%s'; give %s", kind, REDIRECT_KINDS);
  *flag = TRUE;
  return TRUE;
}

/* Share names the session shows as "NAME on HOST": letters, digits and a
 * few marks.  Anything else could break FreeRDP's "/drive:NAME,PATH" or
 * the .rdp file's "PATH(NAME);..." list. */
static gboolean
check_drive_name (const char *name, GError **error)
{
  glong length;

  if (name == NULL || *name == '\0')
    return vd_value_invalid (error, "a drive needs a name: give drive:NAME=PATH, "
                        "as in drive:share=/home/user/Share");
  if (!g_utf8_validate (name, -1, NULL))
    return vd_value_invalid (error, "the drive name is not valid UTF-8");
  length = g_utf8_strlen (name, -1);
  if (length > VD_RDP_DRIVE_NAME_MAX)
    return vd_value_invalid (error, "the drive name '%s' is longer than %d characters",
                        name, VD_RDP_DRIVE_NAME_MAX);
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c) && c != '-' && c != '_' && c != '.' && c != ' ')
        {
          g_autofree char *shown = g_strescape (name, NULL);

          return vd_value_invalid (error, "invalid drive name '%s': a drive name holds "
                              "letters, digits, spaces, '-', '_' and '.' only", shown);
        }
    }
  if (name[0] == ' ' || name[strlen (name) - 1] == ' ')
    return vd_value_invalid (error, "invalid drive name '%s': it may not begin or end "
                        "with a space", name);
  return TRUE;
}

static gboolean
check_drive_path (const char *name, const char *path, GError **error)
{
  if (path == NULL || *path == '\0')
    return vd_value_invalid (error, "drive '%s' needs a path: give drive:%s=PATH with "
                        "an absolute directory on this machine", name, name);
  if (!g_utf8_validate (path, -1, NULL))
    return vd_value_invalid (error, "the path of drive '%s' is not valid UTF-8", name);
  if (strlen (path) > VD_RDP_PATH_MAX)
    return vd_value_invalid (error, "the path of drive '%s' is longer than %d bytes",
                        name, VD_RDP_PATH_MAX);
  for (const char *p = path; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        return vd_value_invalid (error, "the path of drive '%s' holds a control character "
                            "or a line break", name);
      /* FreeRDP splits "/drive:NAME,PATH" at commas, and the .rdp file
       * lists drives as "PATH(NAME);". */
      if (c == ',' || c == ';' || c == '(' || c == ')')
        {
          g_autofree char *shown = g_strescape (path, NULL);

          return vd_value_invalid (error, "the path of drive '%s' ('%s') holds '%c', which "
                              "RDP clients take as a separator; choose a directory "
                              "without , ; ( or )", name, shown, (char) c);
        }
    }
  if (path[0] != '/')
    return vd_value_invalid (error, "the path of drive '%s' must be absolute (begin "
                        "with '/'): '%s'", name, path);
  return TRUE;
}

gboolean
vd_rdp_policy_add_drive (VdRdpPolicy *policy, const char *name, const char *path,
                         GError **error)
{
  VdRdpDrive *drive;

  if (!check_drive_name (name, error) || !check_drive_path (name, path, error))
    return FALSE;
  for (guint i = 0; i < policy->drives->len; i++)
    {
      const VdRdpDrive *d = g_ptr_array_index (policy->drives, i);

      g_autofree char *a = g_utf8_casefold (d->name, -1);
      g_autofree char *b = g_utf8_casefold (name, -1);

      if (strcmp (a, b) == 0)
        return vd_value_invalid (error, "drive '%s' is given twice; give each share "
                            "name once", name);
    }
  drive = g_new0 (VdRdpDrive, 1);
  drive->name = g_strdup (name);
  drive->path = g_strdup (path);
  g_ptr_array_add (policy->drives, drive);
  return TRUE;
}

static gboolean
parse_usb_id (const char *text, guint16 *out)
{
  guint v = 0;

  if (text == NULL || strlen (text) != 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (text[i]))
        return FALSE;
      v = v * 16 + (guint) g_ascii_xdigit_value (text[i]);
    }
  *out = (guint16) v;
  return TRUE;
}

gboolean
vd_rdp_policy_add_usb (VdRdpPolicy *policy, const char *vendor, const char *product,
                       GError **error)
{
  VdRdpUsbDevice dev = { 0, };

  if (!parse_usb_id (vendor, &dev.vendor) || !parse_usb_id (product, &dev.product))
    {
      g_autofree char *shown = g_strescape (vendor ? vendor : "", NULL);
      g_autofree char *shown2 = g_strescape (product ? product : "", NULL);

      return vd_value_invalid (error, "bad USB device '%s:%s': give usb:VID:PID with four "
                          "hexadecimal digits each, as in usb:054c:0268", shown, shown2);
    }
  if (dev.vendor == 0)
    return vd_value_invalid (error, "bad USB device '%04x:%04x': vendor 0000 is not a "
                        "USB vendor", dev.vendor, dev.product);
  for (guint i = 0; i < policy->usb->len; i++)
    {
      const VdRdpUsbDevice *d = &g_array_index (policy->usb, VdRdpUsbDevice, i);

      if (d->vendor == dev.vendor && d->product == dev.product)
        return vd_value_invalid (error, "USB device %04x:%04x is given twice",
                            dev.vendor, dev.product);
    }
  if (policy->usb->len >= VD_RDP_USB_MAX)
    return vd_value_invalid (error, "more than %d USB devices to redirect", VD_RDP_USB_MAX);
  g_array_append_val (policy->usb, dev);
  return TRUE;
}

static gboolean
parse_item (VdRdpPolicy *policy, const char *item, GError **error)
{
  if (*item == '\0')
    return vd_value_invalid (error, "empty redirection in the list; separate %s with "
                        "single commas", REDIRECT_KINDS);
  if (strcmp (item, "none") == 0)
    return vd_value_invalid (error, "'none' goes alone: --rdp-redirect none");
  if (g_str_has_prefix (item, "drive:") || strcmp (item, "drive") == 0)
    {
      const char *spec = item + strlen ("drive");
      const char *eq;
      g_autofree char *name = NULL;

      spec = *spec == ':' ? spec + 1 : spec;
      eq = strchr (spec, '=');
      if (eq == NULL)
        {
          if (*spec == '\0')
            return vd_value_invalid (error, "a drive needs a name and a path: give "
                                "drive:NAME=PATH, as in drive:share=/home/user/Share");
          return vd_value_invalid (error, "drive '%s' needs a path: give drive:%s=PATH "
                              "with an absolute directory on this machine (commas "
                              "separate redirections: a name or path cannot hold one)",
                              spec, spec);
        }
      name = g_strndup (spec, eq - spec);
      return vd_rdp_policy_add_drive (policy, name, eq + 1, error);
    }
  if (g_str_has_prefix (item, "usb:") || strcmp (item, "usb") == 0)
    {
      g_auto(GStrv) ids = g_strsplit (item, ":", -1);

      if (g_strv_length (ids) != 3)
        {
          g_autofree char *shown = g_strescape (item, NULL);

          return vd_value_invalid (error, "bad USB device '%s': give usb:VID:PID with four "
                              "hexadecimal digits each, as in usb:054c:0268", shown);
        }
      return vd_rdp_policy_add_usb (policy, ids[1], ids[2], error);
    }
  if (vd_rdp_policy_flag (policy, item) == NULL)
    {
      g_autofree char *shown = g_strescape (item, NULL);

      return vd_value_invalid (error, "unknown redirection '%s'; give %s", shown, REDIRECT_KINDS);
    }
  return vd_rdp_policy_add_flag (policy, item, error);
}

gboolean
vd_rdp_policy_parse (VdRdpPolicy *policy, const char *text, GError **error)
{
  g_auto(VdRdpPolicy) work = { 0, };
  g_auto(GStrv) items = NULL;

  if (strcmp (text, "none") == 0)
    {
      vd_rdp_policy_clear (policy);
      vd_rdp_policy_init (policy);
      return TRUE;
    }
  if (!g_utf8_validate (text, -1, NULL))
    return vd_value_invalid (error, "--rdp-redirect is not valid UTF-8");
  if (*text == '\0')
    return vd_value_invalid (error, "empty redirection list; give %s", REDIRECT_KINDS);

  vd_rdp_policy_copy (&work, policy);
  items = g_strsplit (text, ",", -1);
  for (char **item = items; *item; item++)
    if (!parse_item (&work, g_strstrip (*item), error))
      return FALSE;
  vd_rdp_policy_clear (policy);
  *policy = work;
  memset (&work, 0, sizeof work);
  return TRUE;
}

char *
vd_rdp_policy_to_string (const VdRdpPolicy *p)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  if (p->clipboard)
    g_ptr_array_add (items, g_strdup ("clipboard"));
  for (guint i = 0; p->drives && i < p->drives->len; i++)
    {
      const VdRdpDrive *d = g_ptr_array_index (p->drives, i);

      g_ptr_array_add (items, g_strdup_printf ("drive:%s=%s", d->name, d->path));
    }
  if (p->printers)
    g_ptr_array_add (items, g_strdup ("printers"));
  if (p->smartcards)
    g_ptr_array_add (items, g_strdup ("smartcard"));
  if (p->serial)
    g_ptr_array_add (items, g_strdup ("serial"));
  if (p->parallel)
    g_ptr_array_add (items, g_strdup ("parallel"));
  if (p->audio)
    g_ptr_array_add (items, g_strdup ("audio"));
  if (p->microphone)
    g_ptr_array_add (items, g_strdup ("microphone"));
  for (guint i = 0; p->usb && i < p->usb->len; i++)
    {
      const VdRdpUsbDevice *d = &g_array_index (p->usb, VdRdpUsbDevice, i);

      g_ptr_array_add (items, g_strdup_printf ("usb:%04x:%04x", d->vendor, d->product));
    }
  if (items->len == 0)
    return g_strdup ("none");
  g_ptr_array_add (items, NULL);
  return g_strjoinv (",", (char **) items->pdata);
}

/* ---- the settings -------------------------------------------------- */

void
vd_rdp_settings_init (VdRdpSettings *s)
{
  memset (s, 0, sizeof *s);
  s->port = VD_RDP_DEFAULT_PORT;
  vd_rdp_policy_init (&s->policy);
}

void
vd_rdp_settings_clear (VdRdpSettings *s)
{
  g_clear_pointer (&s->user, g_free);
  g_clear_pointer (&s->domain, g_free);
  vd_rdp_policy_clear (&s->policy);
}

void
vd_rdp_settings_free (VdRdpSettings *s)
{
  if (s == NULL)
    return;
  vd_rdp_settings_clear (s);
  g_free (s);
}

VdRdpSettings *
vd_rdp_settings_copy (const VdRdpSettings *s)
{
  VdRdpSettings *copy = g_new0 (VdRdpSettings, 1);

  copy->port = s->port;
  copy->user = g_strdup (s->user);
  copy->domain = g_strdup (s->domain);
  vd_rdp_policy_copy (&copy->policy, &s->policy);
  return copy;
}

gboolean
vd_rdp_settings_equal (const VdRdpSettings *a, const VdRdpSettings *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->port == b->port && g_strcmp0 (a->user, b->user) == 0 &&
         g_strcmp0 (a->domain, b->domain) == 0 &&
         vd_rdp_policy_equal (&a->policy, &b->policy);
}

gboolean
vd_rdp_check_name (const char *what, const char *text, GError **error)
{
  if (text == NULL || *text == '\0')
    return vd_value_invalid (error, "%s is empty", what);
  if (!g_utf8_validate (text, -1, NULL))
    return vd_value_invalid (error, "%s is not valid UTF-8", what);
  if (g_utf8_strlen (text, -1) > VD_RDP_NAME_MAX)
    return vd_value_invalid (error, "%s is longer than %d characters", what, VD_RDP_NAME_MAX);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        return vd_value_invalid (error, "%s holds a control character or a line break", what);
    }
  return TRUE;
}

/* ---- addresses ----------------------------------------------------- */

static gboolean
is_host_name (const char *host)
{
  gsize len = strlen (host);
  const char *label = host;

  if (len == 0 || len > 253)
    return FALSE;
  for (const char *p = host;; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          gsize n = p - label;

          if (n == 0 || n > 63 || label[0] == '-' || p[-1] == '-')
            return FALSE;
          if (*p == '\0')
            return TRUE;
          label = p + 1;
        }
      else if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
    }
}

gboolean
vd_rdp_parse_address (const char *option, const char *text, char **host_out,
                      int *port_out, GError **error)
{
  g_autofree char *host = NULL;
  const char *port_text = NULL;

  if (text == NULL || *text == '\0')
    return vd_value_invalid (error, "%s is empty; give HOST[:PORT]", option);

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL)
        return vd_value_invalid (error, "invalid %s '%s': an IPv6 address in brackets "
                            "needs its ']'", option, text);
      host = g_strndup (text + 1, close - text - 1);
      if (close[1] == ':')
        port_text = close + 2;
      else if (close[1] != '\0')
        return vd_value_invalid (error, "invalid %s '%s': give [IPV6]:PORT", option, text);
      if (!g_hostname_is_ip_address (host) || strchr (host, ':') == NULL)
        return vd_value_invalid (error, "invalid %s '%s': '%s' is not an IPv6 address",
                            option, text, host);
    }
  else if (strchr (text, ':') != strrchr (text, ':'))
    {
      /* Two colons or more: a bare IPv6 address, with no port. */
      host = g_strdup (text);
      if (!g_hostname_is_ip_address (host))
        return vd_value_invalid (error, "invalid %s '%s': not an IPv6 address (write "
                            "[ADDRESS]:PORT to give a port)", option, text);
    }
  else
    {
      const char *colon = strchr (text, ':');

      host = colon ? g_strndup (text, colon - text) : g_strdup (text);
      port_text = colon ? colon + 1 : NULL;
      if (!g_hostname_is_ip_address (host) && !is_host_name (host))
        {
          g_autofree char *shown = g_strescape (host, NULL);

          return vd_value_invalid (error, "invalid %s '%s': '%s' is neither an address "
                              "nor a host name", option, text, shown);
        }
    }

  if (port_text)
    {
      guint64 port;

      g_autofree char *what = g_strdup_printf ("port in %s", option);

      if (!vd_parse_count (what, port_text, 1, 65535, &port, error))
        return FALSE;
      *port_out = (int) port;
    }
  *host_out = g_steal_pointer (&host);
  return TRUE;
}

char *
vd_rdp_format_address (const char *host, int port)
{
  gboolean ipv6 = strchr (host, ':') != NULL;

  if (port <= 0)
    return ipv6 ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  return ipv6 ? g_strdup_printf ("[%s]:%d", host, port)
              : g_strdup_printf ("%s:%d", host, port);
}
