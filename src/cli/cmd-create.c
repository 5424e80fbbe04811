/* cmd-create.c: vdctl create NAME... — define new desktop VMs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "commands.h"
#include "create.h"
#include "interrupt.h"
#include "desktop-options.h"
#include "domain-xml.h"
#include "json-out.h"
#include "profile-store.h"
#include "rdp-options.h"
#include "qemu-conf.h"
#include "secret.h"
#include "unattend.h"
#include "values.h"
#include "xml-util.h"

static char *opt_disk;
static char *opt_pool;
static char *opt_cdrom;
static char *opt_network;
static char *opt_bridge;
static char *opt_virt_type;
static gboolean opt_start;
static gboolean opt_print_xml;
static gboolean opt_json;
static char *opt_profile;
static char *opt_virtio_win;
static gboolean opt_unattend;
static char *opt_unattend_user;
static char *opt_unattend_password_file;
static char *opt_unattend_edition;
static char *opt_unattend_product_key;

const GOptionEntry vd_create_entries[] = {
  VD_DESKTOP_OPTION_ENTRIES,
  VD_RDP_OPTION_ENTRIES,
  { "disk", 0, 0, G_OPTION_ARG_STRING, &opt_disk,
    "A new qcow2 volume of SIZE GiB, or an existing image", "SIZE|path=FILE[,format=F]" },
  { "pool", 0, 0, G_OPTION_ARG_STRING, &opt_pool,
    "Storage pool for --disk SIZE, and for a --cdrom ISO uploaded to a remote host "
    "(default: default)", "NAME" },
  { "cdrom", 0, 0, G_OPTION_ARG_FILENAME, &opt_cdrom,
    "Attach an ISO image as a CD-ROM (a local one is uploaded to a remote host's --pool)",
    "ISO" },
  { "profile", 0, 0, G_OPTION_ARG_STRING, &opt_profile,
    "The desktop profile (template): linux (default), windows10, windows11, or your own", "NAME" },
  { "virtio-win", 0, 0, G_OPTION_ARG_FILENAME, &opt_virtio_win,
    "Attach the virtio-win driver ISO as a second CD-ROM, with a virtio NIC (Windows)", "ISO" },
  { "unattend", 0, 0, G_OPTION_ARG_NONE, &opt_unattend,
    "Install Windows from --cdrom by itself, RDP enabled, with an answer file on a small CD", NULL },
  { "unattend-user", 0, 0, G_OPTION_ARG_STRING, &opt_unattend_user,
    "The Windows administrator --unattend creates (default: the RDP user, else 'user')", "NAME" },
  { "unattend-password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_unattend_password_file,
    "Read that user's password from FILE ('-' for standard input; default: generated)", "FILE" },
  { "unattend-edition", 0, 0, G_OPTION_ARG_STRING, &opt_unattend_edition,
    "The image --unattend installs (default: the profile's, such as 'Windows 11 Pro')", "NAME" },
  { "unattend-product-key", 0, 0, G_OPTION_ARG_STRING, &opt_unattend_product_key,
    "The product key --unattend enters (default: none)", "KEY" },
  { "network", 0, 0, G_OPTION_ARG_STRING, &opt_network,
    "Attach a virtio NIC to a libvirt network, or 'none' (default: 'default' if it exists)", "NAME" },
  { "bridge", 0, 0, G_OPTION_ARG_STRING, &opt_bridge,
    "Attach a virtio NIC to a host bridge", "BR" },
  { "virt-type", 0, 0, G_OPTION_ARG_STRING, &opt_virt_type,
    "kvm or qemu (default: kvm where the host offers it, else qemu)", "TYPE" },
  { "start", 0, 0, G_OPTION_ARG_NONE, &opt_start,
    "Start each desktop once defined", NULL },
  { "print-xml", 0, 0, G_OPTION_ARG_NONE, &opt_print_xml,
    "Print the domain XML and change nothing", NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    "Print the result as JSON", NULL },
  { NULL }
};

static void
create_plan_clear (CreatePlan *plan)
{
  vd_desktop_settings_clear (&plan->settings);
  g_free (plan->disk_path);
  g_free (plan->disk_format);
  g_free (plan->cdrom);
  g_free (plan->cdrom_volume);
  g_free (plan->pool);
  g_free (plan->network);
  g_free (plan->bridge);
  g_clear_pointer (&plan->profile, vd_profile_free);
  g_free (plan->virtio_win);
  g_free (plan->unattend_user);
  vd_secret_free (plan->unattend_password);
  vd_rdp_change_clear (&plan->rdp);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CreatePlan, create_plan_clear)

static char *
absolute_path (const char *path)
{
  return g_canonicalize_filename (path, NULL);
}

/* The format of an existing image: given, else read from its header when
 * the file is on this host, else raw. */
