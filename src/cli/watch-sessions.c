/* watch-sessions.c: what `vdctl watch` knows of client sessions beyond
 * libvirt's events.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "domain-xml.h"
#include "pool-record.h"
#include "session-state.h"
#include "session.h"
#include "socket-table.h"
#include "watch-sessions.h"
#include "xml-util.h"

/* How long after a channel closed the socket table is read again: long
 * enough for the client's other channels to close too. */
#define CHECK_DELAY_MS 3000

typedef struct {
  int tls_port;                /* -1: none */
  char *user;                  /* the pool seat's user, or NULL */
} DesktopFacts;

struct _VdWatchSessions {
  VdSessionTracker *tracker;
  VdConnection *conn;
  VdWatchSessionsFound found;
  gpointer user_data;
  GHashTable *facts;           /* uuid -> DesktopFacts */
  GHashTable *checks;          /* uuid -> name: desktops to check */
  guint check_id;
};

static void
facts_free (gpointer data)
{
  DesktopFacts *facts = data;

  g_free (facts->user);
  g_free (facts);
}

VdWatchSessions *
vd_watch_sessions_new (VdSessionTracker *tracker, VdWatchSessionsFound found,
                       gpointer user_data)
{
  VdWatchSessions *ws = g_new0 (VdWatchSessions, 1);

  ws->tracker = tracker;
  ws->found = found;
  ws->user_data = user_data;
  ws->facts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, facts_free);
  ws->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return ws;
}

void
vd_watch_sessions_free (VdWatchSessions *ws)
{
  if (ws == NULL)
    return;
  g_clear_handle_id (&ws->check_id, g_source_remove);
  g_hash_table_unref (ws->facts);
  g_hash_table_unref (ws->checks);
  g_free (ws);
}

void
vd_watch_sessions_set_connection (VdWatchSessions *ws, VdConnection *conn)
{
  ws->conn = conn;
  if (conn)
    g_hash_table_remove_all (ws->facts);
}

/* What DOC, a running desktop's live definition, says of its display and
 * seat. */
static DesktopFacts *
facts_read (xmlDoc *doc)
{
  DesktopFacts *facts = g_new0 (DesktopFacts, 1);
  g_auto(VdDesktopInfo) info = { 0, };
  g_autoptr(VdSeatRecord) seat = NULL;
  g_autoptr(VdPoolRecord) pool = NULL;

  facts->tls_port = -1;
  if (vd_domain_read (doc, &info, NULL))
    facts->tls_port = info.tls_port;
  if (vd_pool_record_read (doc, &seat, &pool, NULL) && seat)
    facts->user = g_strdup (seat->user);
  return facts;
}

static DesktopFacts *
facts_get (VdWatchSessions *ws, const char *uuid, const char *name)
{
  DesktopFacts *facts = g_hash_table_lookup (ws->facts, uuid);
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  if (facts || ws->conn == NULL || name == NULL)
    return facts;
  dom = vd_virt_domain_lookup (ws->conn, name, NULL);
  if (dom == NULL || (doc = vd_virt_domain_get_public_doc (dom, FALSE, NULL)) == NULL)
    return NULL;
  facts = facts_read (doc);
  g_hash_table_insert (ws->facts, g_strdup (uuid), facts);
  return facts;
}

void
vd_watch_sessions_complete (VdWatchSessions *ws, VdDesktopEvent *channel)
{
  DesktopFacts *facts;

  if (channel->address)
    {
      char *address = vd_session_address_normalize (channel->address);

      g_free (channel->address);
      channel->address = address;
    }
  if (channel->uuid == NULL || (facts = facts_get (ws, channel->uuid, channel->desktop)) == NULL)
    return;
  channel->tls = facts->tls_port > 0 && channel->local_port == (guint) facts->tls_port;
  g_free (channel->user);
  channel->user = g_strdup (facts->user);
}

void
vd_watch_sessions_forget (VdWatchSessions *ws, const VdDesktopEvent *event)
{
  if (event->uuid)
    g_hash_table_remove (ws->facts, event->uuid);
}

/* A session the tracker holds, as the state file records it. */
static VdSession *
session_of (const VdDesktopEvent *info, const char *uuid, const char *desktop)
{
  VdSession *session = vd_session_new ();

  session->desktop = g_strdup (desktop);
  session->uuid = g_strdup (uuid);
  session->address = g_strdup (info->address);
  session->port = info->port;
  session->since = info->since;
  session->tls = info->tls;
  session->x509_dname = g_strdup (info->x509_dname);
  session->sasl_username = g_strdup (info->sasl_username);
  session->channels = info->channels;
  session->user = g_strdup (info->user);
  return session;
}

void
vd_watch_sessions_changed (VdWatchSessions *ws, const char *uuid, const char *desktop)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) sessions = vd_session_array_new ();
  g_autoptr(GError) error = NULL;

  if (uuid == NULL)
    return;
  list = vd_session_tracker_list (ws->tracker, uuid);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (sessions, session_of (list->pdata[i], uuid, desktop));
  /* No session left: the file goes. */
  if (!vd_session_state_write (uuid, sessions, &error))
    g_printerr ("vdctl: warning: %s\n", error->message);
}

/* A session of the socket table as the tracker takes it: session_of's
 * reverse. */
static VdDesktopEvent *
client_of (const VdSession *session)
{
  VdDesktopEvent *client = vd_desktop_event_new (VD_EVENT_CONNECTED, session->desktop,
                                                 session->uuid);

  client->address = g_strdup (session->address);
  client->port = session->port;
  client->since = session->since;
  client->tls = session->tls;
  client->x509_dname = g_strdup (session->x509_dname);
  client->sasl_username = g_strdup (session->sasl_username);
  client->channels = session->channels;
  client->user = g_strdup (session->user);
  return client;
}

