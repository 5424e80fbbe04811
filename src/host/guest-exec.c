/* guest-exec.c: the QEMU guest agent's guest-exec and guest-exec-status
 * commands, as JSON in and out.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "guest-exec.h"

G_DEFINE_QUARK (vd-guest-exec-error-quark, vd_guest_exec_error)

void
vd_guest_exec_status_clear (VdGuestExecStatus *status)
{
  g_clear_pointer (&status->out, g_free);
  g_clear_pointer (&status->err, g_free);
}

static char *
to_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

char *
vd_guest_exec_request (const char * const *argv)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "execute");
  json_builder_add_string_value (b, "guest-exec");
  json_builder_set_member_name (b, "arguments");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, argv[0]);
  json_builder_set_member_name (b, "arg");
  json_builder_begin_array (b);
  for (int i = 1; argv[i]; i++)
    json_builder_add_string_value (b, argv[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "capture-output");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return to_json (b);
}

char *
vd_guest_exec_status_request (gint64 pid)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "execute");
  json_builder_add_string_value (b, "guest-exec-status");
  json_builder_set_member_name (b, "arguments");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pid");
  json_builder_add_int_value (b, pid);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return to_json (b);
}

char *
vd_guest_osinfo_request (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "execute");
  json_builder_add_string_value (b, "guest-get-osinfo");
  json_builder_end_object (b);
  return to_json (b);
}

/* The "return" object of REPLY (owned by PARSER). */
static JsonObject *
reply_return (JsonParser *parser, const char *reply, const char *command, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *obj;
  JsonNode *ret;

  if (!json_parser_load_from_data (parser, reply, -1, &local_error))
    return g_set_error (error, VD_GUEST_EXEC_ERROR, VD_GUEST_EXEC_ERROR_REPLY,
                        "the guest agent's reply to %s is not JSON: %s", command,
                        local_error->message), NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_set_error (error, VD_GUEST_EXEC_ERROR, VD_GUEST_EXEC_ERROR_REPLY,
                        "the guest agent's reply to %s is not a JSON object", command), NULL;
  obj = json_node_get_object (root);
  if (json_object_has_member (obj, "error"))
    {
      JsonNode *e = json_object_get_member (obj, "error");
      const char *desc = NULL;

      if (JSON_NODE_HOLDS_OBJECT (e))
        desc = json_object_get_string_member_with_default (json_node_get_object (e),
                                                           "desc", NULL);
      return g_set_error (error, VD_GUEST_EXEC_ERROR, VD_GUEST_EXEC_ERROR_AGENT,
                          "the guest agent refused %s: %s", command,
                          desc ? desc : "no reason given"), NULL;
    }
  ret = json_object_get_member (obj, "return");
  if (ret == NULL || !JSON_NODE_HOLDS_OBJECT (ret))
    return g_set_error (error, VD_GUEST_EXEC_ERROR, VD_GUEST_EXEC_ERROR_REPLY,
                        "the guest agent's reply to %s has no \"return\" object", command), NULL;
  return json_node_get_object (ret);
}

static gboolean
get_int (JsonObject *obj, const char *member, gint64 *value)
{
  JsonNode *n = json_object_get_member (obj, member);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (n);
  return TRUE;
}

gboolean
vd_guest_exec_parse_pid (const char *reply, gint64 *pid, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *ret = reply_return (parser, reply, "guest-exec", error);

  if (ret == NULL)
    return FALSE;
  if (!get_int (ret, "pid", pid))
    return g_set_error (error, VD_GUEST_EXEC_ERROR, VD_GUEST_EXEC_ERROR_REPLY,
                        "the guest agent's reply to guest-exec has no pid"), FALSE;
  return TRUE;
}

/* Output the agent sends base64-encoded, as UTF-8 text. */
static char *
decode_output (JsonObject *ret, const char *member)
{
  const char *b64 = json_object_get_string_member_with_default (ret, member, NULL);
  g_autofree guchar *raw = NULL;
  gsize len = 0;

  if (b64 == NULL || *b64 == '\0')
    return NULL;
  raw = g_base64_decode (b64, &len);
  return g_utf8_make_valid ((const char *) raw, len);
}

gboolean
vd_guest_exec_parse_status (const char *reply, VdGuestExecStatus *status, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *ret = reply_return (parser, reply, "guest-exec-status", error);
  JsonNode *exited;
  gint64 code = 0;

  if (ret == NULL)
    return FALSE;
  exited = json_object_get_member (ret, "exited");
  if (exited == NULL || !JSON_NODE_HOLDS_VALUE (exited) ||
      json_node_get_value_type (exited) != G_TYPE_BOOLEAN)
    return g_set_error (error, VD_GUEST_EXEC_ERROR, VD_GUEST_EXEC_ERROR_REPLY,
                        "the guest agent's reply to guest-exec-status does not say "
                        "whether the command exited"), FALSE;
  status->exited = json_node_get_boolean (exited);
  /* A process ended by a signal (not on Windows) has no exit code. */
  if (status->exited && !get_int (ret, "exitcode", &code))
    code = -1;
  status->exit_code = (int) code;
  status->out = decode_output (ret, "out-data");
  status->err = decode_output (ret, "err-data");
  return TRUE;
}

char *
vd_guest_osinfo_parse_id (const char *reply, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *ret = reply_return (parser, reply, "guest-get-osinfo", error);
  const char *id;

  if (ret == NULL)
    return NULL;
  id = json_object_get_string_member_with_default (ret, "id", NULL);
  if (id == NULL)
    return g_set_error (error, VD_GUEST_EXEC_ERROR, VD_GUEST_EXEC_ERROR_REPLY,
                        "the guest agent's reply to guest-get-osinfo has no id"), NULL;
  return g_strdup (id);
}
