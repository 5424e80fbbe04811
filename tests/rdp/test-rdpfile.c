/* test-rdpfile.c: the .rdp writer: exact output, and values that try to
 * add lines of their own.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "rdpfile.h"

START_TEST (test_lines)
{
  g_autoptr(VdRdpFile) f = vd_rdp_file_new ();
  g_autofree char *data = NULL;
  gsize len = 0;

  ck_assert (vd_rdp_file_set_string (f, "full address", "10.0.0.5", NULL));
  ck_assert (vd_rdp_file_set_int (f, "server port", 3389, NULL));
  ck_assert (vd_rdp_file_set_string (f, "username", "Jérôme <&\"'> : x:s:y", NULL));
  ck_assert (vd_rdp_file_set_string (f, "domain", "", NULL));
  /* Setting a key again replaces its value in place. */
  ck_assert (vd_rdp_file_set_int (f, "Server Port", 3390, NULL));
  data = vd_rdp_file_to_data (f, &len);
  ck_assert_str_eq (data, "full address:s:10.0.0.5\r\n"
                          "server port:i:3390\r\n"
                          "username:s:Jérôme <&\"'> : x:s:y\r\n"
                          "domain:s:\r\n");
  ck_assert_uint_eq (len, strlen (data));
}
END_TEST

/* Anything that could end a line, or be taken for one by some reader. */
static const char * const injections[] = {
  "alice\r\nfull address:s:evil.example",
  "alice\nfull address:s:evil.example",
  "alice\rfull address:s:evil.example",
  "alice\n/v:evil.example",
  "\n",
  "\r",
  "alice\x0b" "b",
  "alice\x0c" "b",
  "alice\tb",
  "alice\x1b[2J",
  "alice\x7f",
  "alice\xc2\x85" "full address:s:evil",       /* U+0085 NEXT LINE */
  "alice\xe2\x80\xa8" "full address:s:evil",   /* U+2028 LINE SEPARATOR */
  "alice\xe2\x80\xa9" "full address:s:evil",   /* U+2029 PARAGRAPH SEPARATOR */
  "alice\xff\n",                               /* not UTF-8 */
};

START_TEST (test_value_injection)
{
  g_autoptr(VdRdpFile) f = vd_rdp_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  ck_assert (vd_rdp_file_set_string (f, "full address", "10.0.0.5", NULL));
  ck_assert (vd_rdp_file_set_string (f, "username", "bob", NULL));
  ck_assert_msg (!vd_rdp_file_set_string (f, "username", injections[_i], &error),
                 "injection %d was accepted", _i);
  ck_assert (g_error_matches (error, VD_RDP_FILE_ERROR, VD_RDP_FILE_ERROR_VALUE));
  ck_assert (strstr (error->message, "'username'") != NULL);
  /* Refused, not stripped: the file is as it was. */
  data = vd_rdp_file_to_data (f, NULL);
  ck_assert_str_eq (data, "full address:s:10.0.0.5\r\nusername:s:bob\r\n");
  /* The message shows the value escaped, on one line. */
  ck_assert (strchr (error->message, '\n') == NULL && strchr (error->message, '\r') == NULL);
}
END_TEST

static const char * const bad_keys[] = {
  "", "full address:s:evil", "a\nb", "a\rb", "/v:evil", " username", "\xff",
};

START_TEST (test_key_injection)
{
  g_autoptr(VdRdpFile) f = vd_rdp_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  ck_assert (!vd_rdp_file_set_string (f, bad_keys[_i], "x", &error));
  ck_assert (g_error_matches (error, VD_RDP_FILE_ERROR, VD_RDP_FILE_ERROR_KEY));
  g_clear_error (&error);
  ck_assert (!vd_rdp_file_set_int (f, bad_keys[_i], 1, &error));
  data = vd_rdp_file_to_data (f, NULL);
  ck_assert_str_eq (data, "");
}
END_TEST

