/* test-leave.c: what happens when the user leaves (leave-policy.c): the
 * parsers of ACTION[:DELAY] and of durations, good and bad, the
 * <vdctl:leave> record read and written next to other metadata, through
 * vd_domain_apply as create and edit use it, and into a pool's seats.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xpathInternals.h>

#include "test-util.h"
#include "desktop-metadata.h"
#include "domain-xml.h"
#include "leave-policy.h"
#include "pool-record.h"
#include "pool-seat.h"
#include "values.h"
#include "xml-util.h"

/* ---- ACTION[:DELAY] ------------------------------------------------ */

static const struct {
  const char *text;
  VdLeaveAction action;
  guint delay;
} good_actions[] = {
  { "none", VD_LEAVE_NONE, 0 },
  { "lock", VD_LEAVE_LOCK, 0 },
  { "logoff", VD_LEAVE_LOGOFF, 0 },
  { "shutdown", VD_LEAVE_SHUTDOWN, 0 },
  { "poweroff", VD_LEAVE_POWEROFF, 0 },
  { "reset", VD_LEAVE_RESET, 0 },
  { "lock:30s", VD_LEAVE_LOCK, 30 },
  { "logoff:5m", VD_LEAVE_LOGOFF, 300 },
  { "shutdown:1h", VD_LEAVE_SHUTDOWN, 3600 },
  { "poweroff:90", VD_LEAVE_POWEROFF, 90 },
  { "poweroff:0", VD_LEAVE_POWEROFF, 0 },
  { "poweroff:0s", VD_LEAVE_POWEROFF, 0 },
  { "reset:007", VD_LEAVE_RESET, 7 },
  { "poweroff:24h", VD_LEAVE_POWEROFF, 86400 },
  { "poweroff:1440m", VD_LEAVE_POWEROFF, 86400 },
  { "poweroff:86400", VD_LEAVE_POWEROFF, 86400 },
  { "poweroff:0000000000000000000005", VD_LEAVE_POWEROFF, 5 },
};

START_TEST (test_action_good)
{
  g_autoptr(GError) error = NULL;
  VdLeaveAction action = 99;
  guint delay = 99;

  ck_assert_msg (vd_leave_action_parse (good_actions[_i].text, &action, &delay, &error),
                 "%s: %s", good_actions[_i].text, error ? error->message : "");
  ck_assert_int_eq (action, good_actions[_i].action);
  ck_assert_uint_eq (delay, good_actions[_i].delay);
}
END_TEST

#define HINT "give seconds, or a number with s, m or h (30s, 5m, 1h)"
#define ACTIONS "(none, lock, logoff, shutdown, poweroff, reset)"

static const struct {
  const char *text;
  const char *message;
} bad_actions[] = {
  { "sleep", "unknown action 'sleep' " ACTIONS },
  { "POWEROFF", "unknown action 'POWEROFF' " ACTIONS },
  { " lock", "unknown action ' lock' " ACTIONS },
  { "lock ", "unknown action 'lock ' " ACTIONS },
  { "sleep:5m", "unknown action 'sleep' " ACTIONS },
  { "off\n", "unknown action 'off\\n' " ACTIONS },
  { "", "no action in '' " ACTIONS },
  { ":5m", "no action in ':5m' " ACTIONS },
  { "poweroff:", "invalid delay '' in 'poweroff:': " HINT },
  { "poweroff:5x", "invalid delay '5x' in 'poweroff:5x': " HINT },
  { "poweroff:-1", "invalid delay '-1' in 'poweroff:-1': " HINT },
  { "poweroff:+5", "invalid delay '+5' in 'poweroff:+5': " HINT },
  { "poweroff: 5", "invalid delay ' 5' in 'poweroff: 5': " HINT },
  { "poweroff:5 ", "invalid delay '5 ' in 'poweroff:5 ': " HINT },
  { "poweroff:5M", "invalid delay '5M' in 'poweroff:5M': " HINT },
  { "poweroff:1.5h", "invalid delay '1.5h' in 'poweroff:1.5h': " HINT },
  { "poweroff:1h30m", "invalid delay '1h30m' in 'poweroff:1h30m': " HINT },
  { "poweroff:1d", "invalid delay '1d' in 'poweroff:1d': " HINT },
  { "poweroff:m", "invalid delay 'm' in 'poweroff:m': " HINT },
  { "poweroff:5m:3", "invalid delay '5m:3' in 'poweroff:5m:3': " HINT },
  { "poweroff:25h", "invalid delay '25h' in 'poweroff:25h': at most 24h (86400 seconds)" },
  { "poweroff:86401", "invalid delay '86401' in 'poweroff:86401': at most 24h (86400 seconds)" },
  { "poweroff:1441m", "invalid delay '1441m' in 'poweroff:1441m': at most 24h (86400 seconds)" },
  { "poweroff:99999999999999999999999h",
    "invalid delay '99999999999999999999999h' in 'poweroff:99999999999999999999999h': "
    "at most 24h (86400 seconds)" },
  { "none:5m", "action 'none' takes no delay, in 'none:5m'" },
  { "none:0", "action 'none' takes no delay, in 'none:0'" },
  { "none:", "action 'none' takes no delay, in 'none:'" },
};

