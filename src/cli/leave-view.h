/* leave-view.h: what happens when the user leaves a desktop
 * (leave-policy.h), as show, edit and --json present it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "leave-policy.h"

/* "poweroff after 5 min", "lock at once", "none". */
char *vd_leave_view_on_disconnect (const VdLeavePolicy *policy);
/* "30 min", "never". */
char *vd_leave_view_idle_shutdown (const VdLeavePolicy *policy);

/* show's lines: On disconnect:, Idle shutdown:. */
void vd_leave_view_print (const VdLeavePolicy *policy);

/* The members on_disconnect ({"action": "poweroff", "delay": 300}) and
 * idle_shutdown (seconds, or null for never). */
void vd_leave_view_add_json (JsonBuilder *b, const VdLeavePolicy *policy);

/* edit's lines for what changed between A and B. */
void vd_leave_view_describe_changes (const VdLeavePolicy *a, const VdLeavePolicy *b,
                                     GString *out);
