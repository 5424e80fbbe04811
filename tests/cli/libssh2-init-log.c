/* libssh2-init-log.c: an LD_PRELOAD module for libssh2-init.sh.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every call of libssh2_init, vdctl's (found with dlsym) and libcurl's
 * (inside virInitialize), appends its flags as a line to the file
 * $VD_LIBSSH2_LOG names, and then goes on to the real libssh2.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

int libssh2_init (int flags);

int
libssh2_init (int flags)
{
  int (*real) (int) = (int (*) (int)) dlsym (RTLD_NEXT, "libssh2_init");
  const char *log = getenv ("VD_LIBSSH2_LOG");
  FILE *f;

  if (log && (f = fopen (log, "a")) != NULL)
    {
      fprintf (f, "%d\n", flags);
      fclose (f);
    }
  return real ? real (flags) : -1;
}