START_TEST (test_action_bad)
{
  g_autoptr(GError) error = NULL;
  VdLeaveAction action = VD_LEAVE_LOCK;
  guint delay = 42;

  ck_assert_msg (!vd_leave_action_parse (bad_actions[_i].text, &action, &delay, &error),
                 "'%s' was taken as %d:%u", bad_actions[_i].text, action, delay);
  ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
  ck_assert_str_eq (error->message, bad_actions[_i].message);
  /* Nothing is set on failure. */
  ck_assert_int_eq (action, VD_LEAVE_LOCK);
  ck_assert_uint_eq (delay, 42);
}
END_TEST

START_TEST (test_action_names)
{
  VdLeaveAction action;

  for (int a = VD_LEAVE_NONE; a <= VD_LEAVE_RESET; a++)
    {
      const char *name = vd_leave_action_to_string ((VdLeaveAction) a);

      ck_assert_ptr_nonnull (name);
      ck_assert_str_eq (name, vd_leave_action_names[a]);
      ck_assert (vd_leave_action_from_string (name, &action));
      ck_assert_int_eq (action, a);
    }
  ck_assert_str_eq (vd_leave_action_to_string (VD_LEAVE_POWEROFF), "poweroff");
  ck_assert_ptr_null (vd_leave_action_to_string ((VdLeaveAction) (VD_LEAVE_RESET + 1)));
  ck_assert_ptr_null (vd_leave_action_to_string ((VdLeaveAction) -1));
  ck_assert_ptr_null (vd_leave_action_names[VD_LEAVE_RESET + 1]);
  ck_assert (!vd_leave_action_from_string (NULL, &action));
  ck_assert (!vd_leave_action_from_string ("Lock", &action));
}
END_TEST

/* ---- durations ----------------------------------------------------- */

START_TEST (test_duration)
{
  static const struct { const char *text; guint seconds; } good[] = {
    { "0", 0 }, { "0s", 0 }, { "0m", 0 }, { "0h", 0 }, { "1", 1 }, { "90", 90 },
    { "30s", 30 }, { "5m", 300 }, { "1h", 3600 }, { "24h", 86400 }, { "86400s", 86400 },
  };
  static const char * const bad[] = {
    "", "s", "-1", "-0", "+1", "5x", "1 h", " 1h", "1hh", "1h30m", "1.5", "0x10", "1e3",
    "1d", "1H", "86401", "25h", "1441m", "none", "off",
  };
  g_autoptr(GError) error = NULL;
  guint seconds;

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      seconds = 12345;
      ck_assert_msg (vd_duration_parse (good[i].text, &seconds, &error), "%s: %s",
                     good[i].text, error ? error->message : "");
      ck_assert_uint_eq (seconds, good[i].seconds);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      seconds = 12345;
      ck_assert_msg (!vd_duration_parse (bad[i], &seconds, &error), "'%s' was taken", bad[i]);
      ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
      ck_assert (g_str_has_prefix (error->message, "invalid duration '"));
      ck_assert_uint_eq (seconds, 12345);
      g_clear_error (&error);
    }
  ck_assert (!vd_duration_parse ("5x", &seconds, &error));
  ck_assert_str_eq (error->message, "invalid duration '5x': " HINT);
  g_clear_error (&error);
  ck_assert (!vd_duration_parse ("2d", &seconds, NULL));
}
END_TEST

