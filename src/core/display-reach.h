/* display-reach.h: how far a desktop's display reaches, read from its
 * settings alone, for the password rule and for show and list.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "desktop.h"

typedef enum {
  VD_REACH_NOWHERE,        /* no display, listen type 'none', or a socket */
  VD_REACH_LOOPBACK,       /* a loopback address: this host only */
  VD_REACH_ADDRESS,        /* an address beyond loopback, or all of them */
  VD_REACH_NETWORK,        /* a libvirt network's address */
  VD_REACH_HOST_DEFAULT,   /* no address of its own: qemu.conf's
                              spice_listen (vnc_listen) decides */
} VdReach;

VdReach vd_display_reach (const VdDesktopInfo *info);

/* Whether a display that reaches that far is, or may become with a change
 * of the host's configuration, reachable from other machines: an address
 * beyond loopback, a network, and no address of its own all count. */
gboolean vd_reach_beyond_loopback (VdReach reach);

/* A display anyone who reaches it may open: beyond loopback (as above)
 * and known to have no password (read with secrets, or recorded so by
 * vdctl; an unknown password is not judged). */
gboolean vd_display_is_insecure (const VdDesktopInfo *info);

/* A display beyond loopback (as above) whose password is unknown: read
 * without secrets, of a domain vdctl never set a password on. */
gboolean vd_display_may_be_insecure (const VdDesktopInfo *info);

/* Where the display listens, for messages: "on 0.0.0.0", "on libvirt
 * network 'default'", "on no address of its own", ... */
char *vd_display_reach_describe (const VdDesktopInfo *info);

/* What to warn about an insecure display of desktop NAME (without the
 * "vdctl: warning: " prefix). */
char *vd_display_insecure_warning (const VdDesktopInfo *info, const char *name);
