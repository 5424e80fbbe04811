/* test-domain-identity.c: what domain-identity.c takes out of templates.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "domain-identity.h"
#include "xml-util.h"

/* A desktop as 'virsh dumpxml' of a running one shows it. */
static const char dumped[] =
  "<domain type='kvm' id='4'>\n"
  "  <name>lab-01</name>\n"
  "  <uuid>5d2c1b0a-6c3e-4f3a-9a0b-7e2d1c4b5a69</uuid>\n"
  "  <memory unit='KiB'>4194304</memory>\n"
  "  <os firmware='efi'>\n"
  "    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>\n"
  "    <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.ms.fd</loader>\n"
  "    <nvram template='/usr/share/OVMF/OVMF_VARS_4M.ms.fd'>/var/lib/libvirt/qemu/nvram/lab-01_VARS.fd</nvram>\n"
  "  </os>\n"
  "  <devices>\n"
  "    <disk type='file' device='disk'>\n"
  "      <driver name='qemu' type='qcow2'/>\n"
  "      <source file='/var/lib/libvirt/images/lab-01.qcow2'/>\n"
  "      <target dev='vda' bus='virtio'/>\n"
  "    </disk>\n"
  "    <disk type='file' device='cdrom'>\n"
  "      <source file='/srv/iso/debian-12.iso'/>\n"
  "      <target dev='sda' bus='sata'/>\n"
  "      <readonly/>\n"
  "    </disk>\n"
  "    <disk type='file'>\n"
  "      <source file='/srv/shared/tools.img'/>\n"
  "      <target dev='vdb' bus='virtio'/>\n"
  "      <readonly/>\n"
  "    </disk>\n"
  "    <disk type='volume'>\n"
  "      <source pool='default' volume='lab-01-data.qcow2'/>\n"
  "      <target dev='vdc' bus='virtio'/>\n"
  "    </disk>\n"
  "    <interface type='network'>\n"
  "      <mac address='52:54:00:12:34:56'/>\n"
  "      <source network='default'/>\n"
  "      <model type='virtio'/>\n"
  "    </interface>\n"
  "    <interface type='bridge'>\n"
  "      <mac address='52:54:00:12:34:57'/>\n"
  "      <source bridge='br0'/>\n"
  "    </interface>\n"
  "    <channel type='unix'>\n"
  "      <source mode='bind' path='/run/libvirt/qemu/channel/4-lab-01/org.qemu.guest_agent.0'/>\n"
  "      <target type='virtio' name='org.qemu.guest_agent.0'/>\n"
  "    </channel>\n"
  "    <tpm model='tpm-crb'>\n"
  "      <backend type='emulator' version='2.0'>\n"
  "        <source type='file' path='/srv/tpm/lab-01'/>\n"
  "      </backend>\n"
  "    </tpm>\n"
  "  </devices>\n"
  "</domain>\n";

static int
count (xmlDoc *doc, const char *expr)
{
  g_autoptr(xmlXPathContext) ctxt = xmlXPathNewContext (doc);
  g_autoptr(xmlXPathObject) obj = xmlXPathEvalExpression ((const xmlChar *) expr, ctxt);

  ck_assert_ptr_nonnull (obj);
  return (int) obj->floatval;
}

START_TEST (test_dumped_desktop)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (dumped);
  g_autofree char *note = vd_domain_drop_identity (doc);

  ck_assert_str_eq (note, "its UUID, 2 MAC addresses, its NVRAM file, its TPM state file, "
                          "its channel socket path and its disks "
                          "(/var/lib/libvirt/images/lab-01.qcow2, lab-01-data.qcow2)");
  ck_assert_int_eq (count (doc, "count(/domain/uuid)"), 0);
  ck_assert_int_eq (count (doc, "count(//interface/mac)"), 0);
  ck_assert_int_eq (count (doc, "count(//interface)"), 2);
  /* The firmware's template stays; the file of lab-01 goes. */
  ck_assert_int_eq (count (doc, "count(/domain/os/nvram[@template='/usr/share/OVMF/OVMF_VARS_4M.ms.fd'])"), 1);
  ck_assert_int_eq (count (doc, "string-length(/domain/os/nvram)"), 0);
  ck_assert_int_eq (count (doc, "count(//tpm/backend)"), 1);
  ck_assert_int_eq (count (doc, "count(//tpm/backend/source)"), 0);
  ck_assert_int_eq (count (doc, "count(//channel/source/@path)"), 0);
  ck_assert_int_eq (count (doc, "count(//channel/source[@mode='bind'])"), 1);
  /* The CD-ROM and the read-only disk stay. */
  ck_assert_int_eq (count (doc, "count(//disk)"), 2);
  ck_assert_int_eq (count (doc, "count(//disk[@device='cdrom'])"), 1);
  ck_assert_int_eq (count (doc, "count(//disk/source[@file='/srv/shared/tools.img'])"), 1);
  /* Done once, there is nothing left to drop. */
  g_clear_pointer (&note, g_free);
  note = vd_domain_drop_identity (doc);
  ck_assert_ptr_null (note);
}
END_TEST

START_TEST (test_nvram_without_template)
{
  g_autoptr(xmlDoc) doc = vd_test_parse ("<domain><name>a</name><os><nvram>/x/a_VARS.fd</nvram>"
                                 "</os><devices/></domain>");
  g_autofree char *note = vd_domain_drop_identity (doc);

  ck_assert_str_eq (note, "its NVRAM file");
  ck_assert_int_eq (count (doc, "count(//nvram)"), 0);
}
END_TEST

/* The shipped profiles belong to no domain. */
START_TEST (test_shipped_profiles_untouched)
{
  static const char * const names[] = { "linux", "windows10", "windows11" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/templates/%s.xml", vd_test_srcdir (),
                                               names[i]);
      g_autofree char *xml = vd_test_read_file (path);
      g_autoptr(xmlDoc) doc = vd_test_parse (xml);
      g_autofree char *before = vd_test_canonical (doc);
      g_autofree char *note = vd_domain_drop_identity (doc);
      g_autofree char *after = vd_test_canonical (doc);

      ck_assert_msg (note == NULL, "%s: %s", names[i], note);
      ck_assert_str_eq (before, after);
    }
}
END_TEST

START_TEST (test_set_uuid)
{
  g_autoptr(xmlDoc) doc = vd_test_parse ("<domain>\n  <name>a</name>\n  <memory>1</memory>\n</domain>\n");
  g_autofree char *text = NULL;

  vd_domain_set_uuid (doc, "0b6e0b16-56c5-4a3b-9e31-3c3f0c1c7a01");
  text = vd_xml_serialize (doc);
  ck_assert_msg (strstr (text, "<name>a</name>\n  <uuid>0b6e0b16-56c5-4a3b-9e31-3c3f0c1c7a01"
                               "</uuid>\n  <memory>") != NULL, "%s", text);
  vd_domain_set_uuid (doc, "11111111-2222-3333-4444-555555555555");
  ck_assert_int_eq (count (doc, "count(/domain/uuid)"), 1);
}
END_TEST

static Suite *
identity_suite (void)
{
  Suite *s = suite_create ("domain-identity");
  TCase *tc = tcase_create ("templates");

  tcase_add_test (tc, test_dumped_desktop);
  tcase_add_test (tc, test_nvram_without_template);
  tcase_add_test (tc, test_shipped_profiles_untouched);
  tcase_add_test (tc, test_set_uuid);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return vd_test_run_suite (identity_suite ());
}
