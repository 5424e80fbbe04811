/* xml-util.h: libxml2 helpers shared by the desktop core.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/parser.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlBuffer, xmlBufferFree)

/* xmlChar strings are freed with xmlFree, which is free() here; a
 * g_autoptr-style cleanup keeps call sites short. */
typedef xmlChar VdXmlString;
static inline void
vd_xml_string_free (VdXmlString *s)
{
  if (s)
    xmlFree (s);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdXmlString, vd_xml_string_free)

#define VD_XML_ERROR (vd_xml_error_quark ())
GQuark vd_xml_error_quark (void);

typedef enum {
  VD_XML_ERROR_PARSE,
  VD_XML_ERROR_INVALID,
} VdXmlError;

xmlDoc *vd_xml_parse (const char *xml,
                      gssize      len,
                      const char *what,
                      GError    **error);
char *vd_xml_serialize (xmlDoc *doc);
char *vd_xml_node_to_string (xmlNode *node);

/* Element children, ignoring text and comments. */
xmlNode *vd_xml_first_element (xmlNode *parent, const char *name);
xmlNode *vd_xml_next_element (xmlNode *node, const char *name);
xmlNode *vd_xml_last_element (xmlNode *parent, const char *name);
xmlNode *vd_xml_ensure_element (xmlNode *parent, const char *name);
guint vd_xml_count_elements (xmlNode *parent, const char *name);

/* Attribute access: the returned strings are owned by the caller. */
char *vd_xml_get_prop (xmlNode *node, const char *name);
gboolean vd_xml_prop_equals (xmlNode *node, const char *name, const char *value);
void vd_xml_set_prop (xmlNode *node, const char *name, const char *value);
void vd_xml_unset_prop (xmlNode *node, const char *name);
/* Set NAME; an attribute that is already there keeps its place, a new one
 * goes where ORDER (a NULL-terminated list of names, the order libvirt
 * writes them in) puts it among those present: after the last attribute
 * that ORDER names before it, else first among those it names after it,
 * else last. */
void vd_xml_set_prop_ordered (xmlNode *node, const char *name, const char *value,
                              const char * const *order);
/* Put the attributes of a newly built NODE in ORDER; attributes ORDER does
 * not name keep their relative order after those it does. */
void vd_xml_order_props (xmlNode *node, const char * const *order);
char *vd_xml_get_content (xmlNode *node);
void vd_xml_set_content (xmlNode *node, const char *text);

/* Tree surgery that keeps the document's own indentation. */
void vd_xml_insert_after (xmlNode *sibling, xmlNode *node);
void vd_xml_insert_before (xmlNode *sibling, xmlNode *node);
void vd_xml_append_child (xmlNode *parent, xmlNode *node);
void vd_xml_remove (xmlNode *node);
xmlNode *vd_xml_import (xmlDoc *doc, xmlNode *node);

int vd_xml_node_depth (xmlNode *node);
