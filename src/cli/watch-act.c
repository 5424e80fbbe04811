/* watch-act.c: what `vdctl watch --act` does when a user leaves.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "audit-log.h"
#include "event-json.h"
#include "desktop-metadata.h"
#include "guest-session.h"
#include "leave-policy.h"
#include "seat-reset.h"
#include "watch-act.h"
#include "xml-util.h"

/* A due action retries this often while libvirt is away. */
#define RETRY_SECONDS 2

typedef struct _Desk Desk;

struct _VdWatchAct {
  VdConnection *conn;          /* NULL while disconnected */
  VdSessionTracker *tracker;
  VdWatchActReport report;
  gpointer user_data;
  char *audit_path;
  guint grace;                 /* seconds from ACPI shutdown to power-off */
  GHashTable *desks;           /* uuid -> Desk */
};

/* What is pending for one desktop. */
struct _Desk {
  VdWatchAct *act;
  char *uuid;
  char *name;
  guint action_id;             /* the on-disconnect action's timer */
  VdLeaveAction action;
  char *user;                  /* of the session that left */
  char *address;
  guint idle_id;               /* the idle shutdown's timer */
  guint grace_id;              /* a shutdown's power-off timer */
};

static void
desk_clear_timers (Desk *desk)
{
  g_clear_handle_id (&desk->action_id, g_source_remove);
  g_clear_handle_id (&desk->idle_id, g_source_remove);
  g_clear_handle_id (&desk->grace_id, g_source_remove);
}

static void
desk_free (gpointer data)
{
  Desk *desk = data;

  desk_clear_timers (desk);
  g_free (desk->uuid);
  g_free (desk->name);
  g_free (desk->user);
  g_free (desk->address);
  g_free (desk);
}

static Desk *
desk_get (VdWatchAct *act, const char *uuid, const char *name)
{
  Desk *desk = g_hash_table_lookup (act->desks, uuid);

  if (desk == NULL)
    {
      desk = g_new0 (Desk, 1);
      desk->act = act;
      desk->uuid = g_strdup (uuid);
      g_hash_table_insert (act->desks, desk->uuid, desk);
    }
  if (name && g_strcmp0 (desk->name, name) != 0)
    {
      g_free (desk->name);
      desk->name = g_strdup (name);
    }
  return desk;
}

/* One line in the audit log. */
static void
audit (VdWatchAct *act, const VdDesktopEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = vd_desktop_event_to_json_line (event);

  if (!vd_audit_log_append (act->audit_path, line, &error))
    g_printerr ("vdctl: warning: %s\n", error->message);
}

/* An event of the engine's own: to the stream, and when AUDITED to the
 * audit log. */
static void
tell (VdWatchAct *act, const VdDesktopEvent *event, gboolean audited)
{
  if (act->report)
    act->report (event, act->user_data);
  if (audited)
    audit (act, event);
}

static VdDesktopEvent *
desk_event (Desk *desk, VdEventKind kind, VdLeaveAction action, const char *reason)
{
  VdDesktopEvent *event = vd_desktop_event_new (kind, desk->name, desk->uuid);

  event->user = g_strdup (desk->user);
  vd_desktop_event_set_string (event, "action", vd_leave_action_to_string (action));
  vd_desktop_event_set_string (event, "reason", reason);
  if (desk->address)
    vd_desktop_event_set_string (event, "address", desk->address);
  return event;
}

static gboolean on_grace (gpointer data);

/* Carry ACTION out on DOM. */
static gboolean
perform (Desk *desk, VdVirtDomain *dom, VdLeaveAction action, GError **error)
{
  VdWatchAct *act = desk->act;

  switch (action)
    {
    case VD_LEAVE_LOCK:
      return vd_guest_session_lock (dom, error);
    case VD_LEAVE_LOGOFF:
      return vd_guest_session_logoff (dom, error);
    case VD_LEAVE_SHUTDOWN:
      if (!vd_virt_domain_shutdown (dom, error))
        return FALSE;
      g_clear_handle_id (&desk->grace_id, g_source_remove);
      desk->grace_id = g_timeout_add_seconds (act->grace, on_grace, desk);
      return TRUE;
    case VD_LEAVE_POWEROFF:
      return vd_virt_domain_destroy (dom, error);
    case VD_LEAVE_RESET:
      return vd_seat_reset_named (act->conn, desk->name, TRUE, error);
    case VD_LEAVE_NONE:
    default:
      return TRUE;
    }
}

