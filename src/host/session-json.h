/* session-json.h: SPICE sessions (session.h) as JSON: the array
 * 'vdctl sessions --json' prints, which is also what each of watch's
 * state files holds (session-state.h), so that the two have one schema:
 *
 *   [ { "desktop": "lab-01", "uuid": "...", "address": "192.0.2.7",
 *       "port": 50412, "since": "2026-12-03T07:12:09.123456Z", "tls": false,
 *       "x509_dname": null, "sasl_username": null, "channels": 6,
 *       "user": "alice" } ]
 *
 * port and since are null when unknown (0 in VdSession).  No I/O; here
 * rather than in the core, which has no json-glib.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "session.h"

/* SESSIONS (VdSession) as a JSON array. */
JsonNode *vd_sessions_to_json (GPtrArray *sessions);

/* The sessions of the JSON array NODE, as vd_sessions_to_json writes it;
 * members it does not know are ignored, a member of the wrong type or an
 * object without desktop or address is an error. */
GPtrArray *vd_sessions_from_json (JsonNode *node, GError **error);

/* The same from text. */
GPtrArray *vd_sessions_from_json_text (const char *text, gssize length, GError **error);

/* SESSIONS as text (pretty-printed JSON, a newline at the end). */
char *vd_sessions_to_json_text (GPtrArray *sessions);

/* "2026-12-03T07:12:09.123456Z" (whole seconds without fraction) from
 * microseconds since the epoch; NULL for 0 (unknown). */
char *vd_session_format_time (gint64 usec);
