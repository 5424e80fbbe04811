/* audit-log.c: the audit trail of `vdctl watch --act`.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "audit-log.h"

char *
vd_audit_log_default_path (void)
{
  if (geteuid () == 0)
    return g_strdup ("/var/log/vdctl/audit.log");
  return g_build_filename (g_get_user_state_dir (), "vdctl", "audit.log", NULL);
}

static int
open_log (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0750) < 0)
    {
      int saved = errno;

      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                          "cannot make the audit log's directory %s: %s", dir,
                          g_strerror (saved)), -1;
    }
  fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
  if (fd < 0)
    {
      int saved = errno;

      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                          "cannot open the audit log %s: %s", path, g_strerror (saved)), -1;
    }
  return fd;
}

gboolean
vd_audit_log_check (const char *path, GError **error)
{
  int fd = open_log (path, error);

  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

gboolean
vd_audit_log_append (const char *path, const char *line, GError **error)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  size_t len = strlen (text);
  int fd = open_log (path, error);
  ssize_t n;

  if (fd < 0)
    return FALSE;
  do
    n = write (fd, text, len);
  while (n < 0 && errno == EINTR);
  if (n < 0 || (size_t) n != len)
    {
      int saved = n < 0 ? errno : ENOSPC;

      close (fd);
      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                          "cannot write to the audit log %s: %s", path,
                          g_strerror (saved)), FALSE;
    }
  if (close (fd) < 0)
    {
      int saved = errno;

      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                          "cannot write to the audit log %s: %s", path,
                          g_strerror (saved)), FALSE;
    }
  return TRUE;
}
