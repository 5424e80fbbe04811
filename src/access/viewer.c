/* viewer.c: starting the program a user sees a desktop through.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rdp-client.h"
#include "viewer.h"

char *
vd_viewer_log_path (const char *desktop)
{
  g_autofree char *file = g_strconcat ("viewer-", desktop, ".log", NULL);

  /* A desktop name holds no '/' and no control character. */
  return g_build_filename (g_get_user_state_dir (), "vdctl", file, NULL);
}

/* The log file, opened for appending (mode 0600, in a 0700 directory),
 * with a line that says which viewer starts now. */
static int
open_log (const char *path, const char * const *argv, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M:%S %z");
  g_autofree char *command = vd_argv_to_shell_line (argv);
  g_autofree char *header = NULL;
  gssize written;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                        "cannot make the directory %s for the viewer's log: %s", dir,
                        g_strerror (errno)), -1;
  fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                        "cannot open the viewer's log %s: %s", path, g_strerror (errno)), -1;
  /* A file made by an older umask or by hand: private now. */
  if (fchmod (fd, 0600) != 0)
    {
      int errsv = errno;

      close (fd);
      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                          "cannot make the viewer's log %s private: %s", path,
                          g_strerror (errsv)), -1;
    }
  /* The command line holds no secret: passwords go on standard input. */
  header = g_strdup_printf ("---- %s: %s\n", when, command);
  written = write (fd, header, strlen (header));
  if (written != (gssize) strlen (header))
    {
      int errsv = written < 0 ? errno : ENOSPC;

      close (fd);
      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                          "cannot write the viewer's log %s: %s", path,
                          g_strerror (errsv)), -1;
    }
  return fd;
}

static void
new_session (gpointer data)
{
  setsid ();
}

GSubprocess *
vd_viewer_start (const char * const *argv, const char *desktop, gboolean attached,
                 gboolean stdin_pipe, char **log_path, GError **error)
{
  GSubprocessFlags flags = stdin_pipe ? G_SUBPROCESS_FLAGS_STDIN_PIPE : G_SUBPROCESS_FLAGS_NONE;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autofree char *path = NULL;
  GSubprocess *viewer;
  int fd, fd2;

  if (log_path)
    *log_path = NULL;
  if (attached)
    {
      viewer = g_subprocess_launcher_spawnv (launcher, argv, error);
      if (viewer == NULL)
        g_prefix_error (error, "cannot start %s: ", argv[0]);
      return viewer;
    }

  path = vd_viewer_log_path (desktop);
  fd = open_log (path, argv, error);
  if (fd < 0)
    return NULL;
  fd2 = dup (fd);
  if (fd2 < 0)
    {
      int errsv = errno;

      close (fd);
      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                          "cannot open the viewer's log %s: %s", path,
                          g_strerror (errsv)), NULL;
    }
  /* The launcher closes both. */
  g_subprocess_launcher_take_stdout_fd (launcher, fd);
  g_subprocess_launcher_take_stderr_fd (launcher, fd2);
  g_subprocess_launcher_set_child_setup (launcher, new_session, NULL, NULL);
  viewer = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (viewer == NULL)
    {
      g_prefix_error (error, "cannot start %s: ", argv[0]);
      return NULL;
    }
  if (log_path)
    *log_path = g_steal_pointer (&path);
  return viewer;
}
