/* session-merge.c: SPICE client sessions out of per-channel events.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "session-merge.h"

typedef struct {
  VdDesktopEvent *info;        /* kind CONNECTED: what is known of it */
  gboolean authenticated;
  guint peak;                  /* the most channels it had open at once */
} Session;

struct _VdSessionTracker {
  GHashTable *desktops;        /* uuid -> GPtrArray of Session */
};

static void
session_free (gpointer data)
{
  Session *session = data;

  vd_desktop_event_free (session->info);
  g_free (session);
}

VdSessionTracker *
vd_session_tracker_new (void)
{
  VdSessionTracker *tracker = g_new0 (VdSessionTracker, 1);

  tracker->desktops = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  return tracker;
}

void
vd_session_tracker_free (VdSessionTracker *tracker)
{
  if (tracker == NULL)
    return;
  g_hash_table_unref (tracker->desktops);
  g_free (tracker);
}

static GPtrArray *
sessions_of (VdSessionTracker *tracker, const char *uuid, gboolean create)
{
  GPtrArray *sessions = g_hash_table_lookup (tracker->desktops, uuid);

  if (sessions == NULL && create)
    {
      sessions = g_ptr_array_new_with_free_func (session_free);
      g_hash_table_insert (tracker->desktops, g_strdup (uuid), sessions);
    }
  return sessions;
}

static Session *
find (GPtrArray *sessions, const char *address, guint *index)
{
  for (guint i = 0; sessions && i < sessions->len; i++)
    {
      Session *session = sessions->pdata[i];

      if (g_strcmp0 (session->info->address, address) == 0)
        {
          if (index)
            *index = i;
          return session;
        }
    }
  return NULL;
}

/* An event about SESSION, of KIND, at TIME. */
static VdDesktopEvent *
session_event (const Session *session, VdEventKind kind, gint64 time)
{
  VdDesktopEvent *event = vd_desktop_event_copy (session->info);

  event->kind = kind;
  event->time = time;
  return event;
}

static void
forget (VdSessionTracker *tracker, const char *uuid, GPtrArray *sessions, guint index)
{
  g_ptr_array_remove_index (sessions, index);
  if (sessions->len == 0)
    g_hash_table_remove (tracker->desktops, uuid);
}

static void
channel_connect (VdSessionTracker *tracker, const VdDesktopEvent *event, GPtrArray *out)
{
  GPtrArray *sessions = sessions_of (tracker, event->uuid, TRUE);
  Session *session = find (sessions, event->address, NULL);

  if (session)
    {
      session->info->channels++;
      session->peak = MAX (session->peak, session->info->channels);
      session->info->tls = session->info->tls || event->tls;
      return;
    }
  session = g_new0 (Session, 1);
  session->info = vd_desktop_event_copy (event);
  session->info->kind = VD_EVENT_CONNECTED;
  session->info->channels = 1;
  session->peak = 1;
  session->info->since = event->time;
  g_ptr_array_add (sessions, session);
  g_ptr_array_add (out, session_event (session, VD_EVENT_CONNECTED, event->time));
}

static void
channel_initialize (VdSessionTracker *tracker, const VdDesktopEvent *event, GPtrArray *out)
{
  Session *session = find (sessions_of (tracker, event->uuid, FALSE), event->address, NULL);

  if (session == NULL || session->authenticated)
    return;
  session->authenticated = TRUE;
  g_free (session->info->auth_scheme);
  session->info->auth_scheme = g_strdup (event->auth_scheme);
  g_free (session->info->x509_dname);
  session->info->x509_dname = g_strdup (event->x509_dname);
  g_free (session->info->sasl_username);
  session->info->sasl_username = g_strdup (event->sasl_username);
  g_ptr_array_add (out, session_event (session, VD_EVENT_AUTHENTICATED, event->time));
}

static void
channel_disconnect (VdSessionTracker *tracker, const VdDesktopEvent *event, GPtrArray *out)
{
  GPtrArray *sessions = sessions_of (tracker, event->uuid, FALSE);
  guint index;
  Session *session = find (sessions, event->address, &index);

  if (session == NULL)
    return;
  if (session->info->channels > 1)
    {
      session->info->channels--;
      return;
    }
  /* The channels the session had, not the none it has left. */
  session->info->channels = session->peak;
  g_ptr_array_add (out, session_event (session, VD_EVENT_DISCONNECTED, event->time));
  forget (tracker, event->uuid, sessions, index);
}

