/* rdp-metadata.c: vdctl's RDP settings in a domain's <metadata>.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rdp-metadata.h"
#include "values.h"

G_DEFINE_QUARK (vd-rdp-metadata-error-quark, vd_rdp_metadata_error)

/* libvirt writes these before <metadata>, in this order. */
static const char * const before_metadata[] = {
  "name", "uuid", "genid", "title", "description", NULL,
};

typedef xmlChar VdRdpXmlString;
static inline void
rdp_xml_string_free (VdRdpXmlString *s)
{
  if (s)
    xmlFree (s);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdRdpXmlString, rdp_xml_string_free)

/* ---- finding the elements ------------------------------------------ */

static gboolean
is_element (xmlNode *node, const char *name)
{
  return node && node->type == XML_ELEMENT_NODE &&
         strcmp ((const char *) node->name, name) == 0;
}

static gboolean
is_ours (xmlNode *node, const char *name)
{
  return is_element (node, name) && node->ns && node->ns->href &&
         strcmp ((const char *) node->ns->href, VD_XMLNS_DESKTOP) == 0;
}

static xmlNode *
domain_root (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  return is_element (root, "domain") ? root : NULL;
}

static xmlNode *
child_element (xmlNode *parent, const char *name, gboolean ours)
{
  for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
    if (ours ? is_ours (n, name) : (is_element (n, name) && n->ns == NULL))
      return n;
  return NULL;
}

static xmlNode *
find_rdp (xmlDoc *doc, xmlNode **metadata_out, xmlNode **desktop_out)
{
  xmlNode *metadata = child_element (domain_root (doc), "metadata", FALSE);
  xmlNode *desktop = child_element (metadata, "desktop", TRUE);

  if (metadata_out)
    *metadata_out = metadata;
  if (desktop_out)
    *desktop_out = desktop;
  return child_element (desktop, "rdp", TRUE);
}

/* ---- indentation --------------------------------------------------- */

static gboolean
is_blank (xmlNode *node)
{
  return node && node->type == XML_TEXT_NODE && xmlIsBlankNode (node);
}

/* The whitespace in front of NODE, or NULL. */
static const char *
leading_blank (xmlNode *node)
{
  return is_blank (node->prev) ? (const char *) node->prev->content : NULL;
}

/* The whitespace a new child of PARENT goes after: that of its element
 * children, else its own and one more level; NULL when the document is
 * not indented there. */
static char *
child_indent (xmlNode *parent)
{
  gboolean has_elements = FALSE;
  const char *own;

  for (xmlNode *n = parent->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE)
      {
        if (leading_blank (n))
          return g_strdup (leading_blank (n));
        has_elements = TRUE;
      }
  if (has_elements)
    return NULL;
  own = leading_blank (parent);
  return own ? g_strconcat (own, "  ", NULL) : NULL;
}

static xmlNode *
blank (xmlDoc *doc, const char *ws)
{
  return xmlNewDocText (doc, (const xmlChar *) ws);
}

/* Append NODE as PARENT's last element, indented like its siblings.
 * Whitespace is always added as a node of its own, next to elements, so
 * that remove_indented takes exactly what this added. */
static void
append_indented (xmlNode *parent, xmlNode *node)
{
  g_autofree char *ws = child_indent (parent);
  xmlNode *last = parent->last;

  if (ws == NULL)
    xmlAddChild (parent, node);
  else if (is_blank (last))
    {
      /* <parent>...\n  </parent>: in front of the closing whitespace. */
      xmlAddPrevSibling (last, node);
      xmlAddPrevSibling (node, blank (parent->doc, ws));
    }
  else if (last != NULL)
    {
      xmlAddChild (parent, node);
      xmlAddPrevSibling (node, blank (parent->doc, ws));
    }
  else
    {
      const char *closing = leading_blank (parent);

      xmlAddChild (parent, node);
      xmlAddPrevSibling (node, blank (parent->doc, ws));
      if (closing)
        xmlAddNextSibling (node, blank (parent->doc, closing));
    }
}

/* Take NODE out with the whitespace in front of it; a parent left with
 * whitespace only becomes empty, as it was before its first child came. */
static void
remove_indented (xmlNode *node)
{
  xmlNode *parent = node->parent;
  gboolean only_blank = TRUE;

  if (is_blank (node->prev))
    {
      xmlNode *ws = node->prev;

      xmlUnlinkNode (ws);
      xmlFreeNode (ws);
    }
  xmlUnlinkNode (node);
  xmlFreeNode (node);

  for (xmlNode *n = parent->children; n; n = n->next)
    if (!is_blank (n))
      only_blank = FALSE;
  if (only_blank)
    while (parent->children)
      {
        xmlNode *n = parent->children;

        xmlUnlinkNode (n);
        xmlFreeNode (n);
      }
}

