/* test-rdp-policy.c: the redirection policy parser, RDP addresses and the
 * xfreerdp and ssh command lines built from them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "rdp-client.h"
#include "rdp-policy.h"
#include "values.h"

/* ---- the policy parser --------------------------------------------- */

START_TEST (test_full_policy)
{
  g_auto(VdRdpPolicy) p = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const VdRdpDrive *d;

  vd_rdp_policy_init (&p);
  ck_assert_msg (vd_rdp_policy_parse (&p, "clipboard,drive:share=/home/u/Share,printers,"
                                      "smartcard,serial,parallel,audio,microphone,"
                                      "usb:054c:0268", &error),
                 "%s", error ? error->message : "");
  ck_assert (p.clipboard && p.printers && p.smartcards && p.serial && p.parallel &&
             p.audio && p.microphone);
  ck_assert_uint_eq (p.drives->len, 1);
  d = g_ptr_array_index (p.drives, 0);
  ck_assert_str_eq (d->name, "share");
  ck_assert_str_eq (d->path, "/home/u/Share");
  ck_assert_uint_eq (p.usb->len, 1);
  ck_assert_uint_eq (g_array_index (p.usb, VdRdpUsbDevice, 0).vendor, 0x054c);
  ck_assert_uint_eq (g_array_index (p.usb, VdRdpUsbDevice, 0).product, 0x0268);

  text = vd_rdp_policy_to_string (&p);
  ck_assert_str_eq (text, "clipboard,drive:share=/home/u/Share,printers,smartcard,serial,"
                          "parallel,audio,microphone,usb:054c:0268");
}
END_TEST

/* Repeated options add up; "none" clears; upper-case hex reads back in
 * lower case; aliases read as the canonical kind. */
START_TEST (test_accumulate)
{
  g_auto(VdRdpPolicy) p = { 0, };
  g_auto(VdRdpPolicy) again = { 0, };
  g_autofree char *text = NULL;

  vd_rdp_policy_init (&p);
  ck_assert (vd_rdp_policy_parse (&p, "clipboard", NULL));
  ck_assert (vd_rdp_policy_parse (&p, "usb:046D:C52B, usb:1234:abcd", NULL));
  ck_assert (vd_rdp_policy_parse (&p, "printer,smartcards", NULL));
  ck_assert (vd_rdp_policy_parse (&p, "drive:Mes Données=/home/é/Données é,drive:tmp=/tmp", NULL));
  text = vd_rdp_policy_to_string (&p);
  ck_assert_str_eq (text, "clipboard,drive:Mes Données=/home/é/Données é,drive:tmp=/tmp,"
                          "printers,smartcard,usb:046d:c52b,usb:1234:abcd");

  /* What to_string gives parses back to the same policy. */
  vd_rdp_policy_init (&again);
  ck_assert (vd_rdp_policy_parse (&again, text, NULL));
  ck_assert (vd_rdp_policy_equal (&p, &again));

  ck_assert (vd_rdp_policy_parse (&p, "none", NULL));
  ck_assert (vd_rdp_policy_is_empty (&p));
  g_clear_pointer (&text, g_free);
  text = vd_rdp_policy_to_string (&p);
  ck_assert_str_eq (text, "none");
}
END_TEST

static const struct { const char *text; const char *message; } bad_policies[] = {
  { "bogus", "unknown redirection 'bogus'" },
  { "clipboard,sound", "unknown redirection 'sound'" },
  { "Clipboard", "unknown redirection 'Clipboard'" },
  { "clipboard,,printers", "empty redirection" },
  { "clipboard,", "empty redirection" },
  { "", "empty redirection" },
  { "none,clipboard", "'none' goes alone" },
  { "drive", "a drive needs a name and a path" },
  { "drive:", "a drive needs a name and a path" },
  { "drive:share", "drive 'share' needs a path" },
  { "drive:share=", "drive 'share' needs a path" },
  { "drive:=/tmp", "a drive needs a name" },
  { "drive:share=relative/dir", "must be absolute" },
  { "drive:a,b=/tmp", "drive 'a' needs a path" },
  { "drive:a;b=/tmp", "invalid drive name 'a;b'" },
  { "drive:a(b)=/tmp", "invalid drive name" },
  { "drive:a\nb=/tmp", "invalid drive name 'a\\nb'" },
  { "drive:a\rb=/tmp", "invalid drive name 'a\\rb'" },
  { "drive:share=/tmp/a\nb", "control character or a line break" },
  { "drive:share=/tmp/a\rfull address:s:evil", "control character or a line break" },
  { "drive:share=/tmp/a\xe2\x80\xa8" "b", "control character or a line break" },
  { "drive:share=/tmp/a;b", "holds ';'" },
  { "drive:share=/tmp/(x)", "holds '('" },
  { "drive: share=/tmp", "may not begin or end with a space" },
  { "drive:abcdefghijklmnopqrstuvwxyz0123456=/tmp", "longer than 32 characters" },
  { "drive:x=/a,drive:X=/b", "drive 'X' is given twice" },
  { "usb", "bad USB device 'usb'" },
  { "usb:054c", "bad USB device 'usb:054c'" },
  { "usb:054c:0268:1", "bad USB device" },
  { "usb:54c:268", "bad USB device '54c:268'" },
  { "usb:054g:0268", "bad USB device '054g:0268'" },
  { "usb:0x54:0268", "bad USB device" },
  { "usb:054c:-268", "bad USB device" },
  { "usb:0000:0001", "vendor 0000" },
  { "usb:054c:0268,usb:054C:0268", "USB device 054c:0268 is given twice" },
  { "\xff", "not valid UTF-8" },
};

