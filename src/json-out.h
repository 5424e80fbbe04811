/* json-out.h: members of the --json objects vdctl prints, with null for
 * what is absent.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

void vd_json_add_string (JsonBuilder *b, const char *name, const char *value);
void vd_json_add_int (JsonBuilder *b, const char *name, gint64 value, gboolean present);
void vd_json_add_bool (JsonBuilder *b, const char *name, gboolean value);
