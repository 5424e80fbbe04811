/* test-domain-storage.c: the images a domain definition names
 * (domain-storage.c), as 'delete --remove-storage' reads them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>

#include "domain-storage.h"
#include "test-util.h"
#include "xml-util.h"

static const char domain_xml[] =
  "<domain type='kvm'><name>desk</name><devices>"
  "<disk type='volume' device='disk'><source pool='p' volume='desk.qcow2'/>"
  "  <target dev='vda'/></disk>"
  "<disk type='file' device='disk'><source file='/img//ro.img'/><target dev='vdb'/>"
  "  <readonly/></disk>"
  "<disk type='block' device='disk'><source dev='/dev/sdx'/><target dev='vdc'/>"
  "  <shareable/></disk>"
  "<disk type='file' device='disk'><source file='/run/top.qcow2'/><target dev='vdd'/>"
  "  <backingStore type='file'><source file='/img/mid.qcow2'/>"
  "    <backingStore type='volume'><source pool='p' volume='base.qcow2'/>"
  "      <backingStore/></backingStore></backingStore></disk>"
  "<disk type='file' device='cdrom'><source file='/iso/install.iso'/><target dev='sda'/>"
  "  <readonly/></disk>"
  "<disk type='file' device='cdrom'><target dev='sdb'/><readonly/></disk>"
  "<disk type='volume' device='cdrom'><source pool='p' volume='desk-unattend.iso'/>"
  "  <target dev='sdc'/><readonly/></disk>"
  "<disk type='network' device='disk'><source protocol='nbd' name='x'/><target dev='vde'/></disk>"
  "</devices></domain>";

#define DISK(a, i) ((VdDiskSource *) (a)->pdata[i])

START_TEST (test_all_disks)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (domain_xml);
  g_autoptr(GPtrArray) all = vd_domain_list_all_disks (doc);

  ck_assert_uint_eq (all->len, 6);
  ck_assert_str_eq (DISK (all, 0)->volume, "desk.qcow2");
  ck_assert (!DISK (all, 0)->readonly && !DISK (all, 0)->shareable);
  ck_assert_str_eq (DISK (all, 1)->path, "/img//ro.img");
  ck_assert (DISK (all, 1)->readonly);
  ck_assert_str_eq (DISK (all, 2)->path, "/dev/sdx");
  ck_assert (DISK (all, 2)->shareable);
  ck_assert_str_eq (DISK (all, 3)->target, "vdd");
  ck_assert_str_eq (DISK (all, 4)->device, "cdrom");
  ck_assert (!DISK (all, 4)->own_unattend);
  ck_assert_str_eq (DISK (all, 5)->volume, "desk-unattend.iso");
  ck_assert (DISK (all, 5)->own_unattend);
}
END_TEST

/* The writable disks and the own answer-file image, as before. */
START_TEST (test_writable_disks)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (domain_xml);
  g_autoptr(GPtrArray) disks = vd_domain_list_disks (doc);

  ck_assert_uint_eq (disks->len, 4);
  ck_assert_str_eq (DISK (disks, 0)->target, "vda");
  ck_assert_str_eq (DISK (disks, 1)->target, "vdc");
  ck_assert_str_eq (DISK (disks, 2)->target, "vdd");
  ck_assert_str_eq (DISK (disks, 3)->target, "sdc");
}
END_TEST

/* Every image, the backing chains of a running definition included. */
START_TEST (test_used_images)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (domain_xml);
  g_autoptr(GPtrArray) images = vd_domain_list_used_images (doc);
  const char *expected[] = { "desk.qcow2", "/img//ro.img", "/dev/sdx", "/run/top.qcow2",
                             "/img/mid.qcow2", "base.qcow2", "/iso/install.iso",
                             "desk-unattend.iso" };

  ck_assert_uint_eq (images->len, G_N_ELEMENTS (expected));
  for (guint i = 0; i < images->len; i++)
    ck_assert_str_eq (DISK (images, i)->volume ? DISK (images, i)->volume
                                               : DISK (images, i)->path, expected[i]);
}
END_TEST

START_TEST (test_normalize)
{
  static const char * const cases[][2] = {
    { "/var//lib/./images/a.img", "/var/lib/images/a.img" },
    { "/var/lib/images/", "/var/lib/images" },
    /* A symbolic link before ".." decides where it leads. */
    { "/var/link/../a.img", "/var/link/../a.img" },
    { "/", "/" },
    { "relative/./x", "relative/./x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = vd_storage_path_normalize (cases[i][0]);

      ck_assert_str_eq (got, cases[i][1]);
    }
  ck_assert_ptr_null (vd_storage_path_normalize (NULL));
}
END_TEST

static char *
backing_of (const char *xml)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (xml);

  return vd_volume_doc_backing_path (doc);
}

START_TEST (test_backing_path)
{
  g_autofree char *absolute = backing_of (
    "<volume><name>o</name><target><path>/p/o.qcow2</path></target>"
    "<backingStore><path>/p//base.qcow2</path><format type='qcow2'/></backingStore></volume>");
  g_autofree char *relative = backing_of (
    "<volume><name>o</name><target><path>/p/sub/o.qcow2</path></target>"
    "<backingStore><path>base.qcow2</path></backingStore></volume>");
  g_autofree char *none = backing_of (
    "<volume><name>o</name><target><path>/p/o.img</path></target></volume>");

  ck_assert_str_eq (absolute, "/p/base.qcow2");
  ck_assert_str_eq (relative, "/p/sub/base.qcow2");
  ck_assert_ptr_null (none);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("domain-storage");
  TCase *tc = tcase_create ("storage");

  tcase_add_test (tc, test_all_disks);
  tcase_add_test (tc, test_writable_disks);
  tcase_add_test (tc, test_used_images);
  tcase_add_test (tc, test_normalize);
  tcase_add_test (tc, test_backing_path);
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