/* The running desktops (uuid -> name) and their SPICE ports. */
static GArray *
running_displays (VdWatchSessions *ws, GHashTable *running, GError **error)
{
  g_autoptr(GPtrArray) domains = vd_virt_domain_list_all (ws->conn, error);
  GArray *displays = g_array_new (FALSE, TRUE, sizeof (VdSessionDesktop));

  for (guint i = 0; domains && i < domains->len; i++)
    {
      VdVirtDomain *dom = domains->pdata[i];
      g_autoptr(xmlDoc) doc = NULL;
      g_auto(VdDesktopInfo) info = { 0, };
      VdSessionDesktop display = { 0, };
      char *uuid;

      if (!vd_virt_domain_is_active (dom) ||
          (doc = vd_virt_domain_get_public_doc (dom, FALSE, NULL)) == NULL ||
          (uuid = vd_virt_domain_get_uuid (dom)) == NULL)
        continue;
      g_hash_table_insert (running, uuid, g_strdup (vd_virt_domain_get_name (dom)));
      g_hash_table_insert (ws->facts, g_strdup (uuid), facts_read (doc));
      if (!vd_domain_read (doc, &info, NULL))
        continue;
      display.name = g_hash_table_lookup (running, uuid);
      display.uuid = uuid;
      display.port = info.port;
      display.tls_port = info.tls_port;
      g_array_append_val (displays, display);
    }
  if (domains == NULL)
    return g_array_unref (displays), NULL;
  return displays;
}

/* The socket table's clients of each running desktop: uuid -> array of
 * VdDesktopEvent. */
static GHashTable *
clients_now (VdWatchSessions *ws, GHashTable *running, GError **error)
{
  g_autoptr(GArray) displays = running_displays (ws, running, error);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  GHashTable *clients;

  if (displays == NULL || (entries = vd_socket_table_read (error)) == NULL)
    return NULL;
  /* A watch before this one may have known since when. */
  records = vd_session_state_read_all (NULL, NULL);
  sessions = vd_sessions_collect ((VdSessionDesktop *) displays->data, displays->len,
                                  entries, records);
  clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < sessions->len; i++)
    {
      VdSession *session = sessions->pdata[i];
      DesktopFacts *facts = g_hash_table_lookup (ws->facts, session->uuid);
      GPtrArray *list = g_hash_table_lookup (clients, session->uuid);
      VdDesktopEvent *client = client_of (session);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_desktop_event_free);
          g_hash_table_insert (clients, g_strdup (session->uuid), list);
        }
      if (facts && client->user == NULL)
        client->user = g_strdup (facts->user);
      g_ptr_array_add (list, client);
    }
  return clients;
}

/* Sync desktop UUID (NAME) with LIVE, and write its state when that
 * changed anything. */
static void
sync_one (VdWatchSessions *ws, const char *uuid, const char *name, GPtrArray *live,
          gboolean quiet, GPtrArray *made)
{
  guint before = made->len;

  vd_session_tracker_sync (ws->tracker, uuid, name, live, quiet, made);
  if (made->len != before || quiet)
    vd_watch_sessions_changed (ws, uuid, name);
}

/* Sync the desktops of ONLY (uuid -> name), or every one when NULL. */
static gboolean
sync_some (VdWatchSessions *ws, GHashTable *only, gboolean quiet, GPtrArray *made,
           GError **error)
{
  g_autoptr(GHashTable) running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         g_free);
  g_autoptr(GHashTable) clients = NULL;
  g_autoptr(GPtrArray) tracked = NULL;
  GHashTableIter iter;
  gpointer uuid, name;

  if (ws->conn == NULL)
    return TRUE;
  clients = clients_now (ws, running, error);
  if (clients == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, running);
  while (g_hash_table_iter_next (&iter, &uuid, &name))
    if (only == NULL || g_hash_table_contains (only, uuid))
      sync_one (ws, uuid, name, g_hash_table_lookup (clients, uuid), quiet, made);
  /* Desktops with sessions that no longer run. */
  tracked = vd_session_tracker_desktops (ws->tracker);
  for (guint i = tracked->len; i-- > 0;)
    {
      g_autofree char *gone = g_strdup (tracked->pdata[i]);

      if (!g_hash_table_contains (running, gone) && (only == NULL ||
                                                     g_hash_table_contains (only, gone)))
        sync_one (ws, gone, only ? g_hash_table_lookup (only, gone) : NULL, NULL, quiet,
                  made);
    }
  return TRUE;
}

gboolean
vd_watch_sessions_sync_all (VdWatchSessions *ws, gboolean quiet, GPtrArray *made,
                            GError **error)
{
  return sync_some (ws, NULL, quiet, made, error);
}

static gboolean
on_check (gpointer data)
{
  VdWatchSessions *ws = data;
  g_autoptr(GHashTable) checks = g_steal_pointer (&ws->checks);
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (
      (GDestroyNotify) vd_desktop_event_free);

  ws->check_id = 0;
  ws->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (sync_some (ws, checks, FALSE, made, NULL) && made->len && ws->found)
    ws->found (made, ws->user_data);
  return G_SOURCE_REMOVE;
}

void
vd_watch_sessions_check_later (VdWatchSessions *ws, const char *uuid, const char *desktop)
{
  if (uuid == NULL || vd_session_tracker_count (ws->tracker, uuid) == 0)
    return;
  g_hash_table_replace (ws->checks, g_strdup (uuid), g_strdup (desktop));
  if (ws->check_id == 0)
    ws->check_id = g_timeout_add (CHECK_DELAY_MS, on_check, ws);
}
