/* test-pool.c: desktop pools in the core: the seat and pool records in
 * vdctl's metadata (round trip, broken records refused), names, which
 * golden disks a pool can copy, and a seat's definition made from a
 * golden's (its identity, its disks on the base, the schema).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "desktop-metadata.h"
#include "pool-record.h"
#include "pool-seat.h"
#include "xml-util.h"

#define GOLDEN \
  "<domain type='kvm'><name>gold</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>" \
  "<metadata><other:x xmlns:other='https://example.org/x'/></metadata>" \
  "<memory unit='MiB'>2048</memory><vcpu>2</vcpu>" \
  "<os firmware='efi'><type arch='x86_64' machine='q35'>hvm</type></os>" \
  "<devices>" \
  "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>" \
  "<source file='/images/gold.qcow2'/><target dev='vda' bus='virtio'/></disk>" \
  "<disk type='volume' device='disk'><driver name='qemu' type='raw'/>" \
  "<source pool='data' volume='gold-data.img'/><target dev='vdb' bus='virtio'/></disk>" \
  "<disk type='file' device='cdrom'><source file='/iso/tools.iso'/>" \
  "<target dev='sda' bus='sata'/><readonly/></disk>" \
  "<interface type='network'><mac address='52:54:00:11:22:33'/><source network='default'/></interface>" \
  "<tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>" \
  "<graphics type='spice' autoport='yes'/>" \
  "</devices></domain>"

static VdPoolRecord *
make_record (gboolean stateless)
{
  VdPoolRecord *r = vd_pool_record_new ("lab", "gold", stateless, 20);
  VdBase *base = vd_base_new (1);

  g_ptr_array_add (base->disks, vd_base_image_new ("vda", "default", "lab-base1-vda.qcow2",
                                                   "/images/lab-base1-vda.qcow2", "qcow2"));
  g_ptr_array_add (base->disks, vd_base_image_new ("vdb", "data", "lab-base1-vdb.img",
                                                   "/data/lab-base1-vdb.img", "raw"));
  base->nvram = vd_base_image_new (NULL, "default", "lab-base1-VARS.fd",
                                   "/images/lab-base1-VARS.fd", "raw");
  vd_pool_record_add_base (r, base);
  vd_base_free (base);
  r->current = 1;
  return r;
}

START_TEST (test_record_round_trip)
{
  g_autoptr(VdPoolRecord) r = make_record (TRUE);
  g_autoptr(xmlDoc) doc = vd_test_parse (GOLDEN);
  g_autoptr(VdSeatRecord) seat_in = g_new0 (VdSeatRecord, 1);
  g_autoptr(VdSeatRecord) seat = NULL;
  g_autoptr(VdPoolRecord) back = NULL;
  g_autoptr(GError) error = NULL;
  const VdBase *base;

  seat_in->pool = g_strdup ("lab");
  seat_in->number = 7;
  seat_in->base = 1;
  seat_in->user = g_strdup ("alice");
  vd_pool_record_write (doc, seat_in, r);
  ck_assert (vd_pool_record_read (doc, &seat, &back, &error));
  ck_assert_ptr_nonnull (seat);
  ck_assert_str_eq (seat->pool, "lab");
  ck_assert_uint_eq (seat->number, 7);
  ck_assert_str_eq (seat->user, "alice");
  ck_assert_str_eq (back->from, "gold");
  ck_assert (back->stateless);
  ck_assert_uint_eq (back->width, 2);
  base = vd_pool_record_base (back, 1);
  ck_assert_ptr_nonnull (base);
  ck_assert_uint_eq (base->disks->len, 2);
  ck_assert_str_eq (((VdBaseImage *) base->disks->pdata[1])->path, "/data/lab-base1-vdb.img");
  ck_assert_str_eq (base->nvram->volume, "lab-base1-VARS.fd");
  /* Another namespace's metadata stays; taking the records out leaves
   * nothing of vdctl's. */
  vd_pool_record_write (doc, NULL, NULL);
  ck_assert_ptr_null (vd_desktop_metadata_find (xmlDocGetRootElement (doc)));
  {
    g_autofree char *xml = vd_xml_serialize (doc);

    ck_assert_ptr_nonnull (strstr (xml, "https://example.org/x"));
  }
}
END_TEST

START_TEST (test_record_none)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (GOLDEN);
  g_autoptr(VdSeatRecord) seat = NULL;
  g_autoptr(VdPoolRecord) pool = NULL;

  ck_assert (vd_pool_record_read (doc, &seat, &pool, NULL));
  ck_assert_ptr_null (seat);
  ck_assert_ptr_null (pool);
}
END_TEST

