/* test-rdp-metadata.c: the RDP settings in a domain's <metadata>: read
 * back what was written, leave other applications' metadata alone, and
 * give back the original document byte for byte when removed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"
#include "rdp-test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/relaxng.h>

#include "test-util.h"
#include "rdp-metadata.h"
#include "xml-util.h"

/* Documents as vd_xml_serialize writes them, so that the text itself is
 * what comes back. */
static const char * const documents[] = {
  /* No <metadata>. */
  "<domain type=\"kvm\">\n"
  "  <name>win11</name>\n"
  "  <uuid>2b8a7c3e-1d52-4f0e-9b7a-6f1f2f3e4d5c</uuid>\n"
  "  <memory unit=\"KiB\">4194304</memory>\n"
  "  <devices>\n"
  "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
  "  </devices>\n"
  "</domain>\n",

  /* Another application's metadata only, with a comment. */
  "<domain type=\"kvm\">\n"
  "  <name>win11</name>\n"
  "  <title>Win &amp; &lt;co&gt;</title>\n"
  "  <metadata>\n"
  "    <!-- kept -->\n"
  "    <libosinfo:libosinfo xmlns:libosinfo=\"http://libosinfo.org/xmlns/libvirt/domain/1.0\">\n"
  "      <libosinfo:os id=\"http://microsoft.com/win/11\"/>\n"
  "    </libosinfo:libosinfo>\n"
  "  </metadata>\n"
  "  <memory unit=\"KiB\">4194304</memory>\n"
  "</domain>\n",

  /* vdctl's own element, as the template makes it, before another's. */
  "<domain type=\"kvm\">\n"
  "  <name>desktop</name>\n"
  "  <metadata>\n"
  "    <vdctl:desktop xmlns:vdctl=\"https://vdctl.org/xmlns/desktop/1.0\" profile=\"linux\"/>\n"
  "    <app:x xmlns:app=\"urn:example:app\" a=\"1\">text &amp; more</app:x>\n"
  "  </metadata>\n"
  "  <memory unit=\"MiB\">4096</memory>\n"
  "</domain>\n",

  /* Another prefix for vdctl's namespace, and something else of vdctl's
   * in it. */
  "<domain type=\"qemu\" id=\"3\">\n"
  "    <name>other-indent</name>\n"
  "    <metadata>\n"
  "        <vd:desktop xmlns:vd=\"https://vdctl.org/xmlns/desktop/1.0\">\n"
  "            <vd:note>keep me</vd:note>\n"
  "        </vd:desktop>\n"
  "    </metadata>\n"
  "</domain>\n",

  /* On one line. */
  "<domain type=\"kvm\"><name>one-line</name><memory>1048576</memory><devices/></domain>\n",

  /* Nothing libvirt puts before <metadata>. */
  "<domain type=\"kvm\">\n"
  "  <memory>1048576</memory>\n"
  "  <devices/>\n"
  "</domain>\n",

  /* Empty. */
  "<domain type=\"kvm\"/>\n",

  /* Tabs, and <metadata> that already holds an empty vdctl element with
   * an attribute. */
  "<domain type=\"kvm\">\n"
  "\t<name>tabs</name>\n"
  "\t<metadata><vdctl:desktop xmlns:vdctl=\"https://vdctl.org/xmlns/desktop/1.0\" profile=\"x\"/></metadata>\n"
  "</domain>\n",
};

static void
full_settings (VdRdpSettings *s)
{
  vd_rdp_settings_init (s);
  s->port = 3390;
  s->user = g_strdup ("Jérôme <&\"'> O'Brien");
  s->domain = g_strdup ("CORP & \"co\"");
  ck_assert (vd_rdp_policy_parse (&s->policy, "clipboard,drive:share=/home/u/Données & <x>,"
                                  "drive:tmp=/tmp,printers,smartcard,serial,parallel,audio,"
                                  "microphone,usb:054c:0268,usb:046d:c52b", NULL));
}

