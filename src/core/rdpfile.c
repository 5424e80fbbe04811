/* rdpfile.c: Remote Desktop connection files (.rdp).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rdpfile.h"

G_DEFINE_QUARK (vd-rdp-file-error-quark, vd_rdp_file_error)

typedef struct {
  char *key;
  char type;                  /* 'i' or 's' */
  char *value;
} Line;

struct _VdRdpFile {
  GPtrArray *lines;           /* Line */
};

static void
line_free (gpointer data)
{
  Line *line = data;

  g_free (line->key);
  g_free (line->value);
  g_free (line);
}

VdRdpFile *
vd_rdp_file_new (void)
{
  VdRdpFile *file = g_new0 (VdRdpFile, 1);

  file->lines = g_ptr_array_new_with_free_func (line_free);
  return file;
}

void
vd_rdp_file_free (VdRdpFile *file)
{
  if (file == NULL)
    return;
  g_ptr_array_unref (file->lines);
  g_free (file);
}

/* Whether TEXT could end its line early, or make a reader see more than
 * one value: a control character (CR and LF among them) or a Unicode line
 * or paragraph separator. */
static gboolean
breaks_line (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_key (const char *key, GError **error)
{
  gboolean ok = key != NULL && *key != '\0' && *key != '/' && *key != ' ' &&
                g_utf8_validate (key, -1, NULL) && !breaks_line (key) &&
                strchr (key, ':') == NULL;

  if (!ok)
    {
      g_autofree char *shown = g_strescape (key ? key : "", NULL);

      g_set_error (error, VD_RDP_FILE_ERROR, VD_RDP_FILE_ERROR_KEY,
                   "'%s' cannot be a key of an .rdp file", shown);
    }
  return ok;
}

static void
set_line (VdRdpFile *file, const char *key, char type, char *value)
{
  Line *line = NULL;

  for (guint i = 0; i < file->lines->len; i++)
    {
      Line *l = g_ptr_array_index (file->lines, i);

      if (g_ascii_strcasecmp (l->key, key) == 0)
        line = l;
    }
  if (line == NULL)
    {
      line = g_new0 (Line, 1);
      line->key = g_strdup (key);
      g_ptr_array_add (file->lines, line);
    }
  line->type = type;
  g_free (line->value);
  line->value = value;
}

gboolean
vd_rdp_file_set_int (VdRdpFile *file, const char *key, gint64 value, GError **error)
{
  if (!check_key (key, error))
    return FALSE;
  set_line (file, key, 'i', g_strdup_printf ("%" G_GINT64_FORMAT, value));
  return TRUE;
}

gboolean
vd_rdp_file_set_string (VdRdpFile *file, const char *key, const char *value,
                        GError **error)
{
  if (!check_key (key, error))
    return FALSE;
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return g_set_error (error, VD_RDP_FILE_ERROR, VD_RDP_FILE_ERROR_VALUE,
                        "the value of '%s' is not valid UTF-8", key), FALSE;
  if (breaks_line (value))
    {
      g_autofree char *shown = g_strescape (value, NULL);

      return g_set_error (error, VD_RDP_FILE_ERROR, VD_RDP_FILE_ERROR_VALUE,
                          "the value of '%s' ('%s') holds a line break or another "
                          "control character, which an .rdp file cannot hold",
                          key, shown), FALSE;
    }
  set_line (file, key, 's', g_strdup (value));
  return TRUE;
}

char *
vd_rdp_file_to_data (const VdRdpFile *file, gsize *length)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < file->lines->len; i++)
    {
      const Line *l = g_ptr_array_index (file->lines, i);

      g_string_append (out, l->key);
      g_string_append_c (out, ':');
      g_string_append_c (out, l->type);
      g_string_append_c (out, ':');
      g_string_append (out, l->value);
      g_string_append (out, "\r\n");
    }
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/* "PATH(NAME);PATH(NAME)": FreeRDP reads each entry as a directory and the
 * share name it gets. */
static char *
drives_value (const VdRdpPolicy *p)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < p->drives->len; i++)
    {
      const VdRdpDrive *d = g_ptr_array_index (p->drives, i);

      if (i > 0)
        g_string_append_c (out, ';');
      g_string_append (out, d->path);
      g_string_append_c (out, '(');
      g_string_append (out, d->name);
      g_string_append_c (out, ')');
    }
  return g_string_free (out, FALSE);
}

/* Hardware IDs, "USB\VID_054C&PID_0268;...", for RemoteFX USB redirection
 * in mstsc. */
static char *
usb_value (const VdRdpPolicy *p)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < p->usb->len; i++)
    {
      const VdRdpUsbDevice *d = &g_array_index (p->usb, VdRdpUsbDevice, i);

      g_string_append_printf (out, "%sUSB\\VID_%04X&PID_%04X", i > 0 ? ";" : "",
                              d->vendor, d->product);
    }
  return g_string_free (out, FALSE);
}

char *
vd_rdp_file_for_desktop (const VdRdpSettings *s, const char *host, int port,
                         gboolean fullscreen, gsize *length, GError **error)
{
  g_autoptr(VdRdpFile) file = vd_rdp_file_new ();
  g_autofree char *address = vd_rdp_format_address (host, -1);
  const VdRdpPolicy *p = &s->policy;
  gboolean ok;

  ok = vd_rdp_file_set_string (file, "full address", address, error) &&
       vd_rdp_file_set_int (file, "server port", port, error) &&
       (s->user == NULL || vd_rdp_file_set_string (file, "username", s->user, error)) &&
       (s->domain == NULL || vd_rdp_file_set_string (file, "domain", s->domain, error)) &&
       vd_rdp_file_set_int (file, "screen mode id", fullscreen ? 2 : 1, error) &&
       vd_rdp_file_set_int (file, "dynamic resolution", 1, error) &&
       /* A guest's certificate is self-signed: warn, and let the user
        * decide. */
       vd_rdp_file_set_int (file, "authentication level", 2, error) &&
       vd_rdp_file_set_int (file, "redirectclipboard", p->clipboard, error) &&
       vd_rdp_file_set_int (file, "redirectprinters", p->printers, error) &&
       vd_rdp_file_set_int (file, "redirectsmartcards", p->smartcards, error) &&
       vd_rdp_file_set_int (file, "redirectcomports", p->serial || p->parallel, error) &&
       /* 0: play on this computer, 2: do not play. */
       vd_rdp_file_set_int (file, "audiomode", p->audio ? 0 : 2, error) &&
       vd_rdp_file_set_int (file, "audiocapturemode", p->microphone, error);
  if (ok && p->drives->len > 0)
    {
      g_autofree char *drives = drives_value (p);

      ok = vd_rdp_file_set_string (file, "drivestoredirect", drives, error);
    }
  if (ok && p->usb->len > 0)
    {
      g_autofree char *usb = usb_value (p);

      ok = vd_rdp_file_set_string (file, "usbdevicestoredirect", usb, error);
    }
  if (!ok)
    return NULL;
  return vd_rdp_file_to_data (file, length);
}
