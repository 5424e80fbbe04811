/* test-values.c: the option-value parsers of values.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "desktop.h"
#include "values.h"

/* ---- listen addresses ---------------------------------------------- */

static const struct { const char *text; const char *normal; } good_addresses[] = {
  { "127.0.0.1", "127.0.0.1" },
  { "0.0.0.0", "0.0.0.0" },
  { "192.168.122.1", "192.168.122.1" },
  { "::", "::" },
  { "::1", "::1" },
  { "[::1]", "::1" },
  { "[::]", "::" },
  { "0:0:0:0:0:0:0:1", "::1" },
  { "[2001:DB8::7]", "2001:db8::7" },
  { "fe80::1", "fe80::1" },
};

START_TEST (test_listen_good)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  ck_assert_msg (vd_parse_listen_address (good_addresses[_i].text, &out, &error),
                 "%s: %s", good_addresses[_i].text, error ? error->message : "");
  ck_assert_str_eq (out, good_addresses[_i].normal);
}
END_TEST

static const char * const bad_addresses[] = {
  "", "localhost", "127.0.0.256", "1.2.3", "[127.0.0.1]", "[::1", "::1]", "[]",
  "fe80::1%eth0", "[fe80::1%eth0]", " 127.0.0.1", "127.0.0.1 ", "::g", "*",
  "0.0.0.0:5900",
};

START_TEST (test_listen_bad)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  ck_assert_msg (!vd_parse_listen_address (bad_addresses[_i], &out, &error),
                 "'%s' was taken as %s", bad_addresses[_i], out);
  ck_assert_ptr_null (out);
  ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
  ck_assert (g_str_has_prefix (error->message, "invalid listen address '"));
}
END_TEST

START_TEST (test_listen_message)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  ck_assert (!vd_parse_listen_address ("host\n<name>", &out, &error));
  /* The value is shown escaped: a message is one line. */
  ck_assert_str_eq (error->message,
                    "invalid listen address 'host\\n<name>': give an IPv4 or IPv6 "
                    "address, e.g. 127.0.0.1, 0.0.0.0 (all interfaces) or ::");
}
END_TEST

START_TEST (test_address_kinds)
{
  ck_assert (vd_address_is_loopback ("127.0.0.1"));
  ck_assert (vd_address_is_loopback ("127.1.2.3"));
  ck_assert (vd_address_is_loopback ("::1"));
  ck_assert (!vd_address_is_loopback ("0.0.0.0"));
  ck_assert (!vd_address_is_loopback ("192.168.1.1"));
  ck_assert (!vd_address_is_loopback (NULL));
  ck_assert (!vd_address_is_loopback ("localhost"));
  ck_assert (vd_address_is_any ("0.0.0.0"));
  ck_assert (vd_address_is_any ("::"));
  ck_assert (!vd_address_is_any ("127.0.0.1"));
  ck_assert (!vd_address_is_any (NULL));
}
END_TEST

/* ---- ports ---------------------------------------------------------- */

START_TEST (test_port)
{
  g_autoptr(GError) error = NULL;
  int port = -1;

  ck_assert (vd_parse_port ("--port", "5900", TRUE, &port, NULL));
  ck_assert_int_eq (port, 5900);
  ck_assert (vd_parse_port ("--port", "1024", FALSE, &port, NULL));
  ck_assert_int_eq (port, 1024);
  ck_assert (vd_parse_port ("--port", "65535", FALSE, &port, NULL));
  ck_assert_int_eq (port, 65535);
  ck_assert (vd_parse_port ("--port", "auto", TRUE, &port, NULL));
  ck_assert_int_eq (port, VD_PORT_AUTO);

  port = 42;
  ck_assert (!vd_parse_port ("--port", "auto", FALSE, &port, &error));
  ck_assert_str_eq (error->message, "invalid --port 'auto': give a port from 1024 to 65535");
  ck_assert_int_eq (port, 42);
  g_clear_error (&error);
  ck_assert (!vd_parse_port ("--port", "1023", TRUE, &port, &error));
  ck_assert_str_eq (error->message,
                    "invalid --port '1023': give a port from 1024 to 65535 or 'auto'");
  g_clear_error (&error);
  ck_assert (!vd_parse_port ("--tls-port", "65536", TRUE, &port, &error));
  ck_assert_str_eq (error->message,
                    "invalid --tls-port '65536': give a port from 1024 to 65535 or 'auto'");
  ck_assert_int_eq (port, 42);
}
END_TEST