/* Run ACTION now for REASON ("disconnect", "idle", "shutdown-grace"),
 * and report how it went.  FALSE when it must wait for libvirt. */
static gboolean
run_action (Desk *desk, VdLeaveAction action, const char *reason)
{
  VdWatchAct *act = desk->act;
  g_autoptr(VdDesktopEvent) done = NULL;
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  if (act->conn == NULL)
    return FALSE;
  done = desk_event (desk, VD_EVENT_ACTION, action, reason);
  dom = vd_virt_domain_lookup (act->conn, desk->name, &error);
  if (dom && !vd_virt_domain_is_active (dom))
    {
      vd_desktop_event_set_string (done, "result", "skipped");
      vd_desktop_event_set_string (done, "message", "the desktop is not running");
      tell (act, done, TRUE);
      return TRUE;
    }
  if (dom)
    ok = perform (desk, dom, action, &error);
  vd_desktop_event_set_string (done, "result", ok ? "ok" : "failed");
  if (!ok)
    vd_desktop_event_set_string (done, "message", error->message);
  tell (act, done, TRUE);
  return TRUE;
}

/* A timer of DESK, held in *ID, fired: run ACTION for REASON, unless a
 * client came back and the action is only for a desktop without one
 * (UNLESS_CLIENT).  While libvirt is away it tries again through SELF
 * every RETRY_SECONDS. */
static gboolean
fire (Desk *desk, guint *id, GSourceFunc self, VdLeaveAction action, const char *reason,
      gboolean unless_client)
{
  *id = 0;
  if (unless_client && vd_session_tracker_count (desk->act->tracker, desk->uuid) > 0)
    return G_SOURCE_REMOVE;
  if (!run_action (desk, action, reason))
    *id = g_timeout_add_seconds (RETRY_SECONDS, self, desk);
  return G_SOURCE_REMOVE;
}

static gboolean
on_grace (gpointer data)
{
  Desk *desk = data;

  return fire (desk, &desk->grace_id, on_grace, VD_LEAVE_POWEROFF, "shutdown-grace", FALSE);
}

static gboolean
on_action (gpointer data)
{
  Desk *desk = data;

  return fire (desk, &desk->action_id, on_action, desk->action, "disconnect", TRUE);
}

static gboolean
on_idle (gpointer data)
{
  Desk *desk = data;

  return fire (desk, &desk->idle_id, on_idle, VD_LEAVE_SHUTDOWN, "idle", TRUE);
}

/* The policy NAME's definition holds now; FALSE when it cannot be read. */
static gboolean
read_policy (VdWatchAct *act, const char *name, VdLeavePolicy *policy, gboolean *running)
{
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  memset (policy, 0, sizeof *policy);
  if (act->conn == NULL || (dom = vd_virt_domain_lookup (act->conn, name, NULL)) == NULL)
    return FALSE;
  doc = vd_virt_domain_get_public_doc (dom, TRUE, NULL);
  if (doc == NULL)
    return FALSE;
  vd_leave_policy_read (xmlDocGetRootElement (doc), policy);
  if (running)
    *running = vd_virt_domain_is_active (dom);
  return TRUE;
}

static void
arm_idle (Desk *desk, guint seconds)
{
  g_clear_handle_id (&desk->idle_id, g_source_remove);
  if (seconds)
    desk->idle_id = g_timeout_add_seconds (seconds, on_idle, desk);
}

/* The last client of EVENT's desktop left. */
static void
on_last_disconnect (VdWatchAct *act, const VdDesktopEvent *event)
{
  Desk *desk = desk_get (act, event->uuid, event->desktop);
  VdLeavePolicy policy;
  g_autoptr(VdDesktopEvent) scheduled = NULL;

  if (!read_policy (act, event->desktop, &policy, NULL))
    return;
  arm_idle (desk, policy.idle_shutdown);
  if (policy.action == VD_LEAVE_NONE)
    return;
  g_clear_handle_id (&desk->action_id, g_source_remove);
  desk->action = policy.action;
  g_free (desk->user);
  desk->user = g_strdup (event->user);
  g_free (desk->address);
  desk->address = g_strdup (event->address);
  scheduled = desk_event (desk, VD_EVENT_ACTION_SCHEDULED, policy.action, "disconnect");
  vd_desktop_event_set_int (scheduled, "delay", policy.delay);
  tell (act, scheduled, FALSE);
  desk->action_id = g_timeout_add_seconds (policy.delay, on_action, desk);
}

