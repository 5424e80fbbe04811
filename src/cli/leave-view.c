/* leave-view.c: what happens when the user leaves a desktop, as show,
 * edit and --json present it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "json-out.h"
#include "leave-view.h"

char *
vd_leave_view_on_disconnect (const VdLeavePolicy *p)
{
  g_autofree char *delay = NULL;

  if (p->action == VD_LEAVE_NONE)
    return g_strdup ("none");
  if (p->delay == 0)
    return g_strdup_printf ("%s at once", vd_leave_action_to_string (p->action));
  delay = vd_duration_to_string (p->delay);
  return g_strdup_printf ("%s after %s", vd_leave_action_to_string (p->action), delay);
}

char *
vd_leave_view_idle_shutdown (const VdLeavePolicy *p)
{
  if (p->idle_shutdown == 0)
    return g_strdup ("never");
  return vd_duration_to_string (p->idle_shutdown);
}

void
vd_leave_view_print (const VdLeavePolicy *p)
{
  g_autofree char *on_disconnect = vd_leave_view_on_disconnect (p);
  g_autofree char *idle = vd_leave_view_idle_shutdown (p);

  printf ("%-16s %s\n", "On disconnect:", on_disconnect);
  printf ("%-16s %s\n", "Idle shutdown:", idle);
}

void
vd_leave_view_add_json (JsonBuilder *b, const VdLeavePolicy *p)
{
  json_builder_set_member_name (b, "on_disconnect");
  json_builder_begin_object (b);
  vd_json_add_string (b, "action", vd_leave_action_to_string (p->action));
  vd_json_add_int (b, "delay", p->delay, TRUE);
  json_builder_end_object (b);
  vd_json_add_int (b, "idle_shutdown", p->idle_shutdown, p->idle_shutdown > 0);
}

void
vd_leave_view_describe_changes (const VdLeavePolicy *a, const VdLeavePolicy *b,
                                GString *out)
{
  g_autofree char *on_a = vd_leave_view_on_disconnect (a);
  g_autofree char *on_b = vd_leave_view_on_disconnect (b);
  g_autofree char *idle_a = vd_leave_view_idle_shutdown (a);
  g_autofree char *idle_b = vd_leave_view_idle_shutdown (b);

  if (g_strcmp0 (on_a, on_b) != 0)
    g_string_append_printf (out, "  %-16s %s -> %s\n", "on disconnect:", on_a, on_b);
  if (g_strcmp0 (idle_a, idle_b) != 0)
    g_string_append_printf (out, "  %-16s %s -> %s\n", "idle shutdown:", idle_a, idle_b);
}
