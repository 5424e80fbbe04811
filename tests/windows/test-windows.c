/* test-windows.c: profiles, the Windows answer file, the domain a Windows
 * profile gives, and the guest agent's JSON.  No hypervisor.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libxml/xpathInternals.h>

#include "domain-xml.h"
#include "guest-exec.h"
#include "profile-store.h"
#include "test-util.h"
#include "unattend.h"
#include "xml-util.h"

static const char * const shipped[] = { "linux", "windows10", "windows11" };

/* ---- helpers ------------------------------------------------------- */

static char *
xpath_string (xmlDoc *doc, const char *expr)
{
  g_autoptr(xmlXPathContext) ctxt = xmlXPathNewContext (doc);
  g_autoptr(xmlXPathObject) obj = NULL;
  g_autofree char *wrapped = g_strdup_printf ("string(%s)", expr);

  xmlXPathRegisterNs (ctxt, (const xmlChar *) "u",
                      (const xmlChar *) "urn:schemas-microsoft-com:unattend");
  xmlXPathRegisterNs (ctxt, (const xmlChar *) "vdctl",
                      (const xmlChar *) "https://vdctl.org/xmlns/desktop/1.0");
  obj = xmlXPathEvalExpression ((const xmlChar *) wrapped, ctxt);
  ck_assert_msg (obj != NULL, "bad XPath %s", expr);
  return g_strdup ((const char *) obj->stringval);
}

#define assert_xpath(doc, expr, expected) \
  G_STMT_START { \
    g_autofree char *got_ = xpath_string ((doc), (expr)); \
    ck_assert_msg (g_strcmp0 (got_, (expected)) == 0, "%s: got '%s', expected '%s'", \
                   (expr), got_, (expected)); \
  } G_STMT_END

static VdProfile *
load (const char *name)
{
  g_autoptr(GError) error = NULL;
  VdProfile *p = vd_profile_load (NULL, name, &error);

  ck_assert_msg (p != NULL, "profile %s: %s", name, error ? error->message : "");
  return p;
}

static void
fill (VdDesktopSettings *s)
{
  vd_desktop_settings_init (s);
  vd_desktop_settings_fill (s);
}

/* The domain create makes from PROFILE with SPEC (name and type set). */
static xmlDoc *
new_domain (const VdProfile *profile, VdDomainSpec *spec)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  xmlDoc *doc;

  fill (&s);
  spec->os = profile->os;
  spec->profile = profile->name;
  if (spec->disk_bus == NULL)
    spec->disk_bus = profile->disk_bus;
  if (spec->nic_model == NULL)
    spec->nic_model = profile->nic_model;
  doc = vd_domain_new (profile->doc, spec, &s, &error);
  ck_assert_msg (doc != NULL, "%s: %s", profile->name, error ? error->message : "");
  ck_assert_msg (vd_test_schema_validate (doc, &problem),
                 "%s (%s): does not validate: %s", profile->name, spec->virt_type, problem);
  return doc;
}

/* An empty private directory as XDG_CONFIG_HOME, for user templates. */
static char *
fresh_config_home (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vdctl-test-XXXXXX", &error);

  ck_assert_msg (dir != NULL, "%s", error ? error->message : "");
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  return dir;
}

