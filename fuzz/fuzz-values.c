/* fuzz-values.c: the option-value parsers of values.h and the .vv option
 * checks of vvfile.h on any text.
 *
 * The input is a selector byte, a parameter byte, then the text (up to
 * the first NUL, as a command line would give it):
 *
 *   selector % 11   0 vd_parse_listen_address   1 vd_parse_port
 *                   2 vd_parse_count            3 vd_parse_memory_mib
 *                   4 vd_parse_disk_size        5 vd_check_domain_name
 *                   6 vd_check_password         7 vd_parse_choice
 *                   8 vd_vv_check_usb_filter    9 vd_vv_check_proxy
 *                  10 vd_address_is_loopback / vd_address_is_any
 *   parameter       port: bit 0 allows 'auto'; count: the bounds;
 *                   choice: which list
 *
 * For every text: no crash, no GLib critical or warning; a parser returns
 * FALSE exactly when it sets an error, whose message is valid UTF-8 (the
 * text is shown escaped); what it accepts is within the documented
 * bounds, and its output, written back as text, parses to itself.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop.h"
#include "fuzz-util.h"
#include "values.h"
#include "vvfile.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

/* The result and the error agree; a message is one line of UTF-8. */
static void
check_error (gboolean ok, const GError *error, const char *what, const char *text)
{
  if (ok)
    {
      fuzz_check (error == NULL, "%s accepted '%s' and set an error", what, text);
      return;
    }
  fuzz_check (error != NULL && error->message && *error->message,
              "%s refused '%s' without a message", what, text);
  fuzz_check (g_utf8_validate (error->message, -1, NULL),
              "%s: the message is not UTF-8: %s", what, error->message);
  fuzz_check (strchr (error->message, '\n') == NULL,
              "%s: the message holds a line break: %s", what, error->message);
}

static gboolean
is_plain_utf8 (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
fuzz_listen (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  gboolean ok = vd_parse_listen_address (text, &out, &error);

  check_error (ok, error, "vd_parse_listen_address", text);
  if (!ok)
    {
      fuzz_check (out == NULL, "a refused address set its output");
      return;
    }
  /* The canonical form is an address GLib and libvirt take as it is. */
  fuzz_check (out && *out && is_plain_utf8 (out), "listen output '%s'", out);
  fuzz_check (strchr (out, '[') == NULL && strchr (out, '%') == NULL &&
              strchr (out, ' ') == NULL, "listen output '%s' of '%s'", out, text);
  fuzz_check (vd_parse_listen_address (out, &again, NULL) && strcmp (again, out) == 0,
              "listen '%s' gives '%s', which gives '%s'", text, out, again);
}

static void
fuzz_port (const char *text, gboolean allow_auto)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  int port = -7, again = -7;
  gboolean ok = vd_parse_port ("--port", text, allow_auto, &port, &error);

  check_error (ok, error, "vd_parse_port", text);
  if (!ok)
    return;
  if (port == VD_PORT_AUTO)
    {
      fuzz_check (allow_auto && strcmp (text, "auto") == 0, "port 'auto' from '%s'", text);
      return;
    }
  fuzz_check (port >= VD_PORT_MIN && port <= VD_PORT_MAX, "port %d from '%s'", port, text);
  written = g_strdup_printf ("%d", port);
  fuzz_check (vd_parse_port ("--port", written, allow_auto, &again, NULL) && again == port,
              "port %d does not parse back", port);
}

static void
fuzz_count (const char *text, guint8 param)
{
  static const guint64 bounds[][2] = {
    { 0, VD_USBREDIR_MAX }, { 1, VD_VCPUS_MAX }, { 0, 0 }, { 5, 3 },
    { 0, G_MAXUINT64 }, { G_MAXUINT64, G_MAXUINT64 }, { 1, 1 }, { 0, 1000000 },
  };
  guint64 min = bounds[param % G_N_ELEMENTS (bounds)][0];
  guint64 max = bounds[param % G_N_ELEMENTS (bounds)][1];
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  guint64 value = 0, again = 0;
  gboolean ok = vd_parse_count ("--count", text, min, max, &value, &error);

  check_error (ok, error, "vd_parse_count", text);
  if (!ok)
    return;
  fuzz_check (value >= min && value <= max, "count %" G_GUINT64_FORMAT " from '%s'",
              value, text);
  fuzz_check (g_ascii_isdigit (text[0]), "count from '%s'", text);
  written = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  fuzz_check (vd_parse_count ("--count", written, min, max, &again, NULL) && again == value,
              "count %s does not parse back", written);
}

