/* event-json.c: an event of `vdctl watch` as JSON.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "event-json.h"

static JsonObject *
details_object (const VdDesktopEvent *event)
{
  g_autoptr(GPtrArray) details = vd_desktop_event_details (event);
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < details->len; i++)
    {
      const VdEventDetail *detail = details->pdata[i];

      switch (detail->type)
        {
        case VD_EVENT_DETAIL_STRING:
          json_object_set_string_member (object, detail->key, detail->string);
          break;
        case VD_EVENT_DETAIL_INT:
          json_object_set_int_member (object, detail->key, detail->number);
          break;
        case VD_EVENT_DETAIL_BOOLEAN:
          json_object_set_boolean_member (object, detail->key, detail->number != 0);
          break;
        case VD_EVENT_DETAIL_NULL:
        default:
          json_object_set_null_member (object, detail->key);
          break;
        }
    }
  return object;
}

static void
set_string_or_null (JsonObject *object, const char *key, const char *value)
{
  if (value)
    json_object_set_string_member (object, key, value);
  else
    json_object_set_null_member (object, key);
}

JsonNode *
vd_desktop_event_to_json (const VdDesktopEvent *event)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *time = vd_event_time_format (event->time);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "time", time);
  set_string_or_null (object, "desktop", event->desktop);
  set_string_or_null (object, "uuid", event->uuid);
  json_object_set_string_member (object, "event", vd_event_kind_to_string (event->kind));
  json_object_set_object_member (object, "details", details_object (event));
  json_node_set_object (node, object);
  return node;
}

char *
vd_desktop_event_to_json_line (const VdDesktopEvent *event)
{
  g_autoptr(JsonNode) node = vd_desktop_event_to_json (event);

  return json_to_string (node, FALSE);
}
