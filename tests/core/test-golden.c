/* test-golden.c: golden-file tests of the desktop core.
 *
 * Each directory under tests/core/golden/ is one case:
 *
 *   case.ini      what to do, as a GKeyFile:
 *                   [create]   a new domain from templates/<template> (name,
 *                              virt-type, disk-pool, disk-volume, disk-format,
 *                              disk-path, cdrom, network, bridge); the settings
 *                              are completed with create's defaults
 *                   [settings] spice=yes|no, listen, port=N|auto, password,
 *                              no-password=true, usb3=yes|no, usbredir, video,
 *                              sound, memory, vcpus, agents=true, redirect
 *                              (one --redirect value), usb-rules (a ;-list of
 *                              "allow RULE" / "deny RULE", in order; empty for
 *                              no filter), monitors, display-profile,
 *                              on-disconnect=ACTION[:DELAY], idle-shutdown;
 *                              values go through the option parsers of
 *                              values.c, spice-policy.c and leave-policy.c,
 *                              except video and sound, which are passed as
 *                              they are
 *                   [expect]   error=the exact message of a refused edit;
 *                              input-valid=false when input.xml does not
 *                              validate against libvirt's schema (checked)
 *   input.xml     the domain to edit (not for [create])
 *   expected.xml  the result, byte for byte (not when an error is expected)
 *
 * Besides the comparison, every case checks that
 *   - the result validates against libvirt's domain schema whenever the
 *     input does (a new domain always must);
 *   - applying the same settings to the result changes nothing, byte for
 *     byte (a setting that has its value leaves its element alone);
 *   - a refused edit leaves the document byte for byte as it was.
 *
 * VDCTL_UPDATE_GOLDEN=1 writes expected.xml from the results instead of
 * comparing them (error messages are never written: edit case.ini).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "domain-xml.h"
#include "leave-policy.h"
#include "test-util.h"
#include "values.h"
#include "xml-util.h"

static GPtrArray *case_names;
static char *golden_dir;

static gboolean
update_golden (void)
{
  return g_strcmp0 (g_getenv ("VDCTL_UPDATE_GOLDEN"), "1") == 0;
}

static char *
get_string (GKeyFile *kf, const char *group, const char *key)
{
  return g_key_file_get_string (kf, group, key, NULL);
}

static VdTristate
tristate (const char *name, const char *key, const char *value)
{
  if (strcmp (value, "yes") == 0)
    return VD_TRISTATE_YES;
  if (strcmp (value, "no") == 0)
    return VD_TRISTATE_NO;
  ck_abort_msg ("%s: %s=%s: give yes or no", name, key, value);
  return VD_TRISTATE_UNSET;
}

static void
check_keys (GKeyFile *kf, const char *name, const char *group, const char * const *known)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    ck_assert_msg (g_strv_contains (known, keys[i]), "%s: unknown key [%s] %s",
                   name, group, keys[i]);
}

/* "deny storage;allow hid": --usb-deny storage --usb-allow hid. */
static void
load_usb_rules (const char *name, const char *text, VdDesktopSettings *s)
{
  g_auto(GStrv) items = g_strsplit (text, ";", -1);

  s->usb_rules = g_array_new (FALSE, TRUE, sizeof (VdUsbRule));
  for (guint i = 0; items[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean allow = g_str_has_prefix (items[i], "allow ");
      VdUsbRule rule;

      if (items[i][0] == '\0')
        continue;
      ck_assert_msg (allow || g_str_has_prefix (items[i], "deny "),
                     "%s: usb-rules: '%s' is neither allow nor deny", name, items[i]);
      ck_assert_msg (vd_usb_rule_parse (allow ? "--usb-allow" : "--usb-deny",
                                        strchr (items[i], ' ') + 1, allow, &rule, &error),
                     "%s: %s", name, error ? error->message : "");
      g_array_append_val (s->usb_rules, rule);
    }
}

static void
load_settings (GKeyFile *kf, const char *name, VdDesktopSettings *s)
{
  static const char * const known[] = {
    "spice", "listen", "port", "password", "no-password", "usb3", "usbredir",
    "video", "sound", "memory", "vcpus", "agents", "tls", "redirect", "usb-rules",
    "monitors", "display-profile", "on-disconnect", "idle-shutdown", NULL,
  };
  const char *group = "settings";
  g_autoptr(GError) error = NULL;
  guint64 n;

  vd_desktop_settings_init (s);
  if (!g_key_file_has_group (kf, group))
    return;
  check_keys (kf, name, group, known);

#define WITH_VALUE(key, body) \
  { \
    g_autofree char *v = get_string (kf, group, key); \
    if (v) \
      { body; } \
  }
#define PARSED(ok) \
  ck_assert_msg ((ok), "%s: %s", name, error ? error->message : "?")

  WITH_VALUE ("spice", s->spice = tristate (name, "spice", v));
  WITH_VALUE ("listen", PARSED (vd_parse_listen_address (v, &s->listen, &error)));
  WITH_VALUE ("port", PARSED (vd_parse_port ("--port", v, TRUE, &s->port, &error)));
  WITH_VALUE ("password", vd_desktop_settings_set_password (s, v));
  if (g_key_file_get_boolean (kf, group, "no-password", NULL))
    vd_desktop_settings_set_password (s, NULL);
  WITH_VALUE ("usb3", s->usb3 = tristate (name, "usb3", v));
  WITH_VALUE ("tls", s->tls = tristate (name, "tls", v));
  WITH_VALUE ("usbredir",
              PARSED (vd_parse_count ("--usbredir", v, 0, VD_USBREDIR_MAX, &n, &error));
              s->usbredir = (int) n);
  WITH_VALUE ("video", s->video = g_strdup (v));
  WITH_VALUE ("sound", s->sound = g_strdup (v));
  WITH_VALUE ("memory", PARSED (vd_parse_memory_mib ("--memory", v, &s->memory_mib, &error)));
  WITH_VALUE ("vcpus",
              PARSED (vd_parse_count ("--vcpus", v, 1, VD_VCPUS_MAX, &n, &error));
              s->vcpus = (guint) n);
  s->agents = g_key_file_get_boolean (kf, group, "agents", NULL);
  WITH_VALUE ("redirect", PARSED (vd_redirect_change_parse (&s->redirect, v, &error)));
  WITH_VALUE ("usb-rules", load_usb_rules (name, v, s));
  WITH_VALUE ("monitors",
              PARSED (vd_parse_count ("--monitors", v, 1, VD_MONITORS_MAX, &n, &error));
              s->monitors = (guint) n);
  WITH_VALUE ("display-profile",
              PARSED (vd_display_profile_parse (v, &s->display_profile, &error)));
  WITH_VALUE ("on-disconnect",
              VdLeaveAction action;
              PARSED (vd_leave_action_parse (v, &action, &s->on_disconnect_delay, &error));
              s->on_disconnect = (int) action);
  WITH_VALUE ("idle-shutdown",
              guint seconds;
              PARSED (vd_idle_shutdown_parse (v, &seconds, &error));
              s->idle_shutdown = (int) seconds);
#undef WITH_VALUE
#undef PARSED
}

/* Strings of the spec live as long as the key file's copies below. */
typedef struct {
  VdDomainSpec spec;
  char *strings[9];
  char *template_name;
} CreatePlan;

static void
create_plan_clear (CreatePlan *plan)
{
  for (gsize i = 0; i < G_N_ELEMENTS (plan->strings); i++)
    g_free (plan->strings[i]);
  g_free (plan->template_name);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CreatePlan, create_plan_clear)

static void
load_create (GKeyFile *kf, const char *name, CreatePlan *plan)
{
  static const char * const known[] = {
    "template", "name", "virt-type", "disk-pool", "disk-volume", "disk-format",
    "disk-path", "cdrom", "network", "bridge", NULL,
  };
  const char **fields[] = {
    &plan->spec.name, &plan->spec.virt_type, &plan->spec.disk_pool,
    &plan->spec.disk_volume, &plan->spec.disk_format, &plan->spec.disk_path,
    &plan->spec.cdrom, &plan->spec.network, &plan->spec.bridge,
  };

  check_keys (kf, name, "create", known);
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      plan->strings[i] = get_string (kf, "create", known[i + 1]);
      *fields[i] = plan->strings[i];
    }
  plan->template_name = get_string (kf, "create", "template");
  ck_assert_msg (plan->template_name != NULL, "%s: [create] needs a template", name);
  ck_assert_msg (plan->spec.name != NULL, "%s: [create] needs a name", name);
  if (plan->spec.virt_type == NULL)
    plan->spec.virt_type = "kvm";
}

