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

char *
vd_domain_spice_graphics_xml (xmlDoc *doc, const char *password)
{
  xmlNode *devices = vd_xml_first_element (xmlDocGetRootElement (doc), "devices");

  for (xmlNode *n = vd_xml_first_element (devices, "graphics"); n;
       n = vd_xml_next_element (n, "graphics"))
    if (vd_xml_prop_equals (n, "type", "spice"))
      {
        if (password)
          vd_xml_set_prop (n, "passwd", password);
        else
          vd_xml_unset_prop (n, "passwd");
        vd_xml_unset_prop (n, "passwdValidTo");
        return vd_xml_node_to_string (n);
      }
  return NULL;
}
