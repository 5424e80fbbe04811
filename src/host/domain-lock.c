/* domain-lock.c: serialise vdctl's own edits and deletes of one domain.
 *
 * An flock(2) on a file named after the domain's UUID.  root and the other
 * users of one libvirtd must take the same lock, so the file lives in one
 * directory for everyone, /run/vdctl/locks: owned by root, mode 1777 like
 * /tmp, so that anyone may make a lock file there and nobody may remove or
 * replace another user's.  Lock files are opened read-only (flock needs no
 * more), never through a symbolic link, never a FIFO or device, and made
 * with O_EXCL: whatever another user puts in that directory, vdctl writes
 * nothing through it.  Anyone who may open a lock file may hold it: one
 * who holds it too long is named, with the user, when the wait times out
 * (from /proc/locks, which the kernel writes).
 *
 * The UUID alone names the lock, so every spelling of the URI that reaches
 * one libvirtd (qemu:///system, qemu+unix:///system...) takes the same
 * lock; two daemons that hold a domain of the same UUID only wait for each
 * other.  Only a non-root user's own daemon (qemu:///session) and the test
 * driver, which no other user reaches, keep their locks in the user's
 * runtime directory.
 *
 * It only orders vdctl processes on this host; changes from other tools
 * are caught by re-reading the definition before it is replaced.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "domain-lock.h"

struct _VdDomainLock {
  int fd;
};

#define LOCK_POLL_MS 20
#define PARENT_MODE  0755
#define SHARED_MODE  (S_ISVTX | 0777)
#define FILE_MODE    0644

static gboolean
set_errno_error (GError **error, int saved, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_errno_error (GError **error, int saved, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", what,
               g_strerror (saved));
  return FALSE;
}

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

/* ---- the directory ------------------------------------------------- */

/* A per-user daemon, or the test driver (whose state is the process's
 * own): no other user reaches it, and a non-root user may keep its locks
 * to itself. */
static gboolean
uri_is_private (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme, *host, *path;

  if (geteuid () == 0 || uri == NULL)
    return FALSE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (parsed);
  host = g_uri_get_host (parsed);
  path = g_uri_get_path (parsed);
  if (g_str_equal (scheme, "test") || g_str_has_prefix (scheme, "test+"))
    return TRUE;
  return (host == NULL || *host == '\0') && g_strcmp0 (path, "/session") == 0;
}

/* NAME in PARENT_FD as a directory, never through a symbolic link; made
 * (mode 0700 until checked) when CREATE.  -1 with errno on failure. */
static int
open_subdir (int parent_fd, const char *name, gboolean create)
{
  int fd = openat (parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0 && errno == ENOENT && create)
    {
      if (mkdirat (parent_fd, name, 0700) < 0 && errno != EEXIST)
        return -1;
      fd = openat (parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
  return fd;
}

/* Why PATH, on the way to the shared directory DIR, did not open. */
static void
set_open_dir_error (GError **error, int saved, const char *path, const char *dir)
{
  if (saved == ENOENT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "the lock directory %s, shared by every user of vdctl, does not exist; "
                 "root makes it when it runs 'vdctl edit' or 'vdctl delete', or with "
                 "'install -d -m 1777 %s'", dir, dir);
  else if (saved == ELOOP || saved == ENOTDIR)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                 "%s is not a directory (a symbolic link?); vdctl keeps no locks "
                 "through it: remove it as root", path);
  else if (saved == EACCES)
    set_errno_error (error, saved, "cannot open the lock directory %s (root makes it "
                     "usable by everyone when it runs 'vdctl edit' or 'vdctl delete')", path);
  else
    set_errno_error (error, saved, "cannot open the lock directory %s", path);
}

/* A directory others may change without the sticky bit. */
static gboolean
others_may_replace (mode_t mode)
{
  return (mode & (S_IWGRP | S_IWOTH)) != 0 && (mode & S_ISVTX) == 0;
}

/* The directory must belong to root; root gives it MODE, anyone else
 * refuses it when others may replace what is in it. */
static gboolean
check_dir (int fd, const char *path, mode_t mode, GError **error)
{
  struct stat st;

  if (fstat (fd, &st) < 0)
    return set_errno_error (error, errno, "cannot read %s", path);
  if (st.st_uid != 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                        "the lock directory %s belongs to uid %u, not to root: vdctl keeps "
                        "no locks there (another user could remove them); remove it as root",
                        path, (unsigned) st.st_uid), FALSE;
  if ((st.st_mode & 07777) == mode)
    return TRUE;
  if (geteuid () == 0)
    {
      if (fchmod (fd, mode) < 0)
        return set_errno_error (error, errno, "cannot set mode %04o on %s", (unsigned) mode, path);
      return TRUE;
    }
  if (others_may_replace (st.st_mode))
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                        "the lock directory %s has mode %04o: others may replace its lock "
                        "files; have root run 'chmod %04o %s'", path,
                        (unsigned) (st.st_mode & 07777), (unsigned) mode, path), FALSE;
  return TRUE;
}