static void
fuzz_memory (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  guint64 mib = 0, again = 0;
  gboolean ok = vd_parse_memory_mib ("--memory", text, &mib, &error);

  check_error (ok, error, "vd_parse_memory_mib", text);
  if (!ok)
    return;
  fuzz_check (mib >= VD_MEMORY_MIN_MIB && mib <= VD_MEMORY_MAX_MIB,
              "memory %" G_GUINT64_FORMAT " MiB from '%s'", mib, text);
  written = g_strdup_printf ("%" G_GUINT64_FORMAT, mib);
  fuzz_check (vd_parse_memory_mib ("--memory", written, &again, NULL) && again == mib,
              "memory %s does not parse back", written);
  g_clear_pointer (&written, g_free);
  if (mib % 1024 == 0)
    {
      written = g_strdup_printf ("%" G_GUINT64_FORMAT "G", mib / 1024);
      fuzz_check (vd_parse_memory_mib ("--memory", written, &again, NULL) && again == mib,
                  "memory %s does not parse back", written);
    }
}

static void
fuzz_disk_size (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  guint64 bytes = 0, again = 0;
  gboolean ok = vd_parse_disk_size ("--disk size", text, &bytes, &error);

  check_error (ok, error, "vd_parse_disk_size", text);
  if (!ok)
    return;
  fuzz_check (bytes >= (G_GUINT64_CONSTANT (1) << 20) && bytes <= (G_GUINT64_CONSTANT (1) << 50),
              "disk size %" G_GUINT64_FORMAT " from '%s'", bytes, text);
  if (bytes % 1024 == 0)
    {
      written = g_strdup_printf ("%" G_GUINT64_FORMAT "k", bytes / 1024);
      fuzz_check (vd_parse_disk_size ("--disk size", written, &again, NULL) && again == bytes,
                  "disk size %s does not parse back", written);
    }
}

static void
fuzz_name (const char *text)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = vd_check_domain_name (text, &error);

  check_error (ok, error, "vd_check_domain_name", text);
  if (ok)
    fuzz_check (*text && strlen (text) <= 200 && strchr (text, '/') == NULL &&
                is_plain_utf8 (text), "name '%s' accepted", text);
}

static void
fuzz_password (const char *text)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = vd_check_password (text, &error);

  check_error (ok, error, "vd_check_password", text);
  /* The message never shows the password. */
  if (!ok && *text && strlen (text) >= 4)
    fuzz_check (strstr (error->message, text) == NULL, "the message shows the password");
  if (ok)
    fuzz_check (*text && strlen (text) <= VD_SPICE_PASSWORD_MAX && is_plain_utf8 (text),
                "password '%s' accepted", text);
}

static void
fuzz_choice (const char *text, guint8 param)
{
  static const char * const odd[] = { "", "a b", "<&>", "\xc3\xa9t\xc3\xa9", NULL };
  static const char * const empty[] = { NULL };
  const char * const *lists[] = { vd_video_models, vd_sound_models, odd, empty };
  const char * const *choices = lists[param % G_N_ELEMENTS (lists)];
  g_autoptr(GError) error = NULL;
  gboolean ok = vd_parse_choice ("--choice", text, choices, &error);

  check_error (ok, error, "vd_parse_choice", text);
  fuzz_check (ok == g_strv_contains (choices, text), "choice '%s': %d", text, ok);
}

static void
fuzz_usb_filter (const char *text)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = vd_vv_check_usb_filter (text, &error);

  check_error (ok, error, "vd_vv_check_usb_filter", text);
  /* spice-gtk splits on '|' and ','; nothing else may pass. */
  if (ok)
    {
      g_auto(GStrv) rules = g_strsplit (text, "|", -1);

      for (char **r = rules; *r; r++)
        {
          g_auto(GStrv) fields = g_strsplit (*r, ",", -1);

          fuzz_check (g_strv_length (fields) == 5, "filter '%s' accepted", text);
        }
      fuzz_check (strspn (text, "0123456789abcdefABCDEFxX,|+- \t\n\v\f\r") == strlen (text),
                  "filter '%s' accepted", text);
    }
}

static void
fuzz_proxy (const char *text)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = vd_vv_check_proxy (text, &error);

  check_error (ok, error, "vd_vv_check_proxy", text);
  if (ok)
    fuzz_check (g_ascii_strncasecmp (text, "http", 4) == 0, "proxy '%s' accepted", text);
}

static void
fuzz_address_kind (const char *text)
{
  gboolean loopback = vd_address_is_loopback (text);
  gboolean any = vd_address_is_any (text);

  fuzz_check (!(loopback && any), "'%s' is both loopback and any", text);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FuzzInput in = { data, size };
  guint8 selector = fuzz_byte (&in);
  guint8 param = fuzz_byte (&in);
  g_autofree char *text = fuzz_bytes_string (&in, in.size);

  switch (selector % 11)
    {
    case 0: fuzz_listen (text); break;
    case 1: fuzz_port (text, param & 1); break;
    case 2: fuzz_count (text, param); break;
    case 3: fuzz_memory (text); break;
    case 4: fuzz_disk_size (text); break;
    case 5: fuzz_name (text); break;
    case 6: fuzz_password (text); break;
    case 7: fuzz_choice (text, param); break;
    case 8: fuzz_usb_filter (text); break;
    case 9: fuzz_proxy (text); break;
    default: fuzz_address_kind (text); break;
    }
  return 0;
}
