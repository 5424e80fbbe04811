/* web-token.c: token files of websockify's TokenFile plugin, and the URL
 * of vdctl's browser page.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>

#include "web-token.h"

#define EXPIRES_PREFIX "# expires: "

static gboolean
part_ok (const char *what, const char *value, GError **error)
{
  if (value == NULL || *value == '\0')
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "the token file needs a %s", what), FALSE;
  for (const char *p = value; *p; p++)
    if (g_ascii_isspace (*p) || *p == ':' || *p == '#' || (guchar) *p < 0x20)
      return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                          "the %s '%s' cannot go into a token file (it holds '%c'); "
                          "websockify's token files take no spaces, colons or '#'",
                          what, value, *p), FALSE;
  return TRUE;
}

char *
vd_web_token_format (const char *token, const char *host, guint port, gint64 expires,
                     GError **error)
{
  if (!part_ok ("token", token, error) || !part_ok ("host", host, error))
    return NULL;
  if (port == 0 || port > 65535)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "the token file needs a port from 1 to 65535, not %u", port), NULL;
  if (expires <= 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "the token file needs an expiry time"), NULL;
  return g_strdup_printf (EXPIRES_PREFIX "%" G_GINT64_FORMAT "\n%s: %s:%u\n",
                          expires, token, host, port);
}

static gboolean
parse_expires (const char *line, gint64 *expires)
{
  const char *digits = line + strlen (EXPIRES_PREFIX);
  char *end = NULL;
  gint64 value;

  if (!g_ascii_isdigit (*digits))
    return FALSE;
  value = g_ascii_strtoll (digits, &end, 10);
  if (*end != '\0' || value <= 0)
    return FALSE;
  *expires = value;
  return TRUE;
}

static gboolean
parse_mapping (const char *line, char **token, char **target)
{
  const char *sep = strstr (line, ": ");
  const char *colon;

  if (sep == NULL || sep == line)
    return FALSE;
  colon = strrchr (sep + 2, ':');
  if (colon == NULL || colon == sep + 2 || colon[1] == '\0')
    return FALSE;
  *token = g_strndup (line, (gsize) (sep - line));
  *target = g_strdup (sep + 2);
  return TRUE;
}

gboolean
vd_web_token_parse (const char *text, char **token, char **target, gint64 *expires,
                    GError **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *tok = NULL;
  g_autofree char *tgt = NULL;
  gint64 when = 0;

  for (char **l = lines; *l; l++)
    {
      if (**l == '\0')
        continue;
      if (g_str_has_prefix (*l, EXPIRES_PREFIX))
        {
          if (when != 0 || !parse_expires (*l, &when))
            return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                "bad expiry line '%s'", *l), FALSE;
          continue;
        }
      if (**l == '#')
        continue;
      if (tok != NULL || !parse_mapping (*l, &tok, &tgt))
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                            "not one 'TOKEN: HOST:PORT' line"), FALSE;
    }
  if (tok == NULL || when == 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                        tok ? "no expiry line" : "no 'TOKEN: HOST:PORT' line"), FALSE;
  if (token)
    *token = g_steal_pointer (&tok);
  if (target)
    *target = g_steal_pointer (&tgt);
  if (expires)
    *expires = when;
  return TRUE;
}

gboolean
vd_web_token_is_stale (const char *text, gint64 now)
{
  gint64 expires = 0;

  if (!vd_web_token_parse (text, NULL, NULL, &expires, NULL))
    return TRUE;
  return expires <= now;
}

gboolean
vd_web_token_name_ok (const char *name)
{
  gsize len = strlen (name);

  if (len < 32 || len > 128)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

char *
vd_web_token_url (gboolean tls, const char *host, guint port, const char *token,
                  const char *password)
{
  g_autofree char *tok = g_uri_escape_string (token, NULL, FALSE);
  g_autofree char *pw = g_uri_escape_string (password, NULL, FALSE);
  g_autofree char *fragment = g_strconcat ("token=", tok, "&password=", pw, NULL);

  /* The fragment is escaped already: the URI's flags say so. */
  return g_uri_join (G_URI_FLAGS_ENCODED_FRAGMENT, tls ? "https" : "http", NULL, host,
                     (int) port, "/vdctl.html", NULL, fragment);
}
