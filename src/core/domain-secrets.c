/* domain-secrets.c: keep secrets out of what vdctl prints.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "domain-secrets.h"
#include "xml-util.h"

void
vd_domain_strip_secrets (xmlDoc *doc)
{
  xmlNode *devices = vd_xml_first_element (xmlDocGetRootElement (doc), "devices");

  for (xmlNode *n = vd_xml_first_element (devices, "graphics"); n;
       n = vd_xml_next_element (n, "graphics"))
    vd_xml_unset_prop (n, "passwd");
}

static xmlNode *
spice_graphics (xmlDoc *doc)
{
  xmlNode *devices = vd_xml_first_element (xmlDocGetRootElement (doc), "devices");

  for (xmlNode *n = vd_xml_first_element (devices, "graphics"); n;
       n = vd_xml_next_element (n, "graphics"))
    if (vd_xml_prop_equals (n, "type", "spice"))
      return n;
  return NULL;
}

char *
vd_domain_spice_ticket_xml (xmlDoc *doc, const char *password, GDateTime *valid_to)
{
  xmlNode *graphics = spice_graphics (doc);

  if (graphics == NULL)
    return NULL;
  if (password)
    vd_xml_set_prop (graphics, "passwd", password);
  else
    vd_xml_unset_prop (graphics, "passwd");
  if (valid_to)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (valid_to);
      g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

      vd_xml_set_prop (graphics, "passwdValidTo", text);
    }
  else
    vd_xml_unset_prop (graphics, "passwdValidTo");
  return vd_xml_node_to_string (graphics);
}

char *
vd_domain_spice_graphics_xml (xmlDoc *doc, const char *password)
{
  return vd_domain_spice_ticket_xml (doc, password, NULL);
}

GDateTime *
vd_domain_spice_password_valid_to (xmlDoc *doc)
{
  g_autofree char *text = vd_xml_get_prop (spice_graphics (doc), "passwdValidTo");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  /* libvirt writes it in UTC without a zone: 2026-11-23T20:15:07. */
  return text ? g_date_time_new_from_iso8601 (text, utc) : NULL;
}

char *
vd_domain_spice_password (xmlDoc *doc)
{
  return vd_xml_get_prop (spice_graphics (doc), "passwd");
}