static const char * const bad_ports[] = {
  "", "0", "-1", "+5900", " 5900", "5900 ", "59OO", "0x1700", "5900.0",
  "99999999999999999999999", "18446744073709551617", "AUTO", "Auto",
};

START_TEST (test_port_bad)
{
  int port = 42;

  ck_assert_msg (!vd_parse_port ("--port", bad_ports[_i], TRUE, &port, NULL),
                 "'%s' was taken", bad_ports[_i]);
  ck_assert_int_eq (port, 42);
}
END_TEST

/* ---- counts --------------------------------------------------------- */

START_TEST (test_count)
{
  g_autoptr(GError) error = NULL;
  guint64 n = 99;

  ck_assert (vd_parse_count ("--usbredir", "0", 0, 15, &n, NULL));
  ck_assert_uint_eq (n, 0);
  ck_assert (vd_parse_count ("--usbredir", "15", 0, 15, &n, NULL));
  ck_assert_uint_eq (n, 15);
  ck_assert (vd_parse_count ("--vcpus", "007", 1, 4096, &n, NULL));
  ck_assert_uint_eq (n, 7);

  n = 99;
  ck_assert (!vd_parse_count ("--usbredir", "16", 0, 15, &n, &error));
  ck_assert_str_eq (error->message, "invalid --usbredir '16': give a whole number from 0 to 15");
  ck_assert_uint_eq (n, 99);
  g_clear_error (&error);
  ck_assert (!vd_parse_count ("--vcpus", "0", 1, 4096, &n, &error));
  ck_assert_str_eq (error->message, "invalid --vcpus '0': give a whole number from 1 to 4096");
  for (const char * const *t = (const char * const[]) { "", "-1", "1.5", "2 ", " 2", "two",
                                                        "1e3", "18446744073709551616",
                                                        NULL }; *t; t++)
    ck_assert_msg (!vd_parse_count ("--vcpus", *t, 0, G_MAXUINT64, &n, NULL),
                   "'%s' was taken", *t);
  ck_assert_uint_eq (n, 99);
}
END_TEST

/* ---- sizes ---------------------------------------------------------- */

static const struct { const char *text; guint64 mib; } good_memory[] = {
  { "128", 128 },
  { "4096", 4096 },
  { "4G", 4096 },
  { "4g", 4096 },
  { "4GiB", 4096 },
  { "1.5G", 1536 },
  { "0.5G", 512 },
  { "0.25G", 256 },
  { "2048M", 2048 },
  { "2048m", 2048 },
  { "2048MiB", 2048 },
  { "2048.0", 2048 },
  { "262144k", 256 },
  { "262144KiB", 256 },
  { "1T", 1048576 },
  { "16T", 16777216 },
  { "16TiB", 16777216 },
};

START_TEST (test_memory_good)
{
  g_autoptr(GError) error = NULL;
  guint64 mib = 0;

  ck_assert_msg (vd_parse_memory_mib ("--memory", good_memory[_i].text, &mib, &error),
                 "%s: %s", good_memory[_i].text, error ? error->message : "");
  ck_assert_uint_eq (mib, good_memory[_i].mib);
}
END_TEST

static const char * const bad_memory[] = {
  "", "0", "127", "127.9", "0.1G", "128.5", "1.0000001G", "16.000001T", "17T",
  "4GB", "4 G", "4G ", "G", ".5G", "5.G", "-4G", "4P", "4Gi", "4gib",
  "99999999999999999999T", "18446744073709551615",
};

START_TEST (test_memory_bad)
{
  g_autoptr(GError) error = NULL;
  guint64 mib = 7;

  ck_assert_msg (!vd_parse_memory_mib ("--memory", bad_memory[_i], &mib, &error),
                 "'%s' was taken as %" G_GUINT64_FORMAT " MiB", bad_memory[_i], mib);
  ck_assert_uint_eq (mib, 7);
  ck_assert (g_str_has_prefix (error->message, "invalid --memory '"));
}
END_TEST

