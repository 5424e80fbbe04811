/* socket-table.h: this host's TCP sockets, read from /proc/net/tcp and
 * /proc/net/tcp6 (tcp-table.h parses them).  Both files are readable by
 * every user, so no privilege is needed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "tcp-table.h"

/* Every TCP socket of this host (VdTcpEntry), IPv4 then IPv6; a missing
 * tcp6 (IPv6 turned off) is no error.  VDCTL_PROC_NET names another
 * directory to read tcp and tcp6 from (tests). */
GPtrArray *vd_socket_table_read (GError **error);