START_TEST (test_bad_policy)
{
  g_auto(VdRdpPolicy) p = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  vd_rdp_policy_init (&p);
  ck_assert (vd_rdp_policy_parse (&p, "clipboard,drive:keep=/srv", NULL));
  before = vd_rdp_policy_to_string (&p);
  ck_assert_msg (!vd_rdp_policy_parse (&p, bad_policies[_i].text, &error),
                 "'%s' was accepted", bad_policies[_i].text);
  ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
  ck_assert_msg (strstr (error->message, bad_policies[_i].message) != NULL,
                 "'%s': message '%s' lacks '%s'", bad_policies[_i].text, error->message,
                 bad_policies[_i].message);
  /* A failed parse changes nothing. */
  after = vd_rdp_policy_to_string (&p);
  ck_assert_str_eq (before, after);
}
END_TEST

START_TEST (test_too_many_usb)
{
  g_auto(VdRdpPolicy) p = { 0, };
  g_autoptr(GError) error = NULL;

  vd_rdp_policy_init (&p);
  for (int i = 1; i <= VD_RDP_USB_MAX; i++)
    {
      g_autofree char *item = g_strdup_printf ("usb:1234:%04x", i);

      ck_assert (vd_rdp_policy_parse (&p, item, NULL));
    }
  ck_assert (!vd_rdp_policy_parse (&p, "usb:4321:0001", &error));
  ck_assert (strstr (error->message, "more than 32 USB devices") != NULL);
}
END_TEST

START_TEST (test_names)
{
  g_autoptr(GError) error = NULL;

  ck_assert (vd_rdp_check_name ("--rdp-user", "alice", NULL));
  ck_assert (vd_rdp_check_name ("--rdp-user", "CORP\\alice", NULL));
  ck_assert (vd_rdp_check_name ("--rdp-user", "alice@corp.example", NULL));
  ck_assert (vd_rdp_check_name ("--rdp-user", "Jérôme <&\"'> 日本", NULL));
  ck_assert (!vd_rdp_check_name ("--rdp-user", "", NULL));
  ck_assert (!vd_rdp_check_name ("--rdp-user", "a\nb", &error));
  ck_assert (strstr (error->message, "--rdp-user holds a control character") != NULL);
  ck_assert (!vd_rdp_check_name ("--rdp-user", "a\rb", NULL));
  ck_assert (!vd_rdp_check_name ("--rdp-user", "a\tb", NULL));
  ck_assert (!vd_rdp_check_name ("--rdp-user", "a\xc2\x85" "b", NULL));
  ck_assert (!vd_rdp_check_name ("--rdp-user", "\xc3", NULL));
}
END_TEST

/* ---- addresses ----------------------------------------------------- */

static const struct { const char *text; const char *host; int port; } good_addresses[] = {
  { "127.0.0.1", "127.0.0.1", -1 },
  { "127.0.0.1:33891", "127.0.0.1", 33891 },
  { "win11.lab.example", "win11.lab.example", -1 },
  { "win11:3390", "win11", 3390 },
  { "[2001:db8::5]", "2001:db8::5", -1 },
  { "[2001:db8::5]:3390", "2001:db8::5", 3390 },
  { "2001:db8::5", "2001:db8::5", -1 },
  { "::1", "::1", -1 },
};

START_TEST (test_address_good)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  int port = -1;

  ck_assert_msg (vd_rdp_parse_address ("--rdp-address", good_addresses[_i].text, &host,
                                       &port, &error),
                 "%s: %s", good_addresses[_i].text, error ? error->message : "");
  ck_assert_str_eq (host, good_addresses[_i].host);
  ck_assert_int_eq (port, good_addresses[_i].port);
}
END_TEST

static const char * const bad_addresses[] = {
  "", ":3389", "host:", "host:0", "host:65536", "host:x", "[2001:db8::5",
  "[2001:db8::5]x", "[127.0.0.1]:3389", "2001:db8::g", "host name", "-oProxyCommand=x",
  "a..b", "host\n", "user@host", "[::1]:3389:1",
};

