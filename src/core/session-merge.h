/* session-merge.h: SPICE client sessions out of per-channel events.
 *
 * QEMU reports every SPICE channel on its own (main, display, inputs,
 * cursor, playback, record, usbredir, ...), and libvirt passes each on as
 * a graphics event with the phases connect, initialize (authenticated)
 * and disconnect.  A user sees one session.  The tracker counts each
 * client's open channels per desktop, a client being one address: the
 * first channel to connect makes "connected", the first to pass
 * authentication "authenticated", the last to go "disconnected".  A
 * desktop that stops ends its sessions, since QEMU says nothing more.
 *
 * Pure: glib only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "desktop-event.h"

typedef struct _VdSessionTracker VdSessionTracker;

VdSessionTracker *vd_session_tracker_new (void);
void vd_session_tracker_free (VdSessionTracker *tracker);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdSessionTracker, vd_session_tracker_free)

/* Take EVENT in: a channel event, or a lifecycle event that stops a
 * desktop.  The session events it makes are appended to OUT (an array of
 * VdDesktopEvent that owns them), stamped with EVENT's time. */
void vd_session_tracker_feed (VdSessionTracker *tracker, const VdDesktopEvent *event,
                              GPtrArray *out);

/* What is known of the clients of desktop UUID now: LIVE holds one
 * VdDesktopEvent per client (address, port, tls, channels; since when
 * known), as the host's socket table shows them.  A session the tracker
 * holds that LIVE lacks is over ("disconnected", reason "gone"); a client
 * of LIVE the tracker lacks is a new session ("connected", reason
 * "found"), both appended to OUT unless QUIET (when watch starts, what is
 * already there is no news).  The channel counts become LIVE's. */
void vd_session_tracker_sync (VdSessionTracker *tracker, const char *uuid,
                              const char *desktop, GPtrArray *live, gboolean quiet,
                              GPtrArray *out);

/* The number of client sessions on desktop UUID. */
guint vd_session_tracker_count (VdSessionTracker *tracker, const char *uuid);

/* The sessions on desktop UUID, each a VdDesktopEvent of kind
 * VD_EVENT_CONNECTED with what is known of it (address, port, since, tls,
 * identity, channels); the tracker keeps them. */
GPtrArray *vd_session_tracker_list (VdSessionTracker *tracker, const char *uuid);

/* The UUIDs of every desktop with a session; the tracker keeps them. */
GPtrArray *vd_session_tracker_desktops (VdSessionTracker *tracker);
