/* watch-sessions.h: what `vdctl watch` knows of client sessions beyond
 * libvirt's events.
 *
 * libvirt's graphics event names the client and the port it came in on,
 * not whether that is the TLS port nor whose pool seat it is: they are
 * read from the desktop's definition, once per desktop start.  libvirt
 * says nothing of sessions that began before watch did, nor of what
 * happened while its daemon was away: the host's socket table does
 * (socket-table.h), when watch starts, once it is connected again, and a
 * moment after a channel closed (a count that drifted is put right).
 * Every change of a desktop's sessions is written to its state file
 * (session-state.h), where `vdctl sessions` finds since when and who.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "desktop-event.h"
#include "session-merge.h"
#include "virt.h"

typedef struct _VdWatchSessions VdWatchSessions;

/* Session events found later (vd_watch_sessions_check_later), to pass on
 * as the tracker's own. */
typedef void (*VdWatchSessionsFound) (GPtrArray *made, gpointer user_data);

VdWatchSessions *vd_watch_sessions_new (VdSessionTracker *tracker, VdWatchSessionsFound found,
                                        gpointer user_data);
void vd_watch_sessions_free (VdWatchSessions *ws);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdWatchSessions, vd_watch_sessions_free)

/* The connection to read definitions through; NULL while there is none. */
void vd_watch_sessions_set_connection (VdWatchSessions *ws, VdConnection *conn);

/* Fill in CHANNEL's tls and user, and its address in the socket table's
 * spelling. */
void vd_watch_sessions_complete (VdWatchSessions *ws, VdDesktopEvent *channel);

/* A lifecycle EVENT: what was read of its desktop may have changed. */
void vd_watch_sessions_forget (VdWatchSessions *ws, const VdDesktopEvent *event);

/* Desktop UUID's sessions changed: write its state file. */
void vd_watch_sessions_changed (VdWatchSessions *ws, const char *uuid, const char *desktop);

/* Compare desktop UUID's sessions with the socket table in a moment. */
void vd_watch_sessions_check_later (VdWatchSessions *ws, const char *uuid,
                                    const char *desktop);

/* Compare every desktop's sessions with the socket table now; the
 * session events that makes are appended to MADE (none when QUIET). */
gboolean vd_watch_sessions_sync_all (VdWatchSessions *ws, gboolean quiet, GPtrArray *made,
                                     GError **error);