static xmlDoc *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  xmlDoc *doc = vd_xml_parse (text, -1, "test document", &error);

  ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
  return doc;
}

static void
check_reads_back (xmlDoc *doc, const VdRdpSettings *expected)
{
  g_autoptr(VdRdpSettings) got = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_msg (vd_rdp_metadata_read (doc, &got, &error), "%s", error ? error->message : "");
  ck_assert_ptr_nonnull (got);
  ck_assert (vd_rdp_settings_equal (got, expected));
}

/* Set, read back, remove: the text it started as. */
START_TEST (test_round_trip)
{
  const char *original = documents[_i];
  g_autoptr(xmlDoc) doc = parse (original);
  g_autofree char *first = vd_xml_serialize (doc);
  g_autofree char *written = NULL;
  g_autofree char *removed = NULL;
  g_autoptr(VdRdpSettings) none = NULL;
  VdRdpSettings s;

  /* The documents are in the writer's own form. */
  ck_assert_str_eq (first, original);
  ck_assert (vd_rdp_metadata_read (doc, &none, NULL));
  ck_assert_ptr_null (none);

  full_settings (&s);
  ck_assert (vd_rdp_metadata_write (doc, &s, NULL));
  check_reads_back (doc, &s);
  written = vd_xml_serialize (doc);
  ck_assert_str_ne (written, original);

  ck_assert (vd_rdp_metadata_remove (doc));
  removed = vd_xml_serialize (doc);
  ck_assert_str_eq (removed, original);
  ck_assert (!vd_rdp_metadata_remove (doc));
  vd_rdp_settings_clear (&s);
}
END_TEST

/* The same through text, as it goes through libvirt: write, serialize,
 * parse again, write other settings, serialize, parse, remove. */
START_TEST (test_round_trip_through_text)
{
  const char *original = documents[_i];
  g_autoptr(xmlDoc) doc = parse (original);
  g_autoptr(xmlDoc) doc2 = NULL;
  g_autoptr(xmlDoc) doc3 = NULL;
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *text3 = NULL;
  VdRdpSettings s, t;

  full_settings (&s);
  vd_rdp_settings_init (&t);
  t.user = g_strdup ("bob");
  ck_assert (vd_rdp_policy_parse (&t.policy, "clipboard", NULL));

  ck_assert (vd_rdp_metadata_write (doc, &s, NULL));
  text1 = vd_xml_serialize (doc);
  doc2 = parse (text1);
  check_reads_back (doc2, &s);
  ck_assert (vd_rdp_metadata_write (doc2, &t, NULL));
  check_reads_back (doc2, &t);
  text2 = vd_xml_serialize (doc2);
  /* One <rdp>, replaced where it was. */
  ck_assert (strstr (text2, "rdp port=\"3389\" user=\"bob\"") != NULL);
  ck_assert (strstr (text2, "3390") == NULL);
  doc3 = parse (text2);
  ck_assert (vd_rdp_metadata_remove (doc3));
  text3 = vd_xml_serialize (doc3);
  ck_assert_str_eq (text3, original);
  vd_rdp_settings_clear (&s);
  vd_rdp_settings_clear (&t);
}
END_TEST

/* The exact form written into a document with no metadata.  (ASCII
 * values: how non-ASCII ones are spelled is the serializer's business;
 * the round trips above read them back.) */
