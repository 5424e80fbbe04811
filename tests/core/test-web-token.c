/* test-web-token.c: token files of the browser client and its URL
 * (web-token.c): the writer refuses what websockify could not read back,
 * the reader finds token, target and expiry, stale files are told apart.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <gio/gio.h>

#include "test-util.h"
#include "web-token.h"

#define TOKEN "0123456789abcdef0123456789abcdef"

START_TEST (test_format)
{
  g_autofree char *text = vd_web_token_format (TOKEN, "127.0.0.1", 5900, 1700000000, NULL);

  ck_assert_str_eq (text, "# expires: 1700000000\n" TOKEN ": 127.0.0.1:5900\n");
}
END_TEST

START_TEST (test_format_refuses)
{
  const char *bad_hosts[] = { "::1", "a b", "host\n" TOKEN ": evil:1", "#x", "", "a\tb" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_hosts); i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert_msg (vd_web_token_format (TOKEN, bad_hosts[i], 5900, 1, &error) == NULL,
                     "%s", bad_hosts[i]);
      ck_assert (error != NULL);
    }
  ck_assert (vd_web_token_format ("tok en", "h", 1, 1, NULL) == NULL);
  ck_assert (vd_web_token_format ("tok:en", "h", 1, 1, NULL) == NULL);
  ck_assert (vd_web_token_format (TOKEN, "h", 0, 1, NULL) == NULL);
  ck_assert (vd_web_token_format (TOKEN, "h", 65536, 1, NULL) == NULL);
  ck_assert (vd_web_token_format (TOKEN, "h", 1, 0, NULL) == NULL);
  ck_assert (vd_web_token_format (NULL, "h", 1, 1, NULL) == NULL);
}
END_TEST

START_TEST (test_parse_round_trip)
{
  g_autofree char *text = vd_web_token_format (TOKEN, "192.0.2.7", 5930, 1800000000, NULL);
  g_autofree char *token = NULL;
  g_autofree char *target = NULL;
  gint64 expires = 0;

  ck_assert (vd_web_token_parse (text, &token, &target, &expires, NULL));
  ck_assert_str_eq (token, TOKEN);
  ck_assert_str_eq (target, "192.0.2.7:5930");
  ck_assert_int_eq (expires, 1800000000);
}
END_TEST

START_TEST (test_parse_refuses)
{
  const char *bad[] = {
    "",
    TOKEN ": 127.0.0.1:5900\n",                                    /* no expiry */
    "# expires: 10\n",                                              /* no mapping */
    "# expires: soon\n" TOKEN ": 127.0.0.1:5900\n",
    "# expires: 10x\n" TOKEN ": 127.0.0.1:5900\n",
    "# expires: 10\n# expires: 20\n" TOKEN ": 127.0.0.1:5900\n",
    "# expires: 10\n" TOKEN ": 127.0.0.1:5900\nother: 127.0.0.1:5901\n",
    "# expires: 10\n" TOKEN " 127.0.0.1:5900\n",
    "# expires: 10\n" TOKEN ": 127.0.0.1\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert_msg (!vd_web_token_parse (bad[i], NULL, NULL, NULL, &error), "%u", i);
      ck_assert (error != NULL);
      ck_assert_msg (vd_web_token_is_stale (bad[i], 0), "%u", i);
    }
}
END_TEST

START_TEST (test_stale)
{
  const char *text = "# expires: 1000\n# a comment\n" TOKEN ": 127.0.0.1:5900\n";

  ck_assert (!vd_web_token_is_stale (text, 999));
  ck_assert (vd_web_token_is_stale (text, 1000));
  ck_assert (vd_web_token_is_stale (text, 5000));
}
END_TEST

START_TEST (test_name_ok)
{
  ck_assert (vd_web_token_name_ok (TOKEN));
  ck_assert (!vd_web_token_name_ok ("0123456789abcdef"));
  ck_assert (!vd_web_token_name_ok ("0123456789ABCDEF0123456789abcdef"));
  ck_assert (!vd_web_token_name_ok ("../../../../etc/passwd0123456789abcdef"));
  ck_assert (!vd_web_token_name_ok (".token.XXXXXX"));
}
END_TEST

/* The password goes in the fragment, never in the path or query. */
START_TEST (test_url)
{
  g_autofree char *url = vd_web_token_url (FALSE, "desk.example.com", 6080, TOKEN, "pw&x=1");
  g_autofree char *tls = vd_web_token_url (TRUE, "2001:db8::1", 443, TOKEN, "Ab9");
  g_autoptr(GUri) parsed = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);

  ck_assert_str_eq (url, "http://desk.example.com:6080/vdctl.html#token=" TOKEN
                    "&password=pw%26x%3D1");
  ck_assert (g_uri_get_query (parsed) == NULL);
  ck_assert_str_eq (tls, "https://[2001:db8::1]:443/vdctl.html#token=" TOKEN "&password=Ab9");
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("web-token");
  TCase *tc = tcase_create ("token");

  tcase_add_test (tc, test_format);
  tcase_add_test (tc, test_format_refuses);
  tcase_add_test (tc, test_parse_round_trip);
  tcase_add_test (tc, test_parse_refuses);
  tcase_add_test (tc, test_stale);
  tcase_add_test (tc, test_name_ok);
  tcase_add_test (tc, test_url);
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
