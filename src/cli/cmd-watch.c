/* cmd-watch.c: vdctl watch [NAME...] [--json] [--act] — a live stream of
 * what happens to desktops, built on libvirt's events (virt-events.h):
 * lifecycle events, and SPICE client sessions merged from the per-channel
 * graphics events (session-merge.h).  With --act it also carries out what
 * each desktop asks for when its user leaves (watch-act.h).
 *
 * When the connection to libvirt goes (libvirtd restarted), watch says
 * so, connects again every few seconds, and says so once it is back;
 * what changed meanwhile is found in the host's socket table
 * (watch-sessions.h).  SIGINT and SIGTERM end it, with exit status 0.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib-unix.h>

#include "commands.h"
#include "domain-lock.h"
#include "event-json.h"
#include "virt-events.h"
#include "watch-act.h"
#include "watch-sessions.h"

/* Seconds between two tries to connect again. */
#define RECONNECT_INTERVAL 2

static gboolean opt_json;
static gboolean opt_act;

const GOptionEntry vd_watch_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    "One JSON object per line (NDJSON) instead of text", NULL },
  { "act", 0, 0, G_OPTION_ARG_NONE, &opt_act,
    "Carry out each desktop's on-disconnect and idle-shutdown actions, and write the "
    "audit log", NULL },
  { NULL }
};

typedef struct {
  VdInvocation *inv;
  GMainLoop *loop;
  VdEventWatch *watch;
  VdSessionTracker *tracker;
  VdWatchSessions *sessions;
  VdWatchAct *act;
  VdDomainLock *act_lock;     /* one watch --act per host */
  GHashTable *names;          /* the NAMEs to report, or NULL for all */
  guint reconnect_id;
  GError *error;              /* what ended the loop, when not a signal */
} Watch;

static void
watch_stop (Watch *w, GError *error)
{
  if (error && w->error == NULL)
    w->error = error;
  else if (error)
    g_error_free (error);
  g_main_loop_quit (w->loop);
}

/* One line of the stream. */
static void
emit (Watch *w, const VdDesktopEvent *event)
{
  g_autofree char *line = NULL;
  GError *error = NULL;

  if (w->names && event->desktop && !g_hash_table_contains (w->names, event->desktop))
    return;
  line = opt_json ? vd_desktop_event_to_json_line (event) : vd_desktop_event_to_text (event);
  printf ("%s\n", line);
  if (!vd_stdout_flush (&error))
    watch_stop (w, error);
}

static void
report (const VdDesktopEvent *event, gpointer data)
{
  emit (data, event);
}

/* Session events the tracker made: to the stream, the state files and
 * the engine. */
static void
pass_on (Watch *w, GPtrArray *made)
{
  for (guint i = 0; i < made->len; i++)
    {
      const VdDesktopEvent *event = made->pdata[i];

      emit (w, event);
      vd_watch_sessions_changed (w->sessions, event->uuid, event->desktop);
      if (w->act)
        vd_watch_act_event (w->act, event);
    }
}

/* Session events the socket table showed a moment after a channel closed. */
static void
on_found (GPtrArray *made, gpointer data)
{
  pass_on (data, made);
}

static void
on_event (const VdDesktopEvent *event, gpointer data)
{
  Watch *w = data;
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (
      (GDestroyNotify) vd_desktop_event_free);

  if (vd_event_kind_is_lifecycle (event->kind))
    {
      emit (w, event);
      vd_watch_sessions_forget (w->sessions, event);
      vd_session_tracker_feed (w->tracker, event, made);
      pass_on (w, made);
      if (w->act)
        vd_watch_act_event (w->act, event);
      return;
    }
  {
    g_autoptr(VdDesktopEvent) channel = vd_desktop_event_copy (event);

    /* What libvirt's event lacks: whether the channel came in on the TLS
     * port, and the pool seat's user. */
    vd_watch_sessions_complete (w->sessions, channel);
    vd_session_tracker_feed (w->tracker, channel, made);
    pass_on (w, made);
    if (channel->kind == VD_EVENT_CHANNEL_DISCONNECT)
      vd_watch_sessions_check_later (w->sessions, channel->uuid, channel->desktop);
  }
}

/* What the socket table says now, against what the tracker holds:
 * QUIET when watch starts (what is there is no news). */
static void
sync_sessions (Watch *w, gboolean quiet)
{
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (
      (GDestroyNotify) vd_desktop_event_free);
  g_autoptr(GError) error = NULL;

  if (!vd_watch_sessions_sync_all (w->sessions, quiet, made, &error))
    g_printerr ("vdctl: warning: %s\n", error->message);
  pass_on (w, made);
}

static void on_closed (const char *reason, gpointer data);

static gboolean
connect_watch (Watch *w, GError **error)
{
  w->watch = vd_event_watch_open (w->inv->uri, w->inv->read_only, on_event, on_closed, w,
                                  error);
  if (w->watch == NULL)
    return FALSE;
  vd_watch_sessions_set_connection (w->sessions, vd_event_watch_get_connection (w->watch));
  if (w->act)
    vd_watch_act_set_connection (w->act, vd_event_watch_get_connection (w->watch));
  return TRUE;
}