START_TEST (test_written_form)
{
  g_autoptr(xmlDoc) doc = parse (documents[0]);
  g_autofree char *text = NULL;
  VdRdpSettings s;

  vd_rdp_settings_init (&s);
  s.port = 3390;
  s.user = g_strdup ("<&\"'> O'Brien");
  s.domain = g_strdup ("CORP & \"co\"");
  ck_assert (vd_rdp_policy_parse (&s.policy, "clipboard,drive:share=/home/u/a & <x>,"
                                  "drive:tmp=/tmp,printers,smartcard,serial,parallel,audio,"
                                  "microphone,usb:054c:0268,usb:046d:c52b", NULL));
  ck_assert (vd_rdp_metadata_write (doc, &s, NULL));
  text = vd_xml_serialize (doc);
  ck_assert_str_eq (text,
    "<domain type=\"kvm\">\n"
    "  <name>win11</name>\n"
    "  <uuid>2b8a7c3e-1d52-4f0e-9b7a-6f1f2f3e4d5c</uuid>\n"
    "  <metadata>\n"
    "    <vdctl:desktop xmlns:vdctl=\"https://vdctl.org/xmlns/desktop/1.0\">\n"
    "      <vdctl:rdp port=\"3390\" user=\"&lt;&amp;&quot;'&gt; O'Brien\" "
    "domain=\"CORP &amp; &quot;co&quot;\">\n"
    "        <vdctl:redirect type=\"clipboard\"/>\n"
    "        <vdctl:redirect type=\"drive\" name=\"share\" path=\"/home/u/a &amp; &lt;x&gt;\"/>\n"
    "        <vdctl:redirect type=\"drive\" name=\"tmp\" path=\"/tmp\"/>\n"
    "        <vdctl:redirect type=\"printers\"/>\n"
    "        <vdctl:redirect type=\"smartcard\"/>\n"
    "        <vdctl:redirect type=\"serial\"/>\n"
    "        <vdctl:redirect type=\"parallel\"/>\n"
    "        <vdctl:redirect type=\"audio\"/>\n"
    "        <vdctl:redirect type=\"microphone\"/>\n"
    "        <vdctl:redirect type=\"usb\" vendor=\"054c\" product=\"0268\"/>\n"
    "        <vdctl:redirect type=\"usb\" vendor=\"046d\" product=\"c52b\"/>\n"
    "      </vdctl:rdp>\n"
    "    </vdctl:desktop>\n"
    "  </metadata>\n"
    "  <memory unit=\"KiB\">4194304</memory>\n"
    "  <devices>\n"
    "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
    "  </devices>\n"
    "</domain>\n");
  vd_rdp_settings_clear (&s);
}
END_TEST

/* Other applications' metadata, and vdctl's own other content, are the
 * same text before and after. */
START_TEST (test_others_untouched)
{
  g_autoptr(xmlDoc) doc = parse (documents[2]);
  g_autoptr(xmlDoc) doc2 = parse (documents[3]);
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  VdRdpSettings s;

  vd_rdp_settings_init (&s);
  ck_assert (vd_rdp_metadata_write (doc, &s, NULL));
  text = vd_xml_serialize (doc);
  ck_assert (strstr (text, "    <vdctl:desktop xmlns:vdctl=\"https://vdctl.org/xmlns/desktop/1.0\" "
                           "profile=\"linux\">\n      <vdctl:rdp port=\"3389\"/>\n    </vdctl:desktop>\n"
                           "    <app:x xmlns:app=\"urn:example:app\" a=\"1\">text &amp; more</app:x>\n")
             != NULL);

  ck_assert (vd_rdp_metadata_write (doc2, &s, NULL));
  text2 = vd_xml_serialize (doc2);
  ck_assert_msg (strstr (text2, "        <vd:desktop xmlns:vd=\"https://vdctl.org/xmlns/desktop/1.0\">\n"
                                "            <vd:note>keep me</vd:note>\n"
                                "            <vd:rdp port=\"3389\"/>\n"
                                "        </vd:desktop>\n") != NULL, "%s", text2);
  vd_rdp_settings_clear (&s);
}
END_TEST

