/* test-domain-lock.c: the domain lock (domain-lock.c) is one lock for
 * every user, in a directory nobody else can subvert.
 *
 * Most checks need root: they make root's lock directory and run a second
 * user (nobody) in a child process.  Without root they are skipped, saying
 * so; the refusal of a directory that is not root's runs for everyone.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "domain-lock.h"
#include "test-util.h"

#define UUID_A "6695EB01-F6A4-8304-79AA-97F2502E193F"
#define UUID_B "0b1c9a6e-2f43-4d6b-9c1e-5a7d3e2f1a00"
#define UUID_C "2d8f4e3a-7b6c-4a1d-8e9f-0c1b2a3d4e5f"

typedef struct {
  char *top;        /* root's, 0755: stands for /run/vdctl */
  char *dir;        /* top/locks: stands for /run/vdctl/locks */
} LockDirs;

static gboolean
is_root (void)
{
  if (geteuid () == 0)
    return TRUE;
  printf ("SKIP: this check needs root (it makes root's lock directory and runs as nobody)\n");
  return FALSE;
}

static void
dirs_make (LockDirs *d)
{
  g_autofree char *tmpl = g_build_filename (g_get_tmp_dir (), "vdctl-lock-XXXXXX", NULL);
  char *made = g_mkdtemp (tmpl);

  ck_assert_ptr_nonnull (made);
  ck_assert_int_eq (chmod (made, 0755), 0);
  d->top = g_strdup (made);
  d->dir = g_build_filename (made, "locks", NULL);
}

