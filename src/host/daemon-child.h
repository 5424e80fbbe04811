/* daemon-child.h: a packaged server (websockify, squid) run by vdctl as
 * its child: `vdctl web serve` and `vdctl gateway serve` stay in the
 * foreground with it, as a service manager expects, and end it with
 * themselves.
 *
 * Before anything starts: the program must be installed (one error line
 * naming the Debian package) and the port free (one error line naming
 * it).  Once started, the child must listen within a timeout, or it is
 * stopped and its log's last lines make the error.  SIGINT and SIGTERM
 * stop the child (SIGTERM, then SIGKILL after 5 s) and end the run with
 * success; the child ending by itself ends the run with its status.
 * Nothing is left running on any path.  The child runs in a process group
 * of its own: a terminal's Ctrl-C reaches vdctl, which stops it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

typedef struct _VdDaemonChild VdDaemonChild;

/* PROGRAM's path in PATH (or PROGRAM itself when it is a path); an error
 * "PROGRAM is not installed (Debian: PACKAGE)" when there is none. */
char *vd_daemon_find (const char *program, const char *package, GError **error);

/* Whether a TCP listener could bind ADDRESS (a numeric IPv4 or IPv6
 * address) and PORT now; an error naming both when not ("port 6080 on
 * 127.0.0.1 is in use"). */
gboolean vd_listen_port_free (const char *address, guint port, GError **error);

/* Start ARGV (ARGV[0] a path), its standard output and error appended to
 * LOG_PATH (made mode 0600), its standard input at end of file (a pipe
 * closed at once), in a process group of its own. */
VdDaemonChild *vd_daemon_child_spawn (const char * const *argv, const char *log_path,
                                      GError **error);

/* The child's pid. */
int vd_daemon_child_pid (VdDaemonChild *child);

/* Wait up to TIMEOUT seconds until something accepts TCP connections on
 * ADDRESS:PORT (the any-address connects to loopback); fails when the
 * child exits first or time runs out, with the last lines of its log. */
gboolean vd_daemon_child_wait_listening (VdDaemonChild *child, const char *address,
                                         guint port, guint timeout, GError **error);

/* Run glib's main loop until the child exits or SIGINT or SIGTERM comes.
 * TICK (may be NULL) runs every INTERVAL seconds meanwhile (a sweep of
 * expired tokens, say).  TRUE when a signal ended it or the child exited
 * with status 0. */
gboolean vd_daemon_child_run (VdDaemonChild *child, guint interval, GSourceFunc tick,
                              gpointer data, GError **error);

/* Stop the child if it still runs (SIGTERM, SIGKILL after 5 s). */
void vd_daemon_child_stop (VdDaemonChild *child);
/* Stops it, then frees. */
void vd_daemon_child_free (VdDaemonChild *child);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdDaemonChild, vd_daemon_child_free)
