/* test-read.c: vd_domain_read on small hand-written domains.
 *
 * (The corpus documents are read in test-corpus.c.)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "desktop-metadata.h"
#include "domain-xml.h"
#include "xml-util.h"

START_TEST (test_read_desktop)
{
  g_auto(VdDesktopInfo) info = { 0, };

  vd_test_read_info ("<domain type='kvm'>"
             "  <name>lab &amp; &lt;01&gt;</name>"
             "  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>"
             "  <memory unit='GiB'>4</memory>"
             "  <vcpu placement='static' current='2'>4</vcpu>"
             "  <devices>"
             "    <controller type='usb' index='0' model='ich9-ehci1'/>"
             "    <controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>"
             "    <channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>"
             "    <channel type='unix'><source mode='bind'/><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
             "    <graphics type='vnc' port='5901'/>"
             "    <graphics type='spice' port='5930' tlsPort='5931' autoport='no' listen='0.0.0.0' passwd='x'>"
             "      <listen type='address' address='0.0.0.0'/>"
             "    </graphics>"
             "    <sound model='ich6'/>"
             "    <sound model='ich9'/>"
             "    <video><model type='vga'/></video>"
             "    <video><model type='qxl' primary='yes'/></video>"
             "    <redirdev bus='usb' type='spicevmc'/>"
             "    <redirdev bus='usb' type='tcp'><source mode='connect' host='h' service='4000'/></redirdev>"
             "    <redirdev bus='usb' type='spicevmc'/>"
             "  </devices>"
             "</domain>", &info);
  ck_assert_str_eq (info.name, "lab & <01>");
  ck_assert_str_eq (info.uuid, "c7a5fdbd-edaf-9455-926a-d65c16db1809");
  ck_assert_str_eq (info.virt_type, "kvm");
  ck_assert_uint_eq (info.memory_mib, 4096);
  /* The guest boots with current='2'; hot-plug reaches 4. */
  ck_assert_uint_eq (info.vcpus, 2);
  ck_assert_uint_eq (info.vcpus_max, 4);
  ck_assert_str_eq (info.graphics, "spice");
  ck_assert_str_eq (info.listen, "0.0.0.0");
  ck_assert_str_eq (info.listen_type, "address");
  ck_assert_ptr_null (info.listen_network);
  /* A TLS port alone is no TLS: the client may use the plain port. */
  ck_assert (!info.tls);
  ck_assert_int_eq (info.port, 5930);
  ck_assert_int_eq (info.tls_port, 5931);
  ck_assert (!info.autoport);
  ck_assert (info.password_set);
  ck_assert_str_eq (info.usb_model, "ich9-ehci1");
  ck_assert (!info.usb3);
  ck_assert_int_eq (info.usbredir, 2);
  ck_assert (info.vdagent);
  ck_assert (info.guest_agent);
  ck_assert_str_eq (info.video, "qxl");
  ck_assert_str_eq (info.sound, "ich6");
}
END_TEST

START_TEST (test_read_virt_install)
{
  g_auto(VdDesktopInfo) info = { 0, };

  /* virt-install's spelling: legacy auto port, no listen element. */
  vd_test_read_info ("<domain type=\"kvm\">\n"
             "  <name>vm1</name>\n"
             "  <memory>2097152</memory>\n"
             "  <currentMemory>2097152</currentMemory>\n"
             "  <vcpu>2</vcpu>\n"
             "  <devices>\n"
             "    <controller type=\"usb\" model=\"qemu-xhci\" ports=\"15\"/>\n"
             "    <graphics type=\"spice\" port=\"-1\" tlsPort=\"-1\" autoport=\"yes\">\n"
             "      <image compression=\"off\"/>\n"
             "    </graphics>\n"
             "    <video><model type=\"virtio\"/></video>\n"
             "  </devices>\n"
             "</domain>\n", &info);
  ck_assert_str_eq (info.name, "vm1");
  ck_assert_ptr_null (info.uuid);
  ck_assert_uint_eq (info.memory_mib, 2048);
  ck_assert_uint_eq (info.vcpus, 2);
  ck_assert_uint_eq (info.vcpus_max, 2);
  ck_assert_str_eq (info.graphics, "spice");
  ck_assert_ptr_null (info.listen);
  ck_assert_ptr_null (info.listen_type);
  ck_assert_int_eq (info.port, -1);
  ck_assert_int_eq (info.tls_port, -1);
  ck_assert (info.autoport);
  ck_assert (!info.password_set);
  ck_assert_str_eq (info.usb_model, "qemu-xhci");
  ck_assert (info.usb3);
  ck_assert_int_eq (info.usbredir, 0);
  ck_assert (!info.vdagent);
  ck_assert (!info.guest_agent);
  ck_assert_str_eq (info.video, "virtio");
  ck_assert_ptr_null (info.sound);
}
END_TEST

