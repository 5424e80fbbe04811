/* rdpfile.h: Remote Desktop connection files (.rdp), the format mstsc and
 * FreeRDP read: one "KEY:i:NUMBER" or "KEY:s:TEXT" per line.
 *
 * The format has no escaping: a line break ends the value, and FreeRDP
 * takes a line that starts with '/' as a command-line option.  So a value
 * that holds a line break (CR, LF, or any other control character, or
 * U+0085, U+2028, U+2029) is refused, never stripped or rewritten: the
 * file says exactly what was asked or is not written.  Keys are vdctl's
 * own constants and are checked the same way.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-policy.h"

#define VD_RDP_FILE_ERROR (vd_rdp_file_error_quark ())
GQuark vd_rdp_file_error_quark (void);

typedef enum {
  VD_RDP_FILE_ERROR_KEY,
  VD_RDP_FILE_ERROR_VALUE,
} VdRdpFileError;

typedef struct _VdRdpFile VdRdpFile;

VdRdpFile *vd_rdp_file_new (void);
void vd_rdp_file_free (VdRdpFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdRdpFile, vd_rdp_file_free)

/* Set KEY (a key set before keeps its place and takes the new value). */
gboolean vd_rdp_file_set_int (VdRdpFile *file, const char *key, gint64 value,
                              GError **error);
gboolean vd_rdp_file_set_string (VdRdpFile *file, const char *key, const char *value,
                                 GError **error);

/* The file's text: UTF-8, lines ended by CRLF as mstsc writes them. */
char *vd_rdp_file_to_data (const VdRdpFile *file, gsize *length);

/* The connection file for a desktop whose RDP server is at HOST:PORT,
 * with SETTINGS' user, domain and redirection policy.  It never holds a
 * password. */
char *vd_rdp_file_for_desktop (const VdRdpSettings *settings,
                               const char          *host,
                               int                  port,
                               gboolean             fullscreen,
                               gsize               *length,
                               GError             **error);
