/* xml-util.c: libxml2 helpers shared by the desktop core.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>

#include "xml-util.h"

G_DEFINE_QUARK (vd-xml-error-quark, vd_xml_error)

#define INDENT_UNIT "  "

static void
vd_xml_silent_error (void *ctx, const char *msg, ...)
{
}

xmlDoc *
vd_xml_parse (const char *xml,
              gssize      len,
              const char *what,
              GError    **error)
{
  g_autoptr(xmlParserCtxt) ctxt = NULL;
  xmlDoc *doc;

  if (len < 0)
    len = strlen (xml);
  if (len > G_MAXINT)
    {
      g_set_error (error, VD_XML_ERROR, VD_XML_ERROR_PARSE,
                   "%s is too large", what);
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    g_error ("out of memory");
  xmlSetGenericErrorFunc (NULL, vd_xml_silent_error);

  /* No network, no entity substitution, no DTD loading: a domain document
   * is data and must not pull anything in from elsewhere. */
  doc = xmlCtxtReadMemory (ctxt, xml, (int) len, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOWARNING |
                           XML_PARSE_NOERROR);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      const xmlError *err = xmlCtxtGetLastError (ctxt);
      g_autofree char *msg = NULL;

      if (err && err->message)
        msg = g_strstrip (g_strdup (err->message));
      g_set_error (error, VD_XML_ERROR, VD_XML_ERROR_PARSE,
                   "%s is not well-formed XML%s%s (line %d)", what,
                   msg ? ": " : "", msg ? msg : "", err ? err->line : 0);
      if (doc)
        xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

char *
vd_xml_serialize (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autoptr(xmlBuffer) buf = xmlBufferCreate ();
  xmlSaveCtxt *save;
  GString *out;

  /* libxml2 writes non-ASCII in attribute values as character references
   * unless the document says its encoding: keep them as typed. */
  if (doc->encoding == NULL)
    doc->encoding = xmlStrdup ((const xmlChar *) "UTF-8");

  /* The root element alone, without an XML declaration, the way libvirt
   * prints a domain. */
  save = xmlSaveToBuffer (buf, "UTF-8", XML_SAVE_NO_DECL);
  xmlSaveTree (save, root);
  xmlSaveClose (save);

  out = g_string_new_len ((const char *) xmlBufferContent (buf),
                          xmlBufferLength (buf));
  if (out->len == 0 || out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

char *
vd_xml_node_to_string (xmlNode *node)
{
  g_autoptr(xmlBuffer) buf = xmlBufferCreate ();

  xmlNodeDump (buf, node->doc, node, 0, 0);
  return g_strndup ((const char *) xmlBufferContent (buf),
                    xmlBufferLength (buf));
}

static gboolean
element_is (xmlNode *node, const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         (name == NULL || strcmp ((const char *) node->name, name) == 0);
}

xmlNode *
vd_xml_first_element (xmlNode *parent, const char *name)
{
  for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
    if (element_is (n, name))
      return n;
  return NULL;
}

xmlNode *
vd_xml_next_element (xmlNode *node, const char *name)
{
  for (xmlNode *n = node->next; n; n = n->next)
    if (element_is (n, name))
      return n;
  return NULL;
}

xmlNode *
vd_xml_last_element (xmlNode *parent, const char *name)
{
  for (xmlNode *n = parent ? parent->last : NULL; n; n = n->prev)
    if (element_is (n, name))
      return n;
  return NULL;
}

guint
vd_xml_count_elements (xmlNode *parent, const char *name)
{
  guint count = 0;

  for (xmlNode *n = vd_xml_first_element (parent, name); n;
       n = vd_xml_next_element (n, name))
    count++;
  return count;
}

xmlNode *
vd_xml_ensure_element (xmlNode *parent, const char *name)
{
  xmlNode *node = vd_xml_first_element (parent, name);

  if (node)
    return node;
  node = xmlNewDocNode (parent->doc, NULL, (const xmlChar *) name, NULL);
  vd_xml_append_child (parent, node);
  return node;
}

char *
vd_xml_get_prop (xmlNode *node, const char *name)
{
  g_autoptr(VdXmlString) value = NULL;

  if (node == NULL)
    return NULL;
  value = xmlGetNoNsProp (node, (const xmlChar *) name);
  return value ? g_strdup ((const char *) value) : NULL;
}

gboolean
vd_xml_prop_equals (xmlNode *node, const char *name, const char *value)
{
  g_autofree char *actual = vd_xml_get_prop (node, name);

  return g_strcmp0 (actual, value) == 0;
}

void
vd_xml_set_prop (xmlNode *node, const char *name, const char *value)
{
  /* xmlSetProp escapes the value when the document is written. */
  xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) value);
}

void
vd_xml_unset_prop (xmlNode *node, const char *name)
{
  xmlUnsetProp (node, (const xmlChar *) name);
}

