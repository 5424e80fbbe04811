/* session-state.h: the live SPICE sessions 'vdctl watch' records from
 * libvirt's graphics events, for 'vdctl sessions' to read.
 *
 * One file per desktop, UUID.json, holding the JSON array of that
 * desktop's live sessions (session-json.h: the schema of
 * 'sessions --json'), in the state directory:
 *
 *   $VDCTL_STATE_DIR                   when set (tests)
 *   /run/vdctl/sessions                as root
 *   $XDG_RUNTIME_DIR/vdctl/sessions    otherwise
 *
 * The directory is made mode 0700, each file written mode 0600 and
 * atomically (a new file renamed over the old one), so a reader sees the
 * old list or the new one, never half of one.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "session.h"

/* The state directory (above). */
char *vd_session_state_dir (void);

/* Make the file of the desktop UUID hold SESSIONS (VdSession), replacing
 * what it held; an empty array or NULL removes the file.  Makes the
 * directory when it is missing.  The writer for 'vdctl watch'. */
gboolean vd_session_state_write (const char *uuid, GPtrArray *sessions, GError **error);

/* Remove the file of the desktop UUID, when there is one. */
gboolean vd_session_state_remove (const char *uuid, GError **error);

/* The sessions recorded for the desktop UUID: an empty array when it has
 * no file; an error when the file cannot be read or parsed. */
GPtrArray *vd_session_state_read (const char *uuid, GError **error);

/* Every session recorded, of every desktop, in the order of the files'
 * names: an empty array when the directory does not exist.  A file that
 * cannot be read or parsed is left out, its problem added to PROBLEMS
 * (strings, when given). */
GPtrArray *vd_session_state_read_all (GPtrArray *problems, GError **error);