/* Whether a password is set, also in a definition read without libvirt's
 * secure flag (no passwd attribute then): a ticket's expiry, else vdctl's
 * own record, else unknown. */
START_TEST (test_read_password_state)
{
  static const char meta_set[] =
    "<metadata><vdctl:desktop xmlns:vdctl='https://vdctl.org/xmlns/desktop/1.0' password='set'/></metadata>";
  static const char meta_none[] =
    "<metadata><vdctl:desktop xmlns:vdctl='https://vdctl.org/xmlns/desktop/1.0' password='none'/></metadata>";
  static const struct { const char *metadata; const char *graphics; VdTristate want; } cases[] = {
    { "", "<graphics type='spice' passwd='x'/>", VD_TRISTATE_YES },
    { "", "<graphics type='spice' passwdValidTo='2030-01-01T00:00:00'/>", VD_TRISTATE_YES },
    { "", "<graphics type='spice'/>", VD_TRISTATE_UNSET },
    { meta_set, "<graphics type='spice'/>", VD_TRISTATE_YES },
    { meta_none, "<graphics type='spice'/>", VD_TRISTATE_NO },
    /* The record is about SPICE: a VNC display's password is unknown. */
    { meta_none, "<graphics type='vnc'/>", VD_TRISTATE_UNSET },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strconcat ("<domain type='qemu'><name>l</name>", cases[i].metadata,
                                          "<devices>", cases[i].graphics, "</devices></domain>",
                                          NULL);
      g_auto(VdDesktopInfo) info = { 0, };

      vd_test_read_info (xml, &info);
      ck_assert_msg (info.password == cases[i].want, "case %zu: %d, expected %d", i,
                     info.password, cases[i].want);
    }
}
END_TEST

/* ---- vdctl's record of the SPICE password ------------------------- */

#define META(attrs) \
  "<metadata><vdctl:desktop xmlns:vdctl='https://vdctl.org/xmlns/desktop/1.0'" attrs \
  "/></metadata>"

/* The <vdctl:desktop> elements of DOC and the password records among
 * them. */
static void
count_records (xmlDoc *doc, guint *desktops, guint *records)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  *desktops = 0;
  *records = 0;
  for (xmlNode *m = vd_xml_first_element (root, "metadata"); m;
       m = vd_xml_next_element (m, "metadata"))
    for (xmlNode *d = vd_xml_first_element (m, NULL); d; d = vd_xml_next_element (d, NULL))
      if (vd_desktop_metadata_is (d, "desktop"))
        {
          (*desktops)++;
          if (xmlHasNsProp (d, (const xmlChar *) "password", NULL))
            (*records)++;
        }
}

static void
apply (xmlDoc *doc, const VdDesktopSettings *s)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (vd_domain_apply (doc, s, &error), "%s", error ? error->message : "");
}

/* vd_domain_record_password_state is the one place that writes the
 * record: vd_domain_apply leaves it as it was, a new domain has it once,
 * and recording again changes nothing. */