static const char * const invalid_metadata[] = {
  "<vdctl:rdp port=\"0\"/>",
  "<vdctl:rdp port=\"65536\"/>",
  "<vdctl:rdp port=\"33x\"/>",
  "<vdctl:rdp port=\"-1\"/>",
  "<vdctl:rdp user=\"a&#10;full address:s:evil\"/>",
  "<vdctl:rdp domain=\"a&#13;b\"/>",
  "<vdctl:rdp user=\"\"/>",
  "<vdctl:rdp><vdctl:redirect type=\"everything\"/></vdctl:rdp>",
  "<vdctl:rdp><vdctl:redirect/></vdctl:rdp>",
  "<vdctl:rdp><vdctl:redirect type=\"drive\" name=\"share\"/></vdctl:rdp>",
  "<vdctl:rdp><vdctl:redirect type=\"drive\" path=\"/tmp\"/></vdctl:rdp>",
  "<vdctl:rdp><vdctl:redirect type=\"drive\" name=\"a,b\" path=\"/tmp\"/></vdctl:rdp>",
  "<vdctl:rdp><vdctl:redirect type=\"drive\" name=\"s\" path=\"/tmp&#10;x\"/></vdctl:rdp>",
  "<vdctl:rdp><vdctl:redirect type=\"usb\" vendor=\"54c\" product=\"0268\"/></vdctl:rdp>",
  "<vdctl:rdp><vdctl:redirect type=\"usb\" vendor=\"054c\"/></vdctl:rdp>",
  "<vdctl:rdp><vdctl:bogus/></vdctl:rdp>",
};

START_TEST (test_invalid)
{
  g_autofree char *text = g_strdup_printf (
    "<domain type=\"kvm\"><name>x</name><metadata>"
    "<vdctl:desktop xmlns:vdctl=\"https://vdctl.org/xmlns/desktop/1.0\">%s</vdctl:desktop>"
    "</metadata></domain>", invalid_metadata[_i]);
  g_autoptr(xmlDoc) doc = parse (text);
  g_autoptr(VdRdpSettings) got = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_msg (!vd_rdp_metadata_read (doc, &got, &error), "accepted: %s", invalid_metadata[_i]);
  ck_assert_ptr_null (got);
  ck_assert (g_error_matches (error, VD_RDP_METADATA_ERROR, VD_RDP_METADATA_ERROR_INVALID));
  ck_assert (g_str_has_prefix (error->message, "the RDP settings recorded in the domain's "
                                               "metadata are not valid: "));
  /* Settings that cannot be read can still be removed. */
  ck_assert (vd_rdp_metadata_remove (doc));
}
END_TEST

/* Elements of another namespace that look like vdctl's are not read. */
START_TEST (test_foreign_namespace)
{
  g_autoptr(xmlDoc) doc = parse (
    "<domain type=\"kvm\"><metadata>"
    "<x:desktop xmlns:x=\"https://vdctl.org/xmlns/desktop/2.0\"><x:rdp port=\"1\"/></x:desktop>"
    "<desktop><rdp port=\"2\"/></desktop>"
    "</metadata></domain>");
  g_autoptr(VdRdpSettings) got = NULL;

  ck_assert (vd_rdp_metadata_read (doc, &got, NULL));
  ck_assert_ptr_null (got);
  ck_assert (!vd_rdp_metadata_remove (doc));
}
END_TEST

START_TEST (test_not_a_domain)
{
  g_autoptr(xmlDoc) doc = parse ("<network><name>x</name></network>");
  g_autoptr(VdRdpSettings) got = NULL;
  g_autoptr(GError) error = NULL;
  VdRdpSettings s;

  ck_assert (!vd_rdp_metadata_read (doc, &got, &error));
  ck_assert (g_error_matches (error, VD_RDP_METADATA_ERROR, VD_RDP_METADATA_ERROR_DOCUMENT));
  g_clear_error (&error);
  vd_rdp_settings_init (&s);
  ck_assert (!vd_rdp_metadata_write (doc, &s, &error));
  ck_assert (g_error_matches (error, VD_RDP_METADATA_ERROR, VD_RDP_METADATA_ERROR_DOCUMENT));
  vd_rdp_settings_clear (&s);
}
END_TEST

