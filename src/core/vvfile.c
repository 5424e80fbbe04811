/* vvfile.c: virt-viewer connection files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "values.h"
#include "vvfile.h"

#define VV_GROUP "virt-viewer"

void
vd_vv_file_init (VdVvFile *vv)
{
  memset (vv, 0, sizeof *vv);
  vv->port = -1;
  vv->tls_port = -1;
  vv->usbredir = TRUE;
  vv->secure_attention = g_strdup ("ctrl+alt+end");
  vv->release_cursor = g_strdup ("shift+f12");
  vv->toggle_fullscreen = g_strdup ("shift+f11");
}

void
vd_vv_file_clear (VdVvFile *vv)
{
  if (vv->password)
    explicit_bzero (vv->password, strlen (vv->password));
  g_free (vv->password);
  g_free (vv->host);
  g_free (vv->title);
  g_free (vv->usb_filter);
  g_free (vv->proxy);
  g_free (vv->ca);
  g_free (vv->host_subject);
  g_free (vv->secure_attention);
  g_free (vv->release_cursor);
  g_free (vv->toggle_fullscreen);
  memset (vv, 0, sizeof *vv);
}

static void
set_string (GKeyFile *kf, const char *key, const char *value)
{
  /* GKeyFile has no escape for a leading form feed or vertical tab and
   * drops them when it reads (remote-viewer too): leave them out. */
  if (value)
    g_key_file_set_string (kf, VV_GROUP, key, value + strspn (value, "\f\v"));
}

char *
vd_vv_file_to_data (const VdVvFile *vv, gsize *length)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  g_key_file_set_string (kf, VV_GROUP, "type", "spice");
  set_string (kf, "host", vv->host);
  if (vv->port > 0)
    g_key_file_set_integer (kf, VV_GROUP, "port", vv->port);
  if (vv->tls_port > 0)
    g_key_file_set_integer (kf, VV_GROUP, "tls-port", vv->tls_port);
  set_string (kf, "password", vv->password);
  set_string (kf, "title", vv->title);
  if (vv->delete_this_file)
    g_key_file_set_integer (kf, VV_GROUP, "delete-this-file", 1);
  g_key_file_set_integer (kf, VV_GROUP, "enable-usbredir", vv->usbredir ? 1 : 0);
  if (vv->smartcard)
    g_key_file_set_integer (kf, VV_GROUP, "enable-smartcard", 1);
  g_key_file_set_integer (kf, VV_GROUP, "enable-usb-autoshare", vv->usb_autoshare ? 1 : 0);
  set_string (kf, "usb-filter", vv->usb_filter);
  if (vv->fullscreen)
    g_key_file_set_integer (kf, VV_GROUP, "fullscreen", 1);
  set_string (kf, "secure-attention", vv->secure_attention);
  set_string (kf, "release-cursor", vv->release_cursor);
  set_string (kf, "toggle-fullscreen", vv->toggle_fullscreen);
  set_string (kf, "proxy", vv->proxy);
  set_string (kf, "ca", vv->ca);
  set_string (kf, "host-subject", vv->host_subject);
  return g_key_file_to_data (kf, length, NULL);
}

/* -1, or a number up to MAX, decimal or 0x-hex, exactly as spice-gtk's
 * parser takes it: no spaces. */
static gboolean
filter_number (const char *text, guint64 max)
{
  guint64 u;

  if (strcmp (text, "-1") == 0)
    return TRUE;
  if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
    return text[2] != '\0' && g_ascii_string_to_unsigned (text + 2, 16, 0, max, &u, NULL);
  return g_ascii_string_to_unsigned (text, 10, 0, max, &u, NULL);
}

static gboolean
filter_rule_is_valid (const char *rule)
{
  g_auto(GStrv) fields = g_strsplit (rule, ",", -1);

  /* A USB class is a byte; vendor, product and version are 16 bits. */
  return g_strv_length (fields) == 5 && filter_number (fields[0], 0xff) &&
         filter_number (fields[1], 0xffff) && filter_number (fields[2], 0xffff) &&
         filter_number (fields[3], 0xffff) &&
         (strcmp (fields[4], "0") == 0 || strcmp (fields[4], "1") == 0);
}

gboolean
vd_vv_check_usb_filter (const char *rules, GError **error)
{
  g_auto(GStrv) list = g_strsplit (rules, "|", -1);
  gboolean valid = *rules != '\0';

  for (char **rule = list; valid && *rule; rule++)
    valid = filter_rule_is_valid (*rule);
  if (!valid)
    g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                 "invalid --usb-filter: give rules CLASS,VENDOR,PRODUCT,VERSION,ALLOW "
                 "separated by '|' with no spaces, each field -1 or a number (CLASS up "
                 "to 0xff, e.g. 0x08 for mass storage; the others up to 0xffff), ALLOW "
                 "0 or 1: e.g. '0x03,-1,-1,-1,0|-1,-1,-1,-1,1'");
  return valid;
}

gboolean
vd_vv_check_proxy (const char *url, GError **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                   "invalid --proxy: give an HTTP proxy URL such as "
                   "http://proxy.example.com:3128");
      return FALSE;
    }
  return TRUE;
}
