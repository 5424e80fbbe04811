/* secret.c: SPICE passwords.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>

#include "desktop.h"
#include "secret.h"
#include "values.h"

void
vd_secret_free (char *secret)
{
  if (secret)
    {
      explicit_bzero (secret, strlen (secret));
      g_free (secret);
    }
}

static char *
read_stream (GInputStream *stream, gsize *length, GError **error)
{
  /* A password file holds one short line; a megabyte is plenty. */
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes (stream, 1024 * 1024, NULL, error);
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, length);
  return g_strndup (data ? data : "", *length);
}

char *
vd_secret_read_line (const char *path, GError **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *where = strcmp (path, "-") == 0 ? "standard input" : path;
  char *secret;
  gsize len = 0;

  if (strcmp (path, "-") == 0)
    stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      stream = G_INPUT_STREAM (g_file_read (file, NULL, &local_error));
      if (stream == NULL)
        return g_set_error (error, G_IO_ERROR, local_error->code,
                            "cannot read the password file: %s", local_error->message), NULL;
    }
  secret = read_stream (stream, &len, &local_error);
  if (secret == NULL)
    return g_set_error (error, G_IO_ERROR, local_error->code,
                        "cannot read the password from %s: %s", where,
                        local_error->message), NULL;
  if (len > 0 && secret[len - 1] == '\n')
    secret[--len] = '\0';
  if (len > 0 && secret[len - 1] == '\r')
    secret[--len] = '\0';

  if (len == 0)
    local_error = g_error_new (VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID, "the password is empty");
  else if (strlen (secret) != len || strchr (secret, '\n') || strchr (secret, '\r'))
    local_error = g_error_new (VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                               "the password is more than one line");
  else if (!g_utf8_validate (secret, -1, NULL))
    local_error = g_error_new (VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                               "the password is not valid UTF-8");
  if (local_error)
    {
      vd_secret_free (secret);
      return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID, "%s in %s",
                          local_error->message, where), NULL;
    }
  return secret;
}

char *
vd_secret_read_file (const char *path, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret = vd_secret_read_line (path, error);

  if (secret == NULL)
    return NULL;
  /* What SPICE itself takes. */
  if (!vd_check_password (secret, &local_error))
    {
      g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID, "%s in %s",
                   local_error->message,
                   strcmp (path, "-") == 0 ? "standard input" : path);
      vd_secret_free (secret);
      return NULL;
    }
  return secret;
}

char *
vd_secret_generate (GError **error)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  char *secret = g_malloc0 (VD_GENERATED_PASSWORD_LENGTH + 1);
  int filled = 0;

  while (filled < VD_GENERATED_PASSWORD_LENGTH)
    {
      guint8 buf[64];
      ssize_t got = getrandom (buf, sizeof buf, 0);

      if (got < 0)
        {
          if (errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "cannot get random bytes for a password: %s",
                       g_strerror (errno));
          vd_secret_free (secret);
          return NULL;
        }
      /* Rejection sampling: 248 = 4 * 62, so every symbol is equally likely. */
      for (ssize_t i = 0; i < got && filled < VD_GENERATED_PASSWORD_LENGTH; i++)
        if (buf[i] < 248)
          secret[filled++] = alphabet[buf[i] % 62];
      explicit_bzero (buf, sizeof buf);
    }
  return secret;
}