static char *
image_format (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  guint8 magic[4] = { 0, };

  if (in && g_input_stream_read_all (G_INPUT_STREAM (in), magic, sizeof magic, NULL, NULL, NULL) &&
      memcmp (magic, "QFI\xfb", 4) == 0)
    return g_strdup ("qcow2");
  if (in == NULL && (g_str_has_suffix (path, ".qcow2") || g_str_has_suffix (path, ".qcow")))
    return g_strdup ("qcow2");
  return g_strdup ("raw");
}

static gboolean
parse_disk (CreatePlan *plan, const char *text, GError **error)
{
  if (g_str_has_prefix (text, "path="))
    {
      const char *path = text + strlen ("path=");
      const char *format = g_strrstr (path, ",format=");
      g_autofree char *bare = format ? g_strndup (path, format - path) : g_strdup (path);

      if (*bare == '\0')
        return vd_usage_error (error, "--disk path= needs an image file");
      plan->disk_path = absolute_path (bare);
      if (format)
        {
          static const char * const formats[] = { "qcow2", "raw", "vmdk", "vdi", "qed", NULL };

          format += strlen (",format=");
          if (!vd_parse_choice ("--disk format", format, formats, error))
            return FALSE;
          plan->disk_format = g_strdup (format);
        }
      else
        plan->disk_format = image_format (plan->disk_path);
      return TRUE;
    }
  return vd_parse_disk_size ("--disk", text, &plan->disk_bytes, error);
}

/* A Windows password from PATH ('-': standard input): the whole file, its
 * line ending dropped. */
static char *
read_windows_password (const char *path, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text = vd_secret_read_text (path, "Windows password", error);

  if (text && !vd_unattend_check_password (text, &local_error))
    {
      vd_secret_free (text);
      return vd_usage_error (error, "%s (in %s)", local_error->message,
                             strcmp (path, "-") == 0 ? "standard input" : path), NULL;
    }
  return text;
}

/* --virtio-win and --unattend, as far as they can be checked before the
 * profile is known. */
static gboolean
plan_windows_options (CreatePlan *plan, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (opt_virtio_win && *opt_virtio_win == '\0')
    return vd_usage_error (error, "--virtio-win needs the virtio-win ISO image");
  if (opt_virtio_win)
    plan->virtio_win = absolute_path (opt_virtio_win);
  if (!opt_unattend)
    {
      if (opt_unattend_user || opt_unattend_password_file || opt_unattend_edition ||
          opt_unattend_product_key)
        return vd_usage_error (error, "the --unattend-... options go with --unattend");
      return TRUE;
    }
  if (plan->cdrom == NULL)
    return vd_usage_error (error, "--unattend installs Windows from its ISO image: "
                           "give it with --cdrom");
  if (plan->disk_bytes == 0 && plan->disk_path == NULL)
    return vd_usage_error (error, "--unattend installs Windows onto a disk: give one "
                           "with --disk SIZE (64 or more for Windows 11)");
  if (opt_unattend_user && !vd_unattend_check_user (opt_unattend_user, &local_error))
    return vd_usage_error (error, "--unattend-user: %s", local_error->message);
  plan->unattend_user = g_strdup (opt_unattend_user);
  if (opt_unattend_edition && !vd_unattend_check_edition (opt_unattend_edition, &local_error))
    return vd_usage_error (error, "--unattend-edition: %s", local_error->message);
  if (opt_unattend_product_key &&
      !vd_unattend_check_product_key (opt_unattend_product_key, &local_error))
    return vd_usage_error (error, "--unattend-product-key: %s", local_error->message);
  if (opt_unattend_password_file)
    {
      if (strcmp (opt_unattend_password_file, "-") == 0 && vd_desktop_opts.password_file &&
          strcmp (vd_desktop_opts.password_file, "-") == 0)
        return vd_usage_error (error, "--password-file and --unattend-password-file cannot "
                               "both read standard input");
      plan->unattend_password = read_windows_password (opt_unattend_password_file, error);
      if (plan->unattend_password == NULL)
        return FALSE;
    }
  return TRUE;
}