START_TEST (test_idle_shutdown)
{
  g_autoptr(GError) error = NULL;
  guint seconds = 7;

  ck_assert (vd_idle_shutdown_parse ("none", &seconds, NULL));
  ck_assert_uint_eq (seconds, 0);
  seconds = 7;
  ck_assert (vd_idle_shutdown_parse ("off", &seconds, NULL));
  ck_assert_uint_eq (seconds, 0);
  seconds = 7;
  ck_assert (vd_idle_shutdown_parse ("0", &seconds, NULL));
  ck_assert_uint_eq (seconds, 0);
  ck_assert (vd_idle_shutdown_parse ("30m", &seconds, NULL));
  ck_assert_uint_eq (seconds, 1800);
  ck_assert (vd_idle_shutdown_parse ("24h", &seconds, NULL));
  ck_assert_uint_eq (seconds, 86400);

  ck_assert (!vd_idle_shutdown_parse ("never", &seconds, &error));
  ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
  ck_assert_str_eq (error->message, "invalid duration 'never': " HINT
                                    "; or 0, none or off for never");
  g_clear_error (&error);
  ck_assert (!vd_idle_shutdown_parse ("", &seconds, &error));
  g_clear_error (&error);
  ck_assert (!vd_idle_shutdown_parse ("NONE", &seconds, NULL));
  ck_assert (!vd_idle_shutdown_parse ("-1", &seconds, NULL));
  ck_assert (!vd_idle_shutdown_parse ("48h", &seconds, &error));
  ck_assert_str_eq (error->message, "invalid duration '48h': at most 24h (86400 seconds); "
                                    "or 0, none or off for never");
  ck_assert_uint_eq (seconds, 86400);
}
END_TEST

