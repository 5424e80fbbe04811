/* desktop-metadata.c: vdctl's own element in a domain's <metadata>.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop-metadata.h"
#include "xml-util.h"

/* libvirt writes these before <metadata>, in this order. */
static const char * const before_metadata[] = {
  "name", "uuid", "genid", "title", "description", NULL,
};

gboolean
vd_desktop_metadata_is (xmlNode *node, const char *name)
{
  return node && node->type == XML_ELEMENT_NODE && node->ns && node->ns->href &&
         strcmp ((const char *) node->ns->href, VD_XMLNS_DESKTOP) == 0 &&
         strcmp ((const char *) node->name, name) == 0;
}

xmlNode *
vd_desktop_metadata_child (xmlNode *parent, const char *name)
{
  for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
    if (vd_desktop_metadata_is (n, name))
      return n;
  return NULL;
}

/* libvirt's own <metadata>: no namespace. */
static xmlNode *
find_metadata (xmlNode *root)
{
  for (xmlNode *n = vd_xml_first_element (root, "metadata"); n;
       n = vd_xml_next_element (n, "metadata"))
    if (n->ns == NULL)
      return n;
  return NULL;
}

xmlNode *
vd_desktop_metadata_find (xmlNode *root)
{
  return vd_desktop_metadata_child (find_metadata (root), "desktop");
}

static xmlNode *
ensure_metadata (xmlNode *root)
{
  xmlNode *metadata = find_metadata (root);
  xmlNode *anchor = NULL, *first;

  if (metadata)
    return metadata;
  metadata = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "metadata", NULL);
  for (xmlNode *n = vd_xml_first_element (root, NULL); n; n = vd_xml_next_element (n, NULL))
    if (n->ns == NULL && g_strv_contains (before_metadata, (const char *) n->name))
      anchor = n;
  first = vd_xml_first_element (root, NULL);
  if (anchor)
    vd_xml_insert_after (anchor, metadata);
  else if (first)
    vd_xml_insert_before (first, metadata);
  else
    vd_xml_append_child (root, metadata);
  return metadata;
}

xmlNode *
vd_desktop_metadata_ensure (xmlNode *root)
{
  xmlNode *metadata = ensure_metadata (root);
  xmlNode *desktop = vd_desktop_metadata_child (metadata, "desktop");
  xmlNs *ns;

  if (desktop)
    return desktop;
  desktop = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "desktop", NULL);
  ns = xmlNewNs (desktop, (const xmlChar *) VD_XMLNS_DESKTOP,
                 (const xmlChar *) VD_XMLNS_DESKTOP_PREFIX);
  xmlSetNs (desktop, ns);
  vd_xml_append_child (metadata, desktop);
  return desktop;
}

void
vd_desktop_metadata_prune (xmlNode *desktop)
{
  xmlNode *metadata = desktop->parent;

  if (desktop->children != NULL || desktop->properties != NULL)
    return;
  vd_xml_remove (desktop);
  if (metadata && metadata->children == NULL && metadata->properties == NULL)
    vd_xml_remove (metadata);
}

#define PASSWORD_ATTR "password"

void
vd_desktop_metadata_set_password (xmlNode *root, VdTristate state)
{
  xmlNode *desktop;

  if (state == VD_TRISTATE_UNSET)
    {
      desktop = vd_desktop_metadata_find (root);
      if (desktop)
        {
          vd_xml_unset_prop (desktop, PASSWORD_ATTR);
          vd_desktop_metadata_prune (desktop);
        }
      return;
    }
  desktop = vd_desktop_metadata_ensure (root);
  vd_xml_set_prop (desktop, PASSWORD_ATTR, state == VD_TRISTATE_YES ? "set" : "none");
}

VdTristate
vd_desktop_metadata_get_password (xmlNode *root)
{
  xmlNode *desktop = vd_desktop_metadata_find (root);

  if (vd_xml_prop_equals (desktop, PASSWORD_ATTR, "set"))
    return VD_TRISTATE_YES;
  if (vd_xml_prop_equals (desktop, PASSWORD_ATTR, "none"))
    return VD_TRISTATE_NO;
  return VD_TRISTATE_UNSET;
}
