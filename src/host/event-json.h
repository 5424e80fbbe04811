/* event-json.h: an event of `vdctl watch` (desktop-event.h) as JSON: one
 * object per line of the stream and of the audit log.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "desktop-event.h"

/* {"time", "desktop", "uuid", "event", "details"}. */
JsonNode *vd_desktop_event_to_json (const VdDesktopEvent *event);
/* The same as one line of JSON, without a newline. */
char *vd_desktop_event_to_json_line (const VdDesktopEvent *event);
