/* web-tokens.c: the token and web directories of the browser client.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "web-token.h"
#include "web-tokens.h"

static gboolean
io_error (GError **error, const char *what, const char *path, int errsv)
{
  return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "cannot %s %s: %s",
                      what, path, g_strerror (errsv)), FALSE;
}

/* DIR, made mode 0700 when missing and kept private when it is there. */
static gboolean
private_dir (const char *dir, GError **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return io_error (error, "make the directory", dir, errno);
  if (g_chmod (dir, 0700) != 0)
    return io_error (error, "make private the directory", dir, errno);
  return TRUE;
}

char *
vd_web_base_dir (GError **error)
{
  const char *env = g_getenv ("VDCTL_WEB_DIR");
  g_autofree char *dir = NULL;

  if (env && *env)
    dir = g_strdup (env);
  else if (geteuid () == 0)
    dir = g_strdup ("/var/lib/vdctl/web");
  else
    dir = g_build_filename (g_get_user_state_dir (), "vdctl", "web", NULL);
  if (!private_dir (dir, error))
    return NULL;
  return g_steal_pointer (&dir);
}

char *
vd_web_tokens_dir (const char *base, GError **error)
{
  g_autofree char *dir = g_build_filename (base, "tokens", NULL);

  if (!private_dir (dir, error))
    return NULL;
  return g_steal_pointer (&dir);
}

char *
vd_web_token_generate (GError **error)
{
  guint8 bytes[16];
  gsize done = 0;

  while (done < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + done, sizeof bytes - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return io_error (error, "read random bytes from", "getrandom(2)", errno), NULL;
      done += (gsize) n;
    }
  {
    GString *hex = g_string_sized_new (2 * sizeof bytes);

    for (gsize i = 0; i < sizeof bytes; i++)
      g_string_append_printf (hex, "%02x", bytes[i]);
    explicit_bzero (bytes, sizeof bytes);
    return g_string_free (hex, FALSE);
  }
}

static gboolean
write_fd (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
vd_web_token_write (const char *base, const char *token, const char *host, guint port,
                    gint64 expires, GError **error)
{
  g_autofree char *dir = vd_web_tokens_dir (base, error);
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tmp = NULL;
  gboolean ok;
  int fd, errsv;

  if (dir == NULL)
    return FALSE;
  if (!vd_web_token_name_ok (token))
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "'%s' is not a token vdctl makes", token), FALSE;
  text = vd_web_token_format (token, host, port, expires, error);
  if (text == NULL)
    return FALSE;
  path = g_build_filename (dir, token, NULL);
  /* Beside the token directory, which websockify reads whole. */
  tmp = g_build_filename (base, ".token.XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return io_error (error, "write a token file in", base, errno);
  ok = write_fd (fd, text, strlen (text)) && fsync (fd) == 0;
  errsv = errno;
  if (close (fd) != 0 && ok)
    ok = FALSE, errsv = errno;
  if (ok && rename (tmp, path) != 0)
    ok = FALSE, errsv = errno;
  if (!ok)
    {
      g_unlink (tmp);
      return io_error (error, "write the token file", path, errsv);
    }
  return TRUE;
}

void
vd_web_token_remove (const char *base, const char *token)
{
  g_autofree char *path = NULL;

  if (!vd_web_token_name_ok (token))
    return;
  path = g_build_filename (base, "tokens", token, NULL);
  g_unlink (path);
}

int
vd_web_tokens_sweep (const char *base, gint64 now, GError **error)
{
  g_autofree char *dir = vd_web_tokens_dir (base, error);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  int removed = 0;

  if (dir == NULL)
    return -1;
  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return -1;
  while ((name = g_dir_read_name (listing)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;

      /* A file that cannot be read is no token websockify could use
       * either; one that vanished went with another sweep. */
      if (g_file_get_contents (path, &text, NULL, NULL) && !vd_web_token_is_stale (text, now))
        continue;
      if (g_unlink (path) == 0)
        removed++;
    }
  return removed;
}

/* Symlinks in WWW to each entry of FROM. */
static gboolean
link_entries (const char *www, const char *from, GError **error)
{
  g_autoptr(GDir) listing = g_dir_open (from, 0, error);
  const char *name;

  if (listing == NULL)
    return FALSE;
  while ((name = g_dir_read_name (listing)))
    {
      g_autofree char *target = g_build_filename (from, name, NULL);
      g_autofree char *link = g_build_filename (www, name, NULL);

      g_unlink (link);
      if (symlink (target, link) != 0)
        return io_error (error, "make the link", link, errno);
    }
  return TRUE;
}

char *
vd_web_www_prepare (const char *base, const char *spice_dir, const char *page_dir,
                    GError **error)
{
  g_autofree char *www = g_build_filename (base, "www", NULL);
  g_autoptr(GDir) old = NULL;
  const char *name;

  if (!private_dir (www, error))
    return NULL;
  /* Links of an earlier start may point to files gone since. */
  old = g_dir_open (www, 0, error);
  if (old == NULL)
    return NULL;
  while ((name = g_dir_read_name (old)))
    {
      g_autofree char *path = g_build_filename (www, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        g_unlink (path);
    }
  if (!link_entries (www, spice_dir, error) || !link_entries (www, page_dir, error))
    return NULL;
  return g_steal_pointer (&www);
}
