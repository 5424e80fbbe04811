/* dumpable-log.c: an LD_PRELOAD module for dumpable.sh.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Appends to the file $VD_DUMPABLE_LOG whether the process is dumpable
 * (prctl PR_GET_DUMPABLE) at two moments: "stdin N" at its first read
 * of standard input, where a password given with --password-file -
 * arrives, and "exit N" when it ends.  /proc/PID/status does not show
 * the flag, and some kernels (gVisor) do not enforce what it forbids, so
 * the process is asked itself.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

ssize_t read (int fd, void *buf, size_t count);

static void
note (const char *when)
{
  const char *log = getenv ("VD_DUMPABLE_LOG");
  FILE *f;

  if (log && (f = fopen (log, "a")) != NULL)
    {
      fprintf (f, "%s %d\n", when, prctl (PR_GET_DUMPABLE, 0, 0, 0, 0));
      fclose (f);
    }
}

ssize_t
read (int fd, void *buf, size_t count)
{
  static ssize_t (*real) (int, void *, size_t);
  static int stdin_seen;

  if (real == NULL)
    real = (ssize_t (*) (int, void *, size_t)) dlsym (RTLD_NEXT, "read");
  if (fd == STDIN_FILENO && !stdin_seen)
    {
      stdin_seen = 1;
      note ("stdin");
    }
  return real (fd, buf, count);
}

__attribute__((destructor)) static void
at_exit (void)
{
  note ("exit");
}
