/* viewer.h: starting the program a user sees a desktop through
 * (remote-viewer, virt-viewer, xfreerdp).
 *
 * Attached (connect --wait), the viewer shares vdctl's standard output
 * and error, and vdctl waits for it.  Otherwise it is detached: a session
 * of its own (setsid, so no controlling terminal it could prompt on),
 * standard input from /dev/null or vdctl's pipe, and standard output and
 * error appended to a log file of the desktop, so that a viewer never
 * holds vdctl's output: 'out=$(vdctl connect NAME)' returns as soon as
 * the viewer is up.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

/* The log of DESKTOP's viewers: $XDG_STATE_HOME/vdctl/viewer-DESKTOP.log
 * (~/.local/state/vdctl/... without XDG_STATE_HOME). */
char *vd_viewer_log_path (const char *desktop);

/* Start ARGV (NULL-terminated) for DESKTOP, attached or detached as above;
 * with STDIN_PIPE the caller writes its standard input (then closes it).
 * *LOG_PATH, when given, gets the log file of a detached viewer (NULL
 * when attached).  The directory is made mode 0700, the file 0600. */
GSubprocess *vd_viewer_start (const char * const *argv, const char *desktop,
                              gboolean attached, gboolean stdin_pipe,
                              char **log_path, GError **error);
