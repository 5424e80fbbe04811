/* secret.c: passwords read from a file or standard input, or generated.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
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

void
vd_secret_protect_process (void)
{
  /* No core file and no ptrace by the same user: /proc/PID/mem and a
   * core dump would show every secret this process holds.  The programs
   * it starts get their own setting back at exec. */
  if (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
    prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static const char *
where_from (const char *path)
{
  return strcmp (path, "-") == 0 ? "standard input" : path;
}

/* A bigger buffer holding what BUF held; the old one is wiped. */
static char *
grow (char *buf, gsize len, gsize new_size)
{
  char *bigger = g_malloc (new_size + 1);

  memcpy (bigger, buf, len);
  explicit_bzero (buf, len);
  g_free (buf);
  return bigger;
}

/* Everything STREAM holds, to its end: a pipe may hand a password over in
 * several pieces.  No more than VD_SECRET_MAX_BYTES. */
static char *
read_to_end (GInputStream *stream, gsize *length, gboolean *too_long, GError **error)
{
  gsize size = 256, len = 0;
  char *buf = g_malloc (size + 1);

  *too_long = FALSE;
  for (;;)
    {
      gssize got;

      if (len == size)
        {
          if (size > VD_SECRET_MAX_BYTES)
            {
              *too_long = TRUE;
              break;
            }
          size = MIN (size * 2, VD_SECRET_MAX_BYTES + 1);
          buf = grow (buf, len, size);
        }
      got = g_input_stream_read (stream, buf + len, size - len, NULL, error);
      if (got < 0)
        {
          explicit_bzero (buf, len);
          g_free (buf);
          return NULL;
        }
      if (got == 0)
        break;
      len += (gsize) got;
    }
  buf[len] = '\0';
  *length = len;
  return buf;
}

char *
vd_secret_read_text (const char *path, const char *what, GError **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *where = where_from (path);
  gboolean too_long = FALSE;
  char *secret;
  gsize len = 0;

  vd_secret_protect_process ();
  if (strcmp (path, "-") == 0)
    stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  else
    {
      /* A path, never a URI: 'desk:pw' is a file in this directory. */
      g_autoptr(GFile) file = g_file_new_for_path (path);

      stream = G_INPUT_STREAM (g_file_read (file, NULL, &local_error));
      if (stream == NULL)
        return g_set_error (error, G_IO_ERROR, local_error->code,
                            "cannot read the %s file: %s", what, local_error->message), NULL;
    }
  secret = read_to_end (stream, &len, &too_long, &local_error);
  if (secret == NULL)
    return g_set_error (error, G_IO_ERROR, local_error->code,
                        "cannot read the %s from %s: %s", what, where,
                        local_error->message), NULL;
  if (too_long)
    local_error = g_error_new (VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                               "%s holds more than %d bytes: that is no %s",
                               where, VD_SECRET_MAX_BYTES, what);
  else if (memchr (secret, '\0', len))
    local_error = g_error_new (VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                               "the %s in %s holds a NUL byte; write it as one line of text",
                               what, where);
  if (local_error)
    {
      explicit_bzero (secret, len);
      g_free (secret);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (len > 0 && secret[len - 1] == '\n')
    secret[--len] = '\0';
  if (len > 0 && secret[len - 1] == '\r')
    secret[--len] = '\0';
  return secret;
}

char *
vd_secret_read_line (const char *path, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret = vd_secret_read_text (path, "password", error);

  if (secret == NULL)
    return NULL;
  if (*secret == '\0')
    local_error = g_error_new (VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID, "the password is empty");
  else if (strchr (secret, '\n') || strchr (secret, '\r'))
    local_error = g_error_new (VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                               "the password is more than one line");
  else if (!g_utf8_validate (secret, -1, NULL))
    local_error = g_error_new (VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                               "the password is not valid UTF-8");
  if (local_error)
    {
      vd_secret_free (secret);
      return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID, "%s in %s",
                          local_error->message, where_from (path)), NULL;
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
                   local_error->message, where_from (path));
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

  vd_secret_protect_process ();
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
