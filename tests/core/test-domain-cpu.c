/* test-domain-cpu.c: the guest CPU of a new desktop, and what libvirt's
 * domain capabilities say about the host (domain-cpu.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "domain-cpu.h"
#include "test-util.h"
#include "xml-util.h"

#define HYPERVISOR "<feature policy='require' name='hypervisor'/>"

static char *
nested_domcaps (void)
{
  g_autofree char *path = g_build_filename (vd_test_srcdir (), "tests", "core",
                                            "domcaps-kvm-nested.xml", NULL);

  return vd_test_read_file (path);
}

/* DOMCAPS with the first FROM replaced by TO. */
static char *
replace_once (const char *domcaps, const char *from, const char *to)
{
  const char *at = strstr (domcaps, from);

  ck_assert_msg (at != NULL, "the test file has no %s", from);
  return g_strdup_printf ("%.*s%s%s", (int) (at - domcaps), domcaps, to, at + strlen (from));
}

START_TEST (test_nested_host)
{
  g_autofree char *caps = nested_domcaps ();

  ck_assert (vd_domcaps_host_is_virtual (caps));
}
END_TEST

START_TEST (test_bare_metal_host)
{
  g_autofree char *caps = nested_domcaps ();
  g_autofree char *bare = replace_once (caps, HYPERVISOR, "");

  ck_assert (!vd_domcaps_host_is_virtual (bare));
}
END_TEST

START_TEST (test_hypervisor_not_required)
{
  g_autofree char *caps = nested_domcaps ();
  g_autofree char *disabled =
    replace_once (caps, HYPERVISOR, "<feature policy='disable' name='hypervisor'/>");

  ck_assert (!vd_domcaps_host_is_virtual (disabled));
}
END_TEST

/* Only the host-model CPU describes the host; the same feature elsewhere
 * says nothing about it. */
static const char * const not_virtual[] = {
  "",
  "not XML",
  "<domainCapabilities/>",
  "<domainCapabilities><cpu/></domainCapabilities>",
  "<domainCapabilities><cpu><mode name='host-model' supported='no'/></cpu></domainCapabilities>",
  "<domainCapabilities><cpu><mode name='host-passthrough'>" HYPERVISOR
  "</mode></cpu></domainCapabilities>",
  "<domainCapabilities><cpu><mode name='custom'>" HYPERVISOR
  "</mode></cpu></domainCapabilities>",
  "<domainCapabilities><cpu><mode name='host-model'><model>EPYC</model></mode>"
  "<other>" HYPERVISOR "</other></cpu></domainCapabilities>",
  "<domainCapabilities><cpu><mode name='host-model'><x>" HYPERVISOR "</x></mode></cpu>"
  "</domainCapabilities>",
  "<domainCapabilities><cpu><mode name='host-model'/></cpu>"
  "<features>" HYPERVISOR "</features></domainCapabilities>",
  "<domainCapabilities><devices><mode name='host-model'>" HYPERVISOR "</mode></devices>"
  "</domainCapabilities>",
  "<capabilities><cpu><mode name='host-model'>" HYPERVISOR "</mode></cpu></capabilities>",
  "<domainCapabilities><cpu><mode name='host-model'>"
  "<feature policy='require' name='hypervisor2'/></mode></cpu></domainCapabilities>",
};

START_TEST (test_not_virtual)
{
  ck_assert_msg (!vd_domcaps_host_is_virtual (not_virtual[_i]), "%s", not_virtual[_i]);
}
END_TEST

static const char * const virtual[] = {
  "<domainCapabilities><cpu><mode name='host-model'>" HYPERVISOR "</mode></cpu>"
  "</domainCapabilities>",
  "<domainCapabilities><cpu><mode name='host-passthrough'/><mode name='host-model' "
  "supported='yes'><model fallback='forbid'>EPYC-Rome</model>"
  "<feature policy='require' name='x2apic'/>" HYPERVISOR "</mode>"
  "<mode name='custom'/></cpu></domainCapabilities>",
};

START_TEST (test_virtual)
{
  ck_assert_msg (vd_domcaps_host_is_virtual (virtual[_i]), "%s", virtual[_i]);
}
END_TEST

/* ---- the guest CPU on a nested host ---------------------------------- */