/* DIR (1777) and its parent (0755), both root's; root makes them. */
static int
open_shared_dir (const char *dir, GError **error)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *grandparent = g_path_get_dirname (parent);
  g_autofree char *parent_name = g_path_get_basename (parent);
  g_autofree char *name = g_path_get_basename (dir);
  gboolean root = geteuid () == 0;
  int top, parent_fd, fd;

  top = open (grandparent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (top < 0)
    return set_errno_error (error, errno, "cannot open %s", grandparent), -1;
  parent_fd = open_subdir (top, parent_name, root);
  if (parent_fd < 0)
    set_open_dir_error (error, errno, parent, dir);
  close_fd (&top);
  if (parent_fd < 0 || !check_dir (parent_fd, parent, PARENT_MODE, error))
    {
      close_fd (&parent_fd);
      return -1;
    }
  fd = open_subdir (parent_fd, name, root);
  if (fd < 0)
    set_open_dir_error (error, errno, dir, dir);
  close_fd (&parent_fd);
  if (fd >= 0 && !check_dir (fd, dir, SHARED_MODE, error))
    close_fd (&fd);
  return fd;
}

static int
open_private_dir (const char *dir, GError **error)
{
  int fd;

  if (g_mkdir_with_parents (dir, 0700) < 0)
    return set_errno_error (error, errno, "cannot create the lock directory %s", dir), -1;
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    set_errno_error (error, errno, "cannot open the lock directory %s", dir);
  return fd;
}

/* ---- the file ------------------------------------------------------ */

/* domain-UUID; a digest when the key is a name (it could hold a '/'). */
static char *
lock_file_name (const char *uri, const char *key)
{
  g_autofree char *seed = NULL;
  g_autofree char *hash = NULL;

  if (g_uuid_string_is_valid (key))
    {
      g_autofree char *lower = g_ascii_strdown (key, -1);

      return g_strconcat ("domain-", lower, NULL);
    }
  seed = g_strconcat (uri ? uri : "", "\n", key, NULL);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  return g_strconcat ("name-", hash, NULL);
}

static gboolean
check_lock_file (int fd, const char *path, GError **error)
{
  struct stat st;

  if (fstat (fd, &st) < 0)
    return set_errno_error (error, errno, "cannot read %s", path);
  if (!S_ISREG (st.st_mode))
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                        "the lock file %s is not a regular file (it belongs to uid %u); "
                        "vdctl locks nothing through it: remove it", path,
                        (unsigned) st.st_uid), FALSE;
  return TRUE;
}

/* NAME in DIR_FD, opened read-only, never through a symbolic link and
 * never blocking on a FIFO; made with O_EXCL when missing, and then
 * lockable by everyone (0644, whatever the umask). */
static int
open_lock_file (int dir_fd, const char *path, const char *name, GError **error)
{
  const int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;

  for (int attempt = 0; attempt < 16; attempt++)
    {
      int fd = openat (dir_fd, name, flags);

      if (fd < 0 && errno == ENOENT)
        {
          fd = openat (dir_fd, name, flags | O_CREAT | O_EXCL, FILE_MODE);
          if (fd < 0 && errno == EEXIST)
            continue;
          if (fd >= 0 && fchmod (fd, FILE_MODE) < 0)
            {
              set_errno_error (error, errno, "cannot set the mode of %s", path);
              close_fd (&fd);
              return -1;
            }
        }
      if (fd < 0 && errno == ELOOP)
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                            "the lock file %s is a symbolic link; vdctl locks nothing "
                            "through it: remove it", path), -1;
      if (fd < 0)
        return set_errno_error (error, errno, "cannot open the lock file %s", path), -1;
      if (!check_lock_file (fd, path, error))
        {
          close_fd (&fd);
          return -1;
        }
      return fd;
    }
  return set_errno_error (error, EEXIST, "cannot open the lock file %s", path), -1;
}

/* ---- who holds it -------------------------------------------------- */

typedef struct {
  int pid;
  char *comm;
  char *user;
} Holder;