START_TEST (test_memory_message)
{
  g_autoptr(GError) error = NULL;
  guint64 mib;

  ck_assert (!vd_parse_memory_mib ("--memory", "64", &mib, &error));
  ck_assert_str_eq (error->message, "invalid --memory '64': give a whole number of MiB "
                    "(or a size with a G suffix, e.g. 1.5G) from 128 to 16777216");
}
END_TEST

START_TEST (test_disk_size)
{
  g_autoptr(GError) error = NULL;
  guint64 bytes = 0;

  ck_assert (vd_parse_disk_size ("--disk", "20", &bytes, NULL));
  ck_assert_uint_eq (bytes, G_GUINT64_CONSTANT (20) << 30);
  ck_assert (vd_parse_disk_size ("--disk", "0.5", &bytes, NULL));
  ck_assert_uint_eq (bytes, G_GUINT64_CONSTANT (512) << 20);
  ck_assert (vd_parse_disk_size ("--disk", "100M", &bytes, NULL));
  ck_assert_uint_eq (bytes, G_GUINT64_CONSTANT (100) << 20);
  ck_assert (vd_parse_disk_size ("--disk", "1M", &bytes, NULL));
  ck_assert_uint_eq (bytes, G_GUINT64_CONSTANT (1) << 20);
  ck_assert (vd_parse_disk_size ("--disk", "1.5T", &bytes, NULL));
  ck_assert_uint_eq (bytes, G_GUINT64_CONSTANT (1536) << 30);
  ck_assert (vd_parse_disk_size ("--disk", "1024T", &bytes, NULL));
  ck_assert_uint_eq (bytes, G_GUINT64_CONSTANT (1) << 50);

  bytes = 3;
  for (const char * const *t = (const char * const[]) { "", "0", "0.5M", "1025T", "1P",
                                                        "20GB", "x", "-1", "1.2345678",
                                                        NULL }; *t; t++)
    ck_assert_msg (!vd_parse_disk_size ("--disk", *t, &bytes, NULL), "'%s' was taken", *t);
  ck_assert_uint_eq (bytes, 3);
  ck_assert (!vd_parse_disk_size ("--disk", "lots", &bytes, &error));
  ck_assert_str_eq (error->message, "invalid --disk 'lots': give a size in GiB, e.g. 20 "
                    "or 0.5 (or with an M, G or T suffix), or path=FILE");
}
END_TEST

/* ---- names and passwords ------------------------------------------- */

START_TEST (test_names)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *longest = g_strnfill (200, 'n');
  g_autofree char *too_long = g_strnfill (201, 'n');

  ck_assert (vd_check_domain_name ("lab-01", NULL));
  ck_assert (vd_check_domain_name ("win11 <test> & 'quotes' \"too\"", NULL));
  ck_assert (vd_check_domain_name ("bureau-é-日本", NULL));
  ck_assert (vd_check_domain_name (longest, NULL));

  ck_assert (!vd_check_domain_name ("", &error));
  ck_assert_str_eq (error->message, "the desktop name is empty: give a name such as 'lab-01'");
  g_clear_error (&error);
  ck_assert (!vd_check_domain_name (NULL, NULL));
  ck_assert (!vd_check_domain_name (too_long, &error));
  ck_assert_str_eq (error->message, "the desktop name is longer than 200 bytes");
  g_clear_error (&error);
  ck_assert (!vd_check_domain_name ("a/b", &error));
  ck_assert_str_eq (error->message, "invalid desktop name 'a/b': a name cannot contain '/'");
  g_clear_error (&error);
  ck_assert (!vd_check_domain_name ("tab\there", &error));
  ck_assert_str_eq (error->message, "invalid desktop name 'tab\\there': a name cannot "
                    "contain control characters");
  g_clear_error (&error);
  ck_assert (!vd_check_domain_name ("new\nline", NULL));
  ck_assert (!vd_check_domain_name ("\xc3\x28", &error));
  ck_assert_str_eq (error->message, "the desktop name is not valid UTF-8");
}
END_TEST

