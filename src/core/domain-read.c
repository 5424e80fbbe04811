/* domain-read.c: the desktop settings read back out of any domain
 * XML, whoever wrote it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop-metadata.h"
#include "domain-xml-private.h"
#include "leave-policy.h"
#include "xml-util.h"

static int
int_prop (xmlNode *node, const char *name, int fallback)
{
  g_autofree char *text = vd_xml_get_prop (node, name);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &value, NULL))
    return fallback;
  return (int) value;
}

/* Whether GRAPHICS has a password, also in a definition read without
 * libvirt's secure flag: libvirt then leaves passwd out, but keeps the
 * expiry of a one-time ticket; else what vdctl recorded when it last
 * set or removed the SPICE password. */
static VdTristate
read_password_state (xmlNode *root, xmlNode *graphics, gboolean passwd_seen)
{
  if (passwd_seen || xmlHasNsProp (graphics, (const xmlChar *) "passwdValidTo", NULL))
    return VD_TRISTATE_YES;
  if (!vd_xml_prop_equals (graphics, "type", "spice"))
    return VD_TRISTATE_UNSET;
  return vd_desktop_metadata_get_password (root);
}

/* The guest boots with current='' vCPUs when it is there; <vcpu> is the
 * most that hot-plug may add up to. */
static void
read_vcpus (xmlNode *vcpu, VdDesktopInfo *info)
{
  g_autofree char *text = vd_xml_get_content (vcpu);
  g_autofree char *current = vd_xml_get_prop (vcpu, "current");
  guint64 n;

  if (text && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &n, NULL))
    info->vcpus_max = (guint) n;
  info->vcpus = info->vcpus_max;
  /* No maximum (an empty or broken <vcpu>): no range to read current in. */
  if (current && info->vcpus_max >= 1 &&
      g_ascii_string_to_unsigned (current, 10, 1, info->vcpus_max, &n, NULL))
    info->vcpus = (guint) n;
}

/* TLS protects a display only when every channel uses it: a secure
 * default, and no channel forced back to plain. */
static void
read_tls (xmlNode *graphics, VdDesktopInfo *info)
{
  g_autoptr(GString) plain = g_string_new (NULL);

  if (!vd_xml_prop_equals (graphics, "defaultMode", "secure"))
    return;
  for (xmlNode *c = vd_xml_first_element (graphics, "channel"); c;
       c = vd_xml_next_element (c, "channel"))
    if (vd_xml_prop_equals (c, "mode", "insecure"))
      {
        g_autofree char *name = vd_xml_get_prop (c, "name");

        g_string_append_printf (plain, "%s%s", plain->len ? ", " : "", name ? name : "?");
      }
  info->tls = plain->len == 0;
  if (plain->len)
    info->tls_plain_channels = g_string_free (g_steal_pointer (&plain), FALSE);
}

static void
read_graphics (xmlNode *graphics, VdDesktopInfo *info)
{
  xmlNode *listen = vd_xml_first_element (graphics, "listen");
  gboolean legacy = xmlHasNsProp (graphics, (const xmlChar *) "listen", NULL) != NULL;

  info->graphics = vd_xml_get_prop (graphics, "type");
  /* The first listen is the one QEMU uses; the legacy attribute says
   * the same, or is all there is.  A running domain's network listen
   * holds the address libvirt resolved. */
  if (listen)
    {
      info->listen_type = vd_xml_get_prop (listen, "type");
      if (vd_xml_prop_equals (listen, "type", "address") ||
          vd_xml_prop_equals (listen, "type", "network"))
        info->listen = vd_xml_get_prop (listen, "address");
      if (vd_xml_prop_equals (listen, "type", "network"))
        info->listen_network = vd_xml_get_prop (listen, "network");
    }
  else if (legacy)
    info->listen_type = g_strdup ("address");
  if (info->listen == NULL && !vd_xml_prop_equals (listen, "type", "none") &&
      !vd_xml_prop_equals (listen, "type", "socket"))
    info->listen = vd_xml_get_prop (graphics, "listen");
  info->port = int_prop (graphics, "port", -1);
  info->tls_port = int_prop (graphics, "tlsPort", -1);
  /* port='-1' tlsPort='-1' is the old way of saying autoport='yes'; for
   * VNC port='-1' alone says it. */
  info->autoport = vd_xml_prop_equals (graphics, "autoport", "yes") ||
                   (vd_xml_prop_equals (graphics, "port", "-1") &&
                    (vd_xml_prop_equals (graphics, "tlsPort", "-1") ||
                     g_strcmp0 (info->graphics, "vnc") == 0));
  if (info->port <= 0)
    info->port = -1;
  if (info->tls_port <= 0)
    info->tls_port = -1;
  info->password_set = xmlHasNsProp (graphics, (const xmlChar *) "passwd", NULL) != NULL;
  read_tls (graphics, info);
}