START_TEST (test_duration_words)
{
  static const struct { guint seconds; const char *text; } cases[] = {
    { 0, "0 s" }, { 1, "1 s" }, { 30, "30 s" }, { 60, "1 min" }, { 90, "1 min 30 s" },
    { 300, "5 min" }, { 3600, "1 h" }, { 3661, "1 h 1 min 1 s" }, { 5400, "1 h 30 min" },
    { 7205, "2 h 5 s" }, { 86400, "24 h" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = vd_duration_to_string (cases[i].seconds);

      ck_assert_str_eq (text, cases[i].text);
    }
}
END_TEST

/* ---- the record ---------------------------------------------------- */

/* Another application's metadata, vdctl's profile and RDP settings, a
 * comment, and libvirt's own elements around <metadata>. */
#define RICH \
  "<domain type='kvm'>\n" \
  "  <name>lab</name>\n" \
  "  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>\n" \
  "  <metadata>\n" \
  "    <other:app xmlns:other=\"https://example.org/other\" mode=\"x\"/>\n" \
  "    <vdctl:desktop xmlns:vdctl=\"https://vdctl.org/xmlns/desktop/1.0\" profile=\"linux\">\n" \
  "      <!-- kept -->\n" \
  "      <vdctl:rdp port=\"3389\" user=\"alice\"/>\n" \
  "    </vdctl:desktop>\n" \
  "  </metadata>\n" \
  "  <memory unit='MiB'>2048</memory>\n" \
  "  <vcpu>2</vcpu>\n" \
  "  <os>\n" \
  "    <type arch='x86_64' machine='q35'>hvm</type>\n" \
  "  </os>\n" \
  "</domain>\n"

#define BARE \
  "<domain type='kvm'>\n" \
  "  <name>lab</name>\n" \
  "  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>\n" \
  "  <memory unit='MiB'>2048</memory>\n" \
  "  <vcpu>2</vcpu>\n" \
  "  <os>\n" \
  "    <type arch='x86_64' machine='q35'>hvm</type>\n" \
  "  </os>\n" \
  "</domain>\n"

static char *
xpath (xmlDoc *doc, const char *expr)
{
  g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext (doc);
  g_autoptr(xmlXPathObject) obj = NULL;
  xmlChar *s;
  char *copy;

  xmlXPathRegisterNs (ctx, (const xmlChar *) "v", (const xmlChar *) VD_XMLNS_DESKTOP);
  xmlXPathRegisterNs (ctx, (const xmlChar *) "o", (const xmlChar *) "https://example.org/other");
  obj = xmlXPathEvalExpression ((const xmlChar *) expr, ctx);
  ck_assert_msg (obj != NULL, "bad XPath %s", expr);
  s = xmlXPathCastToString (obj);
  copy = g_strdup ((const char *) s);
  xmlFree (s);
  return copy;
}

static void
assert_xpath (xmlDoc *doc, const char *expr, const char *expected)
{
  g_autofree char *got = xpath (doc, expr);

  ck_assert_msg (strcmp (got, expected) == 0, "%s: '%s', expected '%s'", expr, got, expected);
}

static void
assert_valid (xmlDoc *doc)
{
  g_autofree char *problem = NULL;

  ck_assert_msg (vd_test_schema_validate (doc, &problem), "%s", problem);
}

static void
assert_policy (xmlDoc *doc, VdLeaveAction action, guint delay, guint idle)
{
  VdLeavePolicy read;

  vd_leave_policy_read (xmlDocGetRootElement (doc), &read);
  ck_assert_int_eq (read.action, action);
  ck_assert_uint_eq (read.delay, delay);
  ck_assert_uint_eq (read.idle_shutdown, idle);
}

static const char * const starts[] = { BARE, RICH };

/* Written, read back, written over, removed: the document it started
 * from, byte for byte, and every step valid. */
START_TEST (test_round_trip)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (starts[_i]);
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autofree char *before = vd_xml_serialize (doc);
  g_autofree char *after = NULL;
  VdLeavePolicy policy = { VD_LEAVE_POWEROFF, 300, 1800 };
  VdLeavePolicy nothing = { VD_LEAVE_NONE, 0, 0 };

  assert_policy (doc, VD_LEAVE_NONE, 0, 0);
  vd_leave_policy_write (root, &policy);
  assert_policy (doc, VD_LEAVE_POWEROFF, 300, 1800);
  assert_xpath (doc, "count(/domain/metadata/v:desktop/v:leave)", "1");
  assert_xpath (doc, "string(//v:leave/@on-disconnect)", "poweroff");
  assert_xpath (doc, "string(//v:leave/@delay)", "300");
  assert_xpath (doc, "string(//v:leave/@idle-shutdown)", "1800");
  assert_valid (doc);

  /* Over the record: still one element, the new values. */
  policy = (VdLeavePolicy) { VD_LEAVE_LOCK, 0, 0 };
  vd_leave_policy_write (root, &policy);
  assert_policy (doc, VD_LEAVE_LOCK, 0, 0);
  assert_xpath (doc, "count(//v:leave)", "1");
  assert_xpath (doc, "string(//v:leave/@delay)", "0");
  assert_xpath (doc, "count(//v:leave/@idle-shutdown)", "0");
  assert_valid (doc);

  vd_leave_policy_write (root, &nothing);
  after = vd_xml_serialize (doc);
  ck_assert_str_eq (after, before);
}
END_TEST

/* Other metadata stays as it was, and the record goes after it. */
START_TEST (test_keeps_other_metadata)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (RICH);
  VdLeavePolicy policy = { VD_LEAVE_RESET, 60, 0 };

  vd_leave_policy_write (xmlDocGetRootElement (doc), &policy);
  assert_xpath (doc, "count(/domain/metadata/*)", "2");
  assert_xpath (doc, "string(/domain/metadata/o:app/@mode)", "x");
  assert_xpath (doc, "string(//v:desktop/@profile)", "linux");
  assert_xpath (doc, "string(//v:rdp/@user)", "alice");
  assert_xpath (doc, "count(//v:desktop/comment())", "1");
  assert_xpath (doc, "local-name(//v:desktop/*[last()])", "leave");
  assert_xpath (doc, "string(//v:leave/@on-disconnect)", "reset");
  assert_xpath (doc, "count(//v:leave/@idle-shutdown)", "0");
  assert_valid (doc);
}
END_TEST

/* An idle shutdown alone, and a delay that means nothing without an
 * action: neither an on-disconnect nor a delay attribute. */
