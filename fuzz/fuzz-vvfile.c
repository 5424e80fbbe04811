/* fuzz-vvfile.c: the .vv writer with any strings.
 *
 * The input is five bytes, then the string fields separated by NUL bytes
 * (no C string holds a NUL, so this loses nothing):
 *
 *   bytes 0-1  port + 1 (0: none)        bytes 2-3  tls-port + 1
 *   byte  4    bit 0 delete-this-file, bit 1 usb autoshare, bit 2
 *              fullscreen, bit 3 keep the default hotkeys
 *   then       host, password, title, usb-filter, proxy, ca, host-subject,
 *              secure-attention, release-cursor, toggle-fullscreen
 *              (a field past the end of the input is not set)
 *
 * The file vd_vv_file_to_data writes must load with GKeyFile (as
 * remote-viewer reads it) into exactly one group, [virt-viewer], holding
 * exactly the keys written, each with the value written, byte for byte:
 * no value can end a line, start a group or add a key.  A value that is
 * not UTF-8 cannot be read back as a string (GKeyFile refuses it), but it
 * must not inject anything either.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "vvfile.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

typedef struct {
  const char *key;
  size_t offset;
} StringField;

static const StringField string_fields[] = {
  { "host", G_STRUCT_OFFSET (VdVvFile, host) },
  { "password", G_STRUCT_OFFSET (VdVvFile, password) },
  { "title", G_STRUCT_OFFSET (VdVvFile, title) },
  { "usb-filter", G_STRUCT_OFFSET (VdVvFile, usb_filter) },
  { "proxy", G_STRUCT_OFFSET (VdVvFile, proxy) },
  { "ca", G_STRUCT_OFFSET (VdVvFile, ca) },
  { "host-subject", G_STRUCT_OFFSET (VdVvFile, host_subject) },
  { "secure-attention", G_STRUCT_OFFSET (VdVvFile, secure_attention) },
  { "release-cursor", G_STRUCT_OFFSET (VdVvFile, release_cursor) },
  { "toggle-fullscreen", G_STRUCT_OFFSET (VdVvFile, toggle_fullscreen) },
};

#define FIELD(vv, f) G_STRUCT_MEMBER (char *, (vv), (f)->offset)

static void
expect (GHashTable *expected, const char *key, char *value)
{
  g_hash_table_replace (expected, (char *) key, value);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FuzzInput in = { data, size };
  g_auto(VdVvFile) vv = { 0, };
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                          NULL, g_free);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) keys = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gsize length = 0;
  guint8 flags;

  vd_vv_file_init (&vv);
  vv.port = (int) fuzz_u16 (&in) - 1;
  vv.tls_port = (int) fuzz_u16 (&in) - 1;
  flags = fuzz_byte (&in);
  vv.delete_this_file = (flags & 1) != 0;
  vv.usb_autoshare = (flags & 2) != 0;
  vv.fullscreen = (flags & 4) != 0;
  for (gsize i = 0; i < G_N_ELEMENTS (string_fields); i++)
    {
      const StringField *f = &string_fields[i];
      char *s = fuzz_field (&in);

      if (s == NULL && (flags & 8))
        break;
      g_free (FIELD (&vv, f));
      FIELD (&vv, f) = s;
    }

  expect (expected, "type", g_strdup ("spice"));
  if (vv.port > 0)
    expect (expected, "port", g_strdup_printf ("%d", vv.port));
  if (vv.tls_port > 0)
    expect (expected, "tls-port", g_strdup_printf ("%d", vv.tls_port));
  if (vv.delete_this_file)
    expect (expected, "delete-this-file", g_strdup ("1"));
  expect (expected, "enable-usbredir", g_strdup ("1"));
  expect (expected, "enable-usb-autoshare", g_strdup (vv.usb_autoshare ? "1" : "0"));
  if (vv.fullscreen)
    expect (expected, "fullscreen", g_strdup ("1"));
  for (gsize i = 0; i < G_N_ELEMENTS (string_fields); i++)
    if (FIELD (&vv, &string_fields[i]))
      expect (expected, string_fields[i].key, g_strdup (FIELD (&vv, &string_fields[i])));

  text = vd_vv_file_to_data (&vv, &length);
  fuzz_check (text != NULL, "no file");
  fuzz_check (strlen (text) == length, "the file holds a NUL");
  fuzz_check (g_key_file_load_from_data (kf, text, length, G_KEY_FILE_NONE, &error),
              "the file does not load: %s\n%s", error->message, text);

  groups = g_key_file_get_groups (kf, NULL);
  fuzz_check (g_strv_length (groups) == 1 && strcmp (groups[0], "virt-viewer") == 0,
              "groups other than [virt-viewer]:\n%s", text);
  keys = g_key_file_get_keys (kf, "virt-viewer", NULL, NULL);
  for (char **k = keys; *k; k++)
    fuzz_check (g_hash_table_contains (expected, *k), "a key not written: '%s'\n%s",
                *k, text);
  fuzz_check (g_strv_length (keys) == g_hash_table_size (expected),
              "%u keys read, %u written\n%s", g_strv_length (keys),
              g_hash_table_size (expected), text);

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *got = NULL;

      if (!g_utf8_validate (value, -1, NULL))
        {
          got = g_key_file_get_value (kf, "virt-viewer", key, NULL);
          fuzz_check (got != NULL, "%s: no value", (const char *) key);
          continue;
        }
      got = g_key_file_get_string (kf, "virt-viewer", key, &error);
      fuzz_check (got != NULL, "%s: %s\n%s", (const char *) key, error->message, text);
      /* Leading form feeds and vertical tabs are left out on purpose
       * (vvfile.h): GKeyFile cannot carry them. */
      {
        const char *read_back = (const char *) value + strspn (value, "\f\v");

        fuzz_check (strcmp (got, read_back) == 0, "%s: wrote '%s', read '%s'\n%s",
                    (const char *) key, read_back, got, text);
      }
    }
  if (length > 0)
    explicit_bzero (text, length);
  return 0;
}