START_TEST (test_address_bad)
{
  g_autoptr(GError) error = NULL;
  char *host = NULL;
  int port = -1;

  ck_assert_msg (!vd_rdp_parse_address ("--rdp-address", bad_addresses[_i], &host, &port,
                                        &error),
                 "'%s' was taken as %s:%d", bad_addresses[_i], host, port);
  ck_assert_ptr_null (host);
  ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
  ck_assert (strstr (error->message, "--rdp-address") != NULL);
}
END_TEST

START_TEST (test_format_address)
{
  g_autofree char *a = vd_rdp_format_address ("10.0.0.5", 3389);
  g_autofree char *b = vd_rdp_format_address ("2001:db8::5", 3389);
  g_autofree char *c = vd_rdp_format_address ("2001:db8::5", -1);
  g_autofree char *d = vd_rdp_format_address ("win11", -1);

  ck_assert_str_eq (a, "10.0.0.5:3389");
  ck_assert_str_eq (b, "[2001:db8::5]:3389");
  ck_assert_str_eq (c, "[2001:db8::5]");
  ck_assert_str_eq (d, "win11");
}
END_TEST

/* ---- the xfreerdp and ssh command lines ---------------------------- */

static char *
joined (GPtrArray *argv)
{
  return g_strjoinv ("\n", (char **) argv->pdata);
}

START_TEST (test_client_argv_full)
{
  g_auto(VdRdpPolicy) p = { 0, };
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *text = NULL;
  VdRdpClient c = { 0, };

  vd_rdp_policy_init (&p);
  ck_assert (vd_rdp_policy_parse (&p, "clipboard,drive:share=/home/u/My Share,printers,"
                                  "smartcard,serial,parallel,audio,microphone,"
                                  "usb:054c:0268,usb:046d:c52b", NULL));
  c.program = "xfreerdp";
  c.host = "2001:db8::5";
  c.port = 3390;
  c.user = "CORP\\alice";
  c.domain = "CORP";
  c.policy = &p;
  c.cert = VD_RDP_CERT_IGNORE;
  c.password_on_stdin = TRUE;
  c.fullscreen = TRUE;
  argv = vd_rdp_client_argv (&c);
  ck_assert_ptr_null (g_ptr_array_index (argv, argv->len - 1));
  text = joined (argv);
  ck_assert_str_eq (text,
                    "xfreerdp\n/v:[2001:db8::5]:3390\n/u:CORP\\alice\n/d:CORP\n/cert:ignore\n"
                    "/from-stdin:force\n+clipboard\n/drive:share,/home/u/My Share\n/printer\n"
                    "/smartcard\n/serial\n/parallel\n/sound:sys:alsa\n/microphone:sys:alsa\n"
                    "/usb:id,dev:054c:0268#046d:c52b\n/dynamic-resolution\n/f");
}
END_TEST

/* An empty policy turns FreeRDP's clipboard off, and nothing else is
 * redirected; without a password file nothing is read from stdin. */