gboolean
vd_domain_read (xmlDoc *doc, VdDesktopInfo *info, GError **error)
{
  xmlNode *root = vd_domain_root (doc, error);
  xmlNode *devices, *graphics, *node;
  g_autoptr(GPtrArray) redirdevs = NULL;
  guint64 kib;

  if (root == NULL)
    return FALSE;
  memset (info, 0, sizeof *info);
  info->name = vd_xml_get_content (vd_xml_first_element (root, "name"));
  info->uuid = vd_xml_get_content (vd_xml_first_element (root, "uuid"));
  info->virt_type = vd_xml_get_prop (root, "type");
  info->port = -1;
  info->tls_port = -1;
  vd_leave_policy_read (root, &info->leave);

  node = vd_xml_first_element (root, "memory");
  if (node && vd_domain_memory_to_kib (node, &kib))
    info->memory_mib = kib / 1024;
  node = vd_xml_first_element (root, "vcpu");
  if (node)
    read_vcpus (node, info);

  devices = vd_xml_first_element (root, "devices");
  if (devices == NULL)
    return TRUE;

  graphics = vd_domain_spice_graphics (devices);
  if (graphics == NULL)
    graphics = vd_xml_first_element (devices, "graphics");
  if (graphics)
    {
      read_graphics (graphics, info);
      info->password = read_password_state (root, graphics, info->password_set);
    }

  for (xmlNode *c = vd_domain_first_with_prop (devices, "controller", "type", "usb"); c;
       c = vd_xml_next_element (c, "controller"))
    {
      g_autofree char *model = NULL;

      if (!vd_xml_prop_equals (c, "type", "usb"))
        continue;
      model = vd_xml_get_prop (c, "model");
      if (info->usb_model == NULL && vd_xml_first_element (c, "master") == NULL)
        info->usb_model = g_strdup (model);
      info->usb3 |= vd_domain_is_xhci (model);
    }
  redirdevs = vd_domain_spice_redirdevs (devices);
  info->usbredir = (int) redirdevs->len;
  info->vdagent = vd_domain_channel_named (devices, VDAGENT_CHANNEL) != NULL;
  info->guest_agent = vd_domain_channel_named (devices, GUEST_AGENT_CHANNEL) != NULL;

  node = vd_domain_primary_video (devices);
  if (node)
    info->video = vd_xml_get_prop (vd_xml_first_element (node, "model"), "type");
  node = vd_xml_first_element (devices, "sound");
  if (node)
    info->sound = vd_xml_get_prop (node, "model");
  vd_domain_read_redirect (devices, info);
  info->monitors = vd_domain_read_monitors (devices);
  if (vd_domain_spice_graphics (devices))
    info->display_profile = vd_domain_read_display_profile (vd_domain_spice_graphics (devices));
  return TRUE;
}

void
vd_desktop_info_seen_with_secrets (VdDesktopInfo *info)
{
  if (info->graphics)
    info->password = info->password_set ? VD_TRISTATE_YES : VD_TRISTATE_NO;
}
