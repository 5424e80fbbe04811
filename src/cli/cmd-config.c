/* cmd-config.c: vdctl config — the effective defaults and where each
 * comes from.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "commands.h"
#include "conf-file.h"
#include "json-out.h"

static gboolean opt_json;

const GOptionEntry vd_config_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print the values as JSON", NULL },
  { NULL }
};

gboolean
vd_cmd_config (VdInvocation *inv, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!opt_json)
    {
      printf ("# files read, the later winning:\n");
      for (const char * const *f = vd_config_files (inv->config); *f; f++)
        printf ("#   %s%s\n", *f, g_file_test (*f, G_FILE_TEST_EXISTS) ? "" : " (absent)");
    }
  json_builder_begin_object (b);
  for (int k = 0; k < VD_CONFIG_N_KEYS; k++)
    {
      const char *value = vd_config_get (inv->config, k);
      const char *source = vd_config_source (inv->config, k);
      const char *group = vd_config_key_group (k);

      if (!opt_json)
        {
          /* The keys of a group are next to each other in the table. */
          if (k == 0 || strcmp (group, vd_config_key_group (k - 1)) != 0)
            printf ("%s[%s]\n", k == 0 ? "" : "\n", group);
          if (value)
            printf ("%s=%s\t# from %s\n", vd_config_key_name (k), value, source);
          else
            printf ("# %s: not set (%s)\n", vd_config_key_name (k), vd_config_key_default (k));
          continue;
        }
      json_builder_set_member_name (b, vd_config_key_name (k));
      json_builder_begin_object (b);
      vd_json_add_string (b, "value", value);
      vd_json_add_string (b, "source", source ? source : "default");
      vd_json_add_string (b, "group", group);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  if (opt_json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      vd_print_json (root);
    }
  return TRUE;
}