/* <metadata> where libvirt puts it: after name, uuid, genid, title and
 * description. */
static xmlNode *
ensure_metadata (xmlNode *root)
{
  xmlNode *metadata = child_element (root, "metadata", FALSE);
  xmlNode *anchor = NULL;

  if (metadata)
    return metadata;
  metadata = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "metadata", NULL);
  for (xmlNode *n = root->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && n->ns == NULL &&
        g_strv_contains (before_metadata, (const char *) n->name))
      anchor = n;

  if (anchor)
    {
      const char *ws = leading_blank (anchor);

      xmlAddNextSibling (anchor, metadata);
      if (ws)
        xmlAddPrevSibling (metadata, blank (root->doc, ws));
      return metadata;
    }
  for (xmlNode *n = root->children; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE)
      {
        const char *ws = leading_blank (n);

        xmlAddPrevSibling (n, metadata);
        if (ws)
          xmlAddNextSibling (metadata, blank (root->doc, ws));
        return metadata;
      }
  append_indented (root, metadata);
  return metadata;
}

static xmlNode *
ensure_desktop (xmlNode *metadata)
{
  xmlNode *desktop = child_element (metadata, "desktop", TRUE);
  xmlNs *ns;

  if (desktop)
    return desktop;
  desktop = xmlNewDocNode (metadata->doc, NULL, (const xmlChar *) "desktop", NULL);
  ns = xmlNewNs (desktop, (const xmlChar *) VD_XMLNS_DESKTOP,
                 (const xmlChar *) VD_XMLNS_DESKTOP_PREFIX);
  xmlSetNs (desktop, ns);
  append_indented (metadata, desktop);
  return desktop;
}

/* ---- reading ------------------------------------------------------- */

static gboolean
invalid (GError **error, GError *cause)
{
  g_set_error (error, VD_RDP_METADATA_ERROR, VD_RDP_METADATA_ERROR_INVALID,
               "the RDP settings recorded in the domain's metadata are not valid: %s",
               cause->message);
  g_error_free (cause);
  return FALSE;
}

static char *
get_attr (xmlNode *node, const char *name)
{
  g_autoptr(VdRdpXmlString) value = xmlGetNoNsProp (node, (const xmlChar *) name);

  return value ? g_strdup ((const char *) value) : NULL;
}

static gboolean
read_redirect (VdRdpPolicy *policy, xmlNode *node, GError **error)
{
  g_autofree char *type = get_attr (node, "type");

  if (type == NULL)
    return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                        "a <redirect> element has no type"), FALSE;
  if (strcmp (type, "drive") == 0)
    {
      g_autofree char *name = get_attr (node, "name");
      g_autofree char *path = get_attr (node, "path");

      return vd_rdp_policy_add_drive (policy, name, path, error);
    }
  if (strcmp (type, "usb") == 0)
    {
      g_autofree char *vendor = get_attr (node, "vendor");
      g_autofree char *product = get_attr (node, "product");

      return vd_rdp_policy_add_usb (policy, vendor, product, error);
    }
  return vd_rdp_policy_add_flag (policy, type, error);
}

gboolean
vd_rdp_metadata_read (xmlDoc *doc, VdRdpSettings **out, GError **error)
{
  xmlNode *rdp = find_rdp (doc, NULL, NULL);
  g_autoptr(VdRdpSettings) s = NULL;
  g_autofree char *port = NULL;
  GError *cause = NULL;

  *out = NULL;
  if (domain_root (doc) == NULL)
    return g_set_error (error, VD_RDP_METADATA_ERROR, VD_RDP_METADATA_ERROR_DOCUMENT,
                        "not a domain definition: its root element is not <domain>"), FALSE;
  if (rdp == NULL)
    return TRUE;

  s = g_new0 (VdRdpSettings, 1);
  vd_rdp_settings_init (s);
  port = get_attr (rdp, "port");
  if (port)
    {
      guint64 n;

      if (!vd_parse_count ("port", port, 1, 65535, &n, &cause))
        return invalid (error, cause);
      s->port = (int) n;
    }
  s->user = get_attr (rdp, "user");
  if (s->user && !vd_rdp_check_name ("the user", s->user, &cause))
    return invalid (error, cause);
  s->domain = get_attr (rdp, "domain");
  if (s->domain && !vd_rdp_check_name ("the domain", s->domain, &cause))
    return invalid (error, cause);

  for (xmlNode *n = rdp->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (!is_ours (n, "redirect"))
        {
          cause = g_error_new (VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                               "unknown element <%s> in <rdp>", (const char *) n->name);
          return invalid (error, cause);
        }
      if (!read_redirect (&s->policy, n, &cause))
        return invalid (error, cause);
    }
  *out = g_steal_pointer (&s);
  return TRUE;
}

