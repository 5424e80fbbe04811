/* values.h: parsers for option values (addresses, ports, sizes, counts,
 * names).  Pure: no I/O, each failure is one GError that says what is
 * wrong with the value and what would be right.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#define VD_VALUE_ERROR (vd_value_error_quark ())
GQuark vd_value_error_quark (void);

typedef enum {
  VD_VALUE_ERROR_INVALID,
} VdValueError;

/* Set VD_VALUE_ERROR_INVALID with the message FORMAT; FALSE, always. */
gboolean vd_value_invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

gboolean vd_parse_listen_address (const char *text, char **out, GError **error);
gboolean vd_address_is_loopback (const char *address);
gboolean vd_address_is_any (const char *address);
gboolean vd_parse_port (const char *option, const char *text, gboolean allow_auto,
                        int *out, GError **error);
gboolean vd_parse_count (const char *option, const char *text, guint64 min,
                         guint64 max, guint64 *out, GError **error);
gboolean vd_parse_memory_mib (const char *option, const char *text,
                              guint64 *out, GError **error);
gboolean vd_parse_disk_size (const char *option, const char *text,
                             guint64 *bytes, GError **error);
gboolean vd_check_domain_name (const char *name, GError **error);
gboolean vd_check_password (const char *password, GError **error);
gboolean vd_parse_choice (const char *option, const char *text,
                          const char * const *choices, GError **error);