static const char * const broken[] = {
  /* a seat without its pool */
  "<vdctl:seat pool='lab' number='1' base='1'/>",
  /* a seat number out of range */
  "<vdctl:seat pool='lab' number='1000' base='1'/><vdctl:pool name='lab' base='1' width='2'>"
  "<vdctl:base version='1'><vdctl:disk target='vda' pool='p' volume='v' path='/v'/></vdctl:base></vdctl:pool>",
  /* the current base is not listed */
  "<vdctl:seat pool='lab' number='1' base='1'/><vdctl:pool name='lab' base='2' width='2'>"
  "<vdctl:base version='1'><vdctl:disk target='vda' pool='p' volume='v' path='/v'/></vdctl:base></vdctl:pool>",
  /* a base disk without its path */
  "<vdctl:seat pool='lab' number='1' base='1'/><vdctl:pool name='lab' base='1' width='2'>"
  "<vdctl:base version='1'><vdctl:disk target='vda' pool='p' volume='v'/></vdctl:base></vdctl:pool>",
  /* seat and pool disagree */
  "<vdctl:seat pool='other' number='1' base='1'/><vdctl:pool name='lab' base='1' width='2'>"
  "<vdctl:base version='1'><vdctl:disk target='vda' pool='p' volume='v' path='/v'/></vdctl:base></vdctl:pool>",
};

START_TEST (test_record_broken)
{
  g_autofree char *xml = g_strdup_printf ("<domain><name>d</name><metadata>"
                                          "<vdctl:desktop xmlns:vdctl='" VD_XMLNS_DESKTOP "'>%s"
                                          "</vdctl:desktop></metadata></domain>", broken[_i]);
  g_autoptr(xmlDoc) doc = vd_test_parse (xml);
  g_autoptr(VdSeatRecord) seat = NULL;
  g_autoptr(VdPoolRecord) pool = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert (!vd_pool_record_read (doc, &seat, &pool, &error));
  ck_assert (g_error_matches (error, VD_POOL_RECORD_ERROR, 0));
  ck_assert_ptr_nonnull (strstr (error->message, "not valid"));
  ck_assert_ptr_null (seat);
}
END_TEST

START_TEST (test_names)
{
  g_autoptr(VdPoolRecord) small = vd_pool_record_new ("lab", "g", FALSE, 9);
  g_autoptr(VdPoolRecord) big = vd_pool_record_new ("lab", "g", FALSE, 120);
  g_autofree char *a = vd_pool_seat_name (small, 3);
  g_autofree char *b = vd_pool_seat_name (big, 3);
  g_autofree char *c = vd_pool_base_volume_name ("lab", 2, "vda", "qcow2");
  g_autofree char *d = vd_pool_base_volume_name ("lab", 2, "vdb", "raw");
  g_autofree char *e = vd_pool_seat_volume_name ("lab-03", NULL);

  ck_assert_str_eq (a, "lab-03");
  ck_assert_str_eq (b, "lab-003");
  ck_assert_str_eq (c, "lab-base2-vda.qcow2");
  ck_assert_str_eq (d, "lab-base2-vdb.img");
  ck_assert_str_eq (e, "lab-03-VARS.fd");
  ck_assert (vd_pool_check_name ("lab.2_a-b", NULL));
  ck_assert (!vd_pool_check_name ("-lab", NULL));
  ck_assert (!vd_pool_check_name ("a/b", NULL));
  ck_assert (!vd_pool_check_name ("", NULL));
  ck_assert (vd_pool_check_user ("alice@example.org", NULL));
  ck_assert (!vd_pool_check_user ("two words", NULL));
}
END_TEST

START_TEST (test_golden_disks)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (GOLDEN);
  g_autoptr(GPtrArray) disks = vd_pool_golden_disks (doc, TRUE, NULL);
  g_autofree char *nvram = vd_pool_golden_nvram (doc, "/var/lib/libvirt/qemu/nvram");
  const VdGoldenDisk *second;

  /* The CD-ROM is shared, not copied. */
  ck_assert_uint_eq (disks->len, 2);
  second = disks->pdata[1];
  ck_assert_str_eq (second->pool, "data");
  ck_assert_str_eq (second->volume, "gold-data.img");
  ck_assert_str_eq (nvram, "/var/lib/libvirt/qemu/nvram/gold_VARS.fd");
}
END_TEST

static const struct {
  const char *from, *to, *message;
  gboolean stateless;
} refused_disks[] = {
  { "<disk type='file' device='disk'>", "<disk type='block' device='disk'>",
    "disk vda of the golden domain is a block disk", FALSE },
  { "<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='sata'/>",
    "stateless seats need virtio or SCSI disks", TRUE },
  { "<source file='/images/gold.qcow2'/>", "", "has no source", FALSE },
};

START_TEST (test_golden_refused)
{
  GString *xml = g_string_new (GOLDEN);
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GError) error = NULL;

  g_string_replace (xml, refused_disks[_i].from, refused_disks[_i].to, 1);
  doc = vd_test_parse (xml->str);
  g_string_free (xml, TRUE);
  ck_assert_ptr_null (vd_pool_golden_disks (doc, refused_disks[_i].stateless, &error));
  ck_assert_msg (strstr (error->message, refused_disks[_i].message), "%s", error->message);
}
END_TEST