static void
dirs_clear (LockDirs *d)
{
  g_autoptr(GDir) dir = g_dir_open (d->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (d->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (d->dir);
  g_rmdir (d->top);
  g_free (d->top);
  g_free (d->dir);
}

static mode_t
mode_of (const char *path)
{
  struct stat st;

  ck_assert_int_eq (lstat (path, &st), 0);
  return st.st_mode & 07777;
}

static void
become_nobody (void)
{
  struct passwd *pw = getpwnam ("nobody");

  if (pw == NULL || setgroups (0, NULL) < 0 || setgid (pw->pw_gid) < 0 ||
      setuid (pw->pw_uid) < 0)
    _exit (90);
}

/* root makes the directories with the modes every user needs, and one
 * lock file per UUID that anyone may open, named after the UUID. */
START_TEST (test_layout)
{
  LockDirs d;
  g_autoptr(GError) error = NULL;
  g_autoptr(VdDomainLock) lock = NULL;
  g_autofree char *file = NULL;

  if (!is_root ())
    return;
  dirs_make (&d);
  lock = vd_domain_lock_acquire_in (d.dir, UUID_A, 1, &error);
  ck_assert_msg (lock != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (mode_of (d.top), 0755);
  ck_assert_int_eq (mode_of (d.dir), 01777);
  file = g_build_filename (d.dir, "domain-6695eb01-f6a4-8304-79aa-97f2502e193f", NULL);
  ck_assert_int_eq (mode_of (file), 0644);
  g_clear_pointer (&lock, vd_domain_lock_release);

  /* An old, private directory (root's, 0700) is opened up. */
  ck_assert_int_eq (chmod (d.dir, 0700), 0);
  ck_assert_int_eq (chmod (d.top, 0700), 0);
  lock = vd_domain_lock_acquire_in (d.dir, UUID_A, 1, &error);
  ck_assert_msg (lock != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (mode_of (d.top), 0755);
  ck_assert_int_eq (mode_of (d.dir), 01777);
  g_clear_pointer (&lock, vd_domain_lock_release);
  dirs_clear (&d);
}
END_TEST

/* A second taker waits, and gives up naming the holder. */
START_TEST (test_busy_names_holder)
{
  LockDirs d;
  g_autoptr(GError) error = NULL;
  g_autoptr(VdDomainLock) first = NULL;
  g_autoptr(VdDomainLock) second = NULL;
  g_autofree char *pid = g_strdup_printf ("process %d (", (int) getpid ());
  gint64 start;

  if (!is_root ())
    return;
  dirs_make (&d);
  first = vd_domain_lock_acquire_in (d.dir, UUID_A, 1, &error);
  ck_assert_msg (first != NULL, "%s", error ? error->message : "");
  start = g_get_monotonic_time ();
  second = vd_domain_lock_acquire_in (d.dir, UUID_A, 1, &error);
  ck_assert_ptr_null (second);
  ck_assert (g_get_monotonic_time () - start >= G_USEC_PER_SEC);
  ck_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY));
  ck_assert_msg (strstr (error->message, pid) && strstr (error->message, "of user root") &&
                 strstr (error->message, "for 1 seconds"), "%s", error->message);
  g_clear_error (&error);
  /* Another domain is another lock. */
  second = vd_domain_lock_acquire_in (d.dir, UUID_B, 1, &error);
  ck_assert_msg (second != NULL, "%s", error ? error->message : "");
  g_clear_pointer (&second, vd_domain_lock_release);
  g_clear_pointer (&first, vd_domain_lock_release);
  second = vd_domain_lock_acquire_in (d.dir, UUID_A, 1, &error);
  ck_assert_msg (second != NULL, "%s", error ? error->message : "");
  g_clear_pointer (&second, vd_domain_lock_release);
  dirs_clear (&d);
}
END_TEST

/* nobody takes UUID in DIR (making the file when it is missing), says so
 * on FD, holds it until FD is closed by the parent... */
static pid_t
nobody_holds (const char *dir, const char *uuid, int *ready_fd, int *release_fd)
{
  int ready[2], release[2];
  pid_t pid;

  ck_assert_int_eq (pipe (ready), 0);
  ck_assert_int_eq (pipe (release), 0);
  pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    {
      VdDomainLock *lock;
      char c;

      close (ready[0]);
      close (release[1]);
      become_nobody ();
      lock = vd_domain_lock_acquire_in (dir, uuid, 5, NULL);
      if (lock == NULL)
        _exit (91);
      if (write (ready[1], "x", 1) != 1)
        _exit (92);
      while (read (release[0], &c, 1) < 0 && errno == EINTR)
        ;
      vd_domain_lock_release (lock);
      _exit (0);
    }
  close (ready[1]);
  close (release[0]);
  *ready_fd = ready[0];
  *release_fd = release[1];
  return pid;
}

static int
wait_child (pid_t pid)
{
  int status;

  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  ck_assert (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* A lock nobody holds keeps root out, and the other way round: the same
 * file for both, whoever made it. */
START_TEST (test_root_and_nobody_exclude_each_other)
{
  LockDirs d;
  g_autoptr(GError) error = NULL;
  g_autoptr(VdDomainLock) lock = NULL;
  int ready, release, status;
  char c;
  pid_t child;

  if (!is_root ())
    return;
  dirs_make (&d);
  /* Root makes the directory; nobody makes UUID_B's file. */
  lock = vd_domain_lock_acquire_in (d.dir, UUID_A, 1, &error);
  ck_assert_msg (lock != NULL, "%s", error ? error->message : "");
  g_clear_pointer (&lock, vd_domain_lock_release);

  child = nobody_holds (d.dir, UUID_B, &ready, &release);
  ck_assert_int_eq (read (ready, &c, 1), 1);
  lock = vd_domain_lock_acquire_in (d.dir, UUID_B, 1, &error);
  ck_assert_ptr_null (lock);
  ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY) &&
                 strstr (error->message, "of user nobody"), "%s", error->message);
  {
    g_autofree char *who = g_strdup_printf ("process %d (", (int) child);
    ck_assert_msg (strstr (error->message, who), "%s", error->message);
  }
  g_clear_error (&error);
  close (release);
  close (ready);
  ck_assert_int_eq (wait_child (child), 0);
  lock = vd_domain_lock_acquire_in (d.dir, UUID_B, 1, &error);
  ck_assert_msg (lock != NULL, "%s", error ? error->message : "");

  /* Root holds UUID_B: nobody waits and gives up. */
  child = fork ();
  ck_assert_int_ge (child, 0);
  if (child == 0)
    {
      g_autoptr(GError) e = NULL;
      VdDomainLock *l;

      become_nobody ();
      l = vd_domain_lock_acquire_in (d.dir, UUID_B, 1, &e);
      if (l != NULL)
        _exit (1);
      _exit (g_error_matches (e, G_IO_ERROR, G_IO_ERROR_BUSY) &&
             strstr (e->message, "of user root") ? 0 : 2);
    }
  status = wait_child (child);
  ck_assert_msg (status == 0, "nobody: exit %d (1: took root's lock, 2: another error)", status);
  g_clear_pointer (&lock, vd_domain_lock_release);
  dirs_clear (&d);
}
END_TEST

/* What another user may leave in the shared directory: nothing is
 * followed, nothing blocks. */
START_TEST (test_planted_files)
{
  LockDirs d;
  g_autoptr(GError) error = NULL;
  g_autoptr(VdDomainLock) lock = NULL;
  g_autofree char *link = NULL;
  g_autofree char *fifo = NULL;
  gint64 start;

  if (!is_root ())
    return;
  dirs_make (&d);
  lock = vd_domain_lock_acquire_in (d.dir, UUID_A, 1, &error);
  ck_assert_msg (lock != NULL, "%s", error ? error->message : "");
  g_clear_pointer (&lock, vd_domain_lock_release);

  link = g_build_filename (d.dir, "domain-" UUID_B, NULL);
  ck_assert_int_eq (symlink ("/etc/passwd", link), 0);
  lock = vd_domain_lock_acquire_in (d.dir, UUID_B, 1, &error);
  ck_assert_ptr_null (lock);
  ck_assert_msg (strstr (error->message, "is a symbolic link"), "%s", error->message);
  g_clear_error (&error);

  fifo = g_build_filename (d.dir, "domain-" UUID_C, NULL);
  ck_assert_int_eq (mkfifo (fifo, 0666), 0);
  start = g_get_monotonic_time ();
  lock = vd_domain_lock_acquire_in (d.dir, UUID_C, 1, &error);
  ck_assert_ptr_null (lock);
  ck_assert (g_get_monotonic_time () - start < G_USEC_PER_SEC);
  ck_assert_msg (strstr (error->message, "is not a regular file"), "%s", error->message);
  g_clear_error (&error);
  dirs_clear (&d);
}
END_TEST

/* A directory that is not root's is refused, by everyone. */
START_TEST (test_foreign_directory)
{
  g_autofree char *tmpl = g_build_filename (g_get_tmp_dir (), "vdctl-lock-XXXXXX", NULL);
  g_autofree char *top = g_strdup (g_mkdtemp (tmpl));
  g_autofree char *dir = g_build_filename (top, "locks", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VdDomainLock) lock = NULL;

  ck_assert_int_eq (chmod (top, 0755), 0);
  ck_assert_int_eq (mkdir (dir, 01777), 0);
  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("nobody");

      ck_assert_ptr_nonnull (pw);
      ck_assert_int_eq (chown (dir, pw->pw_uid, pw->pw_gid), 0);
    }
  lock = vd_domain_lock_acquire_in (dir, UUID_A, 1, &error);
  ck_assert_ptr_null (lock);
  ck_assert_msg (strstr (error->message, "not to root"), "%s", error->message);
  g_clear_error (&error);

  /* Its parent, too. */
  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("nobody");

      ck_assert_int_eq (chown (dir, 0, 0), 0);
      ck_assert_int_eq (chown (top, pw->pw_uid, pw->pw_gid), 0);
      lock = vd_domain_lock_acquire_in (dir, UUID_A, 1, &error);
      ck_assert_ptr_null (lock);
      ck_assert_msg (strstr (error->message, "not to root") && strstr (error->message, top),
                     "%s", error->message);
    }
  g_rmdir (dir);
  g_rmdir (top);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("domain-lock");
  TCase *tc = tcase_create ("lock");

  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_layout);
  tcase_add_test (tc, test_busy_names_holder);
  tcase_add_test (tc, test_root_and_nobody_exclude_each_other);
  tcase_add_test (tc, test_planted_files);
  tcase_add_test (tc, test_foreign_directory);
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
