/* unattend.c: the Windows answer file of an unattended install, and the
 * commands that enable Remote Desktop in a guest.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libxml/tree.h>

#include "unattend.h"
#include "xml-util.h"

G_DEFINE_QUARK (vd-unattend-error-quark, vd_unattend_error)

#define UNATTEND_NS "urn:schemas-microsoft-com:unattend"
#define WCM_NS "http://schemas.microsoft.com/WMIConfig/2002/State"
#define LOCALE "en-US"
#define INPUT_LOCALE "0409:00000409"

static const char * const reg_rdp[] = {
  "reg.exe", "add", "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server",
  "/v", "fDenyTSConnections", "/t", "REG_DWORD", "/d", "0", "/f", NULL,
};
static const char * const netsh_rdp[] = {
  "netsh.exe", "advfirewall", "firewall", "set", "rule", "group=Remote Desktop",
  "new", "enable=Yes", NULL,
};
const char * const * const vd_windows_rdp_commands[] = { reg_rdp, netsh_rdp, NULL };

/* The automatic logon is for the first-logon commands only: once they
 * ran, nothing of it stays behind in the registry. */
static const char * const autologon_off[] = {
  "reg.exe", "add", "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon",
  "/v", "AutoAdminLogon", "/t", "REG_SZ", "/d", "0", "/f", NULL,
};
static const char * const autologon_forget[] = {
  "reg.exe", "delete", "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon",
  "/v", "DefaultPassword", "/f", NULL,
};
/* Windows 11's setup insists on a network connection unless told not to;
 * a virtio NIC has no driver until virtio-win's are installed. */
static const char * const bypass_nro[] = {
  "reg.exe", "add", "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\OOBE",
  "/v", "BypassNRO", "/t", "REG_DWORD", "/d", "1", "/f", NULL,
};

/* The virtio-win media's letter is not known in advance: try each.  Its
 * drivers first (the guest agent talks through vioserial), then the
 * agent.  Fixed text: no value of the user goes into these. */
#define DRIVE_LETTERS "D E F G H I J K L M N O P Q R S T U V W X Y Z"
static const char install_virtio_drivers[] =
  "cmd.exe /c for %d in (" DRIVE_LETTERS ") do @if exist %d:\\virtio-win-gt-x64.msi "
  "start \"\" /wait msiexec.exe /i %d:\\virtio-win-gt-x64.msi /qn /norestart";
static const char install_guest_agent[] =
  "cmd.exe /c for %d in (" DRIVE_LETTERS ") do @if exist %d:\\guest-agent\\qemu-ga-x86_64.msi "
  "start \"\" /wait msiexec.exe /i %d:\\guest-agent\\qemu-ga-x86_64.msi /qn /norestart";

/* Drivers Windows PE loads from the virtio-win media: the disk (viostor,
 * vioscsi), the NIC and the serial port.  The media's letter in Windows PE
 * depends on the drive order, so every likely letter is listed; setup
 * skips paths that do not exist. */
static const char * const pe_driver_letters[] = { "C", "D", "E", "F", "G", "H", NULL };
static const char * const pe_drivers[] = { "viostor", "vioscsi", "NetKVM", "vioserial", NULL };

/* ---- checks -------------------------------------------------------- */