static int
prop_rank (const char * const *order, const xmlChar *name)
{
  for (int i = 0; order[i]; i++)
    if (strcmp (order[i], (const char *) name) == 0)
      return i;
  return -1;
}

static void
unlink_prop (xmlAttr *attr)
{
  xmlNode *node = attr->parent;

  if (attr->prev)
    attr->prev->next = attr->next;
  else
    node->properties = attr->next;
  if (attr->next)
    attr->next->prev = attr->prev;
  attr->prev = NULL;
  attr->next = NULL;
}

/* Link ATTR, which belongs to NODE but is in no list, in front of BEFORE
 * (NULL: at the end). */
static void
link_prop_before (xmlNode *node, xmlAttr *attr, xmlAttr *before)
{
  if (before == NULL)
    {
      xmlAttr *last = node->properties;

      while (last && last->next)
        last = last->next;
      attr->prev = last;
      if (last)
        last->next = attr;
      else
        node->properties = attr;
      return;
    }
  attr->next = before;
  attr->prev = before->prev;
  if (before->prev)
    before->prev->next = attr;
  else
    node->properties = attr;
  before->prev = attr;
}

void
vd_xml_set_prop_ordered (xmlNode *node, const char *name, const char *value,
                         const char * const *order)
{
  xmlAttr *attr = xmlHasNsProp (node, (const xmlChar *) name, NULL);
  xmlAttr *after = NULL, *before = NULL;
  int rank;

  if (attr)
    {
      /* In place: an attribute keeps its position. */
      if (!vd_xml_prop_equals (node, name, value))
        vd_xml_set_prop (node, name, value);
      return;
    }
  attr = xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) value);
  rank = prop_rank (order, attr->name);
  if (rank < 0)
    return;
  for (xmlAttr *a = node->properties; a; a = a->next)
    {
      int r;

      if (a == attr || a->ns != NULL || (r = prop_rank (order, a->name)) < 0)
        continue;
      if (r < rank)
        after = a;
      else if (before == NULL)
        before = a;
    }
  if (after)
    {
      unlink_prop (attr);
      link_prop_before (node, attr, after->next);
    }
  else if (before)
    {
      unlink_prop (attr);
      link_prop_before (node, attr, before);
    }
}

void
vd_xml_order_props (xmlNode *node, const char * const *order)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (int i = 0; order[i]; i++)
    {
      xmlAttr *a = xmlHasNsProp (node, (const xmlChar *) order[i], NULL);

      if (a)
        g_ptr_array_add (sorted, a);
    }
  for (xmlAttr *a = node->properties; a; a = a->next)
    if (a->ns != NULL || prop_rank (order, a->name) < 0)
      g_ptr_array_add (sorted, a);

  for (guint i = 0; i < sorted->len; i++)
    unlink_prop (sorted->pdata[i]);
  for (guint i = 0; i < sorted->len; i++)
    link_prop_before (node, sorted->pdata[i], NULL);
}

char *
vd_xml_get_content (xmlNode *node)
{
  g_autoptr(VdXmlString) text = NULL;

  if (node == NULL)
    return NULL;
  text = xmlNodeGetContent (node);
  return text ? g_strstrip (g_strdup ((const char *) text)) : NULL;
}

void
vd_xml_set_content (xmlNode *node, const char *text)
{
  g_autoptr(VdXmlString) escaped = NULL;

  /* xmlNodeSetContent takes markup-escaped text; escape it first so a
   * value is always a value. */
  escaped = xmlEncodeSpecialChars (node->doc, (const xmlChar *) text);
  xmlNodeSetContent (node, escaped);
}