START_TEST (test_passwords)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *longest = g_strnfill (VD_SPICE_PASSWORD_MAX, 'p');
  g_autofree char *too_long = g_strnfill (VD_SPICE_PASSWORD_MAX + 1, 'p');

  ck_assert (vd_check_password ("s3cret", NULL));
  ck_assert (vd_check_password ("<&'\"> é ü", NULL));
  ck_assert (vd_check_password (longest, NULL));

  ck_assert (!vd_check_password ("", &error));
  ck_assert_str_eq (error->message, "the password is empty");
  g_clear_error (&error);
  ck_assert (!vd_check_password (too_long, &error));
  ck_assert_str_eq (error->message, "the password is longer than SPICE allows (60 bytes)");
  g_clear_error (&error);
  ck_assert (!vd_check_password ("two\nlines", &error));
  ck_assert_str_eq (error->message, "the password contains a control character "
                    "(only its one trailing newline is removed)");
  g_clear_error (&error);
  ck_assert (!vd_check_password ("tab\t", NULL));
  ck_assert (!vd_check_password ("\xff", &error));
  ck_assert_str_eq (error->message, "the password is not valid UTF-8");
}
END_TEST

START_TEST (test_choices)
{
  g_autoptr(GError) error = NULL;

  for (const char * const *m = vd_video_models; *m; m++)
    ck_assert (vd_parse_choice ("--video", *m, vd_video_models, NULL));
  for (const char * const *m = vd_sound_models; *m; m++)
    ck_assert (vd_parse_choice ("--sound", *m, vd_sound_models, NULL));
  ck_assert (!vd_parse_choice ("--video", "cirrus", vd_video_models, &error));
  ck_assert_str_eq (error->message, "invalid --video 'cirrus': choose one of qxl, virtio, vga");
  g_clear_error (&error);
  ck_assert (!vd_parse_choice ("--sound", "ICH9", vd_sound_models, &error));
  ck_assert_str_eq (error->message,
                    "invalid --sound 'ICH9': choose one of ich9, ich6, ac97, none");
  ck_assert (vd_video_model_is_valid ("virtio"));
  ck_assert (!vd_video_model_is_valid (NULL));
  ck_assert (vd_sound_model_is_valid ("none"));
  ck_assert (!vd_sound_model_is_valid ("usb"));
}
END_TEST

START_TEST (test_settings_password)
{
  VdDesktopSettings s;

  vd_desktop_settings_init (&s);
  ck_assert_int_eq (s.port, -1);
  ck_assert_int_eq (s.usbredir, -1);
  ck_assert_int_eq (s.password, VD_TRISTATE_UNSET);
  vd_desktop_settings_set_password (&s, "first");
  ck_assert_int_eq (s.password, VD_TRISTATE_YES);
  ck_assert_str_eq (s.password_value, "first");
  vd_desktop_settings_set_password (&s, NULL);
  ck_assert_int_eq (s.password, VD_TRISTATE_NO);
  ck_assert_ptr_null (s.password_value);
  vd_desktop_settings_set_password (&s, "second");
  s.listen = g_strdup ("::1");
  vd_desktop_settings_clear (&s);
  ck_assert_ptr_null (s.password_value);
  ck_assert_ptr_null (s.listen);
  ck_assert_int_eq (s.port, -1);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("values");
  TCase *tc = tcase_create ("parsers");

  tcase_add_loop_test (tc, test_listen_good, 0, G_N_ELEMENTS (good_addresses));
  tcase_add_loop_test (tc, test_listen_bad, 0, G_N_ELEMENTS (bad_addresses));
  tcase_add_test (tc, test_listen_message);
  tcase_add_test (tc, test_address_kinds);
  tcase_add_test (tc, test_port);
  tcase_add_loop_test (tc, test_port_bad, 0, G_N_ELEMENTS (bad_ports));
  tcase_add_test (tc, test_count);
  tcase_add_loop_test (tc, test_memory_good, 0, G_N_ELEMENTS (good_memory));
  tcase_add_loop_test (tc, test_memory_bad, 0, G_N_ELEMENTS (bad_memory));
  tcase_add_test (tc, test_memory_message);
  tcase_add_test (tc, test_disk_size);
  tcase_add_test (tc, test_names);
  tcase_add_test (tc, test_passwords);
  tcase_add_test (tc, test_choices);
  tcase_add_test (tc, test_settings_password);
  suite_add_tcase (suite, tc);

  return vd_test_run_suite (suite);
}
