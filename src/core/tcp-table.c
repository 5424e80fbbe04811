/* tcp-table.c: /proc/net/tcp and /proc/net/tcp6 read into entries.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "tcp-table.h"

G_DEFINE_QUARK (vd-tcp-table-error-quark, vd_tcp_table_error)

/* Columns of a line, split on blanks. */
enum {
  COLUMN_SLOT,
  COLUMN_LOCAL,
  COLUMN_REMOTE,
  COLUMN_STATE,
  COLUMN_QUEUES,
  COLUMN_TIMER,
  COLUMN_RETRANSMITS,
  COLUMN_UID,
  COLUMN_TIMEOUT,
  COLUMN_INODE,
  N_COLUMNS
};

void
vd_tcp_entry_free (VdTcpEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->local_address);
  g_free (entry->remote_address);
  g_free (entry);
}

GPtrArray *
vd_tcp_table_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) vd_tcp_entry_free);
}

static gboolean
parse_hex (const char *text, gsize len, guint64 max, guint64 *value)
{
  g_autofree char *copy = g_strndup (text, len);

  if (len == 0 || strlen (copy) != len)
    return FALSE;
  return g_ascii_string_to_unsigned (copy, 16, 0, max, value, NULL);
}

/* HEX: 8 digits (IPv4) or 32 (IPv6), each group of 8 a 32-bit word as
 * this host stores it: copying the word's bytes out in memory order gives
 * the address in network order. */
static char *
parse_address (const char *hex, gsize len)
{
  guint8 bytes[16];
  g_autoptr(GInetAddress) address = NULL;
  static const guint8 mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  if (len != 8 && len != 32)
    return NULL;
  for (gsize word = 0; word < len / 8; word++)
    {
      guint64 value;
      guint32 host_order;

      if (!parse_hex (hex + word * 8, 8, G_MAXUINT32, &value))
        return NULL;
      host_order = (guint32) value;
      memcpy (bytes + word * 4, &host_order, 4);
    }
  if (len == 32 && memcmp (bytes, mapped_prefix, sizeof mapped_prefix) == 0)
    address = g_inet_address_new_from_bytes (bytes + 12, G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_bytes (bytes, len == 8 ? G_SOCKET_FAMILY_IPV4
                                                              : G_SOCKET_FAMILY_IPV6);
  return g_inet_address_to_string (address);
}

/* "0100007F:170C" */
static gboolean
parse_endpoint (const char *text, char **address, guint *port)
{
  const char *colon = strchr (text, ':');
  guint64 value;

  if (colon == NULL || !parse_hex (colon + 1, strlen (colon + 1), G_MAXUINT16, &value))
    return FALSE;
  *address = parse_address (text, colon - text);
  *port = (guint) value;
  return *address != NULL;
}

static VdTcpEntry *
parse_line (const char *line)
{
  g_auto(GStrv) columns = g_strsplit_set (line, " \t", -1);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  g_autoptr(VdTcpEntry) entry = g_new0 (VdTcpEntry, 1);
  guint64 state;

  for (char **c = columns; *c; c++)
    if (**c)
      g_ptr_array_add (words, *c);
  if (words->len < N_COLUMNS ||
      !g_str_has_suffix (words->pdata[COLUMN_SLOT], ":") ||
      !parse_endpoint (words->pdata[COLUMN_LOCAL], &entry->local_address, &entry->local_port) ||
      !parse_endpoint (words->pdata[COLUMN_REMOTE], &entry->remote_address,
                       &entry->remote_port) ||
      !parse_hex (words->pdata[COLUMN_STATE], strlen (words->pdata[COLUMN_STATE]), 0xff,
                  &state) ||
      !g_ascii_string_to_unsigned (words->pdata[COLUMN_INODE], 10, 0, G_MAXUINT64,
                                   &entry->inode, NULL))
    return NULL;
  entry->state = (guint) state;
  return g_steal_pointer (&entry);
}

gboolean
vd_tcp_table_parse (const char *text, GPtrArray *entries, GError **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  /* The first line is the header ("  sl  local_address ..."). */
  if (lines[0] && *g_strstrip (lines[0]) && !g_str_has_prefix (lines[0], "sl "))
    return g_set_error (error, VD_TCP_TABLE_ERROR, 0,
                        "line 1 is not the header of a TCP socket table: '%s'", lines[0]), FALSE;
  for (guint n = 1; lines[0] && lines[n]; n++)
    {
      VdTcpEntry *entry;

      if (g_strstrip (lines[n])[0] == '\0')
        continue;
      entry = parse_line (lines[n]);
      if (entry == NULL)
        return g_set_error (error, VD_TCP_TABLE_ERROR, 0,
                            "line %u is not a TCP socket's: '%s'", n + 1, lines[n]), FALSE;
      g_ptr_array_add (entries, entry);
    }
  return TRUE;
}