static xmlDoc *
make_seat (gboolean stateless)
{
  g_autoptr(VdPoolRecord) r = make_record (stateless);
  g_autoptr(xmlDoc) golden = vd_test_parse (GOLDEN);
  g_autoptr(GPtrArray) overlays = g_ptr_array_new ();
  VdSeatRecord seat = { .pool = "lab", .number = 3, .base = 1 };
  g_autoptr(GError) error = NULL;
  xmlDoc *doc;

  g_ptr_array_add (overlays, "/images/lab-03-vda.qcow2");
  g_ptr_array_add (overlays, "/data/lab-03-vdb.qcow2");
  doc = vd_pool_seat_new (golden, "lab-03", &seat, r, stateless ? NULL : overlays,
                          "/images/lab-03-VARS.fd", &error);
  ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
  return doc;
}

static char *
xpath (xmlDoc *doc, const char *expr)
{
  g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext (doc);
  g_autoptr(xmlXPathObject) obj = xmlXPathEvalExpression ((const xmlChar *) expr, ctx);
  xmlChar *s = xmlXPathCastToString (obj);
  char *copy = g_strdup ((const char *) s);

  xmlFree (s);
  return copy;
}

START_TEST (test_seat_persistent)
{
  g_autoptr(xmlDoc) doc = make_seat (FALSE);
  g_autofree char *problem = NULL;
  g_autofree char *name = xpath (doc, "string(/domain/name)");
  g_autofree char *ids = xpath (doc, "concat(count(/domain/uuid), count(//mac))");
  g_autofree char *vda = xpath (doc, "string(//disk[target/@dev='vda']/source/@file)");
  g_autofree char *vdb = xpath (doc, "concat(//disk[target/@dev='vdb']/@type, ' ', "
                                "//disk[target/@dev='vdb']/source/@file, ' ', "
                                "//disk[target/@dev='vdb']/driver/@type)");
  g_autofree char *cdrom = xpath (doc, "string(//disk[@device='cdrom']/source/@file)");
  g_autofree char *nvram = xpath (doc, "string(/domain/os/nvram)");
  g_autofree char *transient = xpath (doc, "count(//transient)");

  ck_assert_str_eq (name, "lab-03");
  ck_assert_str_eq (ids, "00");
  ck_assert_str_eq (vda, "/images/lab-03-vda.qcow2");
  ck_assert_str_eq (vdb, "file /data/lab-03-vdb.qcow2 qcow2");
  ck_assert_str_eq (cdrom, "/iso/tools.iso");
  ck_assert_str_eq (nvram, "/images/lab-03-VARS.fd");
  ck_assert_str_eq (transient, "0");
  ck_assert_msg (vd_test_schema_validate (doc, &problem), "%s", problem);
}
END_TEST

START_TEST (test_seat_stateless)
{
  g_autoptr(xmlDoc) doc = make_seat (TRUE);
  g_autoptr(VdSeatRecord) seat = NULL;
  g_autoptr(VdPoolRecord) pool = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *vda = xpath (doc, "concat(//disk[target/@dev='vda']/source/@file, ' ', "
                                "//disk[target/@dev='vda']/transient/@shareBacking)");
  g_autofree char *vdb = xpath (doc, "concat(//disk[target/@dev='vdb']/source/@file, ' ', "
                                "//disk[target/@dev='vdb']/driver/@type)");

  ck_assert_str_eq (vda, "/images/lab-base1-vda.qcow2 yes");
  ck_assert_str_eq (vdb, "/data/lab-base1-vdb.img raw");
  ck_assert (vd_pool_record_read (doc, &seat, &pool, NULL));
  ck_assert_uint_eq (seat->number, 3);
  ck_assert_msg (vd_test_schema_validate (doc, &problem), "%s", problem);
}
END_TEST

int
main (void)
{
  Suite *suite;
  TCase *tc;

  g_autoptr(GError) error = NULL;

  if (!vd_test_schema_load (&error))
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE;
    }
  suite = suite_create ("pool");
  tc = tcase_create ("pool");
  tcase_add_test (tc, test_record_round_trip);
  tcase_add_test (tc, test_record_none);
  tcase_add_loop_test (tc, test_record_broken, 0, G_N_ELEMENTS (broken));
  tcase_add_test (tc, test_names);
  tcase_add_test (tc, test_golden_disks);
  tcase_add_loop_test (tc, test_golden_refused, 0, G_N_ELEMENTS (refused_disks));
  tcase_add_test (tc, test_seat_persistent);
  tcase_add_test (tc, test_seat_stateless);
  suite_add_tcase (suite, tc);

  return vd_test_run_suite (suite);
}
