/* test-unattend-cd.c: finding the answer-file CD of an unattended Windows
 * install, and the device XML that detaches and ejects it (unattend-cd.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "device-xml.h"
#include "test-util.h"
#include "unattend-cd.h"
#include "xml-util.h"

/* A domain NAME with, as devices, the drives create makes: DRIVES is a
 * list of (pool-or-NULL, volume-or-path, target) triples ending in NULL. */
static xmlDoc *
domain_with (const char *name, const char * const *drives)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = g_strdup_printf ("<domain type='kvm'>\n  <name>%s</name>\n"
                                          "  <devices>\n  </devices>\n</domain>\n", name);
  xmlDoc *doc = vd_xml_parse (xml, -1, "the test domain", &error);
  xmlNode *devices;

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
  devices = vd_xml_first_element (xmlDocGetRootElement (doc), "devices");
  for (int i = 0; drives[i + 1]; i += 3)
    vd_device_insert (devices, drives[i] ? vd_device_volume_cdrom (doc, drives[i], drives[i + 1],
                                                                   drives[i + 2])
                                         : vd_device_cdrom (doc, drives[i + 1], drives[i + 2]));
  return doc;
}

/* What 'create win --unattend --cdrom Win11.iso' attaches. */
START_TEST (test_find)
{
  static const char * const drives[] = {
    NULL, "/srv/iso/Win11.iso", "sdb",
    "default", "win-unattend.iso", "sdc",
    NULL, NULL,
  };
  g_autoptr(xmlDoc) doc = domain_with ("win", drives);
  g_auto(VdUnattendCd) cd = { 0, };

  ck_assert (vd_unattend_cd_find (doc, &cd));
  ck_assert_str_eq (cd.pool, "default");
  ck_assert_str_eq (cd.volume, "win-unattend.iso");
  ck_assert_str_eq (cd.target, "sdc");
  ck_assert (vd_unattend_cd_find (doc, NULL));
}
END_TEST

/* Only this domain's own image in a CD-ROM drive counts. */
START_TEST (test_not_found)
{
  static const char * const others[] = {
    "default", "other-unattend.iso", "sdc",     /* another desktop's */
    NULL, "/var/lib/libvirt/images/win-unattend.iso", "sdd",   /* a file, not vdctl's volume */
    "default", "win.iso", "sde",
    NULL, NULL,
  };
  static const char * const none[] = { NULL, NULL };
  g_autoptr(xmlDoc) doc = domain_with ("win", others);
  g_autoptr(xmlDoc) empty = domain_with ("win", none);
  g_autoptr(xmlDoc) no_name = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert (!vd_unattend_cd_find (doc, NULL));
  ck_assert_ptr_null (vd_unattend_cd_device_xml (doc));
  ck_assert_ptr_null (vd_unattend_cd_eject_xml (doc));
  ck_assert (!vd_unattend_cd_find (empty, NULL));
  no_name = vd_xml_parse ("<domain><devices><disk type='volume' device='cdrom'>"
                          "<source pool='p' volume='-unattend.iso'/></disk></devices></domain>",
                          -1, "a domain without a name", &error);
  ck_assert (no_name != NULL);
  ck_assert (!vd_unattend_cd_find (no_name, NULL));
}
END_TEST

/* A volume that is a disk, not a CD-ROM, is not the answer file's. */
START_TEST (test_disk_is_not_the_cd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = vd_xml_parse ("<domain><name>win</name><devices>"
                                        "<disk type='volume' device='disk'>"
                                        "<source pool='p' volume='win-unattend.iso'/>"
                                        "<target dev='vda'/></disk></devices></domain>",
                                        -1, "the test domain", &error);

  ck_assert (doc != NULL);
  ck_assert (!vd_unattend_cd_find (doc, NULL));
}
END_TEST

/* Detach: the drive as it is, which libvirt matches by its target. */
START_TEST (test_device_xml)
{
  static const char * const drives[] = { "images", "win-unattend.iso", "sdc", NULL, NULL };
  g_autoptr(xmlDoc) doc = domain_with ("win", drives);
  g_autofree char *xml = vd_unattend_cd_device_xml (doc);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) parsed = vd_xml_parse (xml, -1, "the device XML", &error);
  xmlNode *disk = xmlDocGetRootElement (parsed);

  ck_assert_msg (parsed != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq ((const char *) disk->name, "disk");
  ck_assert (vd_xml_prop_equals (disk, "device", "cdrom"));
  ck_assert (vd_xml_prop_equals (vd_xml_first_element (disk, "source"), "volume",
                                 "win-unattend.iso"));
  ck_assert (vd_xml_prop_equals (vd_xml_first_element (disk, "target"), "dev", "sdc"));
}
END_TEST

/* Eject: the same drive with no medium; the domain document is left as
 * it was. */
START_TEST (test_eject_xml)
{
  static const char * const drives[] = { "images", "win-unattend.iso", "sdc", NULL, NULL };
  g_autoptr(xmlDoc) doc = domain_with ("win", drives);
  g_autofree char *before = vd_xml_serialize (doc);
  g_autofree char *xml = vd_unattend_cd_eject_xml (doc);
  g_autofree char *after = vd_xml_serialize (doc);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) parsed = vd_xml_parse (xml, -1, "the eject XML", &error);
  xmlNode *disk = xmlDocGetRootElement (parsed);

  ck_assert_msg (parsed != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq ((const char *) disk->name, "disk");
  ck_assert (vd_xml_prop_equals (disk, "type", "volume"));
  ck_assert (vd_xml_prop_equals (disk, "device", "cdrom"));
  ck_assert_ptr_null (vd_xml_first_element (disk, "source"));
  ck_assert (vd_xml_prop_equals (vd_xml_first_element (disk, "target"), "dev", "sdc"));
  ck_assert_ptr_nonnull (vd_xml_first_element (disk, "readonly"));
  ck_assert_str_eq (before, after);
  ck_assert (vd_unattend_cd_find (doc, NULL));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("unattend-cd");
  TCase *tc = tcase_create ("find");

  tcase_add_test (tc, test_find);
  tcase_add_test (tc, test_not_found);
  tcase_add_test (tc, test_disk_is_not_the_cd);
  tcase_add_test (tc, test_device_xml);
  tcase_add_test (tc, test_eject_xml);
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
