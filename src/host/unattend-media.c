/* unattend-media.c: the small CD image that carries an answer file to
 * Windows Setup.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "unattend-media.h"

#define VOLUME_LABEL "UNATTEND"

/* Programs that take mkisofs' options, in the order tried; the first is
 * the one vdctl's Debian dependencies name. */
static const char * const iso_tools[] = { "genisoimage", "xorrisofs", "mkisofs", NULL };

/* Remove FILE, overwriting it first: it holds an encoded password. */
static void
wipe_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (g_file_get_contents (path, &contents, &len, NULL) && len > 0)
    {
      g_autofree char *zeros = g_malloc0 (len);

      g_file_set_contents_full (path, zeros, len, G_FILE_SET_CONTENTS_NONE, 0600, NULL);
      explicit_bzero (contents, len);
    }
  g_unlink (path);
}

static char *
find_tool (void)
{
  for (int i = 0; iso_tools[i]; i++)
    {
      char *path = g_find_program_in_path (iso_tools[i]);

      if (path)
        return path;
    }
  return NULL;
}

static GBytes *
make_in (const char *dir, const char *file_name, const char *contents, gsize length,
         GError **error)
{
  g_autofree char *tool = find_tool ();
  g_autofree char *root = g_build_filename (dir, "root", NULL);
  g_autofree char *file = g_build_filename (root, file_name, NULL);
  g_autofree char *image = g_build_filename (dir, "image.iso", NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err_text = NULL;
  g_autofree char *data = NULL;
  gsize size = 0;

  if (tool == NULL)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        "cannot make the answer file's CD image: none of genisoimage, "
                        "xorrisofs or mkisofs is installed (Debian: apt-get install "
                        "genisoimage)"), NULL;
  if (g_mkdir (root, 0700) < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                        "cannot make %s: %s", root, g_strerror (errno)), NULL;
  if (!g_file_set_contents_full (file, contents, length, G_FILE_SET_CONTENTS_NONE,
                                 0600, error))
    return NULL;

  /* -J: Joliet, so Windows sees the name as it is; -r: Rock Ridge. */
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                           error, tool, "-quiet", "-input-charset", "utf-8", "-J", "-r",
                           "-V", VOLUME_LABEL, "-o", image, root, NULL);
  if (proc == NULL)
    return NULL;
  if (!g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err_text, error))
    return NULL;
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                        "%s could not make the answer file's CD image: %s", tool,
                        err_text && *g_strstrip (err_text) ? err_text : "no reason given"),
           NULL;
  if (!g_file_get_contents (image, &data, &size, error))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&data), size);
}

GBytes *
vd_unattend_media_make (const char *file_name, const char *contents, gsize length,
                        GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vdctl-unattend-XXXXXX", &local_error);
  GBytes *result;

  if (dir == NULL)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                        "cannot make a temporary directory for the answer file's CD "
                        "image: %s", local_error->message), NULL;
  result = make_in (dir, file_name, contents, length, error);

  /* Whatever happened: nothing stays behind. */
  {
    g_autofree char *root = g_build_filename (dir, "root", NULL);
    g_autofree char *file = g_build_filename (root, file_name, NULL);
    g_autofree char *image = g_build_filename (dir, "image.iso", NULL);

    wipe_file (file);
    wipe_file (image);
    g_rmdir (root);
    g_rmdir (dir);
  }
  return result;
}
