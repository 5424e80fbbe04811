/* audit-log.h: the audit trail of `vdctl watch --act`: one JSON line per
 * client connect and disconnect and per action, appended to a file.
 *
 * Each line is written whole with one write(2) on a descriptor opened for
 * appending, and the file is opened again for every line, so that
 * logrotate may move it away at any time.  The file is made mode 0640 and
 * its directory 0750: it names users and their addresses.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* /var/log/vdctl/audit.log for root, else $XDG_STATE_HOME/vdctl/audit.log. */
char *vd_audit_log_default_path (void);

/* Make PATH's directory and the file when missing, and check that a line
 * can be appended: watch says so before it acts, not at the first line. */
gboolean vd_audit_log_check (const char *path, GError **error);

/* Append LINE and a newline to PATH. */
gboolean vd_audit_log_append (const char *path, const char *line, GError **error);