START_TEST (test_client_argv_empty)
{
  g_auto(VdRdpPolicy) p = { 0, };
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *text = NULL;
  VdRdpClient c = { 0, };

  vd_rdp_policy_init (&p);
  c.program = "xfreerdp";
  c.host = "192.168.122.20";
  c.port = 3389;
  c.policy = &p;
  c.cert = VD_RDP_CERT_TOFU;
  c.debug = TRUE;
  argv = vd_rdp_client_argv (&c);
  text = joined (argv);
  ck_assert_str_eq (text, "xfreerdp\n/v:192.168.122.20:3389\n/cert:tofu\n-clipboard\n"
                          "/dynamic-resolution\n/log-level:DEBUG");
  g_clear_pointer (&argv, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  /* The SSH tunnel's unix socket: FreeRDP dials a path, with no port. */
  c.host = "/run/user/1000/vdctl/tunnels/rdp-0123.sock";
  c.port = -1;
  c.debug = FALSE;
  argv = vd_rdp_client_argv (&c);
  text = joined (argv);
  ck_assert_str_eq (text, "xfreerdp\n/v:/run/user/1000/vdctl/tunnels/rdp-0123.sock\n/cert:tofu\n"
                          "-clipboard\n/dynamic-resolution");
}
END_TEST

START_TEST (test_cert)
{
  VdRdpCert cert;
  g_autoptr(GError) error = NULL;

  ck_assert (vd_rdp_parse_cert ("tofu", &cert, NULL) && cert == VD_RDP_CERT_TOFU);
  ck_assert (vd_rdp_parse_cert ("ignore", &cert, NULL) && cert == VD_RDP_CERT_IGNORE);
  ck_assert (vd_rdp_parse_cert ("deny", &cert, NULL) && cert == VD_RDP_CERT_DENY);
  ck_assert (!vd_rdp_parse_cert ("prompt", &cert, &error));
  ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
}
END_TEST

START_TEST (test_ssh_target)
{
  g_auto(VdSshTarget) t = { 0, };
  g_auto(VdSshTarget) t2 = { 0, };
  g_auto(VdSshTarget) t3 = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *text = NULL;

  ck_assert (vd_ssh_target_from_uri ("qemu+ssh://admin@virt01.example:2222/system"
                                     "?keyfile=/home/a/.ssh/id%20lab&no_verify=1", &t, NULL));
  ck_assert_str_eq (t.host, "virt01.example");
  ck_assert_str_eq (t.user, "admin");
  ck_assert_int_eq (t.port, 2222);
  ck_assert_str_eq (t.keyfile, "/home/a/.ssh/id lab");
  argv = vd_ssh_tunnel_argv (&t, "/run/user/1000/vdctl/tunnels/rdp-0123.sock",
                             "192.168.122.20", 3389);
  text = joined (argv);
  ck_assert_str_eq (text, "ssh\n-N\n-o\nExitOnForwardFailure=yes\n-o\nServerAliveInterval=30\n"
                          "-o\nControlPath=none\n-o\nStreamLocalBindUnlink=no\n"
                          "-L\n/run/user/1000/vdctl/tunnels/rdp-0123.sock:192.168.122.20:3389\n"
                          "-p\n2222\n-l\nadmin\n"
                          "-i\n/home/a/.ssh/id lab\n--\nvirt01.example");
  g_clear_pointer (&argv, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  ck_assert (vd_ssh_target_from_uri ("qemu+libssh2://[2001:db8::1]/system", &t2, NULL));
  ck_assert_str_eq (t2.host, "2001:db8::1");
  ck_assert_ptr_null (t2.user);
  ck_assert_int_eq (t2.port, -1);
  argv = vd_ssh_tunnel_argv (&t2, "/tmp/t.sock", "fd00::20", 3389);
  text = joined (argv);
  ck_assert (strstr (text, "\n/tmp/t.sock:[fd00::20]:3389\n") != NULL);
  ck_assert (g_str_has_suffix (text, "\n--\n2001:db8::1"));

  ck_assert (!vd_ssh_target_from_uri ("qemu:///system", &t3, &error));
  ck_assert (strstr (error->message, "qemu+ssh://") != NULL);
  g_clear_error (&error);
  ck_assert (!vd_ssh_target_from_uri ("qemu+tls://host/system", &t3, &error));
  g_clear_error (&error);
  ck_assert (!vd_ssh_target_from_uri ("qemu+ssh:///system", &t3, &error));
  ck_assert (strstr (error->message, "names no host") != NULL);
  g_clear_error (&error);
  ck_assert (!vd_ssh_target_from_uri (NULL, &t3, &error));
}
END_TEST

START_TEST (test_shell_line)
{
  const char *argv[] = { "xfreerdp", "/v:10.0.0.5:3389", "/drive:share,/home/u/My Share",
                         "/u:O'Brien", "/usb:id,dev:054c:0268#046d:c52b", "", NULL };
  g_autofree char *line = vd_argv_to_shell_line (argv);
  g_auto(GStrv) back = NULL;
  int n = 0;

  ck_assert_str_eq (line, "xfreerdp /v:10.0.0.5:3389 '/drive:share,/home/u/My Share' "
                          "'/u:O'\\''Brien' '/usb:id,dev:054c:0268#046d:c52b' ''");
  ck_assert (g_shell_parse_argv (line, &n, &back, NULL));
  ck_assert_int_eq (n, 6);
  for (int i = 0; i < n; i++)
    ck_assert_str_eq (back[i], argv[i]);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("rdp-policy");
  TCase *tc = tcase_create ("policy");

  tcase_add_test (tc, test_full_policy);
  tcase_add_test (tc, test_accumulate);
  tcase_add_loop_test (tc, test_bad_policy, 0, G_N_ELEMENTS (bad_policies));
  tcase_add_test (tc, test_too_many_usb);
  tcase_add_test (tc, test_names);
  tcase_add_loop_test (tc, test_address_good, 0, G_N_ELEMENTS (good_addresses));
  tcase_add_loop_test (tc, test_address_bad, 0, G_N_ELEMENTS (bad_addresses));
  tcase_add_test (tc, test_format_address);
  tcase_add_test (tc, test_client_argv_full);
  tcase_add_test (tc, test_client_argv_empty);
  tcase_add_test (tc, test_cert);
  tcase_add_test (tc, test_ssh_target);
  tcase_add_test (tc, test_shell_line);
  suite_add_tcase (suite, tc);

  return vd_test_run_suite (suite);
}
