/* tcp-table.h: the kernel's table of TCP sockets, as /proc/net/tcp and
 * /proc/net/tcp6 print it, read into entries.  Pure: text in, entries
 * out; reading the files is the host's (socket-table.h).
 *
 * Each line after the header is one socket:
 *
 *    sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
 *     0: 0100007F:170C 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000 64055        0 82870 ...
 *
 * An address is the hexadecimal of its 32-bit words as this host stores
 * them (so 127.0.0.1 is 0100007F on a little-endian host), a port the
 * hexadecimal of its number, the state the kernel's TCP state number.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* The kernel's TCP states (include/net/tcp_states.h) that matter here. */
#define VD_TCP_STATE_ESTABLISHED  0x01
#define VD_TCP_STATE_LISTEN       0x0A

typedef struct {
  char *local_address;      /* as text: "127.0.0.1", "::1"; an IPv4-mapped
                               IPv6 address (::ffff:a.b.c.d) as IPv4 */
  guint local_port;
  char *remote_address;     /* the same */
  guint remote_port;
  guint state;              /* VD_TCP_STATE_* */
  guint64 inode;            /* the socket's inode; 0 for one no process
                               holds (TIME_WAIT) */
} VdTcpEntry;

void vd_tcp_entry_free (VdTcpEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdTcpEntry, vd_tcp_entry_free)

#define VD_TCP_TABLE_ERROR (vd_tcp_table_error_quark ())
GQuark vd_tcp_table_error_quark (void);

/* Add the sockets of TEXT, the contents of /proc/net/tcp or tcp6 (its
 * header line first), to ENTRIES (VdTcpEntry, freed with
 * vd_tcp_entry_free).  FALSE, naming the line, when a line is not a
 * socket's; the entries of the lines before it stay added. */
gboolean vd_tcp_table_parse (const char *text, GPtrArray *entries, GError **error);

/* A new array for vd_tcp_table_parse. */
GPtrArray *vd_tcp_table_new (void);
