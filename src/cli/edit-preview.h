/* edit-preview.h: what 'vdctl edit --print-xml' and '--diff' print
 * instead of changing anything: domain definitions without their
 * secrets (passwords), as 'virsh dumpxml' shows them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* Print the definition XML on standard output. */
gboolean vd_edit_print_xml (const char *xml, GError **error);

/* Print a unified diff (diff -u) of the definitions CURRENT and UPDATED
 * of domain NAME on standard output. */
gboolean vd_edit_print_diff (const char *name, const char *current, const char *updated,
                             GError **error);
