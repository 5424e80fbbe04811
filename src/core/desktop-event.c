/* desktop-event.c: one event of `vdctl watch`, and its line of text or
 * JSON.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "desktop-event.h"

static const char *const kind_names[] = {
  [VD_EVENT_DEFINED] = "defined",
  [VD_EVENT_UNDEFINED] = "undefined",
  [VD_EVENT_STARTED] = "started",
  [VD_EVENT_PAUSED] = "paused",
  [VD_EVENT_RESUMED] = "resumed",
  [VD_EVENT_SHUTDOWN] = "shutdown",
  [VD_EVENT_STOPPED] = "stopped",
  [VD_EVENT_CRASHED] = "crashed",
  [VD_EVENT_REBOOTED] = "rebooted",
  [VD_EVENT_PM_SUSPENDED] = "pm-suspended",
  [VD_EVENT_CHANNEL_CONNECT] = "channel-connect",
  [VD_EVENT_CHANNEL_INITIALIZE] = "channel-initialize",
  [VD_EVENT_CHANNEL_DISCONNECT] = "channel-disconnect",
  [VD_EVENT_CONNECTED] = "connected",
  [VD_EVENT_AUTHENTICATED] = "authenticated",
  [VD_EVENT_DISCONNECTED] = "disconnected",
  [VD_EVENT_ACTION_SCHEDULED] = "action-scheduled",
  [VD_EVENT_ACTION_CANCELLED] = "action-cancelled",
  [VD_EVENT_ACTION] = "action",
  [VD_EVENT_WATCH_STARTED] = "watch-started",
  [VD_EVENT_CONNECTION_LOST] = "connection-lost",
  [VD_EVENT_RECONNECTED] = "reconnected",
};

const char *
vd_event_kind_to_string (VdEventKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), "unknown");
  return kind_names[kind];
}

gboolean
vd_event_kind_is_lifecycle (VdEventKind kind)
{
  return kind <= VD_EVENT_PM_SUSPENDED;
}

VdDesktopEvent *
vd_desktop_event_new (VdEventKind kind, const char *desktop, const char *uuid)
{
  VdDesktopEvent *event = g_new0 (VdDesktopEvent, 1);

  event->kind = kind;
  event->time = g_get_real_time ();
  event->desktop = g_strdup (desktop);
  event->uuid = g_strdup (uuid);
  return event;
}

VdDesktopEvent *
vd_desktop_event_copy (const VdDesktopEvent *event)
{
  VdDesktopEvent *copy = g_memdup2 (event, sizeof *event);

  copy->desktop = g_strdup (event->desktop);
  copy->uuid = g_strdup (event->uuid);
  copy->reason = g_strdup (event->reason);
  copy->address = g_strdup (event->address);
  copy->auth_scheme = g_strdup (event->auth_scheme);
  copy->x509_dname = g_strdup (event->x509_dname);
  copy->sasl_username = g_strdup (event->sasl_username);
  copy->user = g_strdup (event->user);
  copy->extra = event->extra ? json_object_ref (event->extra) : NULL;
  return copy;
}

void
vd_desktop_event_free (VdDesktopEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->desktop);
  g_free (event->uuid);
  g_free (event->reason);
  g_free (event->address);
  g_free (event->auth_scheme);
  g_free (event->x509_dname);
  g_free (event->sasl_username);
  g_free (event->user);
  if (event->extra)
    json_object_unref (event->extra);
  g_free (event);
}

static JsonObject *
extra (VdDesktopEvent *event)
{
  if (event->extra == NULL)
    event->extra = json_object_new ();
  return event->extra;
}

void
vd_desktop_event_set_string (VdDesktopEvent *event, const char *key, const char *value)
{
  if (value)
    json_object_set_string_member (extra (event), key, value);
  else
    json_object_set_null_member (extra (event), key);
}

void
vd_desktop_event_set_int (VdDesktopEvent *event, const char *key, gint64 value)
{
  json_object_set_int_member (extra (event), key, value);
}

void
vd_desktop_event_set_boolean (VdDesktopEvent *event, const char *key, gboolean value)
{
  json_object_set_boolean_member (extra (event), key, value);
}

char *
vd_event_time_format (gint64 time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autofree char *seconds = NULL;

  if (when == NULL)
    return g_strdup ("?");
  seconds = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, (int) ((time % G_USEC_PER_SEC) / 1000));
}

static void
set_optional (JsonObject *object, const char *key, const char *value)
{
  if (value)
    json_object_set_string_member (object, key, value);
}

/* What a client session's events say of the client. */
static void
add_client (JsonObject *details, const VdDesktopEvent *event)
{
  gboolean session = event->kind == VD_EVENT_CONNECTED ||
                     event->kind == VD_EVENT_AUTHENTICATED ||
                     event->kind == VD_EVENT_DISCONNECTED;

  set_optional (details, "address", event->address);
  if (event->port)
    json_object_set_int_member (details, "port", event->port);
  if (session)
    json_object_set_boolean_member (details, "tls", event->tls);
  set_optional (details, "auth", event->auth_scheme);
  if (event->kind == VD_EVENT_AUTHENTICATED)
    {
      set_optional (details, "x509_dname", event->x509_dname);
      set_optional (details, "sasl_username", event->sasl_username);
    }
  if (event->kind == VD_EVENT_DISCONNECTED)
    {
      json_object_set_int_member (details, "channels", event->channels);
      if (event->since)
        json_object_set_int_member (details, "seconds",
                                    (event->time - event->since) / G_USEC_PER_SEC);
    }
  if (session || event->user)
    {
      if (event->user)
        json_object_set_string_member (details, "user", event->user);
      else
        json_object_set_null_member (details, "user");
    }
}