START_TEST (test_password_record_written_once)
{
  static const char spice_no_record[] =
    "<domain type='kvm'><name>d</name><devices><graphics type='spice' autoport='yes'/>"
    "</devices></domain>";
  static const char spice_record_none[] =
    "<domain type='kvm'><name>d</name>" META (" password='none'")
    "<devices><graphics type='spice' autoport='yes'/></devices></domain>";
  g_autoptr(xmlDoc) template_doc = vd_test_parse ("<domain type='kvm'><name>t</name>"
                                          "<os><type>hvm</type></os></domain>");
  VdDomainSpec spec = { .name = "d", .virt_type = "kvm" };
  g_auto(VdDesktopSettings) s = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) fresh = NULL;
  g_autofree char *once = NULL;
  g_autofree char *twice = NULL;
  guint desktops, records;

  vd_desktop_settings_init (&s);
  vd_desktop_settings_set_password (&s, "s3cret");

  /* An edit: apply writes no record, and keeps a stale one as it was. */
  {
    g_autoptr(xmlDoc) doc = vd_test_parse (spice_no_record);

    apply (doc, &s);
    count_records (doc, &desktops, &records);
    ck_assert_msg (records == 0, "vd_domain_apply wrote a password record");
    vd_domain_record_password_state (doc);
    count_records (doc, &desktops, &records);
    ck_assert_uint_eq (desktops, 1);
    ck_assert_uint_eq (records, 1);
    ck_assert_int_eq (vd_desktop_metadata_get_password (xmlDocGetRootElement (doc)),
                      VD_TRISTATE_YES);
  }
  {
    g_autoptr(xmlDoc) doc = vd_test_parse (spice_record_none);

    apply (doc, &s);
    ck_assert_msg (vd_desktop_metadata_get_password (xmlDocGetRootElement (doc)) ==
                   VD_TRISTATE_NO, "vd_domain_apply changed the password record");
    vd_domain_record_password_state (doc);
    ck_assert_int_eq (vd_desktop_metadata_get_password (xmlDocGetRootElement (doc)),
                      VD_TRISTATE_YES);
  }

  /* A new domain: one record, and recording again changes nothing. */
  vd_desktop_settings_fill (&s);
  fresh = vd_domain_new (template_doc, &spec, &s, &error);
  ck_assert_msg (fresh != NULL, "%s", error ? error->message : "");
  count_records (fresh, &desktops, &records);
  ck_assert_uint_eq (desktops, 1);
  ck_assert_uint_eq (records, 1);
  ck_assert_int_eq (vd_desktop_metadata_get_password (xmlDocGetRootElement (fresh)),
                    VD_TRISTATE_YES);
  once = vd_xml_serialize (fresh);
  vd_domain_record_password_state (fresh);
  twice = vd_xml_serialize (fresh);
  ck_assert_str_eq (twice, once);
}
END_TEST

/* Without a SPICE display there is no record: it goes with the display,
 * and the <vdctl:desktop> and <metadata> made for it go too. */
START_TEST (test_password_record_goes_with_spice)
{
  static const struct { const char *metadata; const char *graphics; gboolean desktop_stays; } cases[] = {
    { META (" password='set'"), "<graphics type='spice' passwd='x'/>", FALSE },
    { META (" profile='linux' password='none'"), "<graphics type='spice'/>", TRUE },
    /* Gone already (removed outside vdctl): the stale record goes too. */
    { META (" password='set'"), "<graphics type='vnc'/>", FALSE },
    { META (" password='set'"), "", FALSE },
  };
  g_auto(VdDesktopSettings) s = { 0, };

  vd_desktop_settings_init (&s);
  s.spice = VD_TRISTATE_NO;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strconcat ("<domain type='kvm'><name>d</name>", cases[i].metadata,
                                          "<devices>", cases[i].graphics, "</devices></domain>",
                                          NULL);
      g_autoptr(xmlDoc) doc = vd_test_parse (xml);
      xmlNode *root = xmlDocGetRootElement (doc);
      guint desktops, records;

      apply (doc, &s);
      vd_domain_record_password_state (doc);
      count_records (doc, &desktops, &records);
      ck_assert_msg (records == 0, "case %zu: the password record was left behind", i);
      ck_assert_msg (desktops == (cases[i].desktop_stays ? 1u : 0u),
                     "case %zu: %u <vdctl:desktop> elements", i, desktops);
      ck_assert_msg (cases[i].desktop_stays || vd_xml_first_element (root, "metadata") == NULL,
                     "case %zu: an empty <metadata> was left behind", i);
    }
}
END_TEST

