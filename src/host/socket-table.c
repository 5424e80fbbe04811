/* socket-table.c: this host's TCP sockets from /proc/net.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "socket-table.h"

static gboolean
read_table (const char *dir, const char *name, gboolean required, GPtrArray *entries,
            GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      if (!required && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "cannot read this host's TCP sockets: ");
      return FALSE;
    }
  if (!vd_tcp_table_parse (text, entries, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
vd_socket_table_read (GError **error)
{
  const char *dir = g_getenv ("VDCTL_PROC_NET");
  g_autoptr(GPtrArray) entries = vd_tcp_table_new ();

  if (dir == NULL || *dir == '\0')
    dir = "/proc/net";
  if (!read_table (dir, "tcp", TRUE, entries, error) ||
      !read_table (dir, "tcp6", FALSE, entries, error))
    return NULL;
  return g_steal_pointer (&entries);
}
