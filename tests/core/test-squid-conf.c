/* test-squid-conf.c: the gateway's squid.conf (squid-conf.c): the whole
 * file for a set of ports and for none (golden files under gateway/),
 * and the writer's refusal of arguments squid would read as more than
 * one word, as a quoted string or as a comment.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>

#include "dial.h"
#include "squid-conf.h"
#include "test-util.h"
#include "values.h"

static void
check_golden (const VdGatewayConf *gw, const char *name)
{
  g_autofree char *path = g_build_filename (vd_test_srcdir (), "tests", "core", "gateway",
                                            name, NULL);
  g_autofree char *expected = vd_test_read_file (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vd_gateway_conf_build (gw, &error);

  ck_assert_msg (text != NULL, "%s", error ? error->message : "?");
  ck_assert_str_eq (text, expected);
}

START_TEST (test_ports)
{
  static const guint values[] = { 5900, 5901, 5930 };
  static const char * const self[] = { "192.0.2.10", "2001:db8::10", NULL };
  g_autoptr(GArray) ports = g_array_new (FALSE, FALSE, sizeof (guint));
  VdGatewayConf gw = { "127.0.0.1", 3128, NULL, self, "/var/lib/vdctl/gateway", "proxy" };

  g_array_append_vals (ports, values, G_N_ELEMENTS (values));
  gw.ports = ports;
  check_golden (&gw, "squid-ports.conf");
}
END_TEST

/* No desktop has a port: no allow rule at all, so everything is denied. */
START_TEST (test_no_ports)
{
  g_autoptr(GArray) ports = g_array_new (FALSE, FALSE, sizeof (guint));
  VdGatewayConf gw = { "::1", 8080, NULL, NULL, "/home/u/.local/state/vdctl/gateway", NULL };

  gw.ports = ports;
  check_golden (&gw, "squid-no-ports.conf");
  gw.ports = NULL;
  check_golden (&gw, "squid-no-ports.conf");
}
END_TEST

static const char *const bad_args[] = {
  "two words", "new\nline", "tab\there", "\"quoted\"", "it's", "#comment", "back\\slash",
  "", "caf\xc3\xa9", "cr\r",
};

START_TEST (test_bad_argument)
{
  g_autoptr(VdSquidConf) conf = vd_squid_conf_new ();
  g_autoptr(GError) error = NULL;
  const char *args[] = { "SPICE_PORTS", "port", bad_args[_i], NULL };

  ck_assert (!vd_squid_conf_add (conf, "acl", args, &error));
  ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
  /* Nothing of the refused line is written. */
  ck_assert_str_eq (vd_squid_conf_get_text (conf), "");
}
END_TEST

START_TEST (test_bad_directive)
{
  static const char *const directives[] = { "", "http port", "acl\nhttp_access", "ACL",
                                            "#acl" };
  g_autoptr(VdSquidConf) conf = vd_squid_conf_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (directives); i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert (!vd_squid_conf_add (conf, directives[i], NULL, &error));
      ck_assert (error != NULL);
    }
  ck_assert_str_eq (vd_squid_conf_get_text (conf), "");
}
END_TEST

START_TEST (test_good_lines)
{
  g_autoptr(VdSquidConf) conf = vd_squid_conf_new ();
  const char *args[] = { "deny", "all", NULL };

  ck_assert (vd_squid_conf_add (conf, "http_access", args, NULL));
  ck_assert (vd_squid_conf_add (conf, "cache_store_log", (const char *[]) { "none", NULL },
                                NULL));
  ck_assert (vd_squid_conf_comment (conf, "a note", NULL));
  ck_assert (!vd_squid_conf_comment (conf, "two\nlines", NULL));
  ck_assert_str_eq (vd_squid_conf_get_text (conf),
                    "http_access deny all\ncache_store_log none\n# a note\n");
}
END_TEST

/* A directory with a space cannot name the logs: the whole file is refused. */
START_TEST (test_bad_dir)
{
  VdGatewayConf gw = { "127.0.0.1", 3128, NULL, NULL, "/tmp/my dir", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vd_gateway_conf_build (&gw, &error);

  ck_assert (text == NULL);
  ck_assert (error != NULL);
}
END_TEST

/* What a gateway on the display's host dials (dial.c). */
START_TEST (test_gateway_host)
{
  static const char *const cases[][2] = {
    { NULL, "127.0.0.1" }, { "127.0.0.1", "127.0.0.1" }, { "127.0.0.2", "127.0.0.2" },
    { "::1", "::1" }, { "0.0.0.0", "127.0.0.1" }, { "::", "::1" },
    { "192.0.2.10", "192.0.2.10" }, { "2001:db8::10", "2001:db8::10" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *host = vd_dial_gateway_host (cases[i][0]);

      ck_assert_str_eq (host, cases[i][1]);
    }
}
END_TEST

static Suite *
squid_conf_suite (void)
{
  Suite *s = suite_create ("squid-conf");
  TCase *tc = tcase_create ("core");

  tcase_add_test (tc, test_ports);
  tcase_add_test (tc, test_no_ports);
  tcase_add_loop_test (tc, test_bad_argument, 0, G_N_ELEMENTS (bad_args));
  tcase_add_test (tc, test_bad_directive);
  tcase_add_test (tc, test_good_lines);
  tcase_add_test (tc, test_bad_dir);
  tcase_add_test (tc, test_gateway_host);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  SRunner *sr = srunner_create (squid_conf_suite ());
  int failed;

  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
