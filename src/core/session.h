/* session.h: a SPICE client connected to a desktop now, and how such
 * sessions are found.
 *
 * Two sources, one record: the host's socket table (tcp-table.h) says
 * which clients are connected, from which address, over how many
 * connections (channels); the state files that 'vdctl watch' keeps from
 * libvirt's graphics events (session-state.h in the host) add since when
 * and who authenticated.  vd_sessions_collect puts the two together; the
 * state files hold the same records, in the JSON of 'sessions --json'
 * (session-json.h in the host).  Pure: no I/O.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

typedef struct {
  char *desktop;        /* domain name */
  char *uuid;
  char *address;        /* the client's IP address, as text */
  guint port;           /* the client port of its first (main) channel; 0: unknown */
  gint64 since;         /* g_get_real_time () microseconds; 0: unknown */
  gboolean tls;
  char *x509_dname;     /* NULL: none */
  char *sasl_username;  /* NULL: none */
  guint channels;
  char *user;           /* the pool seat's assigned user, or NULL */
} VdSession;

VdSession *vd_session_new (void);
VdSession *vd_session_copy (const VdSession *session);
void vd_session_free (VdSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdSession, vd_session_free)

/* A new array of VdSession that frees them. */
GPtrArray *vd_session_array_new (void);

/* ADDRESS as the socket table gives it: an IPv4-mapped IPv6 address
 * (::ffff:192.0.2.1) as IPv4, an IPv6 address in its short form, and
 * anything that is no IP address as it is. */
char *vd_session_address_normalize (const char *address);

/* A running desktop's SPICE display, as found in its live definition. */
typedef struct {
  const char *name;
  const char *uuid;
  int port;             /* the plain port; <= 0: none */
  int tls_port;         /* the TLS port; <= 0: none */
} VdSessionDesktop;

/* The sessions of DESKTOPS (N_DESKTOPS of them) that the socket table
 * ENTRIES (VdTcpEntry) shows: one per desktop and client address, from
 * the established connections whose local port is the desktop's port or
 * TLS port.  Its channels are the number of those connections, tls that
 * every one goes to the TLS port, its port the client port of the first
 * one.  A record of RECORDS (VdSession, from watch's state; may be NULL)
 * of the same desktop (by UUID, else name) and address gives it since,
 * x509_dname and sasl_username, and its port when it has none; a record
 * that matches no connection is stale and left out.  In DESKTOPS' order,
 * then in the order the clients connected; user is left NULL. */
GPtrArray *vd_sessions_collect (const VdSessionDesktop *desktops, guint n_desktops,
                                GPtrArray *entries, GPtrArray *records);