static void
write_template (const char *config_home, const char *name, const char *text)
{
  g_autofree char *dir = g_build_filename (config_home, "vdctl", "templates", NULL);
  g_autofree char *file = g_strconcat (name, ".xml", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
  ck_assert (g_file_set_contents (path, text, -1, NULL));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir && (entry = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* ---- profiles ------------------------------------------------------ */

START_TEST (test_shipped_profiles)
{
  g_autoptr(VdProfile) p = load (shipped[_i]);
  g_auto(GStrv) names = vd_profile_list (NULL);

  ck_assert_str_eq (p->name, shipped[_i]);
  ck_assert_msg (g_strv_contains ((const char * const *) names, shipped[_i]),
                 "vd_profile_list lacks %s", shipped[_i]);
  if (strcmp (shipped[_i], "linux") == 0)
    {
      ck_assert (!vd_profile_is_windows (p));
      ck_assert_ptr_null (p->disk_bus);
      ck_assert (!p->uefi);
    }
  else
    {
      ck_assert (vd_profile_is_windows (p));
      ck_assert_str_eq (p->disk_bus, "sata");
      ck_assert_str_eq (p->nic_model, "e1000e");
      ck_assert_str_eq (p->drivers, strcmp (shipped[_i], "windows10") == 0 ? "w10" : "w11");
      ck_assert_str_eq (p->edition, strcmp (shipped[_i], "windows10") == 0 ? "Windows 10 Pro"
                                                                           : "Windows 11 Pro");
      ck_assert_int_eq (p->uefi, strcmp (shipped[_i], "windows11") == 0);
    }
}
END_TEST

/* Every shipped profile gives a valid domain under both types. */
START_TEST (test_shipped_domains_validate)
{
  static const char * const types[] = { "kvm", "qemu" };

  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(VdProfile) p = load (shipped[_i]);
      VdDomainSpec spec = { .name = "w", .virt_type = types[t], .disk_pool = "default",
                            .disk_volume = "w.qcow2", .cdrom = "/srv/iso/x.iso",
                            .network = "default" };
      g_autoptr(xmlDoc) doc = new_domain (p, &spec);

      assert_xpath (doc, "/domain/@type", types[t]);
      assert_xpath (doc, "/domain/metadata/vdctl:desktop/@profile", shipped[_i]);
      /* The hints are for create only. */
      assert_xpath (doc, "count(//vdctl:template)", "0");
    }
}
END_TEST

START_TEST (test_windows11_domain)
{
  g_autoptr(VdProfile) p = load ("windows11");
  VdDomainSpec spec = { .name = "w11", .virt_type = "kvm", .disk_pool = "default",
                        .disk_volume = "w11.qcow2", .cdrom = "/srv/iso/Win11.iso",
                        .network = "default" };
  g_autoptr(xmlDoc) doc = new_domain (p, &spec);
  static const char * const hyperv[] = {
    "relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic", "stimer",
    "frequencies", "tlbflush", "ipi",
  };

  assert_xpath (doc, "/domain/os/type/@machine", "q35");
  assert_xpath (doc, "/domain/os/@firmware", "efi");
  assert_xpath (doc, "/domain/os/firmware/feature[@name='secure-boot']/@enabled", "yes");
  assert_xpath (doc, "/domain/os/firmware/feature[@name='enrolled-keys']/@enabled", "yes");
  assert_xpath (doc, "/domain/features/smm/@state", "on");
  for (gsize i = 0; i < G_N_ELEMENTS (hyperv); i++)
    {
      g_autofree char *expr = g_strdup_printf ("/domain/features/hyperv/%s/@state", hyperv[i]);

      assert_xpath (doc, expr, "on");
    }
  assert_xpath (doc, "/domain/features/hyperv/spinlocks/@retries", "8191");
  assert_xpath (doc, "/domain/clock/@offset", "localtime");
  assert_xpath (doc, "/domain/clock/timer[@name='hypervclock']/@present", "yes");
  assert_xpath (doc, "/domain/devices/tpm/@model", "tpm-crb");
  assert_xpath (doc, "/domain/devices/tpm/backend/@type", "emulator");
  assert_xpath (doc, "/domain/devices/tpm/backend/@version", "2.0");
  assert_xpath (doc, "/domain/devices/disk[@device='disk']/target/@bus", "sata");
  assert_xpath (doc, "/domain/devices/disk[@device='disk']/target/@dev", "sda");
  assert_xpath (doc, "/domain/devices/disk[@device='cdrom']/target/@dev", "sdb");
  assert_xpath (doc, "/domain/devices/interface/model/@type", "e1000e");
  assert_xpath (doc, "/domain/devices/video/model/@type", "qxl");
  assert_xpath (doc, "/domain/devices/sound/@model", "ich9");
  assert_xpath (doc, "count(/domain/devices/input[@type='tablet'][@bus='usb'])", "1");
  assert_xpath (doc, "/domain/cpu/@mode", "host-passthrough");
}
END_TEST

/* Under TCG: no vpindex (QEMU 7.2 refuses it there), QEMU's maximum CPU. */
START_TEST (test_windows_tcg)
{
  g_autoptr(VdProfile) p = load (shipped[_i]);
  VdDomainSpec spec = { .name = "w", .virt_type = "qemu" };
  g_autoptr(xmlDoc) doc = new_domain (p, &spec);
  gboolean windows = vd_profile_is_windows (p);

  assert_xpath (doc, "count(/domain/features/hyperv/vpindex)", "0");
  assert_xpath (doc, "count(/domain/features/hyperv/synic)", windows ? "1" : "0");
  assert_xpath (doc, "/domain/cpu/@mode", windows ? "maximum" : "");
}
END_TEST

START_TEST (test_virtio_win_devices)
{
  g_autoptr(VdProfile) p = load ("windows10");
  VdDomainSpec spec = { .name = "w10", .virt_type = "kvm", .disk_path = "/var/lib/w.qcow2",
                        .cdrom = "/srv/Win10.iso", .drivers_cdrom = "/srv/virtio-win.iso",
                        .unattend_pool = "default", .unattend_volume = "w10-unattend.iso",
                        .bridge = "br0", .disk_bus = "virtio", .nic_model = "virtio" };
  g_autoptr(xmlDoc) doc = new_domain (p, &spec);

  assert_xpath (doc, "/domain/devices/disk[@device='disk']/target/@dev", "vda");
  assert_xpath (doc, "/domain/devices/disk[@device='disk']/target/@bus", "virtio");
  assert_xpath (doc, "count(/domain/devices/disk[@device='cdrom'])", "3");
  assert_xpath (doc, "/domain/devices/disk[@device='cdrom'][1]/source/@file", "/srv/Win10.iso");
  assert_xpath (doc, "/domain/devices/disk[@device='cdrom'][1]/target/@dev", "sda");
  assert_xpath (doc, "/domain/devices/disk[@device='cdrom'][2]/source/@file",
                "/srv/virtio-win.iso");
  assert_xpath (doc, "/domain/devices/disk[@device='cdrom'][3]/@type", "volume");
  assert_xpath (doc, "/domain/devices/disk[@device='cdrom'][3]/source/@pool", "default");
  assert_xpath (doc, "/domain/devices/disk[@device='cdrom'][3]/source/@volume",
                "w10-unattend.iso");
  assert_xpath (doc, "count(/domain/devices/disk[@device='cdrom']/readonly)", "3");
  assert_xpath (doc, "/domain/devices/interface/model/@type", "virtio");
  assert_xpath (doc, "/domain/devices/interface/source/@bridge", "br0");
  assert_xpath (doc, "/domain/os/boot[1]/@dev", "hd");
  assert_xpath (doc, "/domain/os/boot[2]/@dev", "cdrom");
}
END_TEST

START_TEST (test_user_template_overrides)
{
  g_autofree char *home = fresh_config_home ();
  g_autoptr(VdProfile) p = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  write_template (home, "windows11",
                  "<domain type='kvm'><name>mine</name><memory>1</memory>"
                  "<os><type>hvm</type></os><devices/></domain>");
  write_template (home, "lab", "<domain><name>x</name></domain>");
  p = vd_profile_load (NULL, "windows11", &error);
  ck_assert_msg (p != NULL, "%s", error ? error->message : "");
  ck_assert_msg (strstr (p->source, home) == p->source, "read from %s", p->source);
  ck_assert (!vd_profile_is_windows (p));
  names = vd_profile_list (NULL);
  ck_assert (g_strv_contains ((const char * const *) names, "lab"));
  ck_assert (g_strv_contains ((const char * const *) names, "linux"));
  remove_tree (home);
}
END_TEST

static const struct {
  const char *text;
  const char *message;     /* a fragment of the error */
} bad_templates[] = {
  { "<domain><name>x</name>", "is not well-formed XML" },
  { "not XML at all", "is not well-formed XML" },
  { "<network><name>x</name></network>", "its root element is <network>, not <domain>" },
  { "<d:domain xmlns:d='urn:x'/>", "not <domain>" },
  { "", "is not" },
};

START_TEST (test_user_template_invalid)
{
  g_autofree char *home = fresh_config_home ();
  g_autofree char *path = g_build_filename (home, "vdctl", "templates", "broken.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VdProfile) p = NULL;

  write_template (home, "broken", bad_templates[_i].text);
  p = vd_profile_load (NULL, "broken", &error);
  ck_assert_ptr_null (p);
  ck_assert (g_error_matches (error, VD_PROFILE_ERROR, VD_PROFILE_ERROR_INVALID));
  ck_assert_msg (strstr (error->message, path) != NULL, "message lacks the file: %s",
                 error->message);
  ck_assert_msg (strstr (error->message, bad_templates[_i].message) != NULL,
                 "message: %s", error->message);
  remove_tree (home);
}
END_TEST

START_TEST (test_unknown_profile)
{
  g_autofree char *home = fresh_config_home ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VdProfile) p = vd_profile_load (NULL, "windows12", &error);

  ck_assert_ptr_null (p);
  ck_assert (g_error_matches (error, VD_PROFILE_ERROR, VD_PROFILE_ERROR_UNKNOWN));
  ck_assert_msg (strstr (error->message, "no profile named 'windows12'") &&
                 strstr (error->message, "linux, windows10, windows11"),
                 "message: %s", error->message);
  g_clear_error (&error);
  ck_assert_ptr_null (vd_profile_load (NULL, "../etc/passwd", &error));
  ck_assert (g_error_matches (error, VD_PROFILE_ERROR, VD_PROFILE_ERROR_NAME));
  g_clear_error (&error);
  ck_assert_ptr_null (vd_profile_load (NULL, ".hidden", &error));
  ck_assert (g_error_matches (error, VD_PROFILE_ERROR, VD_PROFILE_ERROR_NAME));
  remove_tree (home);
}
END_TEST

/* ---- the answer file ----------------------------------------------- */

static const struct { const char *password; const char *encoded; } encodings[] = {
  { "Passw0rd!", "UABhAHMAcwB3ADAAcgBkACEAUABhAHMAcwB3AG8AcgBkAA==" },
  { "p\xc3\xa4\xe2\x82\xac" "ss", "cADkAKwgcwBzAFAAYQBzAHMAdwBvAHIAZAA=" },
  { "k\xf0\x9f\x98\x80", "awA92ADeUABhAHMAcwB3AG8AcgBkAA==" },
};

START_TEST (test_encode_password)
{
  g_autofree char *got = vd_unattend_encode_password (encodings[_i].password);

  ck_assert_str_eq (got, encodings[_i].encoded);
}
END_TEST

static xmlDoc *
build (const VdUnattendSpec *spec, char **text)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  xmlDoc *doc;

  *text = vd_unattend_build (spec, &len, &error);
  ck_assert_msg (*text != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (strlen (*text), len);
  doc = xmlReadMemory (*text, (int) len, NULL, NULL, XML_PARSE_NONET);
  ck_assert_msg (doc != NULL, "the answer file is not well-formed XML:\n%s", *text);
  return doc;
}

START_TEST (test_answer_file)
{
  /* Values with the characters XML must escape come out intact. */
  const char *password = "S3cr\xc3\xa9t <&> \"'";
  VdUnattendSpec spec = {
    .computer_name = "LAB-01", .user = "\xc3\x89va & co", .password = password,
    .edition = "Windows 11 Pro", .uefi = TRUE, .drivers = "w11",
  };
  g_autofree char *text = NULL;
  g_autoptr(xmlDoc) doc = build (&spec, &text);
  g_autofree char *encoded = vd_unattend_encode_password (password);
  const char *s = "/u:unattend/u:settings";
  g_autofree char *shell = g_strdup_printf ("%s[@pass='oobeSystem']/u:component"
                                            "[@name='Microsoft-Windows-Shell-Setup']", s);
  g_autofree char *expr = NULL;

  /* No password in clear, in any form that is easy to grep. */
  ck_assert_msg (strstr (text, password) == NULL, "the password is in clear");
  ck_assert_msg (strstr (text, "S3cr") == NULL, "part of the password is in clear");
  ck_assert_msg (strstr (text, "<PlainText>true") == NULL, "a password in plain text");

  expr = g_strdup_printf ("%s[@pass='specialize']/u:component[@name="
                          "'Microsoft-Windows-TerminalServices-LocalSessionManager']"
                          "/u:fDenyTSConnections", s);
  assert_xpath (doc, expr, "false");
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("%s[@pass='specialize']/u:component"
                          "[@name='Microsoft-Windows-Shell-Setup']/u:ComputerName", s);
  assert_xpath (doc, expr, "LAB-01");
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("%s/u:FirstLogonCommands/u:SynchronousCommand[u:Order='1']"
                          "/u:CommandLine", shell);
  assert_xpath (doc, expr, "netsh.exe advfirewall firewall set rule group=\"Remote Desktop\" "
                           "new enable=Yes");
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("count(%s/u:FirstLogonCommands/u:SynchronousCommand"
                          "[contains(u:CommandLine, 'guest-agent\\qemu-ga-x86_64.msi')])", shell);
  assert_xpath (doc, expr, "1");
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("%s/u:UserAccounts/u:LocalAccounts/u:LocalAccount/u:Name", shell);
  assert_xpath (doc, expr, "\xc3\x89va & co");
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("%s/u:UserAccounts/u:LocalAccounts/u:LocalAccount/u:Group", shell);
  assert_xpath (doc, expr, "Administrators");
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("%s/u:UserAccounts/u:LocalAccounts/u:LocalAccount/u:Password/u:Value",
                          shell);
  assert_xpath (doc, expr, encoded);
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("%s/u:UserAccounts/u:LocalAccounts/u:LocalAccount/u:Password"
                          "/u:PlainText", shell);
  assert_xpath (doc, expr, "false");
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("%s/u:AutoLogon/u:Password/u:Value", shell);
  assert_xpath (doc, expr, encoded);
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("%s/u:AutoLogon/u:LogonCount", shell);
  assert_xpath (doc, expr, "1");
  g_clear_pointer (&expr, g_free);
  /* UEFI: EFI, MSR, Windows on the third partition. */
  expr = g_strdup_printf ("%s[@pass='windowsPE']//u:CreatePartition[u:Order='1']/u:Type", s);
  assert_xpath (doc, expr, "EFI");
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("%s[@pass='windowsPE']//u:InstallTo/u:PartitionID", s);
  assert_xpath (doc, expr, "3");
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("%s[@pass='windowsPE']//u:InstallFrom/u:MetaData/u:Value", s);
  assert_xpath (doc, expr, "Windows 11 Pro");
  g_clear_pointer (&expr, g_free);
  expr = g_strdup_printf ("count(%s[@pass='windowsPE']//u:DriverPaths/u:PathAndCredentials"
                          "[u:Path='E:\\viostor\\w11\\amd64'])", s);
  assert_xpath (doc, expr, "1");
  g_clear_pointer (&expr, g_free);
  /* wcm:action on list items */
  ck_assert (strstr (text, "wcm:action=\"add\"") != NULL);
  explicit_bzero (text, strlen (text));
}
END_TEST

START_TEST (test_answer_file_bios_no_drivers)
{
  VdUnattendSpec spec = { .user = "user", .password = "pw" };
  g_autofree char *text = NULL;
  g_autoptr(xmlDoc) doc = build (&spec, &text);

  assert_xpath (doc, "count(//u:DriverPaths)", "0");
  assert_xpath (doc, "count(//u:SynchronousCommand[contains(u:CommandLine, 'msiexec')])", "0");
  assert_xpath (doc, "count(//u:InstallFrom)", "0");
  assert_xpath (doc, "//u:CreatePartition[u:Order='1']/u:Type", "Primary");
  assert_xpath (doc, "//u:ModifyPartition[u:Order='1']/u:Active", "true");
  assert_xpath (doc, "//u:InstallTo/u:PartitionID", "2");
  assert_xpath (doc, "//u:component[@name='Microsoft-Windows-Shell-Setup']/u:ComputerName", "*");
  assert_xpath (doc, "count(//u:ProductKey/u:Key)", "0");
}
END_TEST

START_TEST (test_answer_file_refuses)
{
  static const VdUnattendSpec bad[] = {
    { .user = "", .password = "pw" },
    { .user = "Administrator", .password = "pw" },
    { .user = "a/b", .password = "pw" },
    { .user = "this-name-is-too-long-for-windows", .password = "pw" },
    { .user = "...", .password = "pw" },
    { .user = "user", .password = "" },
    { .user = "user", .password = "new\nline" },
    { .user = "user", .password = "pw", .product_key = "ABCDE-12345" },
    { .user = "user", .password = "pw", .edition = "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = vd_unattend_build (&bad[i], NULL, &error);

      ck_assert_msg (text == NULL, "case %zu was accepted", i);
      ck_assert (g_error_matches (error, VD_UNATTEND_ERROR, VD_UNATTEND_ERROR_INVALID));
    }
  ck_assert (vd_unattend_check_product_key ("VK7JG-NPHTM-C97JM-9MPGT-3V66T", NULL));
}
END_TEST

static const struct { const char *desktop; const char *computer; } computer_names[] = {
  { "lab-01", "lab-01" },
  { "win11", "win11" },
  { "a very long desktop name", "a-very-long-des" },
  { "--x__y--", "x-y" },
  { "12345", "*" },
  { "\xc3\xa9\xc3\xa9", "*" },
  { "x.example.com", "x-example-com" },
};

START_TEST (test_computer_name)
{
  g_autofree char *got = vd_unattend_computer_name (computer_names[_i].desktop);

  ck_assert_str_eq (got, computer_names[_i].computer);
}
END_TEST

static const struct { const char *argv[6]; const char *line; } command_lines[] = {
  { { "netsh.exe", "group=Remote Desktop", "enable=Yes", NULL }, "netsh.exe group=\"Remote Desktop\" enable=Yes" },
  { { "reg.exe", "HKLM\\A B\\C", NULL }, "reg.exe \"HKLM\\A B\\C\"" },
  { { "x", "", NULL }, "x \"\"" },
  { { "x", "say \"hi\"", NULL }, "x \"say \\\"hi\\\"\"" },
  { { "x", "C:\\dir with space\\", NULL }, "x \"C:\\dir with space\\\\\"" },
  { { "x", "a\\\\\"b", NULL }, "x \"a\\\\\\\\\\\"b\"" },
  { { "x", "plain", NULL }, "x plain" },
};

START_TEST (test_command_line)
{
  g_autofree char *got = vd_windows_command_line (command_lines[_i].argv);

  ck_assert_str_eq (got, command_lines[_i].line);
}
END_TEST

/* ---- the guest agent's JSON ---------------------------------------- */

START_TEST (test_guest_exec_requests)
{
  g_autofree char *reg = vd_guest_exec_request (vd_windows_rdp_commands[0]);
  g_autofree char *netsh = vd_guest_exec_request (vd_windows_rdp_commands[1]);
  g_autofree char *status = vd_guest_exec_status_request (1234);
  g_autofree char *osinfo = vd_guest_osinfo_request ();

  ck_assert_str_eq (reg,
    "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"reg.exe\",\"arg\":[\"add\","
    "\"HKLM\\\\SYSTEM\\\\CurrentControlSet\\\\Control\\\\Terminal Server\",\"/v\","
    "\"fDenyTSConnections\",\"/t\",\"REG_DWORD\",\"/d\",\"0\",\"/f\"],"
    "\"capture-output\":true}}");
  ck_assert_str_eq (netsh,
    "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"netsh.exe\",\"arg\":[\"advfirewall\","
    "\"firewall\",\"set\",\"rule\",\"group=Remote Desktop\",\"new\",\"enable=Yes\"],"
    "\"capture-output\":true}}");
  ck_assert_str_eq (status, "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":1234}}");
  ck_assert_str_eq (osinfo, "{\"execute\":\"guest-get-osinfo\"}");
}
END_TEST

START_TEST (test_guest_exec_replies)
{
  g_autoptr(GError) error = NULL;
  g_auto(VdGuestExecStatus) done = { 0, };
  g_auto(VdGuestExecStatus) running = { 0, };
  g_auto(VdGuestExecStatus) failed = { 0, };
  g_autofree char *id = NULL;
  gint64 pid = 0;

  ck_assert (vd_guest_exec_parse_pid ("{\"return\": {\"pid\": 4711}}", &pid, &error));
  ck_assert_int_eq (pid, 4711);

  /* "The operation completed successfully.\r\n" */
  ck_assert (vd_guest_exec_parse_status ("{\"return\": {\"exitcode\": 0, \"out-data\": "
                                         "\"VGhlIG9wZXJhdGlvbiBjb21wbGV0ZWQgc3VjY2Vzc2Z1bGx5Lg0K\", "
                                         "\"exited\": true}}", &done, &error));
  ck_assert (done.exited);
  ck_assert_int_eq (done.exit_code, 0);
  ck_assert_str_eq (done.out, "The operation completed successfully.\r\n");
  ck_assert_ptr_null (done.err);

  ck_assert (vd_guest_exec_parse_status ("{\"return\": {\"exited\": false}}", &running, &error));
  ck_assert (!running.exited);

  /* Output in a code page that is not UTF-8 stays readable. */
  ck_assert (vd_guest_exec_parse_status ("{\"return\": {\"exitcode\": 1, \"err-data\": \"/0Vy\","
                                         "\"exited\": true}}", &failed, &error));
  ck_assert_int_eq (failed.exit_code, 1);
  ck_assert (g_utf8_validate (failed.err, -1, NULL));

  ck_assert (!vd_guest_exec_parse_pid ("{\"error\": {\"class\": \"GenericError\", "
                                       "\"desc\": \"Guest agent command failed\"}}", &pid, &error));
  ck_assert (g_error_matches (error, VD_GUEST_EXEC_ERROR, VD_GUEST_EXEC_ERROR_AGENT));
  ck_assert (strstr (error->message, "Guest agent command failed") != NULL);
  g_clear_error (&error);
  ck_assert (!vd_guest_exec_parse_pid ("not json", &pid, &error));
  ck_assert (g_error_matches (error, VD_GUEST_EXEC_ERROR, VD_GUEST_EXEC_ERROR_REPLY));
  g_clear_error (&error);
  ck_assert (!vd_guest_exec_parse_status ("{\"return\": {}}", &running, &error));
  g_clear_error (&error);

  id = vd_guest_osinfo_parse_id ("{\"return\": {\"name\": \"Microsoft Windows\", "
                                 "\"id\": \"mswindows\", \"version\": \"Microsoft Windows 11\"}}",
                                 &error);
  ck_assert_str_eq (id, "mswindows");
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("windows");
  TCase *profiles = tcase_create ("profiles");
  TCase *answers = tcase_create ("answer file");
  TCase *agent = tcase_create ("guest agent");
  g_autoptr(GError) error = NULL;

  if (!vd_test_schema_load (&error))
    {
      g_printerr ("SKIP: %s\n", error->message);
      return 77;
    }

  tcase_add_loop_test (profiles, test_shipped_profiles, 0, G_N_ELEMENTS (shipped));
  tcase_add_loop_test (profiles, test_shipped_domains_validate, 0, G_N_ELEMENTS (shipped));
  tcase_add_test (profiles, test_windows11_domain);
  tcase_add_loop_test (profiles, test_windows_tcg, 0, G_N_ELEMENTS (shipped));
  tcase_add_test (profiles, test_virtio_win_devices);
  tcase_add_test (profiles, test_user_template_overrides);
  tcase_add_loop_test (profiles, test_user_template_invalid, 0, G_N_ELEMENTS (bad_templates));
  tcase_add_test (profiles, test_unknown_profile);
  suite_add_tcase (suite, profiles);

  tcase_add_loop_test (answers, test_encode_password, 0, G_N_ELEMENTS (encodings));
  tcase_add_test (answers, test_answer_file);
  tcase_add_test (answers, test_answer_file_bios_no_drivers);
  tcase_add_test (answers, test_answer_file_refuses);
  tcase_add_loop_test (answers, test_computer_name, 0, G_N_ELEMENTS (computer_names));
  tcase_add_loop_test (answers, test_command_line, 0, G_N_ELEMENTS (command_lines));
  suite_add_tcase (suite, answers);

  tcase_add_test (agent, test_guest_exec_requests);
  tcase_add_test (agent, test_guest_exec_replies);
  suite_add_tcase (suite, agent);

  return vd_test_run_suite (suite);
}