static char *
cpu_for_nested_host (const char *domain_xml)
{
  g_autoptr(xmlDoc) doc = vd_xml_parse (domain_xml, -1, "test", NULL);

  ck_assert_ptr_nonnull (doc);
  vd_domain_cpu_for_nested_host (doc);
  return vd_test_canonical_node (vd_xml_first_element (xmlDocGetRootElement (doc), "cpu"));
}

START_TEST (test_nested_cpu)
{
  g_autofree char *passthrough =
    cpu_for_nested_host ("<domain><cpu mode='host-passthrough' check='none'/></domain>");
  g_autofree char *model =
    cpu_for_nested_host ("<domain><cpu mode='host-model'/></domain>");
  g_autofree char *already =
    cpu_for_nested_host ("<domain><cpu mode='host-passthrough'>"
                         "<feature policy='require' name='arch-capabilities'/></cpu></domain>");
  g_autofree char *custom =
    cpu_for_nested_host ("<domain><cpu mode='custom'><model>qemu64</model></cpu></domain>");

  ck_assert_str_eq (passthrough, "<cpu mode=\"host-passthrough\" check=\"none\">"
                    "<feature policy=\"disable\" name=\"arch-capabilities\"/></cpu>");
  ck_assert_str_eq (model, "<cpu mode=\"host-model\">"
                    "<feature policy=\"disable\" name=\"arch-capabilities\"/></cpu>");
  /* What the domain says about the feature already stands. */
  ck_assert_str_eq (already, "<cpu mode=\"host-passthrough\">"
                    "<feature policy=\"require\" name=\"arch-capabilities\"/></cpu>");
  ck_assert_str_eq (custom, "<cpu mode=\"custom\"><model>qemu64</model></cpu>");
}
END_TEST

/* ---- which virtualization types the host offers --------------------- */

/* Host capabilities with x86_64 guests of the domain types TYPES. */
static char *
host_caps (const char * const *types)
{
  g_autoptr(GString) caps = g_string_new ("<capabilities><host><cpu><arch>x86_64</arch>"
                                          "</cpu></host>\n<guest><os_type>hvm</os_type>"
                                          "<arch name='x86_64'><wordsize>64</wordsize>");

  for (; *types; types++)
    g_string_append_printf (caps, "<domain type='%s'/>", *types);
  g_string_append (caps, "</arch></guest>\n<guest><os_type>hvm</os_type><arch name='i686'>"
                         "<domain type='kvm'/></arch></guest></capabilities>");
  return g_string_free (g_steal_pointer (&caps), FALSE);
}

/* A TCG-only host (no /dev/kvm) offers qemu, not kvm: --virt-type kvm
 * is refused there. */
START_TEST (test_caps_tcg_only)
{
  static const char * const types[] = { "qemu", NULL };
  g_autofree char *caps = host_caps (types);

  ck_assert_int_eq (vd_caps_offers_virt_type (caps, "kvm"), 0);
  ck_assert_int_eq (vd_caps_offers_virt_type (caps, "qemu"), 1);
}
END_TEST

START_TEST (test_caps_kvm)
{
  static const char * const types[] = { "qemu", "kvm", NULL };
  g_autofree char *caps = host_caps (types);

  ck_assert_int_eq (vd_caps_offers_virt_type (caps, "kvm"), 1);
  ck_assert_int_eq (vd_caps_offers_virt_type (caps, "qemu"), 1);
}
END_TEST

/* libvirt's test driver offers neither: it does not say. */
START_TEST (test_caps_neither)
{
  static const char * const types[] = { "test", NULL };
  g_autofree char *caps = host_caps (types);

  ck_assert_int_eq (vd_caps_offers_virt_type (caps, "kvm"), -1);
  ck_assert_int_eq (vd_caps_offers_virt_type ("not XML", "kvm"), -1);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("domain-cpu");
  TCase *tc = tcase_create ("domain-cpu");

  tcase_add_test (tc, test_nested_host);
  tcase_add_test (tc, test_bare_metal_host);
  tcase_add_test (tc, test_hypervisor_not_required);
  tcase_add_loop_test (tc, test_not_virtual, 0, G_N_ELEMENTS (not_virtual));
  tcase_add_loop_test (tc, test_virtual, 0, G_N_ELEMENTS (virtual));
  tcase_add_test (tc, test_nested_cpu);
  tcase_add_test (tc, test_caps_tcg_only);
  tcase_add_test (tc, test_caps_kvm);
  tcase_add_test (tc, test_caps_neither);
  suite_add_tcase (suite, tc);

  return vd_test_run_suite (suite);
}