int
vd_xml_node_depth (xmlNode *node)
{
  int depth = 0;

  for (xmlNode *n = node->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    depth++;
  return depth;
}

static char *
indent_for_depth (int depth)
{
  GString *s = g_string_new ("\n");

  for (int i = 0; i < depth; i++)
    g_string_append (s, INDENT_UNIT);
  return g_string_free (s, FALSE);
}

static gboolean
is_blank_text (xmlNode *node)
{
  return node && node->type == XML_TEXT_NODE && xmlIsBlankNode (node);
}

/* Whether the document around PARENT is indented at all: a document written
 * on one line stays on one line. */
static gboolean
parent_is_indented (xmlNode *parent)
{
  for (xmlNode *n = parent->children; n; n = n->next)
    if (is_blank_text (n))
      return TRUE;
  /* An empty parent inside an indented document: look at its own siblings. */
  return parent->children == NULL && is_blank_text (parent->prev);
}

/* The line break and indentation in front of NODE (from its last newline
 * on: an empty line before it is not copied), or NULL. */
static char *
leading_indent (xmlNode *node)
{
  const char *text, *newline;

  if (node == NULL || !is_blank_text (node->prev))
    return NULL;
  text = (const char *) node->prev->content;
  newline = strrchr (text, '\n');
  return newline ? g_strdup (newline) : NULL;
}

/* Where a new child of PARENT goes: after the indentation its element
 * children have, else one level deeper than PARENT's own. */
static char *
child_indent (xmlNode *parent)
{
  char *own;

  for (xmlNode *n = parent->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE)
      {
        char *ws = leading_indent (n);

        if (ws)
          return ws;
      }
  own = leading_indent (parent);
  if (own)
    {
      char *ws = g_strconcat (own, INDENT_UNIT, NULL);

      g_free (own);
      return ws;
    }
  return indent_for_depth (vd_xml_node_depth (parent) + 1);
}

/* The indentation in front of PARENT's end tag. */
static char *
closing_indent (xmlNode *parent)
{
  char *own = leading_indent (parent);

  return own ? own : indent_for_depth (vd_xml_node_depth (parent));
}

/* Give a freshly built subtree the indentation of where it now stands:
 * after WS. */
static void
reindent_subtree (xmlNode *node, const char *ws)
{
  xmlNode *child, *next;
  gboolean has_elements = FALSE;
  g_autofree char *inner = g_strconcat (ws, INDENT_UNIT, NULL);

  for (child = node->children; child; child = next)
    {
      next = child->next;
      if (is_blank_text (child))
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
      else if (child->type == XML_ELEMENT_NODE)
        has_elements = TRUE;
    }
  if (!has_elements)
    return;

  for (child = node->children; child; child = child->next)
    {
      xmlAddPrevSibling (child, xmlNewDocText (node->doc, (const xmlChar *) inner));
      if (child->type == XML_ELEMENT_NODE)
        reindent_subtree (child, inner);
    }
  xmlAddChild (node, xmlNewDocText (node->doc, (const xmlChar *) ws));
}

/* The indentation NODE takes next to SIBLING. */
static char *
sibling_indent (xmlNode *sibling)
{
  char *ws = leading_indent (sibling);

  return ws ? ws : child_indent (sibling->parent);
}

void
vd_xml_insert_after (xmlNode *sibling, xmlNode *node)
{
  xmlNode *parent = sibling->parent;

  if (parent_is_indented (parent))
    {
      g_autofree char *ws = sibling_indent (sibling);

      reindent_subtree (node, ws);
      xmlAddNextSibling (sibling, node);
      xmlAddPrevSibling (node, xmlNewDocText (node->doc, (const xmlChar *) ws));
    }
  else
    xmlAddNextSibling (sibling, node);
}

void
vd_xml_insert_before (xmlNode *sibling, xmlNode *node)
{
  xmlNode *parent = sibling->parent;

  if (parent_is_indented (parent))
    {
      g_autofree char *ws = sibling_indent (sibling);

      reindent_subtree (node, ws);
      xmlAddPrevSibling (sibling, node);
      xmlAddPrevSibling (sibling, xmlNewDocText (node->doc, (const xmlChar *) ws));
    }
  else
    xmlAddPrevSibling (sibling, node);
}

void
vd_xml_append_child (xmlNode *parent, xmlNode *node)
{
  xmlNode *last = parent->last;

  if (parent_is_indented (parent))
    {
      g_autofree char *ws = child_indent (parent);

      reindent_subtree (node, ws);
      if (is_blank_text (last))
        {
          /* <parent>\n  <a/>\n</parent>: go before the closing newline.
           * The element first: libxml2 merges a text node added next to
           * another one into it. */
          xmlAddPrevSibling (last, node);
          xmlAddPrevSibling (node, xmlNewDocText (parent->doc, (const xmlChar *) ws));
        }
      else
        {
          g_autofree char *closing = closing_indent (parent);

          xmlAddChild (parent, xmlNewDocText (parent->doc, (const xmlChar *) ws));
          xmlAddChild (parent, node);
          xmlAddChild (parent, xmlNewDocText (parent->doc, (const xmlChar *) closing));
        }
    }
  else
    xmlAddChild (parent, node);
}

void
vd_xml_remove (xmlNode *node)
{
  xmlNode *prev = node->prev;
  xmlNode *parent = node->parent;

  /* Take the indentation in front of the element with it. */
  if (is_blank_text (prev))
    {
      xmlUnlinkNode (prev);
      xmlFreeNode (prev);
    }
  xmlUnlinkNode (node);
  xmlFreeNode (node);

  /* A parent left with nothing but whitespace becomes empty again. */
  if (parent && vd_xml_first_element (parent, NULL) == NULL)
    {
      gboolean only_blank = TRUE;

      for (xmlNode *n = parent->children; n; n = n->next)
        if (!is_blank_text (n))
          only_blank = FALSE;
      if (only_blank)
        while (parent->children)
          {
            xmlNode *n = parent->children;
            xmlUnlinkNode (n);
            xmlFreeNode (n);
          }
    }
}

xmlNode *
vd_xml_import (xmlDoc *doc, xmlNode *node)
{
  return xmlDocCopyNode (node, doc, 1);
}
