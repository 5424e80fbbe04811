/* subprocess.h: waiting for the programs vdctl starts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

/* Whether PROCESS exits within MS milliseconds.  Nothing is left pending
 * when it returns, whichever came first. */
gboolean vd_subprocess_exits_within (GSubprocess *process, guint ms);

/* The exit status of a PROCESS that has been waited for; -1 when a signal
 * ended it. */
int vd_subprocess_exit_status (GSubprocess *process);
