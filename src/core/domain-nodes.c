/* domain-nodes.c: what the desktop core's files share: finding a
 * domain's elements, inserting and removing them, and its error.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domain-xml-private.h"
#include "xml-util.h"

G_DEFINE_QUARK (vd-domain-error-quark, vd_domain_error)

xmlNode *
vd_domain_root (xmlDoc *doc, GError **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  if (root == NULL || strcmp ((const char *) root->name, "domain") != 0)
    {
      g_set_error (error, VD_DOMAIN_ERROR, VD_DOMAIN_ERROR_INVALID,
                   "not a domain document: the root element is <%s>, not <domain>",
                   root ? (const char *) root->name : "");
      return NULL;
    }
  return root;
}

xmlNode *
vd_domain_first_with_prop (xmlNode *parent, const char *element, const char *prop,
                           const char *value)
{
  for (xmlNode *n = vd_xml_first_element (parent, element); n;
       n = vd_xml_next_element (n, element))
    if (vd_xml_prop_equals (n, prop, value))
      return n;
  return NULL;
}

GPtrArray *
vd_domain_all_with_prop (xmlNode *parent, const char *element, const char *prop,
                         const char *value)
{
  GPtrArray *nodes = g_ptr_array_new ();

  for (xmlNode *n = vd_xml_first_element (parent, element); n;
       n = vd_xml_next_element (n, element))
    if (value == NULL || vd_xml_prop_equals (n, prop, value))
      g_ptr_array_add (nodes, n);
  return nodes;
}

static int
child_rank (const char * const *order, const char *name)
{
  for (int i = 0; order[i]; i++)
    if (strcmp (order[i], name) == 0)
      return i;
  return G_MAXINT;
}

void
vd_domain_insert_child (xmlNode *parent, xmlNode *node, const char * const *order)
{
  int rank = child_rank (order, (const char *) node->name);
  xmlNode *before = NULL;

  /* Before the first child of a later kind; children ORDER does not
   * name stay after it. */
  for (xmlNode *n = vd_xml_first_element (parent, NULL); n && before == NULL;
       n = vd_xml_next_element (n, NULL))
    if (child_rank (order, (const char *) n->name) > rank)
      before = n;
  if (before)
    vd_xml_insert_before (before, node);
  else
    vd_xml_append_child (parent, node);
}

gboolean
vd_domain_fail_with (GError **error, VdDomainError code, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  *error = g_error_new_valist (VD_DOMAIN_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

void
vd_domain_remove_nodes (GPtrArray *nodes)
{
  for (guint i = 0; i < nodes->len; i++)
    vd_xml_remove (nodes->pdata[i]);
}