START_TEST (test_idle_only)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (BARE);
  xmlNode *root = xmlDocGetRootElement (doc);
  VdLeavePolicy policy = { VD_LEAVE_NONE, 30, 3600 };
  VdLeavePolicy none_with_delay = { VD_LEAVE_NONE, 30, 0 };
  g_autofree char *bare = vd_xml_serialize (doc);
  g_autofree char *after = NULL;

  vd_leave_policy_write (root, &policy);
  assert_policy (doc, VD_LEAVE_NONE, 0, 3600);
  assert_xpath (doc, "count(//v:leave/@*)", "1");
  assert_xpath (doc, "string(//v:leave/@idle-shutdown)", "3600");
  assert_valid (doc);
  ck_assert (vd_leave_policy_is_empty (&none_with_delay));
  ck_assert (!vd_leave_policy_is_empty (&policy));
  vd_leave_policy_write (root, &none_with_delay);
  after = vd_xml_serialize (doc);
  ck_assert_str_eq (after, bare);
}
END_TEST

/* What cannot be read counts as nothing, field by field. */
static const struct {
  const char *leave;
  VdLeaveAction action;
  guint delay;
  guint idle;
} odd_records[] = {
  { "<vdctl:leave on-disconnect='logoff' delay='120' idle-shutdown='60'/>",
    VD_LEAVE_LOGOFF, 120, 60 },
  { "<vdctl:leave on-disconnect='sleep' delay='120' idle-shutdown='60'/>",
    VD_LEAVE_NONE, 0, 60 },
  { "<vdctl:leave on-disconnect='none' delay='120'/>", VD_LEAVE_NONE, 0, 0 },
  { "<vdctl:leave on-disconnect='lock' delay='soon' idle-shutdown='-5'/>",
    VD_LEAVE_LOCK, 0, 0 },
  { "<vdctl:leave on-disconnect='lock' delay='86401' idle-shutdown='+5'/>",
    VD_LEAVE_LOCK, 0, 0 },
  { "<vdctl:leave on-disconnect='lock' delay=' 5' idle-shutdown='5m'/>",
    VD_LEAVE_LOCK, 0, 0 },
  { "<vdctl:leave/>", VD_LEAVE_NONE, 0, 0 },
  { "<other:leave xmlns:other='https://example.org/other' on-disconnect='lock'/>",
    VD_LEAVE_NONE, 0, 0 },
  { "", VD_LEAVE_NONE, 0, 0 },
};

START_TEST (test_read_odd)
{
  g_autofree char *xml = g_strdup_printf (
    "<domain type='kvm'><name>x</name><metadata>"
    "<vdctl:desktop xmlns:vdctl='" VD_XMLNS_DESKTOP "'>%s</vdctl:desktop>"
    "</metadata></domain>", odd_records[_i].leave);
  g_autoptr(xmlDoc) doc = vd_test_parse (xml);

  assert_policy (doc, odd_records[_i].action, odd_records[_i].delay, odd_records[_i].idle);
}
END_TEST

START_TEST (test_read_nothing)
{
  g_autoptr(xmlDoc) bare = vd_test_parse (BARE);
  /* vdctl's element outside libvirt's own <metadata> is not vdctl's. */
  g_autoptr(xmlDoc) elsewhere = vd_test_parse (
    "<domain type='kvm'><name>x</name><description/>"
    "<vdctl:desktop xmlns:vdctl='" VD_XMLNS_DESKTOP "'>"
    "<vdctl:leave on-disconnect='lock'/></vdctl:desktop></domain>");
  VdLeavePolicy p = { VD_LEAVE_RESET, 9, 9 };

  vd_leave_policy_read (xmlDocGetRootElement (bare), &p);
  ck_assert (vd_leave_policy_is_empty (&p) && p.delay == 0);
  assert_policy (elsewhere, VD_LEAVE_NONE, 0, 0);
}
END_TEST

/* ---- through vd_domain_apply, as create and edit ------------------- */

