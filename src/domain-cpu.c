/* domain-cpu.c: the guest CPU of a new desktop.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "domain-cpu.h"
#include "xml-util.h"

#define NESTED_UNSAFE_FEATURE "arch-capabilities"

void
vd_domain_cpu_for_nested_host (xmlDoc *doc)
{
  xmlNode *cpu = vd_xml_first_element (xmlDocGetRootElement (doc), "cpu");
  xmlNode *feature;

  if (cpu == NULL || !(vd_xml_prop_equals (cpu, "mode", "host-passthrough") ||
                       vd_xml_prop_equals (cpu, "mode", "host-model")))
    return;
  for (xmlNode *n = vd_xml_first_element (cpu, "feature"); n;
       n = vd_xml_next_element (n, "feature"))
    if (vd_xml_prop_equals (n, "name", NESTED_UNSAFE_FEATURE))
      return;
  feature = xmlNewDocNode (doc, NULL, (const xmlChar *) "feature", NULL);
  vd_xml_set_prop (feature, "policy", "disable");
  vd_xml_set_prop (feature, "name", NESTED_UNSAFE_FEATURE);
  vd_xml_append_child (cpu, feature);
}

gboolean
vd_domcaps_host_is_virtual (const char *domcaps_xml)
{
  g_autoptr(xmlDoc) doc = vd_xml_parse (domcaps_xml, -1, "domain capabilities", NULL);
  g_autoptr(xmlXPathContext) ctxt = NULL;
  g_autoptr(xmlXPathObject) obj = NULL;

  if (doc == NULL)
    return FALSE;
  ctxt = xmlXPathNewContext (doc);
  obj = xmlXPathEvalExpression ((const xmlChar *)
                                "boolean(/domainCapabilities/cpu/mode[@name='host-model']"
                                "/feature[@name='hypervisor' and @policy='require'])",
                                ctxt);
  return obj && obj->boolval;
}