static gboolean
try_reconnect (gpointer data)
{
  Watch *w = data;
  g_autoptr(VdDesktopEvent) back = NULL;

  vd_event_watch_free (g_steal_pointer (&w->watch));
  if (!connect_watch (w, NULL))
    return G_SOURCE_CONTINUE;
  w->reconnect_id = 0;
  back = vd_desktop_event_new (VD_EVENT_RECONNECTED, NULL, NULL);
  vd_desktop_event_set_string (back, "uri", w->inv->uri ? w->inv->uri
                               : vd_connection_get_uri (vd_event_watch_get_connection (w->watch)));
  emit (w, back);
  sync_sessions (w, FALSE);
  if (w->act)
    vd_watch_act_scan_idle (w->act);
  return G_SOURCE_REMOVE;
}

static void
on_closed (const char *reason, gpointer data)
{
  Watch *w = data;
  g_autoptr(VdDesktopEvent) lost = vd_desktop_event_new (VD_EVENT_CONNECTION_LOST, NULL,
                                                         NULL);

  vd_desktop_event_set_string (lost, "reason", reason);
  vd_desktop_event_set_int (lost, "retry_seconds", RECONNECT_INTERVAL);
  emit (w, lost);
  vd_watch_sessions_set_connection (w->sessions, NULL);
  if (w->act)
    vd_watch_act_set_connection (w->act, NULL);
  /* Not from inside the connection's own callback. */
  if (w->reconnect_id == 0)
    w->reconnect_id = g_timeout_add_seconds (RECONNECT_INTERVAL, try_reconnect, w);
}

static gboolean
on_signal (gpointer data)
{
  Watch *w = data;

  g_main_loop_quit (w->loop);
  return G_SOURCE_CONTINUE;
}

/* The NAMEs given, each a desktop that exists now. */
static gboolean
check_names (Watch *w, GError **error)
{
  VdConnection *conn = vd_event_watch_get_connection (w->watch);

  if (w->inv->n_args == 0)
    return TRUE;
  w->names = g_hash_table_new (g_str_hash, g_str_equal);
  for (int i = 0; i < w->inv->n_args; i++)
    {
      if (!vd_virt_domain_exists (conn, w->inv->args[i]))
        return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_NO_DOMAIN,
                            "no desktop named '%s' on %s (see 'vdctl list')",
                            w->inv->args[i], vd_connection_get_uri (conn)), FALSE;
      g_hash_table_add (w->names, w->inv->args[i]);
    }
  return TRUE;
}

/* Two watch --act on one host would each carry out every action. */
static gboolean
lock_act (Watch *w, GError **error)
{
  const char *uri = vd_connection_get_uri (vd_event_watch_get_connection (w->watch));
  g_autoptr(GError) local_error = NULL;

  w->act_lock = vd_domain_lock_acquire (uri, "watch-act", 0, &local_error);
  if (w->act_lock)
    return TRUE;
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_BUSY))
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;
  return g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                      "another 'vdctl watch --act' already acts on the desktops of %s; "
                      "one is enough (stop it first: systemctl stop vdctl-watch)", uri), FALSE;
}

static gboolean
watch_start (Watch *w, GError **error)
{
  g_autoptr(VdDesktopEvent) started = NULL;

  if (opt_act && w->inv->read_only)
    return vd_usage_error (error, "--act changes desktops: it cannot run with --readonly");
  if (!connect_watch (w, error) || !check_names (w, error))
    return FALSE;
  if (opt_act && !lock_act (w, error))
    return FALSE;
  if (opt_act)
    {
      w->act = vd_watch_act_new (w->inv->config, w->tracker, report, w, error);
      if (w->act == NULL)
        return FALSE;
      vd_watch_act_set_connection (w->act, vd_event_watch_get_connection (w->watch));
    }
  started = vd_desktop_event_new (VD_EVENT_WATCH_STARTED, NULL, NULL);
  vd_desktop_event_set_string (started, "uri",
                               vd_connection_get_uri (vd_event_watch_get_connection (w->watch)));
  vd_desktop_event_set_boolean (started, "act", opt_act);
  if (w->act)
    vd_desktop_event_set_string (started, "audit_log", vd_watch_act_audit_path (w->act));
  emit (w, started);
  sync_sessions (w, TRUE);
  if (w->act)
    vd_watch_act_scan_idle (w->act);
  return TRUE;
}

gboolean
vd_cmd_watch (VdInvocation *inv, GError **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(VdSessionTracker) tracker = vd_session_tracker_new ();
  g_autoptr(VdWatchSessions) sessions = NULL;
  Watch w = { .inv = inv, .loop = loop, .tracker = tracker };
  guint signals[2];
  gboolean ok;

  sessions = vd_watch_sessions_new (tracker, on_found, &w);
  w.sessions = sessions;
  signals[0] = g_unix_signal_add (SIGINT, on_signal, &w);
  signals[1] = g_unix_signal_add (SIGTERM, on_signal, &w);
  ok = watch_start (&w, error);
  if (ok)
    g_main_loop_run (loop);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_source_remove (signals[i]);
  if (w.reconnect_id)
    g_source_remove (w.reconnect_id);
  vd_watch_act_free (w.act);
  vd_domain_lock_release (w.act_lock);
  vd_watch_sessions_set_connection (sessions, NULL);
  vd_event_watch_free (w.watch);
  if (w.names)
    g_hash_table_unref (w.names);
  if (ok && w.error)
    {
      g_propagate_error (error, w.error);
      return FALSE;
    }
  g_clear_error (&w.error);
  return ok;
}
