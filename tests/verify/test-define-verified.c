/* test-define-verified.c: vd_define_verified on libvirt's test driver,
 * in the test process: what it gives back when libvirt keeps the
 * definition, what it undoes when libvirt does not, and what the undo
 * journal it records in undoes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "define-verified.h"
#include "domain-verify.h"
#include "domain-xml.h"
#include "undo.h"
#include "xml-util.h"

#define NAME "vdctl-define-verified"

/* A SPICE display on 0.0.0.0 with GRAPHICS_ATTRS on <graphics>. */
static char *
domain_xml (const char *graphics_attrs)
{
  return g_strdup_printf ("<domain type='kvm'><name>" NAME "</name>"
                          "<uuid>5b1e6a02-4f53-4d36-9a8e-2b0b9d6c7e11</uuid>"
                          "<memory unit='MiB'>512</memory><vcpu>1</vcpu>"
                          "<os><type arch='x86_64' machine='q35'>hvm</type></os>"
                          "<devices><graphics type='spice'%s>"
                          "<listen type='address' address='0.0.0.0'/></graphics>"
                          "<video><model type='qxl'/></video></devices></domain>",
                          graphics_attrs);
}

static VdConnection *
open_test_driver (void)
{
  g_autoptr(GError) error = NULL;
  VdConnection *conn = vd_connection_open ("test:///default", &error);

  ck_assert_msg (conn != NULL, "%s", error ? error->message : "");
  return conn;
}

START_TEST (test_kept)
{
  g_autoptr(VdConnection) conn = open_test_driver ();
  g_autofree char *xml = domain_xml (" autoport='yes'");
  g_auto(VdDesktopSettings) s = { 0, };
  g_auto(VdDesktopInfo) kept = { 0, };
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(GError) error = NULL;

  vd_desktop_settings_init (&s);
  s.listen = g_strdup ("0.0.0.0");
  dom = vd_define_verified (conn, xml, &s, NULL, &kept, NULL, &error);
  ck_assert_msg (dom != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (kept.listen, "0.0.0.0");
  ck_assert (kept.autoport);
}
END_TEST

/* A new domain libvirt did not keep as written is undefined again. */
START_TEST (test_new_removed)
{
  g_autoptr(VdConnection) conn = open_test_driver ();
  g_autofree char *xml = domain_xml ("");
  g_autoptr(VdUndo) undo = vd_undo_new ();
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(GError) error = NULL;

  dom = vd_define_verified (conn, xml, NULL, NULL, NULL, undo, &error);
  ck_assert_ptr_null (dom);
  ck_assert_uint_eq (vd_undo_length (undo), 0);   /* undone already */
  ck_assert (g_error_matches (error, VD_VERIFY_ERROR, VD_VERIFY_ERROR_NOT_KEPT));
  ck_assert_str_eq (error->message, "libvirt did not keep listen 0.0.0.0: it stored listen "
                    "type 'none'; the new domain '" NAME "' is removed again");
  ck_assert (!vd_virt_domain_exists (conn, NAME));
}
END_TEST

/* An edit libvirt did not keep gives the previous definition back. */
START_TEST (test_previous_back)
{
  g_autoptr(VdConnection) conn = open_test_driver ();
  g_autofree char *first = domain_xml (" port='5930' autoport='no'");
  g_autofree char *edited = domain_xml ("");
  g_autofree char *previous = NULL;
  g_autofree char *after = NULL;
  g_auto(VdDesktopSettings) s = { 0, };
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(VdVirtDomain) again = NULL;
  g_autoptr(GError) error = NULL;

  dom = vd_virt_domain_define (conn, first, &error);
  ck_assert_msg (dom != NULL, "%s", error ? error->message : "");
  previous = vd_virt_domain_get_xml (dom, TRUE, &error);
  vd_desktop_settings_init (&s);
  s.port = VD_PORT_AUTO;   /* asked, and not what EDITED says */
  again = vd_define_verified (conn, edited, &s, previous, NULL, NULL, &error);
  ck_assert_ptr_null (again);
  ck_assert_str_eq (error->message,
                    "libvirt did not keep automatic ports: it stored no port; "
                    "libvirt did not keep listen 0.0.0.0: it stored listen type 'none'; '"
                    NAME "' keeps its previous definition");
  after = vd_virt_domain_get_xml (dom, TRUE, NULL);
  ck_assert_str_eq (after, previous);
}
END_TEST

/* A new domain that was kept is recorded in the journal: rolling it back
 * undefines the domain. */
START_TEST (test_undo_new)
{
  g_autoptr(VdConnection) conn = open_test_driver ();
  g_autofree char *xml = domain_xml (" autoport='yes'");
  g_autoptr(VdUndo) undo = vd_undo_new ();
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(GError) error = NULL;

  dom = vd_define_verified (conn, xml, NULL, NULL, NULL, undo, &error);
  ck_assert_msg (dom != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (vd_undo_length (undo), 1);
  ck_assert (vd_virt_domain_exists (conn, NAME));
  ck_assert_uint_eq (vd_undo_roll_back (undo), 0);
  ck_assert (!vd_virt_domain_exists (conn, NAME));
}
END_TEST

/* An edit that was kept is recorded in the journal: rolling it back
 * gives the previous definition back. */
START_TEST (test_undo_edit)
{
  g_autoptr(VdConnection) conn = open_test_driver ();
  g_autofree char *first = domain_xml (" port='5930' autoport='no'");
  g_autofree char *edited = domain_xml (" port='5931' autoport='no'");
  g_autofree char *previous = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *after = NULL;
  g_auto(VdDesktopSettings) s = { 0, };
  g_autoptr(VdUndo) undo = vd_undo_new ();
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(VdVirtDomain) again = NULL;
  g_autoptr(GError) error = NULL;

  dom = vd_virt_domain_define (conn, first, &error);
  ck_assert_msg (dom != NULL, "%s", error ? error->message : "");
  previous = vd_virt_domain_get_xml (dom, TRUE, &error);
  ck_assert_msg (previous != NULL, "%s", error ? error->message : "");
  vd_desktop_settings_init (&s);
  s.port = 5931;
  again = vd_define_verified (conn, edited, &s, previous, NULL, undo, &error);
  ck_assert_msg (again != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (vd_undo_length (undo), 1);
  changed = vd_virt_domain_get_xml (dom, TRUE, NULL);
  ck_assert_str_ne (changed, previous);
  ck_assert_uint_eq (vd_undo_roll_back (undo), 0);
  after = vd_virt_domain_get_xml (dom, TRUE, NULL);
  ck_assert_str_eq (after, previous);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("define-verified");
  TCase *tc = tcase_create ("define-verified");
  SRunner *runner;
  int failed;

  tcase_add_test (tc, test_kept);
  tcase_add_test (tc, test_new_removed);
  tcase_add_test (tc, test_previous_back);
  tcase_add_test (tc, test_undo_new);
  tcase_add_test (tc, test_undo_edit);
  suite_add_tcase (suite, tc);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