static gboolean
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  if (error)
    *error = g_error_new_valist (VD_UNATTEND_ERROR, VD_UNATTEND_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
has_control (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

gboolean
vd_unattend_check_user (const char *user, GError **error)
{
  static const char * const builtin[] = {
    "Administrator", "Guest", "DefaultAccount", "WDAGUtilityAccount", NULL,
  };
  glong chars;

  if (!g_utf8_validate (user, -1, NULL))
    return invalid (error, "the Windows user name is not valid UTF-8");
  chars = g_utf8_strlen (user, -1);
  if (chars == 0 || chars > VD_WINDOWS_USER_MAX)
    return invalid (error, "the Windows user name must have 1 to %d characters",
                    VD_WINDOWS_USER_MAX);
  if (has_control (user) || strpbrk (user, "\"/\\[]:;|=,+*?<>@"))
    return invalid (error, "the Windows user name '%s' holds a character Windows refuses "
                    "(one of \" / \\ [ ] : ; | = , + * ? < > @ or a control character)",
                    user);
  if (strspn (user, ". ") == strlen (user))
    return invalid (error, "the Windows user name cannot be only dots and spaces");
  for (int i = 0; builtin[i]; i++)
    if (g_ascii_strcasecmp (user, builtin[i]) == 0)
      return invalid (error, "'%s' is a built-in Windows account; choose another user name",
                      user);
  return TRUE;
}

gboolean
vd_unattend_check_password (const char *password, GError **error)
{
  glong chars;

  if (!g_utf8_validate (password, -1, NULL))
    return invalid (error, "the Windows password is not valid UTF-8");
  chars = g_utf8_strlen (password, -1);
  if (chars == 0)
    return invalid (error, "the Windows password is empty; Remote Desktop refuses "
                    "accounts without a password");
  if (chars > VD_WINDOWS_PASSWORD_MAX)
    return invalid (error, "the Windows password is longer than %d characters",
                    VD_WINDOWS_PASSWORD_MAX);
  if (has_control (password))
    return invalid (error, "the Windows password holds a control character");
  return TRUE;
}

static gboolean
is_product_key (const char *key)
{
  /* XXXXX-XXXXX-XXXXX-XXXXX-XXXXX */
  if (strlen (key) != 29)
    return FALSE;
  for (int i = 0; i < 29; i++)
    if (i % 6 == 5 ? key[i] != '-' : !g_ascii_isalnum (key[i]))
      return FALSE;
  return TRUE;
}

gboolean
vd_unattend_check_product_key (const char *key, GError **error)
{
  if (!is_product_key (key))
    return invalid (error, "'%s' is not a Windows product key (five groups of five "
                    "letters and digits, joined by '-')", key);
  return TRUE;
}

gboolean
vd_unattend_check_edition (const char *edition, GError **error)
{
  glong chars;

  if (!g_utf8_validate (edition, -1, NULL))
    return invalid (error, "the Windows edition is not valid UTF-8");
  chars = g_utf8_strlen (edition, -1);
  if (chars == 0 || chars > 256 || has_control (edition))
    return invalid (error, "the Windows edition must be an image name such as "
                    "'Windows 11 Pro': 1 to 256 printable characters");
  return TRUE;
}

char *
vd_unattend_computer_name (const char *desktop_name)
{
  GString *name = g_string_new (NULL);
  gboolean digits_only = TRUE;

  for (const char *p = desktop_name; *p && name->len < VD_WINDOWS_COMPUTER_MAX; p++)
    {
      char c = g_ascii_isalnum (*p) ? *p : '-';

      if (c == '-' && (name->len == 0 || name->str[name->len - 1] == '-'))
        continue;
      g_string_append_c (name, c);
    }
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  for (gsize i = 0; i < name->len; i++)
    if (!g_ascii_isdigit (name->str[i]))
      digits_only = FALSE;
  if (name->len == 0 || digits_only)
    {
      g_string_free (name, TRUE);
      return g_strdup ("*");
    }
  return g_string_free (name, FALSE);
}

char *
vd_unattend_encode_password (const char *password)
{
  g_autofree char *text = g_strconcat (password, "Password", NULL);
  glong n = 0;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);
  g_autofree guint8 *bytes = NULL;
  char *encoded;

  explicit_bzero (text, strlen (text));
  if (utf16 == NULL)
    return NULL;
  bytes = g_malloc (n * 2 + 1);
  for (glong i = 0; i < n; i++)
    {
      bytes[2 * i] = utf16[i] & 0xff;
      bytes[2 * i + 1] = utf16[i] >> 8;
    }
  encoded = g_base64_encode (bytes, n * 2);
  explicit_bzero (bytes, n * 2);
  explicit_bzero (utf16, n * sizeof *utf16);
  return encoded;
}

/* ---- command lines ------------------------------------------------- */

/* Append ARG quoted for the Microsoft C runtime: inside quotes, N
 * backslashes before a quote become 2N+1 and a quote, N before the
 * closing quote 2N, and other backslashes stay as they are. */
static void
append_quoted (GString *out, const char *arg)
{
  gsize backslashes = 0;

  g_string_append_c (out, '"');
  for (const char *p = arg; *p; p++)
    {
      if (*p == '\\')
        {
          backslashes++;
          continue;
        }
      if (*p == '"')
        backslashes = backslashes * 2 + 1;
      for (; backslashes > 0; backslashes--)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  for (backslashes *= 2; backslashes > 0; backslashes--)
    g_string_append_c (out, '\\');
  g_string_append_c (out, '"');
}

static gboolean
needs_quotes (const char *arg)
{
  return *arg == '\0' || strpbrk (arg, " \t\n\v\"") != NULL;
}

char *
vd_windows_command_line (const char * const *argv)
{
  GString *out = g_string_new (NULL);

  for (int i = 0; argv[i]; i++)
    {
      const char *arg = argv[i];
      const char *eq = strchr (arg, '=');

      if (i > 0)
        g_string_append_c (out, ' ');
      if (!needs_quotes (arg))
        g_string_append (out, arg);
      else if (eq && eq > arg && strspn (arg, "abcdefghijklmnopqrstuvwxyz"
                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
                                 (gsize) (eq - arg))
        {
          /* tag="value": the runtime joins the two halves again. */
          g_string_append_len (out, arg, eq - arg + 1);
          append_quoted (out, eq + 1);
        }
      else
        append_quoted (out, arg);
    }
  return g_string_free (out, FALSE);
}

/* ---- the answer file ----------------------------------------------- */

typedef struct {
  xmlDoc *doc;
  xmlNs *ns;
  xmlNs *wcm;
} Builder;

static xmlNode *
add (Builder *b, xmlNode *parent, const char *name, const char *text)
{
  /* xmlNewTextChild escapes TEXT. */
  return xmlNewTextChild (parent, b->ns, (const xmlChar *) name, (const xmlChar *) text);
}

static xmlNode *
add_action (Builder *b, xmlNode *parent, const char *name, const char *key_value)
{
  xmlNode *n = add (b, parent, name, NULL);

  xmlNewNsProp (n, b->wcm, (const xmlChar *) "action", (const xmlChar *) "add");
  if (key_value)
    xmlNewNsProp (n, b->wcm, (const xmlChar *) "keyValue", (const xmlChar *) key_value);
  return n;
}

static void
add_int (Builder *b, xmlNode *parent, const char *name, int value)
{
  g_autofree char *text = g_strdup_printf ("%d", value);

  add (b, parent, name, text);
}

static xmlNode *
add_settings (Builder *b, const char *pass)
{
  xmlNode *settings = add (b, xmlDocGetRootElement (b->doc), "settings", NULL);

  xmlNewProp (settings, (const xmlChar *) "pass", (const xmlChar *) pass);
  return settings;
}

static xmlNode *
add_component (Builder *b, xmlNode *settings, const char *name)
{
  xmlNode *c = add (b, settings, "component", NULL);

  xmlNewProp (c, (const xmlChar *) "name", (const xmlChar *) name);
  xmlNewProp (c, (const xmlChar *) "processorArchitecture", (const xmlChar *) "amd64");
  xmlNewProp (c, (const xmlChar *) "publicKeyToken", (const xmlChar *) "31bf3856ad364e35");
  xmlNewProp (c, (const xmlChar *) "language", (const xmlChar *) "neutral");
  xmlNewProp (c, (const xmlChar *) "versionScope", (const xmlChar *) "nonSxS");
  return c;
}

static void
add_locales (Builder *b, xmlNode *component)
{
  add (b, component, "InputLocale", INPUT_LOCALE);
  add (b, component, "SystemLocale", LOCALE);
  add (b, component, "UILanguage", LOCALE);
  add (b, component, "UserLocale", LOCALE);
}

static void
add_password (Builder *b, xmlNode *parent, const char *encoded)
{
  xmlNode *password = add (b, parent, "Password", NULL);

  add (b, password, "Value", encoded);
  add (b, password, "PlainText", "false");
}

static void
add_partition (Builder *b, xmlNode *create, xmlNode *modify, int order,
               const char *type, int size_mib, const char *format,
               const char *label, const char *letter)
{
  xmlNode *c = add_action (b, create, "CreatePartition", NULL);
  xmlNode *m = add_action (b, modify, "ModifyPartition", NULL);

  add_int (b, c, "Order", order);
  add (b, c, "Type", type);
  if (size_mib > 0)
    add_int (b, c, "Size", size_mib);
  else
    add (b, c, "Extend", "true");

  add_int (b, m, "Order", order);
  add_int (b, m, "PartitionID", order);
  if (strcmp (type, "EFI") == 0 || strcmp (type, "Primary") == 0)
    {
      add (b, m, "Format", format);
      add (b, m, "Label", label);
    }
  if (letter)
    add (b, m, "Letter", letter);
  if (order == 1 && strcmp (type, "Primary") == 0)
    add (b, m, "Active", "true");
}

/* windowsPE: languages, drivers, the disk, the image and the licence. */
static void
add_windows_pe (Builder *b, const VdUnattendSpec *spec)
{
  xmlNode *settings = add_settings (b, "windowsPE");
  xmlNode *intl, *setup, *disks, *disk, *create, *modify, *image, *os, *to, *user, *key;
  int windows_partition;

  intl = add_component (b, settings, "Microsoft-Windows-International-Core-WinPE");
  add (b, add (b, intl, "SetupUILanguage", NULL), "UILanguage", LOCALE);
  add_locales (b, intl);

  if (spec->drivers)
    {
      xmlNode *pnp = add_component (b, settings, "Microsoft-Windows-PnpCustomizationsWinPE");
      xmlNode *paths = add (b, pnp, "DriverPaths", NULL);
      int n = 0;

      for (int l = 0; pe_driver_letters[l]; l++)
        for (int d = 0; pe_drivers[d]; d++)
          {
            g_autofree char *key_value = g_strdup_printf ("%d", ++n);
            g_autofree char *path = g_strdup_printf ("%s:\\%s\\%s\\amd64", pe_driver_letters[l],
                                                     pe_drivers[d], spec->drivers);
            xmlNode *pc = add_action (b, paths, "PathAndCredentials", key_value);

            add (b, pc, "Path", path);
          }
    }

  setup = add_component (b, settings, "Microsoft-Windows-Setup");
  disks = add (b, setup, "DiskConfiguration", NULL);
  disk = add_action (b, disks, "Disk", NULL);
  add (b, disk, "DiskID", "0");
  add (b, disk, "WillWipeDisk", "true");
  create = add (b, disk, "CreatePartitions", NULL);
  modify = add (b, disk, "ModifyPartitions", NULL);
  if (spec->uefi)
    {
      add_partition (b, create, modify, 1, "EFI", 100, "FAT32", "System", NULL);
      add_partition (b, create, modify, 2, "MSR", 16, NULL, NULL, NULL);
      add_partition (b, create, modify, 3, "Primary", 0, "NTFS", "Windows", "C");
      windows_partition = 3;
    }
  else
    {
      add_partition (b, create, modify, 1, "Primary", 500, "NTFS", "System Reserved", NULL);
      add_partition (b, create, modify, 2, "Primary", 0, "NTFS", "Windows", "C");
      windows_partition = 2;
    }

  image = add (b, setup, "ImageInstall", NULL);
  os = add (b, image, "OSImage", NULL);
  if (spec->edition)
    {
      xmlNode *meta = add_action (b, add (b, os, "InstallFrom", NULL), "MetaData", NULL);

      add (b, meta, "Key", "/IMAGE/NAME");
      add (b, meta, "Value", spec->edition);
    }
  to = add (b, os, "InstallTo", NULL);
  add (b, to, "DiskID", "0");
  add_int (b, to, "PartitionID", windows_partition);
  add (b, os, "InstallToAvailablePartition", "false");

  user = add (b, setup, "UserData", NULL);
  add (b, user, "AcceptEula", "true");
  key = add (b, user, "ProductKey", NULL);
  if (spec->product_key)
    add (b, key, "Key", spec->product_key);
  add (b, key, "WillShowUI", "OnError");
}

static void
add_command (Builder *b, xmlNode *list, const char *element, const char *command_element,
             int order, const char *command, const char *description)
{
  xmlNode *c = add_action (b, list, element, NULL);

  add_int (b, c, "Order", order);
  add (b, c, command_element, command);
  if (description)
    add (b, c, "Description", description);
}

/* specialize: the computer name, Remote Desktop on. */
static void
add_specialize (Builder *b, const VdUnattendSpec *spec)
{
  xmlNode *settings = add_settings (b, "specialize");
  xmlNode *shell, *lsm, *deploy, *run;
  g_autofree char *nro = vd_windows_command_line (bypass_nro);

  shell = add_component (b, settings, "Microsoft-Windows-Shell-Setup");
  add (b, shell, "ComputerName", spec->computer_name ? spec->computer_name : "*");

  lsm = add_component (b, settings, "Microsoft-Windows-TerminalServices-LocalSessionManager");
  add (b, lsm, "fDenyTSConnections", "false");

  deploy = add_component (b, settings, "Microsoft-Windows-Deployment");
  run = add (b, deploy, "RunSynchronous", NULL);
  add_command (b, run, "RunSynchronousCommand", "Path", 1, nro,
               "Let setup finish without a network connection");
}

/* oobeSystem: no questions, the user, one automatic logon, and the
 * first-logon commands. */
static void
add_oobe (Builder *b, const VdUnattendSpec *spec, const char *encoded)
{
  xmlNode *settings = add_settings (b, "oobeSystem");
  xmlNode *shell, *autologon, *commands, *oobe, *accounts, *local, *account;
  g_autofree char *firewall = vd_windows_command_line (netsh_rdp);
  g_autofree char *off = vd_windows_command_line (autologon_off);
  g_autofree char *forget = vd_windows_command_line (autologon_forget);
  int order = 0;

  add_locales (b, add_component (b, settings, "Microsoft-Windows-International-Core"));

  shell = add_component (b, settings, "Microsoft-Windows-Shell-Setup");
  autologon = add (b, shell, "AutoLogon", NULL);
  add_password (b, autologon, encoded);
  add (b, autologon, "Enabled", "true");
  add (b, autologon, "LogonCount", "1");
  add (b, autologon, "Username", spec->user);

  commands = add (b, shell, "FirstLogonCommands", NULL);
  add_command (b, commands, "SynchronousCommand", "CommandLine", ++order, firewall,
               "Allow Remote Desktop through the firewall");
  if (spec->drivers)
    {
      add_command (b, commands, "SynchronousCommand", "CommandLine", ++order,
                   install_virtio_drivers, "Install the virtio-win drivers");
      add_command (b, commands, "SynchronousCommand", "CommandLine", ++order,
                   install_guest_agent, "Install the QEMU guest agent");
    }
  add_command (b, commands, "SynchronousCommand", "CommandLine", ++order, off,
               "No more automatic logons");
  add_command (b, commands, "SynchronousCommand", "CommandLine", ++order, forget,
               "Forget the automatic logon's password");

  oobe = add (b, shell, "OOBE", NULL);
  add (b, oobe, "HideEULAPage", "true");
  add (b, oobe, "HideLocalAccountScreen", "true");
  add (b, oobe, "HideOEMRegistrationScreen", "true");
  add (b, oobe, "HideOnlineAccountScreens", "true");
  add (b, oobe, "HideWirelessSetupInOOBE", "true");
  add (b, oobe, "ProtectYourPC", "3");

  accounts = add (b, shell, "UserAccounts", NULL);
  local = add (b, accounts, "LocalAccounts", NULL);
  account = add_action (b, local, "LocalAccount", NULL);
  add_password (b, account, encoded);
  add (b, account, "DisplayName", spec->user);
  add (b, account, "Group", "Administrators");
  add (b, account, "Name", spec->user);
}

char *
vd_unattend_build (const VdUnattendSpec *spec, gsize *length, GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *encoded = NULL;
  Builder b;
  xmlNode *root;
  xmlChar *text = NULL;
  int size = 0;
  char *result;

  if (!vd_unattend_check_user (spec->user, error) ||
      !vd_unattend_check_password (spec->password, error) ||
      (spec->product_key && !vd_unattend_check_product_key (spec->product_key, error)) ||
      (spec->edition && !vd_unattend_check_edition (spec->edition, error)))
    return NULL;

  doc = xmlNewDoc ((const xmlChar *) "1.0");
  root = xmlNewDocNode (doc, NULL, (const xmlChar *) "unattend", NULL);
  xmlDocSetRootElement (doc, root);
  b.doc = doc;
  b.ns = xmlNewNs (root, (const xmlChar *) UNATTEND_NS, NULL);
  b.wcm = xmlNewNs (root, (const xmlChar *) WCM_NS, (const xmlChar *) "wcm");
  xmlSetNs (root, b.ns);

  encoded = vd_unattend_encode_password (spec->password);
  if (encoded == NULL)
    return invalid (error, "the Windows password is not valid UTF-8"), NULL;

  add_windows_pe (&b, spec);
  add_specialize (&b, spec);
  add_oobe (&b, spec, encoded);

  xmlDocDumpFormatMemoryEnc (doc, &text, &size, "UTF-8", 1);
  result = g_strndup ((const char *) text, size);
  explicit_bzero (text, size);
  xmlFree (text);
  explicit_bzero (encoded, strlen (encoded));
  if (length)
    *length = size;
  return result;
}