static void
on_connect (VdWatchAct *act, const VdDesktopEvent *event)
{
  Desk *desk = g_hash_table_lookup (act->desks, event->uuid);

  if (desk == NULL)
    return;
  g_clear_handle_id (&desk->idle_id, g_source_remove);
  if (desk->action_id)
    {
      g_autoptr(VdDesktopEvent) cancelled = desk_event (desk, VD_EVENT_ACTION_CANCELLED,
                                                        desk->action, "reconnected");

      g_clear_handle_id (&desk->action_id, g_source_remove);
      vd_desktop_event_set_string (cancelled, "address", event->address);
      tell (act, cancelled, TRUE);
    }
}

void
vd_watch_act_event (VdWatchAct *act, const VdDesktopEvent *event)
{
  VdLeavePolicy policy;
  gboolean running = FALSE;

  if (event->uuid == NULL)
    return;
  switch (event->kind)
    {
    case VD_EVENT_CONNECTED:
      audit (act, event);
      on_connect (act, event);
      break;
    case VD_EVENT_DISCONNECTED:
      audit (act, event);
      if (g_strcmp0 (event->reason, "desktop-stopped") != 0 &&
          vd_session_tracker_count (act->tracker, event->uuid) == 0)
        on_last_disconnect (act, event);
      break;
    case VD_EVENT_STARTED:
    case VD_EVENT_RESUMED:
      if (read_policy (act, event->desktop, &policy, &running) && running &&
          vd_session_tracker_count (act->tracker, event->uuid) == 0)
        arm_idle (desk_get (act, event->uuid, event->desktop), policy.idle_shutdown);
      break;
    case VD_EVENT_SHUTDOWN:
    case VD_EVENT_STOPPED:
    case VD_EVENT_CRASHED:
    case VD_EVENT_UNDEFINED:
      /* Nothing is left to do for a desktop that is not running. */
      g_hash_table_remove (act->desks, event->uuid);
      break;
    default:
      break;
    }
}

void
vd_watch_act_scan_idle (VdWatchAct *act)
{
  g_autoptr(GPtrArray) domains = NULL;

  if (act->conn == NULL || (domains = vd_virt_domain_list_all (act->conn, NULL)) == NULL)
    return;
  for (guint i = 0; i < domains->len; i++)
    {
      VdVirtDomain *dom = domains->pdata[i];
      g_autofree char *uuid = NULL;
      VdLeavePolicy policy;
      gboolean running = FALSE;
      Desk *desk;

      if (!vd_virt_domain_is_active (dom))
        continue;
      uuid = vd_virt_domain_get_uuid (dom);
      if (uuid == NULL || vd_session_tracker_count (act->tracker, uuid) > 0 ||
          !read_policy (act, vd_virt_domain_get_name (dom), &policy, &running) ||
          policy.idle_shutdown == 0)
        continue;
      desk = desk_get (act, uuid, vd_virt_domain_get_name (dom));
      /* A timer already running keeps its start. */
      if (desk->idle_id == 0)
        arm_idle (desk, policy.idle_shutdown);
    }
}

VdWatchAct *
vd_watch_act_new (VdConfig *config, VdSessionTracker *tracker, VdWatchActReport report,
                  gpointer user_data, GError **error)
{
  g_autoptr(VdWatchAct) act = g_new0 (VdWatchAct, 1);
  const char *path = vd_config_get (config, VD_CONFIG_AUDIT_LOG);
  const char *grace = vd_config_get (config, VD_CONFIG_SHUTDOWN_GRACE);

  act->tracker = tracker;
  act->report = report;
  act->user_data = user_data;
  act->desks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, desk_free);
  act->audit_path = path ? g_strdup (path) : vd_audit_log_default_path ();
  act->grace = 120;
  if (grace && !vd_duration_parse (grace, &act->grace, error))
    return NULL;
  if (!vd_audit_log_check (act->audit_path, error))
    return NULL;
  return g_steal_pointer (&act);
}

const char *
vd_watch_act_audit_path (VdWatchAct *act)
{
  return act->audit_path;
}

void
vd_watch_act_set_connection (VdWatchAct *act, VdConnection *conn)
{
  act->conn = conn;
}

void
vd_watch_act_free (VdWatchAct *act)
{
  if (act == NULL)
    return;
  g_hash_table_unref (act->desks);
  g_free (act->audit_path);
  g_free (act);
}
