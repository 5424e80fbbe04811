/* rdp-metadata.c: vdctl's RDP settings in a domain's <metadata>.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop-metadata.h"
#include "rdp-metadata.h"
#include "values.h"
#include "xml-util.h"

G_DEFINE_QUARK (vd-rdp-metadata-error-quark, vd_rdp_metadata_error)

/* ---- finding the elements ------------------------------------------ */

static xmlNode *
domain_root (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  return root && strcmp ((const char *) root->name, "domain") == 0 ? root : NULL;
}

static xmlNode *
find_rdp (xmlDoc *doc)
{
  return vd_desktop_metadata_child (vd_desktop_metadata_find (domain_root (doc)), "rdp");
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

static gboolean
read_redirect (VdRdpPolicy *policy, xmlNode *node, GError **error)
{
  g_autofree char *type = vd_xml_get_prop (node, "type");

  if (type == NULL)
    return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                        "a <redirect> element has no type"), FALSE;
  if (strcmp (type, "drive") == 0)
    {
      g_autofree char *name = vd_xml_get_prop (node, "name");
      g_autofree char *path = vd_xml_get_prop (node, "path");

      return vd_rdp_policy_add_drive (policy, name, path, error);
    }
  if (strcmp (type, "usb") == 0)
    {
      g_autofree char *vendor = vd_xml_get_prop (node, "vendor");
      g_autofree char *product = vd_xml_get_prop (node, "product");

      return vd_rdp_policy_add_usb (policy, vendor, product, error);
    }
  return vd_rdp_policy_add_flag (policy, type, error);
}

gboolean
vd_rdp_metadata_read (xmlDoc *doc, VdRdpSettings **out, GError **error)
{
  xmlNode *rdp = find_rdp (doc);
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
  port = vd_xml_get_prop (rdp, "port");
  if (port)
    {
      guint64 n;

      if (!vd_parse_count ("port", port, 1, 65535, &n, &cause))
        return invalid (error, cause);
      s->port = (int) n;
    }
  s->user = vd_xml_get_prop (rdp, "user");
  if (s->user && !vd_rdp_check_name ("the user", s->user, &cause))
    return invalid (error, cause);
  s->domain = vd_xml_get_prop (rdp, "domain");
  if (s->domain && !vd_rdp_check_name ("the domain", s->domain, &cause))
    return invalid (error, cause);

  for (xmlNode *n = rdp->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (!vd_desktop_metadata_is (n, "redirect"))
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

static xmlNode *
redirect_node (xmlNode *rdp, const char *type)
{
  xmlNode *node = new_child (rdp, "redirect");

  vd_xml_set_prop (node, "type", type);
  xmlAddChild (rdp, node);
  return node;
}

/* The <rdp> element; vd_xml_insert_after and _append_child indent it. */
static xmlNode *
build_rdp (xmlNode *desktop, const VdRdpSettings *s)
{
  const VdRdpPolicy *p = &s->policy;
  xmlNode *rdp = new_child (desktop, "rdp");
  g_autofree char *port = g_strdup_printf ("%d", s->port);

  vd_xml_set_prop (rdp, "port", port);
  if (s->user)
    vd_xml_set_prop (rdp, "user", s->user);
  if (s->domain)
    vd_xml_set_prop (rdp, "domain", s->domain);

  if (p->clipboard)
    redirect_node (rdp, "clipboard");
  for (guint i = 0; i < p->drives->len; i++)
    {
      const VdRdpDrive *d = g_ptr_array_index (p->drives, i);
      xmlNode *node = redirect_node (rdp, "drive");

      vd_xml_set_prop (node, "name", d->name);
      vd_xml_set_prop (node, "path", d->path);
    }
  if (p->printers)
    redirect_node (rdp, "printers");
  if (p->smartcards)
    redirect_node (rdp, "smartcard");
  if (p->serial)
    redirect_node (rdp, "serial");
  if (p->parallel)
    redirect_node (rdp, "parallel");
  if (p->audio)
    redirect_node (rdp, "audio");
  if (p->microphone)
    redirect_node (rdp, "microphone");
  for (guint i = 0; i < p->usb->len; i++)
    {
      const VdRdpUsbDevice *d = &g_array_index (p->usb, VdRdpUsbDevice, i);
      xmlNode *node = redirect_node (rdp, "usb");
      g_autofree char *vendor = g_strdup_printf ("%04x", d->vendor);
      g_autofree char *product = g_strdup_printf ("%04x", d->product);

      vd_xml_set_prop (node, "vendor", vendor);
      vd_xml_set_prop (node, "product", product);
    }
  return rdp;
}

gboolean
vd_rdp_metadata_write (xmlDoc *doc, const VdRdpSettings *s, GError **error)
{
  xmlNode *root = domain_root (doc);
  xmlNode *desktop, *old, *rdp;

  if (root == NULL)
    return g_set_error (error, VD_RDP_METADATA_ERROR, VD_RDP_METADATA_ERROR_DOCUMENT,
                        "not a domain definition: its root element is not <domain>"), FALSE;
  desktop = vd_desktop_metadata_ensure (root);
  old = vd_desktop_metadata_child (desktop, "rdp");
  rdp = build_rdp (desktop, s);
  if (old)
    {
      vd_xml_insert_after (old, rdp);
      vd_xml_remove (old);
    }
  else
    vd_xml_append_child (desktop, rdp);
  return TRUE;
}

gboolean
vd_rdp_metadata_remove (xmlDoc *doc)
{
  xmlNode *rdp = find_rdp (doc);
  xmlNode *desktop;

  if (rdp == NULL)
    return FALSE;
  desktop = rdp->parent;
  vd_xml_remove (rdp);
  /* A <vdctl:desktop> that holds nothing more was made for the settings. */
  vd_desktop_metadata_prune (desktop);
  return TRUE;
}