START_TEST (test_apply)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (RICH);
  g_autofree char *before = vd_xml_serialize (doc);
  g_autofree char *unchanged = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(VdDesktopSettings) s = { 0, };
  g_auto(VdDesktopInfo) info = { 0, };

  /* Nothing asked: nothing changes. */
  vd_desktop_settings_init (&s);
  ck_assert (vd_domain_apply (doc, &s, &error));
  unchanged = vd_xml_serialize (doc);
  ck_assert_str_eq (unchanged, before);

  s.on_disconnect = VD_LEAVE_SHUTDOWN;
  s.on_disconnect_delay = 120;
  ck_assert (vd_domain_apply (doc, &s, &error));
  assert_policy (doc, VD_LEAVE_SHUTDOWN, 120, 0);

  /* Only what is named changes. */
  vd_desktop_settings_init (&s);
  s.idle_shutdown = 900;
  ck_assert (vd_domain_apply (doc, &s, &error));
  assert_policy (doc, VD_LEAVE_SHUTDOWN, 120, 900);
  ck_assert (vd_domain_read (doc, &info, &error));
  ck_assert_int_eq (info.leave.action, VD_LEAVE_SHUTDOWN);
  ck_assert_uint_eq (info.leave.delay, 120);
  ck_assert_uint_eq (info.leave.idle_shutdown, 900);
  assert_valid (doc);

  vd_desktop_settings_init (&s);
  s.on_disconnect = VD_LEAVE_NONE;
  ck_assert (vd_domain_apply (doc, &s, &error));
  assert_policy (doc, VD_LEAVE_NONE, 0, 900);

  /* None and never: no trace left. */
  vd_desktop_settings_init (&s);
  s.idle_shutdown = 0;
  ck_assert (vd_domain_apply (doc, &s, &error));
  after = vd_xml_serialize (doc);
  ck_assert_str_eq (after, before);
}
END_TEST

/* A policy made for a golden domain (pool create applies the options to
 * it) is in the definition of every seat made from it. */
START_TEST (test_seat_keeps_policy)
{
  g_autoptr(xmlDoc) golden = vd_test_parse (
    "<domain type='kvm'><name>gold</name>"
    "<memory unit='MiB'>2048</memory><vcpu>2</vcpu>"
    "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices>"
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
    "<source file='/images/gold.qcow2'/><target dev='vda' bus='virtio'/></disk>"
    "<graphics type='spice' autoport='yes'/></devices></domain>");
  g_autoptr(VdPoolRecord) r = vd_pool_record_new ("lab", "gold", FALSE, 2);
  g_autoptr(VdBase) base = vd_base_new (1);
  g_autoptr(GPtrArray) overlays = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(VdDesktopSettings) s = { 0, };

  g_ptr_array_add (base->disks, vd_base_image_new ("vda", "default", "lab-base1-vda.qcow2",
                                                   "/images/lab-base1-vda.qcow2", "qcow2"));
  vd_pool_record_add_base (r, base);
  r->current = 1;
  vd_desktop_settings_init (&s);
  s.on_disconnect = VD_LEAVE_RESET;
  s.on_disconnect_delay = 300;
  s.idle_shutdown = 3600;
  ck_assert (vd_domain_apply (golden, &s, &error));

  for (guint n = 1; n <= 2; n++)
    {
      g_autofree char *name = g_strdup_printf ("lab-%02u", n);
      g_autofree char *overlay = g_strdup_printf ("/images/%s-vda.qcow2", name);
      VdSeatRecord seat = { .pool = "lab", .number = n, .base = 1 };
      g_autoptr(xmlDoc) doc = NULL;

      g_ptr_array_set_size (overlays, 0);
      g_ptr_array_add (overlays, overlay);
      doc = vd_pool_seat_new (golden, name, &seat, r, overlays, NULL, &error);
      ck_assert_msg (doc != NULL, "%s", error ? error->message : "");
      assert_policy (doc, VD_LEAVE_RESET, 300, 3600);
      assert_xpath (doc, "count(//v:desktop/v:seat)", "1");
      assert_valid (doc);
    }
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
  suite = suite_create ("leave");
  tc = tcase_create ("leave");
  tcase_add_loop_test (tc, test_action_good, 0, G_N_ELEMENTS (good_actions));
  tcase_add_loop_test (tc, test_action_bad, 0, G_N_ELEMENTS (bad_actions));
  tcase_add_test (tc, test_action_names);
  tcase_add_test (tc, test_duration);
  tcase_add_test (tc, test_idle_shutdown);
  tcase_add_test (tc, test_duration_words);
  tcase_add_loop_test (tc, test_round_trip, 0, G_N_ELEMENTS (starts));
  tcase_add_test (tc, test_keeps_other_metadata);
  tcase_add_test (tc, test_idle_only);
  tcase_add_loop_test (tc, test_read_odd, 0, G_N_ELEMENTS (odd_records));
  tcase_add_test (tc, test_read_nothing);
  tcase_add_test (tc, test_apply);
  tcase_add_test (tc, test_seat_keeps_policy);
  suite_add_tcase (suite, tc);

  return vd_test_run_suite (suite);
}
