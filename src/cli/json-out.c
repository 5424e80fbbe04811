/* json-out.c: members of the --json objects vdctl prints.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "json-out.h"

void
vd_json_add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
vd_json_add_int (JsonBuilder *b, const char *name, gint64 value, gboolean present)
{
  json_builder_set_member_name (b, name);
  if (present)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
vd_json_add_bool (JsonBuilder *b, const char *name, gboolean value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

/* ELEMENT pretty-printed as an element of an array: generated inside a
 * one-element array, whose brackets are then left out, so that it gets
 * the array's indentation. */
static char *
element_text (JsonNode *element)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;
  char *element_only;
  gsize len;

  json_array_add_element (array, json_node_copy (element));
  json_node_set_array (root, array);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  /* "[\n" ELEMENT "\n]" */
  g_assert (len >= 4 && text[0] == '[' && text[1] == '\n' && text[len - 1] == ']');
  element_only = g_strndup (text + 2, len - 4);
  /* It may hold a generated password. */
  explicit_bzero (text, len);
  return element_only;
}

gboolean
vd_json_array_out_add (VdJsonArrayOut *out, JsonNode *element, GError **error)
{
  g_autofree char *text = element_text (element);

  g_return_val_if_fail (!out->closed, FALSE);
  fputs (out->written == 0 ? "[\n" : ",\n", stdout);
  fputs (text, stdout);
  explicit_bzero (text, strlen (text));
  out->written++;
  return vd_stdout_flush (error);
}

gboolean
vd_json_array_out_close (VdJsonArrayOut *out, GError **error)
{
  if (out->closed)
    return TRUE;
  out->closed = TRUE;
  fputs (out->written == 0 ? "[]\n" : "\n]\n", stdout);
  return vd_stdout_flush (error);
}