/* ---- writing ------------------------------------------------------- */

static xmlNode *
new_child (xmlNode *parent, const char *name)
{
  return xmlNewDocNode (parent->doc, parent->ns, (const xmlChar *) name, NULL);
}

static void
set_attr (xmlNode *node, const char *name, const char *value)
{
  /* libxml2 escapes the value when it writes the document. */
  xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) value);
}

static xmlNode *
redirect_node (xmlNode *rdp, const char *type)
{
  xmlNode *node = new_child (rdp, "redirect");

  set_attr (node, "type", type);
  return node;
}

/* The <rdp> element, its children indented as if it stood after WS. */
static xmlNode *
build_rdp (xmlNode *desktop, const VdRdpSettings *s, const char *ws)
{
  const VdRdpPolicy *p = &s->policy;
  xmlNode *rdp = new_child (desktop, "rdp");
  g_autoptr(GPtrArray) children = g_ptr_array_new ();
  g_autofree char *port = g_strdup_printf ("%d", s->port);
  g_autofree char *child_ws = ws ? g_strconcat (ws, "  ", NULL) : NULL;

  set_attr (rdp, "port", port);
  if (s->user)
    set_attr (rdp, "user", s->user);
  if (s->domain)
    set_attr (rdp, "domain", s->domain);

  if (p->clipboard)
    g_ptr_array_add (children, redirect_node (rdp, "clipboard"));
  for (guint i = 0; i < p->drives->len; i++)
    {
      const VdRdpDrive *d = g_ptr_array_index (p->drives, i);
      xmlNode *node = redirect_node (rdp, "drive");

      set_attr (node, "name", d->name);
      set_attr (node, "path", d->path);
      g_ptr_array_add (children, node);
    }
  if (p->printers)
    g_ptr_array_add (children, redirect_node (rdp, "printers"));
  if (p->smartcards)
    g_ptr_array_add (children, redirect_node (rdp, "smartcard"));
  if (p->serial)
    g_ptr_array_add (children, redirect_node (rdp, "serial"));
  if (p->parallel)
    g_ptr_array_add (children, redirect_node (rdp, "parallel"));
  if (p->audio)
    g_ptr_array_add (children, redirect_node (rdp, "audio"));
  if (p->microphone)
    g_ptr_array_add (children, redirect_node (rdp, "microphone"));
  for (guint i = 0; i < p->usb->len; i++)
    {
      const VdRdpUsbDevice *d = &g_array_index (p->usb, VdRdpUsbDevice, i);
      xmlNode *node = redirect_node (rdp, "usb");
      g_autofree char *vendor = g_strdup_printf ("%04x", d->vendor);
      g_autofree char *product = g_strdup_printf ("%04x", d->product);

      set_attr (node, "vendor", vendor);
      set_attr (node, "product", product);
      g_ptr_array_add (children, node);
    }

  for (guint i = 0; i < children->len; i++)
    {
      xmlNode *child = g_ptr_array_index (children, i);

      xmlAddChild (rdp, child);
      if (child_ws)
        xmlAddPrevSibling (child, blank (rdp->doc, child_ws));
    }
  if (children->len > 0 && ws)
    xmlAddChild (rdp, blank (rdp->doc, ws));
  return rdp;
}

gboolean
vd_rdp_metadata_write (xmlDoc *doc, const VdRdpSettings *s, GError **error)
{
  xmlNode *root = domain_root (doc);
  xmlNode *metadata, *desktop, *old, *rdp;

  if (root == NULL)
    return g_set_error (error, VD_RDP_METADATA_ERROR, VD_RDP_METADATA_ERROR_DOCUMENT,
                        "not a domain definition: its root element is not <domain>"), FALSE;
  metadata = ensure_metadata (root);
  desktop = ensure_desktop (metadata);
  old = child_element (desktop, "rdp", TRUE);
  if (old)
    {
      rdp = build_rdp (desktop, s, leading_blank (old));
      xmlReplaceNode (old, rdp);
      xmlFreeNode (old);
    }
  else
    {
      g_autofree char *ws = child_indent (desktop);

      rdp = build_rdp (desktop, s, ws);
      append_indented (desktop, rdp);
    }
  return TRUE;
}

gboolean
vd_rdp_metadata_remove (xmlDoc *doc)
{
  xmlNode *metadata, *desktop;
  xmlNode *rdp = find_rdp (doc, &metadata, &desktop);

  if (rdp == NULL)
    return FALSE;
  remove_indented (rdp);
  /* A <vdctl:desktop> that holds nothing more was made for the settings. */
  if (desktop->children == NULL && desktop->properties == NULL)
    remove_indented (desktop);
  if (metadata->children == NULL && metadata->properties == NULL)
    remove_indented (metadata);
  return TRUE;
}
