/* session.c: SPICE sessions from the socket table and watch's records.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "session.h"
#include "tcp-table.h"

VdSession *
vd_session_new (void)
{
  return g_new0 (VdSession, 1);
}

VdSession *
vd_session_copy (const VdSession *session)
{
  VdSession *copy = g_memdup2 (session, sizeof *session);

  copy->desktop = g_strdup (session->desktop);
  copy->uuid = g_strdup (session->uuid);
  copy->address = g_strdup (session->address);
  copy->x509_dname = g_strdup (session->x509_dname);
  copy->sasl_username = g_strdup (session->sasl_username);
  copy->user = g_strdup (session->user);
  return copy;
}

void
vd_session_free (VdSession *session)
{
  if (session == NULL)
    return;
  g_free (session->desktop);
  g_free (session->uuid);
  g_free (session->address);
  g_free (session->x509_dname);
  g_free (session->sasl_username);
  g_free (session->user);
  g_free (session);
}

GPtrArray *
vd_session_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) vd_session_free);
}

char *
vd_session_address_normalize (const char *address)
{
  g_autoptr(GInetAddress) parsed = NULL;

  if (address == NULL)
    return NULL;
  parsed = g_inet_address_new_from_string (address);
  if (parsed == NULL)
    return g_strdup (address);
  if (g_inet_address_get_family (parsed) == G_SOCKET_FAMILY_IPV6)
    {
      const guint8 *bytes = g_inet_address_to_bytes (parsed);
      static const guint8 mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

      if (memcmp (bytes, mapped_prefix, sizeof mapped_prefix) == 0)
        {
          g_autoptr(GInetAddress) v4 =
            g_inet_address_new_from_bytes (bytes + 12, G_SOCKET_FAMILY_IPV4);

          return g_inet_address_to_string (v4);
        }
    }
  return g_inet_address_to_string (parsed);
}

/* The connections of one client to one desktop. */
typedef struct {
  const char *address;      /* borrowed from the entries */
  guint channels;
  guint tls_channels;
  guint64 first_inode;      /* the lowest: the first connection */
  guint first_port;
} Client;

/* Inodes are handed out in increasing order, so the connection with the
 * lowest inode is the one the client opened first: SPICE's main channel,
 * which the others follow.  A heuristic: an inode counter that wrapped,
 * or sockets made in another order, would mislead it.  0 (a socket no
 * process holds) sorts last. */
static guint64
inode_order (guint64 inode)
{
  return inode ? inode : G_MAXUINT64;
}

static int
compare_clients (gconstpointer a, gconstpointer b)
{
  const Client *ca = *(Client * const *) a, *cb = *(Client * const *) b;
  guint64 ia = inode_order (ca->first_inode), ib = inode_order (cb->first_inode);

  return ia < ib ? -1 : ia > ib ? 1 : strcmp (ca->address, cb->address);
}

/* The clients of DESKTOP among ENTRIES, in the order they connected. */
static GPtrArray *
group_clients (const VdSessionDesktop *desktop, GPtrArray *entries)
{
  g_autoptr(GHashTable) by_address = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *clients = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; entries && i < entries->len; i++)
    {
      const VdTcpEntry *e = entries->pdata[i];
      gboolean plain = desktop->port > 0 && e->local_port == (guint) desktop->port;
      gboolean tls = desktop->tls_port > 0 && e->local_port == (guint) desktop->tls_port;
      Client *client;

      if (e->state != VD_TCP_STATE_ESTABLISHED || (!plain && !tls))
        continue;
      client = g_hash_table_lookup (by_address, e->remote_address);
      if (client == NULL)
        {
          client = g_new0 (Client, 1);
          client->address = e->remote_address;
          client->first_inode = e->inode;
          client->first_port = e->remote_port;
          g_hash_table_insert (by_address, e->remote_address, client);
          g_ptr_array_add (clients, client);
        }
      else if (inode_order (e->inode) < inode_order (client->first_inode))
        {
          client->first_inode = e->inode;
          client->first_port = e->remote_port;
        }
      client->channels++;
      if (tls)
        client->tls_channels++;
    }
  g_ptr_array_sort (clients, compare_clients);
  return clients;
}

static gboolean
same_desktop (const VdSession *record, const VdSessionDesktop *desktop)
{
  if (record->uuid && desktop->uuid)
    return g_ascii_strcasecmp (record->uuid, desktop->uuid) == 0;
  return g_strcmp0 (record->desktop, desktop->name) == 0;
}

/* The record of SESSION's client: of the same desktop and address, the
 * one with the same port first. */
static const VdSession *
find_record (GPtrArray *records, const VdSessionDesktop *desktop, const VdSession *session)
{
  const VdSession *found = NULL;

  for (guint i = 0; records && i < records->len; i++)
    {
      const VdSession *r = records->pdata[i];
      g_autofree char *address = vd_session_address_normalize (r->address);

      if (!same_desktop (r, desktop) || g_strcmp0 (address, session->address) != 0)
        continue;
      if (session->port && r->port == session->port)
        return r;
      if (found == NULL)
        found = r;
    }
  return found;
}

static VdSession *
client_session (const VdSessionDesktop *desktop, const Client *client, GPtrArray *records)
{
  VdSession *s = vd_session_new ();
  const VdSession *record;

  s->desktop = g_strdup (desktop->name);
  s->uuid = g_strdup (desktop->uuid);
  s->address = vd_session_address_normalize (client->address);
  s->port = client->first_port;
  s->channels = client->channels;
  s->tls = client->tls_channels == client->channels;
  record = find_record (records, desktop, s);
  if (record)
    {
      s->since = record->since;
      s->x509_dname = g_strdup (record->x509_dname);
      s->sasl_username = g_strdup (record->sasl_username);
      if (s->port == 0)
        s->port = record->port;
    }
  return s;
}

GPtrArray *
vd_sessions_collect (const VdSessionDesktop *desktops, guint n_desktops,
                     GPtrArray *entries, GPtrArray *records)
{
  GPtrArray *sessions = vd_session_array_new ();

  for (guint d = 0; d < n_desktops; d++)
    {
      g_autoptr(GPtrArray) clients = group_clients (&desktops[d], entries);

      for (guint c = 0; c < clients->len; c++)
        g_ptr_array_add (sessions, client_session (&desktops[d], clients->pdata[c], records));
    }
  return sessions;
}
