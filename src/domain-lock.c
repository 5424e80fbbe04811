/* domain-lock.c: serialise vdctl's own edits of one domain.
 *
 * An flock(2) on a file named after the connection URI and the domain's
 * UUID, under the runtime directory.  It only orders vdctl processes on
 * this host; changes from other tools are caught by re-reading the
 * definition before it is replaced.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "domain-lock.h"

struct _VdDomainLock {
  int fd;
};

#define LOCK_POLL_MS 20

static char *
lock_dir (void)
{
  if (geteuid () == 0)
    return g_strdup ("/run/vdctl/locks");
  return g_build_filename (g_get_user_runtime_dir (), "vdctl", "locks", NULL);
}

VdDomainLock *
vd_domain_lock_acquire (const char *uri, const char *uuid, guint timeout_s,
                        GError **error)
{
  g_autofree char *dir = lock_dir ();
  g_autofree char *key = g_strconcat (uri ? uri : "", "\n", uuid, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *path = g_build_filename (dir, hash, NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  VdDomainLock *lock;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot create the lock directory %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot open the lock file %s: %s", path, g_strerror (saved));
      return NULL;
    }
  while (flock (fd, LOCK_EX | LOCK_NB) < 0)
    {
      if (errno != EWOULDBLOCK && errno != EINTR)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "cannot lock %s: %s", path, g_strerror (saved));
          return NULL;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          close (fd);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                       "another vdctl has been changing this desktop for %u "
                       "seconds; try again when it is done", timeout_s);
          return NULL;
        }
      g_usleep (LOCK_POLL_MS * 1000);
    }
  lock = g_new0 (VdDomainLock, 1);
  lock->fd = fd;
  return lock;
}

void
vd_domain_lock_release (VdDomainLock *lock)
{
  if (lock == NULL)
    return;
  flock (lock->fd, LOCK_UN);
  close (lock->fd);
  g_free (lock);
}
