/* ssh-tunnel.h: the SSH tunnel of 'connect --rdp --ssh-tunnel': ssh
 * forwards a unix socket in the user's private runtime directory to the
 * guest, and the client dials that socket only once it is known to be
 * held by the ssh vdctl started.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* Where the tunnel of desktop NAME on URI listens:
 * $XDG_RUNTIME_DIR/vdctl/tunnels/rdp-HASH.sock, a directory of this
 * user's alone (0700, checked); the same path for the same desktop each
 * time (FreeRDP's trust-on-first-use store is keyed by it), another when
 * a running tunnel holds it.  A stale socket there is removed. */
char *vd_ssh_tunnel_socket_path (const char *uri, const char *name, GError **error);

typedef struct _VdSshTunnel VdSshTunnel;

/* Run ssh with ARGV (which forwards SOCKET_PATH) and return once the
 * socket listens, held by that ssh process: a listener that belongs to
 * any other process is refused.  Fails when ssh exits first or after
 * WAIT_S seconds (ssh may ask for a password first). */
VdSshTunnel *vd_ssh_tunnel_start (GPtrArray *argv, const char *socket_path, guint wait_s,
                                  GError **error);
/* End ssh and remove the socket. */
void vd_ssh_tunnel_stop (VdSshTunnel *tunnel);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdSshTunnel, vd_ssh_tunnel_stop)

/* The inodes of the listening unix sockets bound to PATH (from
 * /proc/net/unix TEXT), and whether process PID holds one of them (its
 * /proc/PID/fd).  For tests. */
GArray *vd_unix_listeners (const char *proc_net_unix, const char *path);
gboolean vd_process_holds_socket (int pid, guint64 inode);
