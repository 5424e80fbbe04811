/* test-util.h: helpers shared by the unit tests of the desktop core.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <check.h>
#include <glib.h>
#include <libxml/tree.h>

#include "desktop.h"

/* The source tree: $VDCTL_SRCDIR (set by meson test), else the one this
 * test was built from. */
const char *vd_test_srcdir (void);

/* A file's contents; aborts the test program when it cannot be read. */
char *vd_test_read_file (const char *path);

/* The names in DIR ending in SUFFIX ("" for all), sorted; NULL when DIR
 * cannot be opened. */
GPtrArray *vd_test_list_dir (const char *dir, const char *suffix);

/* libvirt's domain schema, loaded once: call before forking tests. */
gboolean vd_test_schema_load (GError **error);
/* Whether DOC validates against it; on failure *PROBLEM (if given) holds
 * the first complaint. */
gboolean vd_test_schema_validate (xmlDoc *doc, char **problem);

/* The canonical form the tests compare documents in: the document
 * without its whitespace-only text nodes (its indentation, including the
 * blank inside an empty <devices>\n</devices>: no element of libvirt's
 * holds a whitespace-only value), written without any added formatting.
 * Elements, attributes, their order, comments, namespaces and text all
 * count. */
char *vd_test_canonical (xmlDoc *doc);

/* The same for one element and what it holds. */
char *vd_test_canonical_node (xmlNode *node);

/* XML, a document the test wrote: parsed, or the test fails. */
xmlDoc *vd_test_parse (const char *xml);

/* The desktop settings read back out of the domain XML (vd_domain_read),
 * or the test fails. */
void vd_test_read_info (const char *xml, VdDesktopInfo *info);

/* Run SUITE with Check and free it: EXIT_SUCCESS when every test passed,
 * else EXIT_FAILURE. */
int vd_test_run_suite (Suite *suite);
