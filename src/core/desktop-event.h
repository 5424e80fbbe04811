/* desktop-event.h: what happens to desktops, as `vdctl watch` reports it:
 * lifecycle events of libvirt's domains, the SPICE client sessions made
 * from libvirt's graphics events (session-merge.h), and watch's own news.
 *
 * One event is one line of the stream: text, or with --json one JSON
 * object of a fixed shape:
 *
 *   {"time": "2026-12-03T07:30:00.123Z", "desktop": "lab-01",
 *    "uuid": "…", "event": "connected", "details": {…}}
 *
 * "desktop" and "uuid" are null for watch's own events.  Pure: glib
 * only; the JSON is made in the host (event-json.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

typedef enum {
  /* A domain's lifecycle (libvirt's lifecycle and reboot events). */
  VD_EVENT_DEFINED,
  VD_EVENT_UNDEFINED,
  VD_EVENT_STARTED,
  VD_EVENT_PAUSED,
  VD_EVENT_RESUMED,
  VD_EVENT_SHUTDOWN,           /* stopped: the guest shut down */
  VD_EVENT_STOPPED,            /* stopped otherwise: powered off, saved, failed, ... */
  VD_EVENT_CRASHED,
  VD_EVENT_REBOOTED,
  VD_EVENT_PM_SUSPENDED,
  /* One SPICE channel, as libvirt's graphics event gives it: the input of
   * session-merge.h, never printed. */
  VD_EVENT_CHANNEL_CONNECT,
  VD_EVENT_CHANNEL_INITIALIZE,
  VD_EVENT_CHANNEL_DISCONNECT,
  /* A client session: all its channels merged. */
  VD_EVENT_CONNECTED,
  VD_EVENT_AUTHENTICATED,
  VD_EVENT_DISCONNECTED,
  /* What watch --act does when a user leaves. */
  VD_EVENT_ACTION_SCHEDULED,
  VD_EVENT_ACTION_CANCELLED,
  VD_EVENT_ACTION,
  /* Watch itself. */
  VD_EVENT_WATCH_STARTED,
  VD_EVENT_CONNECTION_LOST,
  VD_EVENT_RECONNECTED,
} VdEventKind;

typedef struct {
  VdEventKind kind;
  gint64 time;                 /* g_get_real_time () */
  char *desktop;               /* NULL for watch's own events */
  char *uuid;
  /* Lifecycle: libvirt's detail ("booted", "destroyed", ...), or NULL. */
  char *reason;
  /* A SPICE client: its address and port, and the host's end. */
  char *address;
  guint port;
  guint local_port;
  gboolean tls;
  char *auth_scheme;           /* "spice", "none", ... or NULL */
  char *x509_dname;
  char *sasl_username;
  guint channels;              /* a merged session: its channels */
  gint64 since;                /* a merged session: when it began; 0 unknown */
  char *user;                  /* the pool seat's user, or NULL */
  /* Anything else, shown in "details" as it is (an action and its
   * result, a delay, a message): VdEventDetail, or NULL. */
  GPtrArray *extra;
} VdDesktopEvent;

/* One key of "details", and its value. */
typedef enum {
  VD_EVENT_DETAIL_NULL,
  VD_EVENT_DETAIL_STRING,
  VD_EVENT_DETAIL_INT,
  VD_EVENT_DETAIL_BOOLEAN,
} VdEventDetailType;

typedef struct {
  char *key;
  VdEventDetailType type;
  char *string;
  gint64 number;               /* INT, and BOOLEAN as 0 or 1 */
} VdEventDetail;

VdDesktopEvent *vd_desktop_event_new (VdEventKind kind, const char *desktop, const char *uuid);
VdDesktopEvent *vd_desktop_event_copy (const VdDesktopEvent *event);
void vd_desktop_event_free (VdDesktopEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdDesktopEvent, vd_desktop_event_free)

/* "connected", "shutdown", "watch-started", ... */
const char *vd_event_kind_to_string (VdEventKind kind);
/* Whether KIND is one of a domain's lifecycle. */
gboolean vd_event_kind_is_lifecycle (VdEventKind kind);

/* A string, number or boolean for "details" (kept in EVENT->extra). */
void vd_desktop_event_set_string (VdDesktopEvent *event, const char *key, const char *value);
void vd_desktop_event_set_int (VdDesktopEvent *event, const char *key, gint64 value);
void vd_desktop_event_set_boolean (VdDesktopEvent *event, const char *key, gboolean value);

/* TIME as "2026-12-03T07:30:00.123Z". */
char *vd_event_time_format (gint64 time);

/* The keys of "details", in order (VdEventDetail, owned by the array):
 * what the event says of its client and reason, then EVENT->extra; a
 * key set twice keeps its last value. */
GPtrArray *vd_desktop_event_details (const VdDesktopEvent *event);
/* The event as one line of text (no newline):
 *   2026-12-03T07:30:00.123Z  lab-01  connected  address=127.0.0.1 port=43210 ... */
char *vd_desktop_event_to_text (const VdDesktopEvent *event);