#undef META

START_TEST (test_read_listens)
{
  static const struct { const char *graphics; const char *listen; gboolean autoport; } cases[] = {
    { "<graphics type='spice' listen='10.0.0.1'/>", "10.0.0.1", FALSE },
    { "<graphics type='spice' autoport='yes'><listen type='address' address='::1'/></graphics>", "::1", TRUE },
    { "<graphics type='spice' autoport='yes'><listen type='network' network='default'/></graphics>", NULL, TRUE },
    { "<graphics type='spice' listen='192.0.2.1'><listen type='network' network='default'/></graphics>", "192.0.2.1", FALSE },
    { "<graphics type='spice'><listen type='socket' socket='/tmp/s'/><listen type='address' address='127.0.0.1'/></graphics>", NULL, FALSE },
    { "<graphics type='spice' port='-1'><listen type='address'/></graphics>", NULL, FALSE },
    { "<graphics type='spice' port='-1' tlsPort='-1'/>", NULL, TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strconcat ("<domain type='qemu'><name>l</name><devices>",
                                          cases[i].graphics, "</devices></domain>", NULL);
      g_auto(VdDesktopInfo) info = { 0, };

      vd_test_read_info (xml, &info);
      ck_assert_msg (g_strcmp0 (info.listen, cases[i].listen) == 0, "%s: listen %s",
                     cases[i].graphics, info.listen);
      ck_assert_msg (info.autoport == cases[i].autoport, "%s: autoport", cases[i].graphics);
      ck_assert_int_eq (info.port, -1);
    }
}
END_TEST

START_TEST (test_read_listen_types)
{
  static const struct { const char *graphics; const char *type, *listen, *network; } cases[] = {
    { "<graphics type='spice'><listen type='none'/></graphics>", "none", NULL, NULL },
    { "<graphics type='spice' listen='10.0.0.1'><listen type='none'/></graphics>", "none", NULL, NULL },
    { "<graphics type='spice'><listen type='socket' socket='/tmp/s'/></graphics>", "socket", NULL, NULL },
    { "<graphics type='spice' autoport='yes'><listen type='address'/></graphics>", "address", NULL, NULL },
    { "<graphics type='spice' autoport='yes'/>", NULL, NULL, NULL },
    { "<graphics type='spice' listen='10.0.0.1'/>", "address", "10.0.0.1", NULL },
    { "<graphics type='spice' autoport='yes'><listen type='network' network='lan'/></graphics>",
      "network", NULL, "lan" },
    /* A running domain's: the address libvirt resolved. */
    { "<graphics type='spice' port='5900' listen='192.168.122.1'>"
      "<listen type='network' address='192.168.122.1' network='default'/></graphics>",
      "network", "192.168.122.1", "default" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strconcat ("<domain type='qemu'><name>l</name><devices>",
                                          cases[i].graphics, "</devices></domain>", NULL);
      g_auto(VdDesktopInfo) info = { 0, };

      vd_test_read_info (xml, &info);
      ck_assert_msg (g_strcmp0 (info.listen_type, cases[i].type) == 0, "%s: type %s",
                     cases[i].graphics, info.listen_type);
      ck_assert_msg (g_strcmp0 (info.listen, cases[i].listen) == 0, "%s: listen %s",
                     cases[i].graphics, info.listen);
      ck_assert_msg (g_strcmp0 (info.listen_network, cases[i].network) == 0, "%s: network %s",
                     cases[i].graphics, info.listen_network);
    }
}
END_TEST

START_TEST (test_read_tls)
{
  static const struct { const char *graphics; gboolean tls; const char *plain; } cases[] = {
    { "<graphics type='spice' autoport='yes' defaultMode='secure'/>", TRUE, NULL },
    { "<graphics type='spice' autoport='yes' defaultMode='secure'>"
      "<channel name='main' mode='secure'/></graphics>", TRUE, NULL },
    { "<graphics type='spice' autoport='yes' defaultMode='secure'>"
      "<channel name='inputs' mode='insecure'/><channel name='cursor' mode='insecure'/>"
      "</graphics>", FALSE, "inputs, cursor" },
    { "<graphics type='spice' port='5900' tlsPort='5901' autoport='no'/>", FALSE, NULL },
    { "<graphics type='spice' autoport='yes' defaultMode='any'>"
      "<channel name='main' mode='secure'/></graphics>", FALSE, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strconcat ("<domain type='qemu'><name>l</name><devices>",
                                          cases[i].graphics, "</devices></domain>", NULL);
      g_auto(VdDesktopInfo) info = { 0, };

      vd_test_read_info (xml, &info);
      ck_assert_msg (info.tls == cases[i].tls, "%s: tls", cases[i].graphics);
      ck_assert_msg (g_strcmp0 (info.tls_plain_channels, cases[i].plain) == 0,
                     "%s: plain %s", cases[i].graphics, info.tls_plain_channels);
    }
}
END_TEST

START_TEST (test_read_vcpus)
{
  static const struct { const char *vcpu; guint vcpus, max; } cases[] = {
    { "<vcpu>4</vcpu>", 4, 4 },
    { "<vcpu current='2'>4</vcpu>", 2, 4 },
    { "<vcpu current='4'>4</vcpu>", 4, 4 },
    /* libvirt refuses these; the maximum is all there is to read. */
    { "<vcpu current='8'>4</vcpu>", 4, 4 },
    { "<vcpu current='x'>4</vcpu>", 4, 4 },
    /* No maximum: nothing to read current against (found by fuzz-domain). */
    { "<vcpu current='2'></vcpu>", 0, 0 },
    { "<vcpu current='1'>0</vcpu>", 0, 0 },
  };

  /* A GLib critical (a bad range, say) fails the case. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_FATAL_MASK);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strconcat ("<domain type='qemu'><name>v</name>",
                                          cases[i].vcpu, "</domain>", NULL);
      g_auto(VdDesktopInfo) info = { 0, };

      vd_test_read_info (xml, &info);
      ck_assert_msg (info.vcpus == cases[i].vcpus && info.vcpus_max == cases[i].max,
                     "%s: %u of %u", cases[i].vcpu, info.vcpus, info.vcpus_max);
    }
}
END_TEST

START_TEST (test_read_memory_units)
{
  static const struct { const char *memory; guint64 mib; } cases[] = {
    { "<memory>4194304</memory>", 4096 },
    { "<memory unit='KiB'>4194304</memory>", 4096 },
    { "<memory unit='k'>4194304</memory>", 4096 },
    { "<memory unit='M'>2048</memory>", 2048 },
    { "<memory unit='MiB'>2048</memory>", 2048 },
    { "<memory unit='mib'>2048</memory>", 2048 },
    { "<memory unit='G'>3</memory>", 3072 },
    { "<memory unit='T'>1</memory>", 1048576 },
    { "<memory unit='b'>1073741824</memory>", 1024 },
    { "<memory unit='bytes'>1073741824</memory>", 1024 },
    { "<memory unit='GB'>1</memory>", 953 },
    { "<memory unit='MB'>1000</memory>", 953 },
    { "<memory unit='parsecs'>1</memory>", 0 },
    { "<memory>lots</memory>", 0 },
    { "<memory> 1048576 </memory>", 1024 },
    { "<memory unit='E'>99</memory>", 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strconcat ("<domain type='qemu'><name>m</name>",
                                          cases[i].memory, "</domain>", NULL);
      g_auto(VdDesktopInfo) info = { 0, };

      vd_test_read_info (xml, &info);
      ck_assert_msg (info.memory_mib == cases[i].mib, "%s: %" G_GUINT64_FORMAT " MiB",
                     cases[i].memory, info.memory_mib);
      ck_assert_ptr_null (info.graphics);
      ck_assert_int_eq (info.port, -1);
    }
}
END_TEST

START_TEST (test_read_not_a_domain)
{
  g_autoptr(xmlDoc) doc = vd_test_parse ("<network><name>default</name></network>");
  g_autoptr(GError) error = NULL;
  VdDesktopInfo info = { 0, };

  ck_assert (!vd_domain_read (doc, &info, &error));
  ck_assert (g_error_matches (error, VD_DOMAIN_ERROR, VD_DOMAIN_ERROR_INVALID));
  ck_assert_str_eq (error->message, "not a domain document: the root element is "
                    "<network>, not <domain>");
  ck_assert_ptr_null (info.name);
}
END_TEST

START_TEST (test_read_empty_domain)
{
  g_auto(VdDesktopInfo) info = { 0, };

  vd_test_read_info ("<domain/>", &info);
  ck_assert_ptr_null (info.name);
  ck_assert_ptr_null (info.virt_type);
  ck_assert_ptr_null (info.graphics);
  ck_assert_uint_eq (info.memory_mib, 0);
  ck_assert_uint_eq (info.vcpus, 0);
  ck_assert_int_eq (info.usbredir, 0);
}
END_TEST

START_TEST (test_usb_ports)
{
  static const struct { const char *devices; int capacity, used; } cases[] = {
    { "", 0, 0 },
    { "<controller type='usb' model='qemu-xhci' ports='15'/><input type='tablet' bus='usb'/>"
      "<redirdev bus='usb' type='spicevmc'/>", 15, 1 },
    { "<controller type='usb' model='qemu-xhci'/>", 4, 0 },
    { "<controller type='usb' model='ich9-ehci1'/>"
      "<controller type='usb' model='ich9-uhci1'><master startport='0'/></controller>"
      "<hub type='usb'/><hostdev mode='subsystem' type='usb'/>"
      "<redirdev bus='usb' type='tcp'/>", 14, 3 },
    { "<controller type='usb' model='piix3-uhci'/>", 2, 0 },
    { "<controller type='usb' model='none'/>", 0, 0 },
    { "<controller type='usb'/>", -1, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strconcat ("<domain type='qemu'><devices>", cases[i].devices,
                                          "</devices></domain>", NULL);
      g_autoptr(xmlDoc) doc = vd_test_parse (xml);
      int capacity, used;

      vd_domain_usb_ports (doc, &capacity, &used);
      ck_assert_msg (capacity == cases[i].capacity && used == cases[i].used,
                     "%s: capacity %d, used %d", cases[i].devices, capacity, used);
    }
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("read");
  TCase *tc = tcase_create ("read");

  tcase_add_test (tc, test_read_desktop);
  tcase_add_test (tc, test_read_virt_install);
  tcase_add_test (tc, test_read_listens);
  tcase_add_test (tc, test_read_password_state);
  tcase_add_test (tc, test_password_record_written_once);
  tcase_add_test (tc, test_password_record_goes_with_spice);
  tcase_add_test (tc, test_read_listen_types);
  tcase_add_test (tc, test_read_tls);
  tcase_add_test (tc, test_read_vcpus);
  tcase_add_test (tc, test_read_memory_units);
  tcase_add_test (tc, test_read_not_a_domain);
  tcase_add_test (tc, test_read_empty_domain);
  tcase_add_test (tc, test_usb_ports);
  suite_add_tcase (suite, tc);

  return vd_test_run_suite (suite);
}