/* The desktop stopped: QEMU is gone and says nothing of its clients. */
static void
desktop_gone (VdSessionTracker *tracker, const VdDesktopEvent *event, GPtrArray *out)
{
  GPtrArray *sessions = sessions_of (tracker, event->uuid, FALSE);

  for (guint i = 0; sessions && i < sessions->len; i++)
    {
      VdDesktopEvent *gone = session_event (sessions->pdata[i], VD_EVENT_DISCONNECTED,
                                            event->time);

      g_free (gone->reason);
      gone->reason = g_strdup ("desktop-stopped");
      g_ptr_array_add (out, gone);
    }
  if (sessions)
    g_hash_table_remove (tracker->desktops, event->uuid);
}

void
vd_session_tracker_feed (VdSessionTracker *tracker, const VdDesktopEvent *event,
                         GPtrArray *out)
{
  if (event->uuid == NULL)
    return;
  switch (event->kind)
    {
    case VD_EVENT_CHANNEL_CONNECT:
      if (event->address)
        channel_connect (tracker, event, out);
      break;
    case VD_EVENT_CHANNEL_INITIALIZE:
      channel_initialize (tracker, event, out);
      break;
    case VD_EVENT_CHANNEL_DISCONNECT:
      channel_disconnect (tracker, event, out);
      break;
    case VD_EVENT_SHUTDOWN:
    case VD_EVENT_STOPPED:
    case VD_EVENT_CRASHED:
    case VD_EVENT_UNDEFINED:
      desktop_gone (tracker, event, out);
      break;
    default:
      break;
    }
}

static VdDesktopEvent *
find_live (GPtrArray *live, const char *address)
{
  for (guint i = 0; live && i < live->len; i++)
    {
      VdDesktopEvent *client = live->pdata[i];

      if (g_strcmp0 (client->address, address) == 0)
        return client;
    }
  return NULL;
}

/* Sessions the tracker holds that LIVE lacks are over. */
static void
sync_gone (VdSessionTracker *tracker, const char *uuid, GPtrArray *live, gboolean quiet,
           gint64 now, GPtrArray *out)
{
  GPtrArray *sessions = sessions_of (tracker, uuid, FALSE);

  for (guint i = sessions ? sessions->len : 0; i-- > 0;)
    {
      Session *session = sessions->pdata[i];
      const VdDesktopEvent *client = find_live (live, session->info->address);

      if (client)
        {
          session->info->channels = client->channels;
          session->peak = MAX (session->peak, client->channels);
          session->info->tls = client->tls;
          continue;
        }
      if (!quiet)
        {
          VdDesktopEvent *gone = session_event (session, VD_EVENT_DISCONNECTED, now);

          gone->reason = g_strdup ("gone");
          g_ptr_array_add (out, gone);
        }
      forget (tracker, uuid, sessions, i);
      if (g_hash_table_lookup (tracker->desktops, uuid) == NULL)
        break;
    }
}

void
vd_session_tracker_sync (VdSessionTracker *tracker, const char *uuid, const char *desktop,
                         GPtrArray *live, gboolean quiet, GPtrArray *out)
{
  gint64 now = g_get_real_time ();

  sync_gone (tracker, uuid, live, quiet, now, out);
  for (guint i = 0; live && i < live->len; i++)
    {
      const VdDesktopEvent *client = live->pdata[i];
      GPtrArray *sessions;
      Session *session;

      if (find (sessions_of (tracker, uuid, FALSE), client->address, NULL))
        continue;
      sessions = sessions_of (tracker, uuid, TRUE);
      session = g_new0 (Session, 1);
      session->info = vd_desktop_event_copy (client);
      session->info->kind = VD_EVENT_CONNECTED;
      g_free (session->info->desktop);
      session->info->desktop = g_strdup (desktop);
      g_free (session->info->uuid);
      session->info->uuid = g_strdup (uuid);
      /* Authenticated or not, it is past that: no news of it to come. */
      session->authenticated = TRUE;
      session->peak = client->channels;
      g_ptr_array_add (sessions, session);
      if (!quiet)
        {
          VdDesktopEvent *found = session_event (session, VD_EVENT_CONNECTED, now);

          g_free (found->reason);
          found->reason = g_strdup ("found");
          g_ptr_array_add (out, found);
        }
    }
}

guint
vd_session_tracker_count (VdSessionTracker *tracker, const char *uuid)
{
  GPtrArray *sessions = sessions_of (tracker, uuid, FALSE);

  return sessions ? sessions->len : 0;
}

GPtrArray *
vd_session_tracker_list (VdSessionTracker *tracker, const char *uuid)
{
  GPtrArray *sessions = sessions_of (tracker, uuid, FALSE);
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; sessions && i < sessions->len; i++)
    g_ptr_array_add (list, ((Session *) sessions->pdata[i])->info);
  return list;
}

GPtrArray *
vd_session_tracker_desktops (VdSessionTracker *tracker)
{
  GPtrArray *uuids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, tracker->desktops);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (uuids, key);
  return uuids;
}