/* ---- the corpus ---------------------------------------------------- */

static xmlRelaxNGPtr schema;

static gboolean
validates (xmlDoc *doc)
{
  xmlRelaxNGValidCtxtPtr ctxt;
  int rc;

  if (schema == NULL)
    return TRUE;
  ctxt = xmlRelaxNGNewValidCtxt (schema);
  xmlRelaxNGSetValidErrors (ctxt, NULL, NULL, NULL);
  rc = xmlRelaxNGValidateDoc (ctxt, doc);
  xmlRelaxNGFreeValidCtxt (ctxt);
  return rc == 0;
}

static void
silent (void *ctx, const char *msg, ...)
{
}

/* Every real domain document: set, read back, still valid where it was,
 * and back byte for byte once removed. */
START_TEST (test_corpus)
{
  const char *dir = g_getenv ("VDCTL_CORPUS");
  g_autoptr(GDir) d = NULL;
  const char *entry;
  int checked = 0, valid = 0;
  VdRdpSettings s;

  if (dir == NULL || (d = g_dir_open (dir, 0, NULL)) == NULL)
    {
      printf ("SKIP corpus round trip: the corpus of domain XML documents is absent "
              "(%s); set VDCTL_CORPUS\n", dir ? dir : "VDCTL_CORPUS unset");
      return;
    }
  if (g_file_test (VD_TEST_DOMAIN_RNG, G_FILE_TEST_EXISTS))
    {
      xmlRelaxNGParserCtxtPtr pctxt = xmlRelaxNGNewParserCtxt (VD_TEST_DOMAIN_RNG);

      xmlSetGenericErrorFunc (NULL, silent);
      schema = xmlRelaxNGParse (pctxt);
      xmlRelaxNGFreeParserCtxt (pctxt);
    }

  full_settings (&s);
  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      g_autofree char *text = NULL;
      g_autofree char *original = NULL;
      g_autofree char *after = NULL;
      g_autoptr(xmlDoc) doc = NULL;
      gboolean was_valid;

      if (!g_str_has_suffix (entry, ".xml"))
        continue;
      ck_assert (g_file_get_contents (path, &text, NULL, NULL));
      doc = parse (text);
      original = vd_xml_serialize (doc);
      was_valid = validates (doc);

      ck_assert_msg (vd_rdp_metadata_write (doc, &s, NULL), "%s", entry);
      check_reads_back (doc, &s);
      ck_assert_msg (!was_valid || validates (doc),
                     "%s: valid before, not with the RDP settings", entry);
      valid += was_valid && schema != NULL;
      ck_assert_msg (vd_rdp_metadata_remove (doc), "%s", entry);
      after = vd_xml_serialize (doc);
      ck_assert_msg (strcmp (after, original) == 0, "%s: not the same document after "
                     "writing and removing the RDP settings", entry);
      checked++;
    }
  ck_assert_int_gt (checked, 0);
  printf ("corpus: %d documents round-tripped, %d of them valid against libvirt's "
          "schema before and after\n", checked, valid);
  vd_rdp_settings_clear (&s);
  g_clear_pointer (&schema, xmlRelaxNGFree);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("rdp-metadata");
  TCase *tc = tcase_create ("metadata");

  tcase_set_timeout (tc, 120);
  tcase_add_loop_test (tc, test_round_trip, 0, G_N_ELEMENTS (documents));
  tcase_add_loop_test (tc, test_round_trip_through_text, 0, G_N_ELEMENTS (documents));
  tcase_add_test (tc, test_written_form);
  tcase_add_test (tc, test_others_untouched);
  tcase_add_loop_test (tc, test_invalid, 0, G_N_ELEMENTS (invalid_metadata));
  tcase_add_test (tc, test_foreign_namespace);
  tcase_add_test (tc, test_not_a_domain);
  tcase_add_test (tc, test_corpus);
  suite_add_tcase (suite, tc);

  return vd_test_run_suite (suite);
}
