/* rdp-client.h: the command lines 'vdctl connect --rdp' runs: FreeRDP's
 * xfreerdp with the desktop's redirection policy, and the SSH tunnel to a
 * guest behind a remote libvirt host.  Pure: argv arrays, never one
 * string for a shell; a password never goes into them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-policy.h"

typedef enum {
  VD_RDP_CERT_TOFU,           /* trust on first use, refuse a changed one */
  VD_RDP_CERT_IGNORE,         /* accept any certificate */
  VD_RDP_CERT_DENY,           /* accept only what the CA store verifies */
} VdRdpCert;

gboolean vd_rdp_parse_cert (const char *text, VdRdpCert *out, GError **error);

typedef struct {
  const char *program;        /* xfreerdp, or --viewer */
  const char *host;           /* the address to dial, or a unix socket's path */
  int port;
  const char *user;           /* NULL: xfreerdp asks */
  const char *domain;         /* NULL: none */
  const VdRdpPolicy *policy;
  VdRdpCert cert;
  gboolean password_on_stdin; /* the password comes on standard input */
  gboolean fullscreen;
  gboolean debug;
} VdRdpClient;

/* xfreerdp's argv (FreeRDP 2 syntax), NULL-terminated, strings owned. */
GPtrArray *vd_rdp_client_argv (const VdRdpClient *client);

/* Where to open an SSH tunnel: the host of a libvirt URI that uses SSH
 * (qemu+ssh://[USER@]HOST[:PORT]/..., also +libssh and +libssh2), with
 * its keyfile= parameter. */
typedef struct {
  char *host;
  char *user;                 /* NULL: ssh's default */
  int port;                   /* -1: ssh's default */
  char *keyfile;              /* NULL: ssh's default */
} VdSshTarget;

gboolean vd_ssh_target_from_uri (const char *uri, VdSshTarget *target, GError **error);
void vd_ssh_target_clear (VdSshTarget *target);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdSshTarget, vd_ssh_target_clear)

/* ssh -N -L LOCAL_SOCKET:GUEST:GUEST_PORT ... -- HOST: a forward from
 * a unix socket, which only its owner can reach in a private directory. */
GPtrArray *vd_ssh_tunnel_argv (const VdSshTarget *target, const char *local_socket,
                               const char *guest, int guest_port);

/* ARGV as one line a POSIX shell reads back as the same words; for
 * printing, never for running. */
char *vd_argv_to_shell_line (const char * const *argv);
