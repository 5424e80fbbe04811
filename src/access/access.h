/* access.h: how a user reaches a running desktop: the address to dial,
 * the password or a one-time ticket, and the TLS material.  Shared by
 * export-vv and connect.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "dial.h"
#include "virt.h"
#include "vvfile.h"

typedef struct {
  const char *host;           /* --host */
  const char *public_host;    /* from the configuration */
  guint ttl;                  /* --ttl: a one-time ticket, 0 for none */
  const char *ca_file;        /* --ca: overrides the host's SPICE CA */
  gboolean for_tunnel;        /* a loopback display on a remote host is fine */
  const char *proxy;          /* the HTTP CONNECT gateway (or proxy) the
                                 viewer goes through, on the display's
                                 host: VV's host is what it dials (dial.h),
                                 unless --host */
  gboolean defer_ticket;      /* with ttl: make the ticket's password, and
                                 leave it to vd_access_set_ticket */
  gboolean local_target;      /* the client runs on this host (websockify):
                                 VV's host is the live listen address, the
                                 any-address as 127.0.0.1; host and
                                 public_host are not used */
  const GArray *usb_filter;   /* VdUsbRule: narrows the desktop's own USB
                                 filter for this client, never widens it */
} VdAccessOptions;

/* Fill VV for DOM: where to dial, the password, the TLS material, and
 * what the desktop's SPICE redirection policy lets the client share
 * (enable-usbredir, enable-smartcard, usb-filter: the desktop's filter,
 * narrowed by OPTIONS->usb_filter).  *MODE says whether the display must be reached
 * through the libvirt connection's SSH tunnel (then VV has no host). */
gboolean vd_access_prepare (VdConnection          *conn,
                            VdVirtDomain          *dom,
                            const VdAccessOptions *options,
                            VdVvFile              *vv,
                            VdDialMode            *mode,
                            GError               **error);

/* Set the one-time ticket VV holds (made by vd_access_prepare with
 * defer_ticket) on the running display of DOM, valid for TTL seconds from
 * now.  *PREVIOUS, when given, gets the display as it was, for
 * vd_access_restore_ticket. */
gboolean vd_access_set_ticket (VdVirtDomain *dom, const VdVvFile *vv, guint ttl,
                               char **previous, GError **error);
/* Put back the password PREVIOUS that vd_access_set_ticket replaced. */
gboolean vd_access_restore_ticket (VdVirtDomain *dom, const char *previous, GError **error);

/* This host's fully qualified name, as clients should dial it. */
char *vd_local_fqdn (void);
