/* domain-cpu.c: the guest CPU of a new desktop.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libxml/xmlreader.h>

#include "domain-cpu.h"
#include "xml-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlTextReader, xmlFreeTextReader)

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

static gboolean
reader_prop_equals (xmlTextReader *reader, const char *name, const char *value)
{
  g_autoptr(VdXmlString) actual =
    (VdXmlString *) xmlTextReaderGetAttribute (reader, (const xmlChar *) name);

  return actual && strcmp ((const char *) actual, value) == 0;
}

/* Streamed, and only as far as the end of <cpu>: the devices and CPU
 * models after it are most of the document. */
gboolean
vd_domcaps_host_is_virtual (const char *domcaps_xml)
{
  g_autoptr(xmlTextReader) reader = NULL;
  gboolean in_cpu = FALSE;
  gboolean in_host_model = FALSE;

  reader = xmlReaderForMemory (domcaps_xml, strlen (domcaps_xml), NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (reader == NULL)
    return FALSE;
  while (xmlTextReaderRead (reader) == 1)
    {
      int type = xmlTextReaderNodeType (reader);
      int depth = xmlTextReaderDepth (reader);
      const char *name = (const char *) xmlTextReaderConstLocalName (reader);

      if (type == XML_READER_TYPE_END_ELEMENT && depth == 1 && in_cpu)
        break;
      if (type != XML_READER_TYPE_ELEMENT || name == NULL)
        continue;
      if (depth == 0 && strcmp (name, "domainCapabilities") != 0)
        break;
      if (depth == 1)
        in_cpu = strcmp (name, "cpu") == 0;
      else if (depth == 2)
        in_host_model = in_cpu && strcmp (name, "mode") == 0 &&
                        reader_prop_equals (reader, "name", "host-model");
      else if (depth == 3 && in_host_model && strcmp (name, "feature") == 0 &&
               reader_prop_equals (reader, "name", "hypervisor") &&
               reader_prop_equals (reader, "policy", "require"))
        return TRUE;
    }
  return FALSE;
}

int
vd_caps_offers_virt_type (const char *caps_xml, const char *virt_type)
{
  g_autoptr(xmlDoc) doc = vd_xml_parse (caps_xml, -1, "the host's capabilities", NULL);
  g_autoptr(xmlXPathContext) ctxt = NULL;
  g_autoptr(xmlXPathObject) any = NULL;
  g_autoptr(xmlXPathObject) obj = NULL;
  g_autofree char *expr = NULL;
  const char *domains = "/capabilities/guest[os_type='hvm']/arch[@name='x86_64']/domain";

  if (doc == NULL)
    return -1;
  ctxt = xmlXPathNewContext (doc);
  expr = g_strdup_printf ("boolean(%s[@type='kvm' or @type='qemu'])", domains);
  any = xmlXPathEvalExpression ((const xmlChar *) expr, ctxt);
  if (any == NULL || !any->boolval)
    return -1;
  g_free (expr);
  expr = g_strdup_printf ("boolean(%s[@type='%s'])", domains, virt_type);
  obj = xmlXPathEvalExpression ((const xmlChar *) expr, ctxt);
  return obj && obj->boolval ? 1 : 0;
}