static void
holder_clear (Holder *h)
{
  g_clear_pointer (&h->comm, g_free);
  g_clear_pointer (&h->user, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Holder, holder_clear)

/* The pid /proc/locks gives for a lock of FD's file, or 0.  A line:
 * "3: FLOCK  ADVISORY  WRITE 4242 00:1a:1234 0 EOF"; waiters' lines have
 * "->" after the number. */
static int
holder_pid (int fd)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *id = NULL;
  struct stat st;

  if (fstat (fd, &st) < 0 || !g_file_get_contents ("/proc/locks", &text, NULL, NULL))
    return 0;
  id = g_strdup_printf ("%02x:%02x:%lu", major (st.st_dev), minor (st.st_dev),
                        (unsigned long) st.st_ino);
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_auto(GStrv) w = g_strsplit_set (*l, " \t", -1);
      const char *words[8];
      int n = 0;

      for (char **p = w; *p && n < 8; p++)
        if (**p != '\0')
          words[n++] = *p;
      /* number: FLOCK ADVISORY WRITE pid id ... */
      if (n >= 6 && strcmp (words[1], "FLOCK") == 0 && strcmp (words[5], id) == 0)
        return atoi (words[4]);
    }
  return 0;
}

static gboolean
describe_holder (int fd, Holder *h)
{
  g_autofree char *status_path = NULL;
  g_autofree char *comm_path = NULL;
  g_autofree char *status = NULL;
  const char *uid_line;

  h->pid = holder_pid (fd);
  if (h->pid <= 0)
    return FALSE;
  comm_path = g_strdup_printf ("/proc/%d/comm", h->pid);
  if (g_file_get_contents (comm_path, &h->comm, NULL, NULL))
    g_strchomp (h->comm);
  status_path = g_strdup_printf ("/proc/%d/status", h->pid);
  if (g_file_get_contents (status_path, &status, NULL, NULL) &&
      (uid_line = strstr (status, "\nUid:")) != NULL)
    {
      unsigned long uid = strtoul (uid_line + 5, NULL, 10);
      struct passwd *pw = getpwuid ((uid_t) uid);

      h->user = pw ? g_strdup (pw->pw_name) : g_strdup_printf ("uid %lu", uid);
    }
  return TRUE;
}

static void
set_busy_error (GError **error, int fd, const char *path, guint timeout_s)
{
  g_auto(Holder) h = { 0, };

  if (!describe_holder (fd, &h))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                 "another process has held this desktop's lock %s for %u seconds; "
                 "try again when it is done", path, timeout_s);
  else if (g_strcmp0 (h.comm, "vdctl") == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                 "another vdctl has been changing this desktop for %u seconds "
                 "(process %d of user %s holds %s); try again when it is done",
                 timeout_s, h.pid, h.user ? h.user : "?", path);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                 "process %d (%s) of user %s has held this desktop's lock %s for %u "
                 "seconds; try again when it is done, or stop that process",
                 h.pid, h.comm ? h.comm : "?", h.user ? h.user : "?", path, timeout_s);
}

/* ---- taking it ----------------------------------------------------- */

static VdDomainLock *
lock_in_dir (int dir_fd, const char *dir, const char *name, guint timeout_s, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  VdDomainLock *lock;
  int fd = open_lock_file (dir_fd, path, name, error);

  if (fd < 0)
    return NULL;
  while (flock (fd, LOCK_EX | LOCK_NB) < 0)
    {
      if (errno != EWOULDBLOCK && errno != EINTR)
        {
          set_errno_error (error, errno, "cannot lock %s", path);
          close_fd (&fd);
          return NULL;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          set_busy_error (error, fd, path, timeout_s);
          close_fd (&fd);
          return NULL;
        }
      g_usleep (LOCK_POLL_MS * 1000);
    }
  lock = g_new0 (VdDomainLock, 1);
  lock->fd = fd;
  return lock;
}

static VdDomainLock *
lock_shared (const char *dir, const char *name, guint timeout_s, GError **error)
{
  VdDomainLock *lock;
  int dir_fd = open_shared_dir (dir, error);

  if (dir_fd < 0)
    return NULL;
  lock = lock_in_dir (dir_fd, dir, name, timeout_s, error);
  close_fd (&dir_fd);
  return lock;
}

VdDomainLock *
vd_domain_lock_acquire_in (const char *dir, const char *uuid, guint timeout_s,
                           GError **error)
{
  g_autofree char *name = lock_file_name (NULL, uuid);

  return lock_shared (dir, name, timeout_s, error);
}

VdDomainLock *
vd_domain_lock_acquire (const char *uri, const char *uuid, guint timeout_s,
                        GError **error)
{
  g_autofree char *name = lock_file_name (uri, uuid);
  g_autofree char *private_dir = NULL;
  VdDomainLock *lock;
  int dir_fd;

  if (!uri_is_private (uri))
    return lock_shared (VD_DOMAIN_LOCK_DIR, name, timeout_s, error);
  private_dir = g_build_filename (g_get_user_runtime_dir (), "vdctl", "locks", NULL);
  dir_fd = open_private_dir (private_dir, error);
  if (dir_fd < 0)
    return NULL;
  lock = lock_in_dir (dir_fd, private_dir, name, timeout_s, error);
  close_fd (&dir_fd);
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
