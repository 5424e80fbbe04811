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

/* A JSON array written to standard output an element at a time, so that
 * each element is out (and flushed) as soon as it is known, and what was
 * written is one valid array once closed: "[", the elements, "]". */
typedef struct {
  guint written;          /* elements so far */
  gboolean closed;
} VdJsonArrayOut;

/* Write ELEMENT (not taken) and flush; FALSE with an error when standard
 * output did not take it. */
gboolean vd_json_array_out_add (VdJsonArrayOut *out, JsonNode *element, GError **error);
/* Close the array ("[]" when it has no element); FALSE as above.  Once
 * closed, further calls do nothing. */
gboolean vd_json_array_out_close (VdJsonArrayOut *out, GError **error);
