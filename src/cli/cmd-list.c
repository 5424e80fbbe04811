/* cmd-list.c: vdctl list — every domain on the connection.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "commands.h"
#include "desktop-view.h"
#include "display-reach.h"
#include "policy-view.h"

static gboolean opt_json;

const GOptionEntry vd_list_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    "Print a JSON array of the objects 'show --json' prints", NULL },
  { NULL }
};

gboolean
vd_cmd_list (VdInvocation *inv, GError **error)
{
  g_autoptr(GPtrArray) domains = NULL;
  g_autoptr(JsonArray) array = NULL;
  VdConnection *conn;

  conn = vd_invocation_connect (inv, error);
  if (conn == NULL)
    return FALSE;
  domains = vd_virt_domain_list_all (conn, error);
  if (domains == NULL)
    return FALSE;

  if (opt_json)
    array = json_array_new ();
  else
    printf ("%-24s %-14s %-28s %-5s %-8s %-8s %s\n", "NAME", "STATE", "DISPLAY", "USB3",
            "USBREDIR", "REDIRECT", "NOTE");

  for (guint n = 0; n < domains->len; n++)
    {
      g_auto(VdDesktopView) view = { 0, };
      g_autofree char *display = NULL;
      g_autofree char *redirect = NULL;

      /* A domain that vanished while listing is no longer there to show. */
      if (!vd_desktop_view_load (domains->pdata[n], &view, NULL))
        continue;
      if (array)
        {
          json_array_add_element (array, vd_desktop_view_to_json (&view));
          continue;
        }
      display = vd_desktop_view_display (&view);
      redirect = vd_policy_view_flags (&view.info);
      printf ("%-24s %-14s %-28s %-5s %-8d %-8s %s\n", view.info.name, view.state,
              display ? display : "-", view.info.usb3 ? "yes" : "no",
              view.info.usbredir, redirect, vd_display_is_insecure (&view.info) ? "insecure"
              : vd_display_may_be_insecure (&view.info) ? "insecure?" : "-");
    }

  if (array)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_take_array (root, g_steal_pointer (&array));
      vd_print_json (root);
    }
  return TRUE;
}
