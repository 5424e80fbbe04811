/* session-json.c: SPICE sessions as JSON.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "session-json.h"

char *
vd_session_format_time (gint64 usec)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (usec <= 0)
    return NULL;
  seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (seconds == NULL)
    return NULL;
  time = g_date_time_add (seconds, usec % G_USEC_PER_SEC);
  return time ? g_date_time_format_iso8601 (time) : NULL;
}

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_session (JsonBuilder *b, const VdSession *s)
{
  g_autofree char *since = vd_session_format_time (s->since);

  json_builder_begin_object (b);
  add_string (b, "desktop", s->desktop);
  add_string (b, "uuid", s->uuid);
  add_string (b, "address", s->address);
  json_builder_set_member_name (b, "port");
  if (s->port)
    json_builder_add_int_value (b, s->port);
  else
    json_builder_add_null_value (b);
  add_string (b, "since", since);
  json_builder_set_member_name (b, "tls");
  json_builder_add_boolean_value (b, s->tls);
  add_string (b, "x509_dname", s->x509_dname);
  add_string (b, "sasl_username", s->sasl_username);
  json_builder_set_member_name (b, "channels");
  json_builder_add_int_value (b, s->channels);
  add_string (b, "user", s->user);
  json_builder_end_object (b);
}

JsonNode *
vd_sessions_to_json (GPtrArray *sessions)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; sessions && i < sessions->len; i++)
    add_session (b, sessions->pdata[i]);
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

char *
vd_sessions_to_json_text (GPtrArray *sessions)
{
  g_autoptr(JsonNode) root = vd_sessions_to_json (sessions);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  return g_strconcat (text, "\n", NULL);
}

static gboolean
bad_member (GError **error, guint index, const char *name, const char *what)
{
  return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                      "session %u: '%s' is not %s", index + 1, name, what), FALSE;
}

/* The string member NAME of O into *VALUE: absent and null leave NULL. */
static gboolean
get_string (JsonObject *o, guint index, const char *name, char **value, GError **error)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_member (error, index, name, "a string");
  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_uint (JsonObject *o, guint index, const char *name, guint max, guint *value,
          GError **error)
{
  JsonNode *node = json_object_get_member (o, name);
  gint64 n;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad_member (error, index, name, "a whole number");
  n = json_node_get_int (node);
  if (n < 0 || n > max)
    return bad_member (error, index, name, "in range");
  *value = (guint) n;
  return TRUE;
}

static gboolean
get_since (JsonObject *o, guint index, gint64 *since, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (!get_string (o, index, "since", &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return bad_member (error, index, "since", "an ISO 8601 time with its zone");
  *since = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

static VdSession *
session_from_object (JsonObject *o, guint index, GError **error)
{
  g_autoptr(VdSession) s = vd_session_new ();
  JsonNode *tls = json_object_get_member (o, "tls");

  if (!get_string (o, index, "desktop", &s->desktop, error) ||
      !get_string (o, index, "uuid", &s->uuid, error) ||
      !get_string (o, index, "address", &s->address, error) ||
      !get_uint (o, index, "port", G_MAXUINT16, &s->port, error) ||
      !get_since (o, index, &s->since, error) ||
      !get_string (o, index, "x509_dname", &s->x509_dname, error) ||
      !get_string (o, index, "sasl_username", &s->sasl_username, error) ||
      !get_uint (o, index, "channels", G_MAXUINT, &s->channels, error) ||
      !get_string (o, index, "user", &s->user, error))
    return NULL;
  if (tls && !JSON_NODE_HOLDS_NULL (tls))
    {
      if (!JSON_NODE_HOLDS_VALUE (tls) || json_node_get_value_type (tls) != G_TYPE_BOOLEAN)
        return bad_member (error, index, "tls", "true or false"), NULL;
      s->tls = json_node_get_boolean (tls);
    }
  if (s->desktop == NULL || s->address == NULL)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                        "session %u has no %s", index + 1,
                        s->desktop == NULL ? "desktop" : "address"), NULL;
  return g_steal_pointer (&s);
}

GPtrArray *
vd_sessions_from_json (JsonNode *node, GError **error)
{
  g_autoptr(GPtrArray) sessions = vd_session_array_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                        "sessions are not a JSON array"), NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      VdSession *s;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                            "session %u is not a JSON object", i + 1), NULL;
      s = session_from_object (json_node_get_object (element), i, error);
      if (s == NULL)
        return NULL;
      g_ptr_array_add (sessions, s);
    }
  return g_steal_pointer (&sessions);
}

GPtrArray *
vd_sessions_from_json_text (const char *text, gssize length, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;
  return vd_sessions_from_json (json_parser_get_root (parser), error);
}
