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
} VdAccessOptions;

/* Fill VV for DOM.  *MODE says whether the display must be reached
 * through the libvirt connection's SSH tunnel (then VV has no host). */
gboolean vd_access_prepare (VdConnection          *conn,
                            VdVirtDomain          *dom,
                            const VdAccessOptions *options,
                            VdVvFile              *vv,
                            VdDialMode            *mode,
                            GError               **error);

/* This host's fully qualified name, as clients should dial it. */
char *vd_local_fqdn (void);
