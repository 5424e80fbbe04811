/* test-verify.c: did libvirt keep what vdctl wrote (src/core/domain-verify.c),
 * and how far a display reaches (src/core/display-reach.c).
 *
 * The stored definitions here are what libvirt 9.0 gives back for the
 * written ones (seen with its test driver and with qemu:///system).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "display-reach.h"
#include "domain-verify.h"
#include "domain-xml.h"
#include "xml-util.h"

static void
read_devices (const char *vcpu, const char *devices, VdDesktopInfo *info)
{
  g_autofree char *xml = g_strconcat ("<domain type='kvm'><name>d</name>"
                                      "<memory unit='MiB'>1024</memory>", vcpu,
                                      "<devices>", devices, "</devices></domain>", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = vd_xml_parse (xml, -1, "the test document", &error);

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
  ck_assert_msg (vd_domain_read (doc, info, &error), "%s", error ? error->message : "");
}

/* vd_domain_verify of ASKED, WRITTEN and KEPT (devices, with one vCPU):
 * NULL when it passes, else its message. */
static char *
verify (const VdDesktopSettings *asked, const char *written, const char *kept)
{
  g_auto(VdDesktopInfo) w = { 0, };
  g_auto(VdDesktopInfo) k = { 0, };
  g_autoptr(GError) error = NULL;

  if (written)
    read_devices ("<vcpu>1</vcpu>", written, &w);
  read_devices ("<vcpu>1</vcpu>", kept, &k);
  if (vd_domain_verify (asked, written ? &w : NULL, &k, &error))
    return NULL;
  ck_assert (g_error_matches (error, VD_VERIFY_ERROR, VD_VERIFY_ERROR_NOT_KEPT));
  return g_strdup (error->message);
}

#define SPICE_ANY \
  "<graphics type='spice' autoport='yes'><listen type='address' address='0.0.0.0'/></graphics>"

START_TEST (test_verify_kept)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_autofree char *result = NULL;

  vd_desktop_settings_init (&s);
  s.listen = g_strdup ("0.0.0.0");
  s.port = VD_PORT_AUTO;
  s.usbredir = 0;
  result = verify (&s, SPICE_ANY,
                   "<graphics type='spice' autoport='yes' listen='0.0.0.0'>"
                   "<listen type='address' address='0.0.0.0'/></graphics>");
  ck_assert_ptr_null (result);
}
END_TEST

/* The first case: a listen without ports. */
START_TEST (test_verify_listen_none)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_autofree char *result = NULL;

  vd_desktop_settings_init (&s);
  s.listen = g_strdup ("0.0.0.0");
  result = verify (&s, "<graphics type='spice'><listen type='address' address='0.0.0.0'/>"
                   "</graphics>",
                   "<graphics type='spice'><listen type='none'/></graphics>");
  ck_assert_str_eq (result, "libvirt did not keep listen 0.0.0.0: it stored listen type 'none'");
}
END_TEST

/* --no-tls on a display whose only port was a fixed TLS port: TLS is off
 * as asked, but the listen that nobody asked to change went too. */
START_TEST (test_verify_unasked_listen)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_autofree char *result = NULL;

  vd_desktop_settings_init (&s);
  s.tls = VD_TRISTATE_NO;
  result = verify (&s, "<graphics type='spice' autoport='no'>"
                   "<listen type='address' address='0.0.0.0'/></graphics>",
                   "<graphics type='spice'><listen type='none'/></graphics>");
  ck_assert_str_eq (result, "libvirt did not keep listen 0.0.0.0: it stored listen type 'none'");
}
END_TEST

START_TEST (test_verify_several)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_autofree char *result = NULL;

  vd_desktop_settings_init (&s);
  s.port = 5930;
  vd_desktop_settings_set_password (&s, "s3cret");
  s.video = g_strdup ("qxl");
  s.usbredir = 2;
  result = verify (&s, "<graphics type='spice' port='5930' autoport='no' passwd='s3cret'/>"
                   "<video><model type='qxl'/></video>"
                   "<redirdev bus='usb' type='spicevmc'/><redirdev bus='usb' type='spicevmc'/>",
                   "<graphics type='spice' autoport='yes'/>"
                   "<video><model type='cirrus'/></video>"
                   "<redirdev bus='usb' type='spicevmc'/>");
  ck_assert_str_eq (result,
                    "libvirt did not keep port 5930: it stored automatic ports; "
                    "libvirt did not keep the password: it stored none; "
                    "libvirt did not keep 2 USB redirection channels: it stored 1; "
                    "libvirt did not keep video qxl: it stored video cirrus");
}
END_TEST

/* Devices libvirt adds where the written definition has none are not
 * differences; a SPICE desktop that asks for its video gets it checked. */
START_TEST (test_verify_defaults_added)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_autofree char *quiet = NULL;
  g_autofree char *asked = NULL;

  vd_desktop_settings_init (&s);
  s.memory_mib = 1024;
  quiet = verify (&s, "<input type='tablet' bus='usb'/>",
                  "<controller type='usb' index='0' model='qemu-xhci'/>"
                  "<input type='tablet' bus='usb'/><video><model type='cirrus'/></video>");
  ck_assert_ptr_null (quiet);
  vd_desktop_settings_init (&s);
  s.spice = VD_TRISTATE_YES;
  s.video = g_strdup ("qxl");
  asked = verify (&s, NULL, "<graphics type='vnc' port='-1'/><video><model type='cirrus'/></video>");
  ck_assert_str_eq (asked, "libvirt did not keep a SPICE display: it stored a VNC display; "
                    "libvirt did not keep video qxl: it stored video cirrus");
  vd_desktop_settings_clear (&s);
}
END_TEST

