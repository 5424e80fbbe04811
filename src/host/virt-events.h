/* virt-events.h: libvirt's domain events, heard in glib's main loop.
 *
 * libvirt delivers events through an event loop of the client's own;
 * vd_virt_events_init hands it glib's (libvirt-glib), once, before any
 * connection is opened.  A VdEventWatch then opens its own connection,
 * with libvirt's keepalive so that a daemon that went away is noticed,
 * and passes on every lifecycle, reboot and graphics event as a
 * VdDesktopEvent (desktop-event.h): graphics events as the per-channel
 * kinds VD_EVENT_CHANNEL_*.  When the connection closes (libvirtd
 * restarted, the host gone), the watch says so once and is dead: open a
 * new one.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "desktop-event.h"
#include "virt.h"

/* Hand libvirt glib's main loop; once per process, before connecting. */
void vd_virt_events_init (void);

typedef struct _VdEventWatch VdEventWatch;

/* EVENT is the watch's; copy what is to be kept. */
typedef void (*VdEventFunc) (const VdDesktopEvent *event, gpointer user_data);
/* The connection closed; REASON says why ("libvirtd went away", ...). */
typedef void (*VdEventClosedFunc) (const char *reason, gpointer user_data);

/* A connection to URI (NULL: libvirt's default; read-only when
 * READ_ONLY) whose events go to FUNC, and its closing to CLOSED. */
VdEventWatch *vd_event_watch_open (const char *uri, gboolean read_only, VdEventFunc func,
                                   VdEventClosedFunc closed, gpointer user_data,
                                   GError **error);
/* The watch's connection, for the calls that go with the events. */
VdConnection *vd_event_watch_get_connection (VdEventWatch *watch);
/* Whether its connection still stands. */
gboolean vd_event_watch_is_alive (VdEventWatch *watch);
void vd_event_watch_free (VdEventWatch *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdEventWatch, vd_event_watch_free)
