/* values.c: parsers for option values.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <gio/gio.h>

#include "desktop.h"
#include "values.h"

G_DEFINE_QUARK (vd-value-error-quark, vd_value_error)

gboolean
vd_value_invalid (GError **error, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  g_return_val_if_fail (*error == NULL, FALSE);
  va_start (args, format);
  *error = g_error_new_valist (VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

/* Shown in messages: a value from the command line may hold anything. */
static char *
quoted (const char *text)
{
  g_autofree char *escaped = g_strescape (text, NULL);

  return g_strdup_printf ("'%s'", escaped);
}

gboolean
vd_parse_listen_address (const char *text, char **out, GError **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize len = strlen (text);

  /* [::1] is how an IPv6 address is usually written next to a port. */
  if (len > 2 && text[0] == '[' && text[len - 1] == ']')
    bare = g_strndup (text + 1, len - 2);
  else
    bare = g_strdup (text);

  /* A scope (%eth0) means nothing to QEMU's listen; brackets belong to
   * IPv6 only. */
  if (strchr (bare, '%') == NULL)
    address = g_inet_address_new_from_string (bare);
  if (address != NULL && bare[0] != text[0] &&
      g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
    g_clear_object (&address);
  if (address == NULL)
    {
      g_autofree char *q = quoted (text);
      return vd_value_invalid (error, "invalid listen address %s: give an IPv4 or IPv6 "
                   "address, e.g. 127.0.0.1, 0.0.0.0 (all interfaces) or ::", q);
    }
  *out = g_inet_address_to_string (address);
  return TRUE;
}

gboolean
vd_address_is_loopback (const char *address)
{
  g_autoptr(GInetAddress) a = NULL;

  if (address == NULL)
    return FALSE;
  a = g_inet_address_new_from_string (address);
  return a != NULL && g_inet_address_get_is_loopback (a);
}

gboolean
vd_address_is_any (const char *address)
{
  g_autoptr(GInetAddress) a = NULL;

  if (address == NULL)
    return FALSE;
  a = g_inet_address_new_from_string (address);
  return a != NULL && g_inet_address_get_is_any (a);
}

static gboolean
parse_unsigned (const char *text, guint64 *out)
{
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  *out = g_ascii_strtoull (text, &end, 10);
  return errno == 0 && end && *end == '\0';
}

gboolean
vd_parse_port (const char *option, const char *text, gboolean allow_auto,
               int *out, GError **error)
{
  guint64 value;

  if (allow_auto && g_strcmp0 (text, "auto") == 0)
    {
      *out = VD_PORT_AUTO;
      return TRUE;
    }
  if (!parse_unsigned (text, &value) || value < VD_PORT_MIN || value > VD_PORT_MAX)
    {
      g_autofree char *q = quoted (text);
      return vd_value_invalid (error, "invalid %s %s: give a port from %d to %d%s", option, q,
                   VD_PORT_MIN, VD_PORT_MAX, allow_auto ? " or 'auto'" : "");
    }
  *out = (int) value;
  return TRUE;
}

gboolean
vd_parse_count (const char *option, const char *text, guint64 min, guint64 max,
                guint64 *out, GError **error)
{
  guint64 value;

  if (!parse_unsigned (text, &value) || value < min || value > max)
    {
      g_autofree char *q = quoted (text);
      return vd_value_invalid (error, "invalid %s %s: give a whole number from %" G_GUINT64_FORMAT
                   " to %" G_GUINT64_FORMAT, option, q, min, max);
    }
  *out = value;
  return TRUE;
}

/* The most digits a size may have after its decimal point. */
#define SIZE_FRACTION_DIGITS 6

/* A decimal number with an optional binary unit suffix (k, M, G or T, any
 * case, or KiB, MiB, GiB, TiB); returns bytes, rounded down, and whether
 * they are exact. */
static gboolean
parse_size (const char *text, guint64 default_unit, guint64 *bytes, gboolean *exact)
{
  static const struct { const char *suffix; guint64 factor; } units[] = {
    { "k",   G_GUINT64_CONSTANT (1) << 10 }, { "KiB", G_GUINT64_CONSTANT (1) << 10 },
    { "M",   G_GUINT64_CONSTANT (1) << 20 }, { "MiB", G_GUINT64_CONSTANT (1) << 20 },
    { "G",   G_GUINT64_CONSTANT (1) << 30 }, { "GiB", G_GUINT64_CONSTANT (1) << 30 },
    { "T",   G_GUINT64_CONSTANT (1) << 40 }, { "TiB", G_GUINT64_CONSTANT (1) << 40 },
  };
  const char *p = text;
  guint64 whole = 0, frac_num = 0, frac_den = 1;
  guint64 factor = 0;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      if (whole > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      whole = whole * 10 + (guint64) (*p - '0');
    }
  if (*p == '.')
    {
      int digits = 0;

      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (++digits > SIZE_FRACTION_DIGITS)
            return FALSE;
          frac_num = frac_num * 10 + (guint64) (*p - '0');
          frac_den *= 10;
        }
    }
  if (*p == '\0')
    factor = default_unit;
  else
    for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
      if ((units[i].suffix[1] == '\0' && g_ascii_strcasecmp (p, units[i].suffix) == 0) ||
          strcmp (p, units[i].suffix) == 0)
        factor = units[i].factor;
  if (factor == 0 || whole > G_MAXUINT64 / factor)
    return FALSE;
  /* frac_num < 10^6 and factor <= 2^40: the product fits. */
  if (whole * factor > G_MAXUINT64 - frac_num * factor / frac_den)
    return FALSE;
  *bytes = whole * factor + frac_num * factor / frac_den;
  *exact = (frac_num * factor) % frac_den == 0;
  return TRUE;
}

