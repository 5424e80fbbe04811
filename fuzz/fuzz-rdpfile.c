/* fuzz-rdpfile.c: the .rdp writer with any keys and values.
 *
 * The input is a list of settings, each:
 *
 *   byte      bit 0: an integer (1) or a string (0); the other bits pick
 *             the key from KEYS below, or (when they pick past its end)
 *             the key is the next NUL-terminated field
 *   integer   8 bytes, big-endian, as a signed 64-bit number
 *   string    the next NUL-terminated field
 *
 * What rdpfile.h documents is checked against an independent model: a
 * key or a string value that holds a control character (CR and LF among
 * them), U+2028 or U+2029, or is not UTF-8, is refused with an error, as
 * is a key that is empty, starts with '/' or ' ', or holds ':'; anything
 * else is taken, and a key set again (in any case) keeps its place and
 * takes the new value.  The file must then be exactly one
 * "KEY:TYPE:VALUE" line, ended by CRLF, per key taken, in that order, with
 * the values written: no value can end its line or add one.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "rdpfile.h"

static const char * const KEYS[] = {
  "full address", "server port", "username", "domain", "screen mode id",
  "Full Address", "USERNAME", "drivestoredirect", "usbdevicestoredirect",
  "audiomode", "redirectclipboard", "/v", " lead", "a:b", "", "k\r\nx:s:y",
  "caf\xc3\xa9", "\xff", "line\xe2\x80\xa8sep",
};

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

typedef struct {
  char *key;
  char type;
  char *value;
} Expected;

static void
expected_free (gpointer data)
{
  Expected *e = data;

  g_free (e->key);
  g_free (e->value);
  g_free (e);
}

/* The documented rule, written again from rdpfile.h. */
static gboolean
may_hold (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_CONTROL || c == 0x2028 || c == 0x2029)
        return FALSE;
    }
  return TRUE;
}

static gboolean
may_be_key (const char *key)
{
  return *key && *key != '/' && *key != ' ' && strchr (key, ':') == NULL && may_hold (key);
}

static void
expect (GPtrArray *lines, const char *key, char type, char *value)
{
  for (guint i = 0; i < lines->len; i++)
    {
      Expected *e = lines->pdata[i];

      if (g_ascii_strcasecmp (e->key, key) == 0)
        {
          e->type = type;
          g_free (e->value);
          e->value = value;
          return;
        }
    }
  {
    Expected *e = g_new0 (Expected, 1);

    e->key = g_strdup (key);
    e->type = type;
    e->value = value;
    g_ptr_array_add (lines, e);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FuzzInput in = { data, size };
  g_autoptr(VdRdpFile) file = vd_rdp_file_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (expected_free);
  g_autofree char *text = NULL;
  g_auto(GStrv) got = NULL;
  gsize length = 0;
  guint n;

  while (in.size > 0)
    {
      guint8 op = fuzz_byte (&in);
      guint pick = op >> 1;
      g_autofree char *own_key = pick < G_N_ELEMENTS (KEYS) ? NULL : fuzz_field (&in);
      const char *key = own_key ? own_key : pick < G_N_ELEMENTS (KEYS) ? KEYS[pick] : "";
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (op & 1)
        {
          guint64 u = 0;

          for (int i = 0; i < 8; i++)
            u = u << 8 | fuzz_byte (&in);
          ok = vd_rdp_file_set_int (file, key, (gint64) u, &error);
          fuzz_check (ok == may_be_key (key), "set_int '%s': %d", key, ok);
          if (ok)
            expect (lines, key, 'i', g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) u));
        }
      else
        {
          g_autofree char *value = fuzz_field (&in);

          if (value == NULL)
            value = g_strdup ("");
          ok = vd_rdp_file_set_string (file, key, value, &error);
          fuzz_check (ok == (may_be_key (key) && may_hold (value)),
                      "set_string '%s' '%s': %d", key, value, ok);
          if (ok)
            expect (lines, key, 's', g_strdup (value));
        }
      fuzz_check (ok == (error == NULL), "the result and the error disagree");
      if (!ok)
        fuzz_check (g_utf8_validate (error->message, -1, NULL) &&
                    strpbrk (error->message, "\r\n") == NULL,
                    "the message is not one line of UTF-8: %s", error->message);
    }

  text = vd_rdp_file_to_data (file, &length);
  fuzz_check (strlen (text) == length, "the file holds a NUL");
  fuzz_check (g_utf8_validate (text, -1, NULL), "the file is not UTF-8");
  fuzz_check (length == 0 || g_str_has_suffix (text, "\r\n"), "the last line has no CRLF");
  if (length == 0)
    {
      fuzz_check (lines->len == 0, "an empty file for %u keys", lines->len);
      return 0;
    }
  got = g_strsplit (text, "\r\n", -1);
  n = g_strv_length (got);
  /* The split leaves an empty string after the last CRLF. */
  fuzz_check (n == lines->len + 1, "%u lines for %u keys:\n%s", n - 1, lines->len, text);
  for (guint i = 0; i < lines->len; i++)
    {
      const Expected *e = lines->pdata[i];
      const char *line = got[i];
      const char *colon = strchr (line, ':');

      fuzz_check (strpbrk (line, "\r\n") == NULL, "a bare line break in '%s'", line);
      fuzz_check (colon && (gsize) (colon - line) == strlen (e->key) &&
                  strncmp (line, e->key, strlen (e->key)) == 0,
                  "line %u is '%s', for key '%s'", i, line, e->key);
      fuzz_check (colon[1] == e->type && colon[2] == ':', "line %u: '%s'", i, line);
      fuzz_check (strcmp (colon + 3, e->value) == 0, "line %u: '%s', wrote '%s'",
                  i, line, e->value);
    }
  return 0;
}