/* What create_one needs of the command line as it is. */
static void
plan_command_line (CreatePlan *plan)
{
  plan->start = opt_start;
  plan->print_xml = opt_print_xml;
  plan->unattend = opt_unattend;
  plan->unattend_edition = opt_unattend_edition;
  plan->unattend_product_key = opt_unattend_product_key;
  plan->unattend_password_file = opt_unattend_password_file;
}

/* Everything that can be checked without the hypervisor, before any
 * change. */
static gboolean
plan_from_options (CreatePlan *plan, VdInvocation *inv, GError **error)
{
  VdDesktopSettings *s = &plan->settings;

  vd_desktop_settings_init (s);
  for (int i = 0; i < inv->n_args; i++)
    {
      if (!vd_check_domain_name (inv->args[i], error))
        return FALSE;
      for (int j = 0; j < i; j++)
        if (strcmp (inv->args[i], inv->args[j]) == 0)
          return vd_usage_error (error, "desktop '%s' is named twice", inv->args[i]);
    }

  if (!vd_desktop_options_parse (s, error) || !vd_desktop_options_check_reset (s, NULL, error))
    return FALSE;
  if (!vd_rdp_options_parse (&plan->rdp, FALSE, error))
    return FALSE;
  /* vdctl.conf's defaults, where the command line gave none. */
  if (s->listen == NULL && vd_config_get (inv->config, VD_CONFIG_LISTEN) &&
      !vd_parse_listen_address (vd_config_get (inv->config, VD_CONFIG_LISTEN), &s->listen, error))
    return FALSE;
  if (s->usbredir < 0 && vd_config_get (inv->config, VD_CONFIG_USBREDIR))
    {
      int n = (int) g_ascii_strtoull (vd_config_get (inv->config, VD_CONFIG_USBREDIR), NULL, 10);

      /* The command line wins: --redirect -usb takes the channels away,
       * --redirect usb wants some even where the default is none. */
      if (!vd_redirect_change_turns_off (&s->redirect, VD_REDIRECT_USB) &&
          !(n == 0 && (s->redirect.add & VD_REDIRECT_USB)))
        s->usbredir = n;
    }
  if (opt_virt_type)
    {
      static const char * const types[] = { "kvm", "qemu", NULL };

      if (!vd_parse_choice ("--virt-type", opt_virt_type, types, error))
        return FALSE;
      plan->virt_type = opt_virt_type;
    }
  if (opt_disk && !parse_disk (plan, opt_disk, error))
    return FALSE;
  if (opt_pool && !opt_disk && !opt_cdrom)
    return vd_usage_error (error, "--pool goes with --disk SIZE");
  if (opt_pool && plan->disk_path && !opt_unattend && !opt_cdrom)
    return vd_usage_error (error, "--pool goes with --disk SIZE, not with --disk path=");
  plan->pool = g_strdup (opt_pool ? opt_pool : "default");
  if (opt_cdrom && *opt_cdrom == '\0')
    return vd_usage_error (error, "--cdrom needs an ISO image file");
  if (opt_cdrom)
    plan->cdrom = absolute_path (opt_cdrom);
  if (opt_network && *opt_network == '\0')
    return vd_usage_error (error, "--network needs a libvirt network name, or 'none'");
  if (opt_bridge && *opt_bridge == '\0')
    return vd_usage_error (error, "--bridge needs a host bridge name");
  if (opt_network && opt_bridge)
    return vd_usage_error (error, "--network and --bridge are alternatives; give one");
  plan->network = g_strdup (opt_network);
  plan->bridge = g_strdup (opt_bridge);
  if (opt_start && opt_print_xml)
    return vd_usage_error (error, "--print-xml changes nothing, so it cannot --start");

  if (!plan_windows_options (plan, error))
    return FALSE;

  vd_desktop_settings_fill (s);

  /* Passwords: never silently open on the network, and on loopback too
   * unless --no-password says so: QEMU turns SPICE ticketing on only for
   * a display with a password, and one-time tickets (export-vv --ttl,
   * connect --ttl) need it. */
  if (!vd_desktop_options_resolve_password (s, s->listen, FALSE,
                                            &plan->generate_password, error))
    return FALSE;
  if (s->password == VD_TRISTATE_UNSET)
    plan->generate_password = TRUE;
  plan_command_line (plan);
  return TRUE;
}

