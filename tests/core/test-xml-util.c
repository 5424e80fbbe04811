/* test-xml-util.c: adding and taking out elements keeps the document's own
 * indentation (xml-util.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>

#include "test-util.h"
#include "xml-util.h"

typedef enum { APPEND, BEFORE, AFTER } Where;

typedef struct {
  const char *name;
  const char *input;
  const char *parent;         /* an element name: the first one */
  Where where;                /* next to the parent's first element child */
  const char *expected;
} Case;

static const Case cases[] = {
  { "append, libvirt's indentation",
    "<domain>\n  <devices>\n    <a/>\n  </devices>\n</domain>\n", "devices", APPEND,
    "<domain>\n  <devices>\n    <a/>\n    <new>\n      <child/>\n    </new>\n  </devices>\n"
    "</domain>\n" },
  { "append, four spaces",
    "<domain>\n    <devices>\n        <a/>\n    </devices>\n</domain>\n", "devices", APPEND,
    "<domain>\n    <devices>\n        <a/>\n        <new>\n          <child/>\n        </new>\n"
    "    </devices>\n</domain>\n" },
  { "append, tabs",
    "<domain>\n\t<devices>\n\t\t<a/>\n\t</devices>\n</domain>\n", "devices", APPEND,
    "<domain>\n\t<devices>\n\t\t<a/>\n\t\t<new>\n\t\t  <child/>\n\t\t</new>\n\t</devices>\n"
    "</domain>\n" },
  { "append to an empty element of an indented document",
    "<domain>\n  <name>x</name>\n  <devices/>\n</domain>\n", "devices", APPEND,
    "<domain>\n  <name>x</name>\n  <devices>\n    <new>\n      <child/>\n    </new>\n"
    "  </devices>\n</domain>\n" },
  { "append, an empty line before the siblings",
    "<domain>\n  <devices>\n\n    <a/>\n  </devices>\n</domain>\n", "devices", APPEND,
    "<domain>\n  <devices>\n\n    <a/>\n    <new>\n      <child/>\n    </new>\n  </devices>\n"
    "</domain>\n" },
  { "after, four spaces",
    "<domain>\n    <devices>\n        <a/>\n        <b/>\n    </devices>\n</domain>\n", "devices",
    AFTER,
    "<domain>\n    <devices>\n        <a/>\n        <new>\n          <child/>\n        </new>\n"
    "        <b/>\n    </devices>\n</domain>\n" },
  { "before, four spaces",
    "<domain>\n    <devices>\n        <a/>\n    </devices>\n</domain>\n", "devices", BEFORE,
    "<domain>\n    <devices>\n        <new>\n          <child/>\n        </new>\n        <a/>\n"
    "    </devices>\n</domain>\n" },
  { "a document on one line stays on one line",
    "<domain><devices><a/></devices></domain>\n", "devices", APPEND,
    "<domain><devices><a/><new><child/></new></devices></domain>\n" },
};

static xmlNode *
new_subtree (xmlDoc *doc)
{
  xmlNode *node = xmlNewDocNode (doc, NULL, (const xmlChar *) "new", NULL);

  xmlAddChild (node, xmlNewDocNode (doc, NULL, (const xmlChar *) "child", NULL));
  return node;
}

START_TEST (test_insert_and_remove)
{
  const Case *c = &cases[_i];
  g_autoptr(xmlDoc) doc = vd_xml_parse (c->input, -1, c->name, NULL);
  xmlNode *parent = vd_xml_first_element (xmlDocGetRootElement (doc), c->parent);
  xmlNode *first = vd_xml_first_element (parent, NULL);
  xmlNode *node = new_subtree (doc);
  g_autofree char *added = NULL;
  g_autofree char *removed = NULL;

  if (c->where == APPEND)
    vd_xml_append_child (parent, node);
  else if (c->where == BEFORE)
    vd_xml_insert_before (first, node);
  else
    vd_xml_insert_after (first, node);
  added = vd_xml_serialize (doc);
  ck_assert_msg (g_strcmp0 (added, c->expected) == 0, "%s:\n%s\nexpected:\n%s",
                 c->name, added, c->expected);

  /* Taking it out again gives back the document, byte for byte. */
  vd_xml_remove (node);
  removed = vd_xml_serialize (doc);
  ck_assert_msg (g_strcmp0 (removed, c->input) == 0, "%s:\n%s\nexpected:\n%s",
                 c->name, removed, c->input);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("xml-util");
  TCase *tc = tcase_create ("indentation");

  tcase_add_loop_test (tc, test_insert_and_remove, 0, G_N_ELEMENTS (cases));
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
