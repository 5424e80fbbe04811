/* pause-at.c: an LD_PRELOAD module for the signal tests: vdctl stops at
 * the entry of a libvirt call until the test lets it go on.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * VDCTL_PAUSE_AT lists calls as NAME or NAME:N (the Nth call of NAME;
 * default the first), separated by commas; VDCTL_PAUSE_DIR is a
 * directory.  At such a call the module creates DIR/paused-NAME, then
 * waits until DIR/go-NAME exists (at most 120 s), then makes the real
 * call.  Meanwhile the test sends vdctl its signals: vdctl is then in the
 * middle of that libvirt call, as far as it can tell.  The wait goes on
 * through signals (nanosleep is simply called again).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

/* How many times NAME was called; 1 when this call is one to pause at. */
static int
should_pause (const char *name, int call)
{
  const char *list = getenv ("VDCTL_PAUSE_AT");
  size_t len = strlen (name);

  while (list && *list)
    {
      const char *end = strchr (list, ',');
      size_t item = end ? (size_t) (end - list) : strlen (list);
      int nth = 1;

      if (item >= len && strncmp (list, name, len) == 0 &&
          (item == len || list[len] == ':'))
        {
          if (item > len)
            nth = atoi (list + len + 1);
          if (nth == call)
            return 1;
        }
      list = end ? end + 1 : NULL;
    }
  return 0;
}

static void
pause_at (const char *name, int *calls)
{
  const char *dir = getenv ("VDCTL_PAUSE_DIR");
  char marker[4096], go[4096];
  int fd;

  (*calls)++;
  if (dir == NULL || !should_pause (name, *calls))
    return;
  snprintf (marker, sizeof marker, "%s/paused-%s", dir, name);
  snprintf (go, sizeof go, "%s/go-%s", dir, name);
  fd = open (marker, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd >= 0)
    close (fd);
  for (int i = 0; i < 120 * 20 && access (go, F_OK) != 0; i++)
    {
      struct timespec t = { 0, 50 * 1000 * 1000 };

      while (nanosleep (&t, &t) != 0 && errno == EINTR)
        ;
    }
}

#define REAL(name) ((__typeof__ (&name)) dlsym (RTLD_NEXT, #name))

virStorageVolPtr
virStorageVolCreateXML (virStoragePoolPtr pool, const char *xml, unsigned int flags)
{
  static int calls;

  pause_at ("virStorageVolCreateXML", &calls);
  return REAL (virStorageVolCreateXML) (pool, xml, flags);
}

virDomainPtr
virDomainDefineXMLFlags (virConnectPtr conn, const char *xml, unsigned int flags)
{
  static int calls;

  pause_at ("virDomainDefineXMLFlags", &calls);
  return REAL (virDomainDefineXMLFlags) (conn, xml, flags);
}

int
virDomainCreate (virDomainPtr dom)
{
  static int calls;

  pause_at ("virDomainCreate", &calls);
  return REAL (virDomainCreate) (dom);
}

int
virDomainDestroy (virDomainPtr dom)
{
  static int calls;

  pause_at ("virDomainDestroy", &calls);
  return REAL (virDomainDestroy) (dom);
}

int
virStreamSend (virStreamPtr stream, const char *data, size_t nbytes)
{
  static int calls;

  pause_at ("virStreamSend", &calls);
  return REAL (virStreamSend) (stream, data, nbytes);
}

int
virDomainUndefineFlags (virDomainPtr dom, unsigned int flags)
{
  static int calls;

  pause_at ("virDomainUndefineFlags", &calls);
  return REAL (virDomainUndefineFlags) (dom, flags);
}

char *
virDomainGetXMLDesc (virDomainPtr dom, unsigned int flags)
{
  static int calls;

  pause_at ("virDomainGetXMLDesc", &calls);
  return REAL (virDomainGetXMLDesc) (dom, flags);
}
