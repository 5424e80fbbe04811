/* desktop-event.c: one event of `vdctl watch`, and its line of text or
 * JSON.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

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

static VdEventDetail *
detail_new (const char *key, VdEventDetailType type)
{
  VdEventDetail *detail = g_new0 (VdEventDetail, 1);

  detail->key = g_strdup (key);
  detail->type = type;
  return detail;
}

static void
detail_free (gpointer data)
{
  VdEventDetail *detail = data;

  g_free (detail->key);
  g_free (detail->string);
  g_free (detail);
}

static VdEventDetail *
detail_copy (const VdEventDetail *detail)
{
  VdEventDetail *copy = detail_new (detail->key, detail->type);

  copy->string = g_strdup (detail->string);
  copy->number = detail->number;
  return copy;
}

static GPtrArray *
details_new (void)
{
  return g_ptr_array_new_with_free_func (detail_free);
}

/* Add DETAIL to DETAILS, in place of one of the same key. */
static void
details_put (GPtrArray *details, VdEventDetail *detail)
{
  for (guint i = 0; i < details->len; i++)
    if (strcmp (((VdEventDetail *) details->pdata[i])->key, detail->key) == 0)
      {
        detail_free (details->pdata[i]);
        details->pdata[i] = detail;
        return;
      }
  g_ptr_array_add (details, detail);
}

static void
put_string (GPtrArray *details, const char *key, const char *value)
{
  VdEventDetail *detail = detail_new (key, value ? VD_EVENT_DETAIL_STRING
                                                 : VD_EVENT_DETAIL_NULL);

  detail->string = g_strdup (value);
  details_put (details, detail);
}

static void
put_number (GPtrArray *details, const char *key, VdEventDetailType type, gint64 value)
{
  VdEventDetail *detail = detail_new (key, type);

  detail->number = value;
  details_put (details, detail);
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
  copy->extra = NULL;
  for (guint i = 0; event->extra && i < event->extra->len; i++)
    {
      if (copy->extra == NULL)
        copy->extra = details_new ();
      g_ptr_array_add (copy->extra, detail_copy (event->extra->pdata[i]));
    }
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
    g_ptr_array_unref (event->extra);
  g_free (event);
}

static GPtrArray *
extra (VdDesktopEvent *event)
{
  if (event->extra == NULL)
    event->extra = details_new ();
  return event->extra;
}

void
vd_desktop_event_set_string (VdDesktopEvent *event, const char *key, const char *value)
{
  put_string (extra (event), key, value);
}

void
vd_desktop_event_set_int (VdDesktopEvent *event, const char *key, gint64 value)
{
  put_number (extra (event), key, VD_EVENT_DETAIL_INT, value);
}

void
vd_desktop_event_set_boolean (VdDesktopEvent *event, const char *key, gboolean value)
{
  put_number (extra (event), key, VD_EVENT_DETAIL_BOOLEAN, value ? 1 : 0);
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
put_optional (GPtrArray *details, const char *key, const char *value)
{
  if (value)
    put_string (details, key, value);
}

/* What a client session's events say of the client. */
static void
add_client (GPtrArray *details, const VdDesktopEvent *event)
{
  gboolean session = event->kind == VD_EVENT_CONNECTED ||
                     event->kind == VD_EVENT_AUTHENTICATED ||
                     event->kind == VD_EVENT_DISCONNECTED;

  put_optional (details, "address", event->address);
  if (event->port)
    put_number (details, "port", VD_EVENT_DETAIL_INT, event->port);
  if (session)
    put_number (details, "tls", VD_EVENT_DETAIL_BOOLEAN, event->tls);
  put_optional (details, "auth", event->auth_scheme);
  if (event->kind == VD_EVENT_AUTHENTICATED)
    {
      put_optional (details, "x509_dname", event->x509_dname);
      put_optional (details, "sasl_username", event->sasl_username);
    }
  if (event->kind == VD_EVENT_DISCONNECTED)
    {
      put_number (details, "channels", VD_EVENT_DETAIL_INT, event->channels);
      if (event->since)
        put_number (details, "seconds", VD_EVENT_DETAIL_INT,
                    (event->time - event->since) / G_USEC_PER_SEC);
    }
  if (session || event->user)
    put_string (details, "user", event->user);
}

GPtrArray *
vd_desktop_event_details (const VdDesktopEvent *event)
{
  GPtrArray *details = details_new ();

  put_optional (details, "reason", event->reason);
  if (event->address)
    add_client (details, event);
  else if (event->user)
    put_string (details, "user", event->user);
  for (guint i = 0; event->extra && i < event->extra->len; i++)
    details_put (details, detail_copy (event->extra->pdata[i]));
  return details;
}

/* A detail's value as text: null as "-", a string with spaces quoted. */
static char *
value_text (const VdEventDetail *detail)
{
  switch (detail->type)
    {
    case VD_EVENT_DETAIL_STRING:
      if (strpbrk (detail->string, " \t\"") == NULL && detail->string[0])
        return g_strdup (detail->string);
      return g_strdup_printf ("\"%s\"", detail->string);
    case VD_EVENT_DETAIL_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, detail->number);
    case VD_EVENT_DETAIL_BOOLEAN:
      return g_strdup (detail->number ? "true" : "false");
    case VD_EVENT_DETAIL_NULL:
    default:
      return g_strdup ("-");
    }
}

char *
vd_desktop_event_to_text (const VdDesktopEvent *event)
{
  g_autoptr(GPtrArray) details = vd_desktop_event_details (event);
  g_autofree char *time = vd_event_time_format (event->time);
  GString *line = g_string_new (time);

  g_string_append_printf (line, "  %s  %s", event->desktop ? event->desktop : "-",
                          vd_event_kind_to_string (event->kind));
  for (guint i = 0; i < details->len; i++)
    {
      const VdEventDetail *detail = details->pdata[i];
      g_autofree char *value = value_text (detail);

      g_string_append_printf (line, "%s%s=%s", i == 0 ? "  " : " ", detail->key, value);
    }
  return g_string_free (line, FALSE);
}
