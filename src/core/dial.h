/* dial.h: where a client must dial to reach a desktop's display.  Pure.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* The host part of a libvirt URI, or NULL for a local one
 * (qemu+ssh://user@server/system -> server; qemu:///system -> NULL). */
char *vd_uri_remote_host (const char *uri);

typedef enum {
  VD_DIAL_DIRECT,        /* dial *HOST */
  VD_DIAL_TUNNEL,        /* loopback display on a remote libvirt host */
} VdDialMode;

/* LISTEN is the display's listen address (NULL: libvirt's default,
 * loopback).  HOST_OPTION (--host) wins; for a display on all interfaces
 * PUBLIC_HOST, then the URI's host, then LOCAL_NAME follow. */
VdDialMode vd_dial_host (const char *listen, const char *host_option,
                         const char *public_host, const char *uri,
                         const char *local_name, char **host);

/* What a gateway on the display's host dials for a display that listens
 * on LISTEN (NULL: loopback): the loopback address for a display on
 * loopback or on all addresses, the listen address otherwise. */
char *vd_dial_gateway_host (const char *listen);