START_TEST (test_desktop_file)
{
  VdRdpSettings s;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  vd_rdp_settings_init (&s);
  s.port = 3390;
  s.user = g_strdup ("alice");
  s.domain = g_strdup ("CORP");
  ck_assert (vd_rdp_policy_parse (&s.policy, "clipboard,drive:share=/home/u/Share,"
                                  "drive:tmp=/tmp,printers,smartcard,serial,audio,"
                                  "usb:054c:0268,usb:046d:c52b", NULL));
  data = vd_rdp_file_for_desktop (&s, "2001:db8::5", 3390, TRUE, &len, &error);
  ck_assert_msg (data != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (data,
                    "full address:s:[2001:db8::5]\r\n"
                    "server port:i:3390\r\n"
                    "username:s:alice\r\n"
                    "domain:s:CORP\r\n"
                    "screen mode id:i:2\r\n"
                    "dynamic resolution:i:1\r\n"
                    "authentication level:i:2\r\n"
                    "redirectclipboard:i:1\r\n"
                    "redirectprinters:i:1\r\n"
                    "redirectsmartcards:i:1\r\n"
                    "redirectcomports:i:1\r\n"
                    "audiomode:i:0\r\n"
                    "audiocapturemode:i:0\r\n"
                    "drivestoredirect:s:/home/u/Share(share);/tmp(tmp)\r\n"
                    "usbdevicestoredirect:s:USB\\VID_054C&PID_0268;USB\\VID_046D&PID_C52B\r\n");
  ck_assert_uint_eq (len, strlen (data));
  vd_rdp_settings_clear (&s);
}
END_TEST

/* Nothing redirected: every redirection key says so; no user, no domain,
 * no password key. */
START_TEST (test_desktop_file_empty)
{
  VdRdpSettings s;
  g_autofree char *data = NULL;

  vd_rdp_settings_init (&s);
  data = vd_rdp_file_for_desktop (&s, "192.168.122.20", 3389, FALSE, NULL, NULL);
  ck_assert_str_eq (data,
                    "full address:s:192.168.122.20\r\n"
                    "server port:i:3389\r\n"
                    "screen mode id:i:1\r\n"
                    "dynamic resolution:i:1\r\n"
                    "authentication level:i:2\r\n"
                    "redirectclipboard:i:0\r\n"
                    "redirectprinters:i:0\r\n"
                    "redirectsmartcards:i:0\r\n"
                    "redirectcomports:i:0\r\n"
                    "audiomode:i:2\r\n"
                    "audiocapturemode:i:0\r\n");
  ck_assert (strstr (data, "password") == NULL);
  vd_rdp_settings_clear (&s);
}
END_TEST

/* Settings that did not come through the parsers (a hand-built struct)
 * are still checked where they meet the file. */
START_TEST (test_desktop_file_refuses)
{
  VdRdpSettings s;
  g_autoptr(GError) error = NULL;
  char *data;

  vd_rdp_settings_init (&s);
  s.user = g_strdup ("alice\r\nfull address:s:evil.example");
  data = vd_rdp_file_for_desktop (&s, "10.0.0.5", 3389, FALSE, NULL, &error);
  ck_assert_ptr_null (data);
  ck_assert (g_error_matches (error, VD_RDP_FILE_ERROR, VD_RDP_FILE_ERROR_VALUE));
  vd_rdp_settings_clear (&s);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("rdpfile");
  TCase *tc = tcase_create ("writer");

  tcase_add_test (tc, test_lines);
  tcase_add_loop_test (tc, test_value_injection, 0, G_N_ELEMENTS (injections));
  tcase_add_loop_test (tc, test_key_injection, 0, G_N_ELEMENTS (bad_keys));
  tcase_add_test (tc, test_desktop_file);
  tcase_add_test (tc, test_desktop_file_empty);
  tcase_add_test (tc, test_desktop_file_refuses);
  suite_add_tcase (suite, tc);

  return vd_test_run_suite (suite);
}
