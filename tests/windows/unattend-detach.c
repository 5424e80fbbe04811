/* unattend-detach.c: what vdctl does once an unattended Windows guest's
 * QEMU guest agent answers, for unattend-cleanup.sh, whose guests have no
 * operating system and so no agent: remove the answer-file CD of a domain
 * (vd_unattend_cd_detach, src/host/unattend-cleanup.c).
 *
 *   unattend-detach URI NAME
 *
 * Exit 0 when the CD is removed, 1 with the reason on standard error.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "unattend-cleanup.h"

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VdConnection) conn = NULL;
  g_autoptr(VdVirtDomain) dom = NULL;

  if (argc != 3)
    {
      fprintf (stderr, "usage: unattend-detach URI NAME\n");
      return 2;
    }
  conn = vd_connection_open (argv[1], &error);
  if (conn)
    dom = vd_virt_domain_lookup (conn, argv[2], &error);
  if (dom == NULL || !vd_unattend_cd_detach (conn, dom, &error))
    {
      fprintf (stderr, "unattend-detach: %s\n", error->message);
      return 1;
    }
  return 0;
}
