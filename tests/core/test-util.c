/* test-util.c: helpers shared by the unit tests of the desktop core.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/relaxng.h>
#include <libxml/xmlsave.h>

#include "domain-xml.h"
#include "test-util.h"
#include "xml-util.h"

const char *
vd_test_srcdir (void)
{
  const char *dir = g_getenv ("VDCTL_SRCDIR");

  return dir && *dir ? dir : VD_TEST_SRCDIR;
}

char *
vd_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  return text;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
vd_test_list_dir (const char *path, const char *suffix)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names;
  const char *name;

  if (dir == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, suffix))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* ---- the schema ---------------------------------------------------- */

static xmlRelaxNG *domain_schema;

#if LIBXML_VERSION >= 21200
#define VD_XML_ERROR_ARG const xmlError *
#else
#define VD_XML_ERROR_ARG xmlError *
#endif

static void
collect_error (void *data, VD_XML_ERROR_ARG error)
{
  GString *problems = data;

  if (problems->len == 0 && error && error->message)
    g_string_append_printf (problems, "line %d: %s", error->line, error->message);
}

gboolean
vd_test_schema_load (GError **error)
{
  xmlRelaxNGParserCtxt *ctxt;
  g_autoptr(GString) problems = g_string_new (NULL);

  if (domain_schema)
    return TRUE;
  if (!g_file_test (VD_TEST_DOMAIN_RNG, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "libvirt's domain schema %s is missing (Debian: libvirt0)",
                   VD_TEST_DOMAIN_RNG);
      return FALSE;
    }
  ctxt = xmlRelaxNGNewParserCtxt (VD_TEST_DOMAIN_RNG);
  xmlRelaxNGSetParserStructuredErrors (ctxt, collect_error, problems);
  domain_schema = xmlRelaxNGParse (ctxt);
  xmlRelaxNGFreeParserCtxt (ctxt);
  if (domain_schema == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "cannot load libvirt's domain schema %s: %s", VD_TEST_DOMAIN_RNG,
                   problems->str);
      return FALSE;
    }
  return TRUE;
}

gboolean
vd_test_schema_validate (xmlDoc *doc, char **problem)
{
  xmlRelaxNGValidCtxt *ctxt;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  g_assert (domain_schema != NULL);
  ctxt = xmlRelaxNGNewValidCtxt (domain_schema);
  xmlRelaxNGSetValidStructuredErrors (ctxt, collect_error, problems);
  rc = xmlRelaxNGValidateDoc (ctxt, doc);
  xmlRelaxNGFreeValidCtxt (ctxt);
  if (problem)
    *problem = rc == 0 ? NULL : g_strdup (problems->str);
  return rc == 0;
}

/* ---- canonical form ------------------------------------------------ */

static gboolean
is_blank_text (xmlNode *node)
{
  return node->type == XML_TEXT_NODE && xmlIsBlankNode (node);
}

static void
strip_indentation (xmlNode *node)
{
  xmlNode *child, *next;

  for (child = node->children; child; child = next)
    {
      next = child->next;
      if (is_blank_text (child))
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
      else if (child->type == XML_ELEMENT_NODE)
        strip_indentation (child);
    }
}

char *
vd_test_canonical (xmlDoc *doc)
{
  g_autoptr(xmlDoc) copy = xmlCopyDoc (doc, 1);
  g_autoptr(xmlBuffer) buf = xmlBufferCreate ();
  xmlNode *root = xmlDocGetRootElement (copy);
  xmlSaveCtxt *save;

  strip_indentation (root);
  save = xmlSaveToBuffer (buf, "UTF-8", XML_SAVE_NO_DECL);
  xmlSaveTree (save, root);
  xmlSaveClose (save);
  return g_strndup ((const char *) xmlBufferContent (buf), xmlBufferLength (buf));
}

char *
vd_test_canonical_node (xmlNode *node)
{
  g_autoptr(xmlDoc) doc = xmlNewDoc ((const xmlChar *) "1.0");

  xmlDocSetRootElement (doc, xmlDocCopyNode (node, doc, 1));
  return vd_test_canonical (doc);
}

int
vd_test_run_suite (Suite *suite)
{
  SRunner *runner = srunner_create (suite);
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

xmlDoc *
vd_test_parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  xmlDoc *doc = vd_xml_parse (xml, -1, "the test document", &error);

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
  return doc;
}

void
vd_test_read_info (const char *xml, VdDesktopInfo *info)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (xml);
  g_autoptr(GError) error = NULL;

  ck_assert_msg (vd_domain_read (doc, info, &error), "%s", error ? error->message : "");
}