gboolean
vd_parse_memory_mib (const char *option, const char *text, guint64 *out,
                     GError **error)
{
  guint64 bytes;
  guint64 mib;
  gboolean exact;

  if (!parse_size (text, G_GUINT64_CONSTANT (1) << 20, &bytes, &exact) || !exact ||
      bytes % (G_GUINT64_CONSTANT (1) << 20) != 0 ||
      (mib = bytes >> 20) < VD_MEMORY_MIN_MIB || mib > VD_MEMORY_MAX_MIB)
    {
      g_autofree char *q = quoted (text);
      return vd_value_invalid (error, "invalid %s %s: give a whole number of MiB (or a size "
                   "with a G suffix, e.g. 1.5G) from %d to %u", option, q,
                   VD_MEMORY_MIN_MIB, VD_MEMORY_MAX_MIB);
    }
  *out = mib;
  return TRUE;
}

gboolean
vd_parse_disk_size (const char *option, const char *text, guint64 *bytes,
                    GError **error)
{
  guint64 value;
  gboolean exact;

  if (!parse_size (text, G_GUINT64_CONSTANT (1) << 30, &value, &exact) ||
      value < (G_GUINT64_CONSTANT (1) << 20) ||
      value > (G_GUINT64_CONSTANT (1) << 50))
    {
      g_autofree char *q = quoted (text);
      return vd_value_invalid (error, "invalid %s %s: give a size in GiB, e.g. 20 or 0.5 "
                   "(or with an M, G or T suffix), or path=FILE", option, q);
    }
  *bytes = value;
  return TRUE;
}

gboolean
vd_check_domain_name (const char *name, GError **error)
{
  if (name == NULL || *name == '\0')
    return vd_value_invalid (error, "the desktop name is empty: give a name such as 'lab-01'");
  if (!g_utf8_validate (name, -1, NULL))
    return vd_value_invalid (error, "the desktop name is not valid UTF-8");
  if (strlen (name) > 200)
    return vd_value_invalid (error, "the desktop name is longer than 200 bytes");
  if (strchr (name, '/') != NULL)
    {
      g_autofree char *q = quoted (name);
      return vd_value_invalid (error, "invalid desktop name %s: a name cannot contain '/'", q);
    }
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_autofree char *q = quoted (name);
        return vd_value_invalid (error, "invalid desktop name %s: a name cannot contain "
                     "control characters", q);
      }
  return TRUE;
}

gboolean
vd_check_password (const char *password, GError **error)
{
  if (*password == '\0')
    return vd_value_invalid (error, "the password is empty");
  if (strlen (password) > VD_SPICE_PASSWORD_MAX)
    return vd_value_invalid (error, "the password is longer than SPICE allows (%d bytes)",
                 VD_SPICE_PASSWORD_MAX);
  if (!g_utf8_validate (password, -1, NULL))
    return vd_value_invalid (error, "the password is not valid UTF-8");
  for (const char *p = password; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return vd_value_invalid (error, "the password contains a control character "
                   "(only its one trailing newline is removed)");
  return TRUE;
}

gboolean
vd_parse_choice (const char *option, const char *text,
                 const char * const *choices, GError **error)
{
  g_autofree char *list = NULL;
  g_autofree char *q = NULL;

  if (g_strv_contains (choices, text))
    return TRUE;
  list = g_strjoinv (", ", (char **) choices);
  q = quoted (text);
  return vd_value_invalid (error, "invalid %s %s: choose one of %s", option, q, list);
}