START_TEST (test_golden_case)
{
  const char *name = case_names->pdata[_i];
  g_autofree char *dir = g_build_filename (golden_dir, name, NULL);
  g_autofree char *ini_path = g_build_filename (dir, "case.ini", NULL);
  g_autofree char *input_path = g_build_filename (dir, "input.xml", NULL);
  g_autofree char *expected_path = g_build_filename (dir, "expected.xml", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) check_error = NULL;
  g_auto(VdDesktopSettings) settings = { 0, };
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *expected_error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *result = NULL;
  g_autofree char *again = NULL;
  gboolean input_valid = TRUE;
  gboolean ok;
  static const char * const known_expect[] = { "error", "input-valid", NULL };
  static const char * const known_groups[] = { "case", "create", "settings", "expect", NULL };
  g_auto(GStrv) groups = NULL;

  ck_assert_msg (g_key_file_load_from_file (kf, ini_path, G_KEY_FILE_NONE, &error),
                 "%s: %s", name, error ? error->message : "");
  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i]; i++)
    ck_assert_msg (g_strv_contains (known_groups, groups[i]), "%s: unknown group [%s]",
                   name, groups[i]);
  check_keys (kf, name, "expect", known_expect);
  load_settings (kf, name, &settings);
  expected_error = get_string (kf, "expect", "error");

  if (g_key_file_has_group (kf, "create"))
    {
      g_auto(CreatePlan) plan = { 0, };
      g_autofree char *template_path = NULL;
      g_autofree char *template_xml = NULL;
      g_autoptr(xmlDoc) template_doc = NULL;
      g_autofree char *template_before = NULL;
      g_autofree char *template_after = NULL;

      load_create (kf, name, &plan);
      template_path = g_build_filename (vd_test_srcdir (), "templates",
                                        plan.template_name, NULL);
      template_xml = vd_test_read_file (template_path);
      template_doc = vd_xml_parse (template_xml, -1, template_path, &error);
      ck_assert_msg (template_doc != NULL, "%s: %s", name, error ? error->message : "");
      template_before = vd_xml_serialize (template_doc);
      vd_desktop_settings_fill (&settings);
      ok = vd_domain_check_new (template_doc, &plan.spec, &settings, &check_error);
      doc = vd_domain_new (template_doc, &plan.spec, &settings, &error);
      /* The template serves the next desktop as it is. */
      template_after = vd_xml_serialize (template_doc);
      ck_assert_str_eq (template_after, template_before);
      /* The check before connecting says what the build would. */
      ck_assert_msg (ok == (doc != NULL), "%s: vd_domain_check_new says %s, "
                     "vd_domain_new %s", name, ok ? "yes" : check_error->message,
                     doc ? "yes" : error->message);
      if (expected_error)
        {
          ck_assert_msg (doc == NULL, "%s: the domain was created, expected: %s",
                         name, expected_error);
          ck_assert_str_eq (error->message, expected_error);
          ck_assert_str_eq (check_error->message, expected_error);
          return;
        }
      ck_assert_msg (doc != NULL, "%s: %s", name, error ? error->message : "");
    }
  else
    {
      g_autofree char *input = vd_test_read_file (input_path);
      g_autofree char *declared = get_string (kf, "expect", "input-valid");
      g_autofree char *problem = NULL;

      doc = vd_xml_parse (input, -1, input_path, &error);
      ck_assert_msg (doc != NULL, "%s: %s", name, error ? error->message : "");
      input_valid = vd_test_schema_validate (doc, &problem);
      if (declared && strcmp (declared, "false") == 0)
        ck_assert_msg (!input_valid, "%s: input.xml validates; drop input-valid=false", name);
      else
        ck_assert_msg (input_valid, "%s: input.xml does not validate (%s); say "
                       "input-valid=false if that is meant", name, problem);

      before = vd_xml_serialize (doc);
      ok = vd_domain_apply (doc, &settings, &error);
      if (expected_error)
        {
          g_autofree char *after = vd_xml_serialize (doc);

          ck_assert_msg (!ok, "%s: the edit was done, expected: %s", name, expected_error);
          ck_assert_str_eq (error->message, expected_error);
          ck_assert_msg (strcmp (before, after) == 0,
                         "%s: a refused edit changed the document:\n%s", name, after);
          return;
        }
      ck_assert_msg (ok, "%s: %s", name, error ? error->message : "");
    }

  result = vd_xml_serialize (doc);
  if (input_valid)
    {
      g_autofree char *problem = NULL;

      ck_assert_msg (vd_test_schema_validate (doc, &problem),
                     "%s: the result does not validate: %s\n%s", name, problem, result);
    }

  /* The same settings again change nothing. */
  ck_assert_msg (vd_domain_apply (doc, &settings, &error), "%s: again: %s", name,
                 error ? error->message : "");
  again = vd_xml_serialize (doc);
  ck_assert_msg (strcmp (result, again) == 0,
                 "%s: applying the settings a second time changed the result:\n%s",
                 name, again);

  if (update_golden ())
    {
      ck_assert_msg (g_file_set_contents (expected_path, result, -1, &error),
                     "%s: %s", name, error ? error->message : "");
      fprintf (stderr, "%s: wrote %s\n", name, expected_path);
    }
  else
    {
      g_autofree char *expected = NULL;

      ck_assert_msg (g_file_get_contents (expected_path, &expected, NULL, NULL),
                     "%s: no expected.xml; run with VDCTL_UPDATE_GOLDEN=1 to write it, "
                     "then read it. The result is:\n%s", name, result);
      ck_assert_msg (strcmp (expected, result) == 0,
                     "%s: the result differs from expected.xml:\n%s", name, result);
    }
}
END_TEST

int
main (void)
{
  g_autoptr(GError) error = NULL;
  Suite *suite = suite_create ("golden");
  TCase *tc = tcase_create ("cases");
  int status;

  if (!vd_test_schema_load (&error))
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE;
    }
  golden_dir = g_build_filename (vd_test_srcdir (), "tests", "core", "golden", NULL);
  case_names = vd_test_list_dir (golden_dir, "");
  for (guint i = case_names ? case_names->len : 0; i-- > 0;)
    {
      g_autofree char *path = g_build_filename (golden_dir, case_names->pdata[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_remove_index (case_names, i);
    }
  if (case_names == NULL || case_names->len == 0)
    {
      fprintf (stderr, "no golden cases under %s\n", golden_dir);
      return EXIT_FAILURE;
    }
  for (guint i = 0; i < case_names->len; i++)
    printf ("case %u: %s\n", i, (const char *) case_names->pdata[i]);

  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_golden_case, 0, (int) case_names->len);
  suite_add_tcase (suite, tc);
  status = vd_test_run_suite (suite);
  g_ptr_array_unref (case_names);
  g_free (golden_dir);
  return status;
}
