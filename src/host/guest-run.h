/* guest-run.h: running commands in a guest through its QEMU guest agent
 * (guest-exec.h), and asking it which OS the guest runs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "virt.h"

/* The guest's own name for its OS ("mswindows", "debian", ...), or NULL
 * when its agent cannot say (an old agent); fails when the agent does
 * not answer at all. */
gboolean vd_guest_os (VdVirtDomain *dom, char **id, GError **error);

/* Run ARGV in the guest and wait up to TIMEOUT seconds for it to end;
 * its output in the error when it fails. */
gboolean vd_guest_run (VdVirtDomain *dom, const char * const *argv, guint timeout,
                       GError **error);
