/* notice.c: informational messages, silenced by --quiet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "notice.h"

static gboolean quiet;

void
vd_info (const char *format, ...)
{
  va_list args;

  if (quiet)
    return;
  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  fflush (stdout);
}

void
vd_set_quiet (gboolean value)
{
  quiet = value;
}

gboolean
vd_is_quiet (void)
{
  return quiet;
}