static JsonObject *
details_of (const VdDesktopEvent *event)
{
  JsonObject *details = json_object_new ();

  set_optional (details, "reason", event->reason);
  if (event->address)
    add_client (details, event);
  else if (event->user)
    json_object_set_string_member (details, "user", event->user);
  if (event->extra)
    {
      g_autoptr(GList) members = json_object_get_members (event->extra);

      for (GList *l = members; l; l = l->next)
        json_object_set_member (details, l->data,
                                json_node_copy (json_object_get_member (event->extra,
                                                                        l->data)));
    }
  return details;
}

JsonNode *
vd_desktop_event_to_json (const VdDesktopEvent *event)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *time = vd_event_time_format (event->time);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "time", time);
  if (event->desktop)
    json_object_set_string_member (object, "desktop", event->desktop);
  else
    json_object_set_null_member (object, "desktop");
  if (event->uuid)
    json_object_set_string_member (object, "uuid", event->uuid);
  else
    json_object_set_null_member (object, "uuid");
  json_object_set_string_member (object, "event", vd_event_kind_to_string (event->kind));
  json_object_set_object_member (object, "details", details_of (event));
  json_node_set_object (node, object);
  return node;
}

char *
vd_desktop_event_to_json_line (const VdDesktopEvent *event)
{
  g_autoptr(JsonNode) node = vd_desktop_event_to_json (event);

  return json_to_string (node, FALSE);
}

/* A detail's value as text: strings as they are, null as "-". */
static char *
value_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("-");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

char *
vd_desktop_event_to_text (const VdDesktopEvent *event)
{
  g_autoptr(JsonObject) details = details_of (event);
  g_autoptr(GList) members = json_object_get_members (details);
  g_autofree char *time = vd_event_time_format (event->time);
  GString *line = g_string_new (time);

  g_string_append_printf (line, "  %s  %s", event->desktop ? event->desktop : "-",
                          vd_event_kind_to_string (event->kind));
  for (GList *l = members; l; l = l->next)
    {
      g_autofree char *value = value_text (json_object_get_member (details, l->data));

      g_string_append_printf (line, "%s%s=%s", l == members ? "  " : " ",
                              (const char *) l->data, value);
    }
  return g_string_free (line, FALSE);
}