/* The profile: --profile, else vdctl.conf's, else linux.  An unknown
 * name is bad input; a broken template is not. */
static gboolean
load_template (CreatePlan *plan, VdInvocation *inv, GError **error)
{
  const char *name = opt_profile ? opt_profile : vd_profile_default_name (inv->config);
  g_autoptr(GError) local_error = NULL;

  plan->profile = vd_profile_load (inv->config, name, &local_error);
  if (plan->profile == NULL)
    {
      if (g_error_matches (local_error, VD_PROFILE_ERROR, VD_PROFILE_ERROR_INVALID))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        vd_usage_error (error, "%s", local_error->message);
      return FALSE;
    }

  /* One line, where it cannot spoil --json or --print-xml output. */
  if (plan->profile->dropped && !opt_json && !opt_print_xml)
    vd_info ("Profile '%s' (%s) was made from a domain: the new desktop%s get%s none of "
             "%s; give %s its own disk with --disk\n", plan->profile->name,
             plan->profile->source, inv->n_args == 1 ? "" : "s", inv->n_args == 1 ? "s" : "",
             plan->profile->dropped, inv->n_args == 1 ? "it" : "each");
  else if (plan->profile->dropped)
    g_printerr ("vdctl: note: profile '%s' (%s) was made from a domain: the new desktop%s "
                "get%s none of %s\n", plan->profile->name, plan->profile->source,
                inv->n_args == 1 ? "" : "s", inv->n_args == 1 ? "s" : "",
                plan->profile->dropped);
  if (!vd_profile_is_windows (plan->profile) && (plan->virtio_win || opt_unattend))
    return vd_usage_error (error, "%s goes with a Windows profile (--profile windows10 "
                           "or windows11), not with '%s'",
                           opt_unattend ? "--unattend" : "--virtio-win", plan->profile->name);
  if (!opt_unattend)
    return TRUE;
  /* The Windows user: --unattend-user, else the RDP user, else 'user';
   * and the RDP settings name the user the answer file makes. */
  if (plan->unattend_user == NULL && plan->rdp.user_given && plan->rdp.user)
    {
      g_autoptr(GError) user_error = NULL;

      if (!vd_unattend_check_user (plan->rdp.user, &user_error))
        return vd_usage_error (error, "--rdp-user cannot name the Windows user --unattend "
                               "creates: %s; give one with --unattend-user",
                               user_error->message);
      plan->unattend_user = g_strdup (plan->rdp.user);
    }
  if (plan->unattend_user == NULL)
    plan->unattend_user = g_strdup (VD_UNATTEND_DEFAULT_USER);
  if (plan->rdp.set && !plan->rdp.user_given)
    {
      plan->rdp.user_given = TRUE;
      plan->rdp.user = g_strdup (plan->unattend_user);
    }
  return TRUE;
}

/* Settings the profile cannot take (more redirection channels than USB
 * ports, say) are bad input: refuse them before connecting. */