START_TEST (test_verify_vcpus)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_auto(VdDesktopInfo) k = { 0, };
  g_autoptr(GError) error = NULL;

  vd_desktop_settings_init (&s);
  s.vcpus = 8;
  read_devices ("<vcpu current='2'>8</vcpu>", "", &k);
  ck_assert (!vd_domain_verify (&s, NULL, &k, &error));
  ck_assert_str_eq (error->message, "libvirt did not keep 8 vCPUs at boot: it stored 2 "
                    "(of at most 8)");
}
END_TEST

START_TEST (test_verify_tls)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_autofree char *result = NULL;

  vd_desktop_settings_init (&s);
  s.tls = VD_TRISTATE_YES;
  result = verify (&s, NULL, "<graphics type='spice' autoport='yes' defaultMode='secure'>"
                   "<channel name='inputs' mode='insecure'/></graphics>");
  ck_assert_str_eq (result, "libvirt did not keep TLS on every channel: it stored TLS but "
                    "for channels inputs");
}
END_TEST

/* The written definition in libvirt's legacy spelling reads the same as
 * libvirt's own: no difference. */
START_TEST (test_verify_spellings)
{
  g_autofree char *vnc = verify (NULL, "<graphics type='vnc' port='-1'/>",
                                 "<graphics type='vnc' port='-1' autoport='yes'>"
                                 "<listen type='address'/></graphics>");
  g_autofree char *legacy = verify (NULL, "<graphics type='spice' port='-1' tlsPort='-1' "
                                    "listen='0.0.0.0'/>",
                                    "<graphics type='spice' autoport='yes' listen='0.0.0.0'>"
                                    "<listen type='address' address='0.0.0.0'/></graphics>");

  ck_assert_ptr_null (vnc);
  ck_assert_ptr_null (legacy);
}
END_TEST

START_TEST (test_reach)
{
  static const struct { const char *devices; VdReach reach; gboolean insecure; } cases[] = {
    { "", VD_REACH_NOWHERE, FALSE },
    { "<graphics type='spice'><listen type='none'/></graphics>", VD_REACH_NOWHERE, FALSE },
    { "<graphics type='spice'><listen type='socket'/></graphics>", VD_REACH_NOWHERE, FALSE },
    { "<graphics type='spice' autoport='yes'><listen type='address' address='127.0.0.1'/>"
      "</graphics>", VD_REACH_LOOPBACK, FALSE },
    { "<graphics type='spice' autoport='yes'><listen type='address' address='::1'/>"
      "</graphics>", VD_REACH_LOOPBACK, FALSE },
    { SPICE_ANY, VD_REACH_ADDRESS, TRUE },
    { "<graphics type='spice' autoport='yes' passwd='x'><listen type='address' "
      "address='192.0.2.1'/></graphics>", VD_REACH_ADDRESS, FALSE },
    { "<graphics type='spice' autoport='yes'><listen type='network' network='default'/>"
      "</graphics>", VD_REACH_NETWORK, TRUE },
    { "<graphics type='spice' autoport='yes'/>", VD_REACH_HOST_DEFAULT, TRUE },
    { "<graphics type='spice' autoport='yes'><listen type='address'/></graphics>",
      VD_REACH_HOST_DEFAULT, TRUE },
    { "<graphics type='vnc' port='-1'/>", VD_REACH_HOST_DEFAULT, TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(VdDesktopInfo) info = { 0, };

      read_devices ("<vcpu>1</vcpu>", cases[i].devices, &info);
      ck_assert_msg (vd_display_reach (&info) == cases[i].reach, "%s: reach %d",
                     cases[i].devices, vd_display_reach (&info));
      /* Read without secrets, a password vdctl never recorded is
       * unknown, and not judged. */
      ck_assert_msg (!vd_display_is_insecure (&info) || info.password == VD_TRISTATE_NO,
                     "%s: insecure with an unknown password", cases[i].devices);
      vd_desktop_info_seen_with_secrets (&info);
      ck_assert_msg (vd_display_is_insecure (&info) == cases[i].insecure, "%s: insecure",
                     cases[i].devices);
    }
}
END_TEST

START_TEST (test_insecure_warning)
{
  g_auto(VdDesktopInfo) any = { 0, };
  g_auto(VdDesktopInfo) unset = { 0, };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  read_devices ("<vcpu>1</vcpu>", SPICE_ANY, &any);
  read_devices ("<vcpu>1</vcpu>", "<graphics type='spice' autoport='yes'/>", &unset);
  a = vd_display_insecure_warning (&any, "lab");
  b = vd_display_insecure_warning (&unset, "lab");
  ck_assert_str_eq (a, "desktop 'lab' has a SPICE display without a password that listens "
                    "on 0.0.0.0: anyone who reaches it can open it; give it one with "
                    "'vdctl edit lab --password-file FILE'");
  ck_assert_str_eq (b, "desktop 'lab' has a SPICE display without a password that listens "
                    "on no address of its own (qemu.conf's spice_listen decides): anyone "
                    "who reaches it can open it; give it one with 'vdctl edit lab "
                    "--password-file FILE'");
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("verify");
  TCase *tc = tcase_create ("verify");

  tcase_add_test (tc, test_verify_kept);
  tcase_add_test (tc, test_verify_listen_none);
  tcase_add_test (tc, test_verify_unasked_listen);
  tcase_add_test (tc, test_verify_several);
  tcase_add_test (tc, test_verify_defaults_added);
  tcase_add_test (tc, test_verify_vcpus);
  tcase_add_test (tc, test_verify_tls);
  tcase_add_test (tc, test_verify_spellings);
  tcase_add_test (tc, test_reach);
  tcase_add_test (tc, test_insecure_warning);
  suite_add_tcase (suite, tc);

  return vd_test_run_suite (suite);
}