static gboolean
check_settings_fit (CreatePlan *plan, const char *name, GError **error)
{
  VdDomainSpec spec = { .name = name, .virt_type = plan->virt_type ? plan->virt_type : "kvm" };
  g_autoptr(GError) local_error = NULL;

  vd_create_spec_from_profile (plan, &spec);

  if (vd_domain_check_new (plan->profile->doc, &spec, &plan->settings, &local_error))
    return TRUE;
  if (local_error->domain == VD_DOMAIN_ERROR && local_error->code != VD_DOMAIN_ERROR_INVALID)
    return vd_usage_error (error, "%s", local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Whether URI reaches its daemon through the network (qemu+ssh://host/,
 * qemu+tcp://127.0.0.1:PORT/): then the daemon's files need not be this
 * machine's, loopback or not, as virt-install also assumes. */
static gboolean
uri_names_host (const char *uri)
{
  g_autoptr(GUri) parsed = uri ? g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL) : NULL;
  const char *host = parsed ? g_uri_get_host (parsed) : NULL;

  return host != NULL && *host != '\0';
}

/* What the host decides: the machine type, where the ISO and the NIC come
 * from.  Checked before anything changes. */
static gboolean
plan_for_host (CreatePlan *plan, VdConnection *conn, GError **error)
{
  if (plan->settings.tls == VD_TRISTATE_YES && !opt_print_xml &&
      !vd_spice_tls_check_host (vd_connection_get_uri (conn), error))
    return FALSE;
  if (plan->virt_type == NULL)
    {
      plan->virt_type = vd_connection_pick_virt_type (conn, error);
      if (plan->virt_type == NULL)
        return FALSE;
    }
  else if (strcmp (plan->virt_type, "kvm") == 0 &&
           vd_connection_offers_virt_type (conn, "kvm") == 0)
    return vd_usage_error (error, "--virt-type kvm: %s offers no KVM (no /dev/kvm, or no "
                           "KVM support in its kernel or QEMU); give --virt-type qemu to "
                           "emulate the machine, or leave --virt-type out",
                           vd_connection_get_uri (conn));
  if (strcmp (plan->virt_type, "kvm") == 0)
    plan->nested_host = vd_connection_host_is_virtual (conn, "kvm");
  /* Nested KVM commonly refuses the Hyper-V enlightenments (and the SMM
   * of Secure Boot) a Windows profile has, and emulation is many times
   * slower: the user chooses. */
  if (plan->nested_host && opt_virt_type == NULL && vd_profile_is_windows (plan->profile))
    return vd_usage_error (error, "the host of %s is itself a virtual machine, and nested KVM "
                           "often refuses what profile '%s' needs (Hyper-V enlightenments%s); "
                           "give --virt-type qemu to emulate the machine (slow, but it runs "
                           "anywhere), or --virt-type kvm if this host's KVM supports them",
                           vd_connection_get_uri (conn), plan->profile->name,
                           plan->profile->uefi ? ", and the SMM that Secure Boot needs" : "");
  /* On a remote host, a local ISO is uploaded into the pool, as
   * virt-install does; a path that is not a file here names one there. */
  if (plan->cdrom && g_file_test (plan->cdrom, G_FILE_TEST_IS_REGULAR))
    {
      if (uri_names_host (vd_connection_get_uri (conn)))
        plan->cdrom_volume = g_path_get_basename (plan->cdrom);
    }
  if (plan->network && strcmp (plan->network, "none") == 0)
    g_clear_pointer (&plan->network, g_free);
  else if (plan->network == NULL && plan->bridge == NULL &&
           vd_connection_has_network (conn, "default"))
    plan->network = g_strdup ("default");
  /* A NIC on a network that is not running fails the start, late. */
  if (plan->network && !opt_print_xml &&
      vd_connection_network_is_active (conn, plan->network) == 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "network '%s' on %s is defined but not active; start it with "
                        "'virsh net-start %s' (and 'virsh net-autostart %s' to have it "
                        "start with the host), or choose another with --network",
                        plan->network, vd_connection_get_uri (conn), plan->network,
                        plan->network), FALSE;
  return TRUE;
}

/* The error of a create stopped by a signal: what was done, what was
 * undone, what was not tried. */
static void
interrupted_error (GError **error, GError *cause, VdInvocation *inv, int i, int created)
{
  int left = inv->n_args - i - 1;
  int signo = vd_interrupt_signal ();
  g_autoptr(GString) text = g_string_new (cause->message);

  /* A step the signal made fail (a child process it killed) says why. */
  if (cause->domain != VD_INTERRUPT_ERROR)
    g_string_printf (text, "interrupted by %s (%s)", vd_interrupt_signal_name (signo),
                     cause->message);

  g_string_append_printf (text, "; desktop '%s' is not created (what this run made of it "
                          "is undone)", inv->args[i]);
  if (created > 0)
    g_string_append_printf (text, "; %d desktop%s before it %s created", created,
                            created == 1 ? "" : "s", created == 1 ? "was" : "were");
  if (left > 0)
    g_string_append_printf (text, "; %d after it %s not tried", left,
                            left == 1 ? "was" : "were");
  g_set_error_literal (error, VD_INTERRUPT_ERROR, signo, text->str);
}

/* Whether to go on with the desktops after I, which failed. */
static gboolean
go_on_after_failure (CreatePlan *plan, VdInvocation *inv, int i, int *failed)
{
  int left = inv->n_args - i - 1;
  const char *why;

  if (left == 0)
    return FALSE;
  /* Without libvirt the other names would each fail the same way, and
   * without standard output their passwords would be lost. */
  if (ferror (stdout))
    why = "standard output is gone";
  else if (!vd_connection_is_alive (inv->conn))
    why = "the connection to libvirt is lost";
  else
    return TRUE;
  g_printerr ("vdctl: error: %s; the %d desktop%s after '%s' %s not tried\n", why, left,
              left == 1 ? "" : "s", inv->args[i], left == 1 ? "was" : "were");
  for (int j = i + 1; plan->json && !ferror (stdout) && j < inv->n_args; j++)
    {
      g_autofree char *message = g_strdup_printf ("not tried: %s", why);
      g_autoptr(JsonNode) node = vd_create_failure_json (inv->args[j], message);

      vd_json_array_out_add (plan->json, node, NULL);
    }
  *failed += left;
  return FALSE;
}

/* Create each desktop in turn; the count of those that failed. */
static int
create_all (CreatePlan *plan, VdInvocation *inv, GError **error)
{
  int failed = 0;

  for (int i = 0; i < inv->n_args; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (vd_create_one (inv->conn, plan, inv->args[i], &local_error))
        continue;
      failed++;
      if (vd_interrupt_signal () != 0)
        {
          interrupted_error (error, local_error, inv, i, i + 1 - failed);
          return failed;
        }
      if (inv->n_args == 1)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return failed;
        }
      vd_print_desktop_error (inv->args[i], local_error);
      if (plan->json && !ferror (stdout))
        {
          g_autoptr(JsonNode) node = vd_create_failure_json (inv->args[i],
                                                             local_error->message);

          vd_json_array_out_add (plan->json, node, NULL);
        }
      if (!go_on_after_failure (plan, inv, i, &failed))
        break;
    }
  return failed;
}

gboolean
vd_cmd_create (VdInvocation *inv, GError **error)
{
  g_auto(CreatePlan) plan = { 0, };
  VdJsonArrayOut json = { 0, };
  g_autoptr(GError) local_error = NULL;
  int failed;

  if (!plan_from_options (&plan, inv, error) || !load_template (&plan, inv, error))
    return FALSE;
  if (!check_settings_fit (&plan, inv->args[0], error))
    return FALSE;
  if (vd_invocation_connect (inv, error) == NULL || !plan_for_host (&plan, inv->conn, error))
    return FALSE;
  if (opt_json && !opt_print_xml)
    plan.json = &json;

  failed = create_all (&plan, inv, &local_error);
  /* The array is closed whatever happened, so that what was written is
   * valid JSON; it is the first error that counts. */
  if (plan.json && !ferror (stdout))
    vd_json_array_out_close (plan.json, local_error ? NULL : &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (failed && inv->n_args > 1)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "%d of %d desktops could not be created", failed, inv->n_args), FALSE;
  return failed == 0;
}
