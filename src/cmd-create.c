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
#include "define-verified.h"
#include "desktop-options.h"
#include "domain-cpu.h"
#include "domain-secrets.h"
#include "domain-xml.h"
#include "json-out.h"
#include "profile.h"
#include "progress.h"
#include "rdp-metadata.h"
#include "rdp-options.h"
#include "qemu-conf.h"
#include "secret.h"
#include "unattend.h"
#include "unattend-media.h"
#include "values.h"
#include "virt-storage.h"
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

/* The settings and machine shared by every desktop of one create. */
typedef struct {
  VdDesktopSettings settings;
  gboolean generate_password;
  guint64 disk_bytes;             /* a new volume, or 0 */
  char *disk_path;                /* or an existing image */
  char *disk_format;
  char *cdrom;
  char *cdrom_volume;             /* remote: --cdrom uploaded as this volume */
  char *pool;
  char *network;
  char *bridge;
  const char *virt_type;
  gboolean nested_host;
  VdProfile *profile;
  char *virtio_win;               /* the driver ISO */
  char *unattend_user;            /* --unattend: the Windows user, and */
  char *unattend_password;        /* the password, NULL: one generated each */
  VdRdpChange rdp;
} CreatePlan;

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

  if (!vd_desktop_options_parse (s, error))
    return FALSE;
  if (!vd_rdp_options_parse (&plan->rdp, FALSE, error))
    return FALSE;
  /* vdctl.conf's defaults, where the command line gave none. */
  if (s->listen == NULL && vd_config_get (inv->config, VD_CONFIG_LISTEN) &&
      !vd_parse_listen_address (vd_config_get (inv->config, VD_CONFIG_LISTEN), &s->listen, error))
    return FALSE;
  if (s->usbredir < 0 && vd_config_get (inv->config, VD_CONFIG_USBREDIR))
    s->usbredir = (int) g_ascii_strtoull (vd_config_get (inv->config, VD_CONFIG_USBREDIR), NULL, 10);
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

  /* Passwords: never silently open on the network. */
  if (!vd_desktop_options_resolve_password (s, s->listen, FALSE,
                                            &plan->generate_password, error))
    return FALSE;
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

/* What the profile and --virtio-win give the new domain. */
static void
spec_from_profile (const CreatePlan *plan, VdDomainSpec *spec)
{
  spec->os = plan->profile->os;
  spec->profile = plan->profile->name;
  spec->disk_bus = plan->profile->disk_bus;
  spec->nic_model = plan->profile->nic_model;
  if (plan->virtio_win)
    {
      spec->drivers_cdrom = plan->virtio_win;
      spec->nic_model = "virtio";
      /* Windows Setup has no virtio disk driver of its own: the disk is
       * virtio only when the answer file loads virtio-win's. */
      if (opt_unattend)
        spec->disk_bus = "virtio";
    }
}

/* Settings the profile cannot take (more redirection channels than USB
 * ports, say) are bad input: refuse them before connecting. */
static gboolean
check_settings_fit (CreatePlan *plan, const char *name, GError **error)
{
  VdDomainSpec spec = { .name = name, .virt_type = plan->virt_type ? plan->virt_type : "kvm" };
  g_autoptr(GError) local_error = NULL;

  spec_from_profile (plan, &spec);

  if (vd_domain_check_new (plan->profile->doc, &spec, &plan->settings, &local_error))
    return TRUE;
  if (local_error->domain == VD_DOMAIN_ERROR && local_error->code != VD_DOMAIN_ERROR_INVALID)
    return vd_usage_error (error, "%s", local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static JsonNode *
result_json (const char *name, const char *uuid, const VdDesktopSettings *s,
             const char *generated_password, const char *error_message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  vd_json_add_string (b, "name", name);
  if (error_message)
    vd_json_add_string (b, "error", error_message);
  else
    {
      vd_json_add_string (b, "uuid", uuid);
      vd_json_add_string (b, "listen", s->listen);
      vd_json_add_int (b, "port", s->port, s->port > 0);
      vd_json_add_bool (b, "usb3", s->usb3 == VD_TRISTATE_YES);
      vd_json_add_int (b, "usbredir", s->usbredir, TRUE);
      vd_json_add_bool (b, "started", opt_start);
      if (generated_password)
        vd_json_add_string (b, "password", generated_password);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_result (const char *name, const char *uuid, const VdDesktopSettings *s,
              const char *generated_password, const char *volume_path)
{
  if (vd_is_quiet ())
    {
      /* A generated password is shown once, quiet or not. */
      if (generated_password)
        printf ("%s: password %s\n", name, generated_password);
      return;
    }
  g_autofree char *port = s->port > 0 ? g_strdup_printf ("%d", s->port)
                                      : g_strdup ("automatic");

  printf ("Desktop '%s' %s (uuid %s)\n", name, opt_start ? "created and started" : "defined",
          uuid ? uuid : "unknown");
  printf ("  display:   spice on %s, port %s\n", s->listen, port);
  printf ("  usb:       %s, %d redirection channel%s\n",
          s->usb3 == VD_TRISTATE_YES ? "qemu-xhci (USB3)" : "ich9 (USB2)",
          s->usbredir, s->usbredir == 1 ? "" : "s");
  if (volume_path)
    printf ("  disk:      %s\n", volume_path);
  if (generated_password)
    printf ("  password:  %s  (generated; shown only now)\n", generated_password);
  else if (s->password == VD_TRISTATE_YES)
    printf ("  password:  set from %s\n",
            strcmp (vd_desktop_opts.password_file, "-") == 0 ? "standard input"
                                                             : vd_desktop_opts.password_file);
  else
    printf ("  password:  none\n");
  fflush (stdout);
}

static JsonNode *
unattend_json (const CreatePlan *plan, const char *volume, const char *generated_password)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  vd_json_add_string (b, "user", plan->unattend_user);
  vd_json_add_string (b, "volume", volume);
  if (generated_password)
    vd_json_add_string (b, "password", generated_password);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_windows (const CreatePlan *plan, const char *name, const char *volume,
               const char *generated_password)
{
  if (!opt_unattend)
    return;
  if (vd_is_quiet ())
    {
      if (generated_password)
        printf ("%s: windows password %s\n", name, generated_password);
      return;
    }
  printf ("  windows:   unattended install of '%s' from an answer file in volume %s\n",
          opt_unattend_edition ? opt_unattend_edition
                               : plan->profile->edition ? plan->profile->edition : "the first image",
          volume);
  if (generated_password)
    printf ("  user:      %s, password %s  (generated; shown only now)\n",
            plan->unattend_user, generated_password);
  else
    printf ("  user:      %s, password from %s\n", plan->unattend_user,
            strcmp (opt_unattend_password_file, "-") == 0 ? "standard input"
                                                          : opt_unattend_password_file);
  fflush (stdout);
}

/* Undo what a failed create made, and keep the first error. */
static void
roll_back (VdConnection *conn, VdVirtDomain *dom, CreatePlan *plan,
           const char *volume, const char *unattend_volume, const char *cdrom_volume)
{
  g_autoptr(GError) cleanup_error = NULL;

  if (dom && !vd_virt_domain_undefine (dom, &cleanup_error))
    {
      g_printerr ("vdctl: warning: %s\n", cleanup_error->message);
      g_clear_error (&cleanup_error);
    }
  if (volume && !vd_volume_delete (conn, plan->pool, volume, &cleanup_error))
    {
      g_printerr ("vdctl: warning: %s\n", cleanup_error->message);
      g_clear_error (&cleanup_error);
    }
  if (unattend_volume && !vd_volume_delete (conn, plan->pool, unattend_volume, &cleanup_error))
    {
      g_printerr ("vdctl: warning: %s\n", cleanup_error->message);
      g_clear_error (&cleanup_error);
    }
  if (cdrom_volume && !vd_volume_delete (conn, plan->pool, cdrom_volume, &cleanup_error))
    g_printerr ("vdctl: warning: %s\n", cleanup_error->message);
  if (cdrom_volume)
    vd_volume_upload_forget (conn, plan->pool, cdrom_volume);
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

/* A remote host's copy of the --cdrom ISO: volume plan->cdrom_volume in
 * the pool, uploaded unless a volume of that name and the ISO's size is
 * there already, from an upload that finished (virt-storage.h).
 * *UPLOADED says whether this call made it. */
static gboolean
upload_cdrom (VdConnection *conn, CreatePlan *plan, gboolean *uploaded, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (plan->cdrom);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(VdProgress) progress = NULL;
  g_autofree char *path = NULL;
  g_autofree char *label = NULL;
  gint64 existing = vd_volume_get_capacity (conn, plan->pool, plan->cdrom_volume);
  guint64 size;

  *uploaded = FALSE;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, error);
  if (info == NULL)
    return FALSE;
  size = (guint64) g_file_info_get_size (info);
  if (existing >= 0 && (guint64) existing == size &&
      !vd_volume_upload_is_complete (conn, plan->pool, plan->cdrom_volume))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS,
                        "volume '%s' in pool '%s' has the size of %s, but no upload of it is "
                        "known to have finished (it may have been cut off, or still be "
                        "running); unless another vdctl is uploading it, remove it with "
                        "'virsh vol-delete %s --pool %s' and create again",
                        plan->cdrom_volume, plan->pool, plan->cdrom, plan->cdrom_volume,
                        plan->pool), FALSE;
  if (existing >= 0 && (guint64) existing == size)
    {
      vd_info ("Using volume '%s' in pool '%s' on %s: it is already there with the size of %s\n",
               plan->cdrom_volume, plan->pool, vd_connection_get_uri (conn), plan->cdrom);
      return TRUE;
    }
  if (existing >= 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS,
                        "volume '%s' in pool '%s' is not %s: its size differs (%" G_GINT64_FORMAT
                        " bytes, the ISO has %" G_GUINT64_FORMAT "); remove it with "
                        "'virsh vol-delete %s --pool %s', or give the ISO another name",
                        plan->cdrom_volume, plan->pool, plan->cdrom, existing, size,
                        plan->cdrom_volume, plan->pool), FALSE;
  /* A record of an earlier volume of that name is not this one's. */
  vd_volume_upload_forget (conn, plan->pool, plan->cdrom_volume);
  label = g_strdup_printf ("Uploading %s", plan->cdrom_volume);
  progress = vd_progress_new (label, size, !vd_is_quiet ());
  path = vd_volume_upload_file (conn, plan->pool, plan->cdrom_volume, plan->cdrom,
                                vd_progress_callback, progress, error);
  g_clear_pointer (&progress, vd_progress_free);
  if (path == NULL)
    return FALSE;
  /* Unrecorded, the upload would never be used again: it goes. */
  if (!vd_volume_upload_set_complete (conn, plan->pool, plan->cdrom_volume, error))
    {
      vd_volume_delete (conn, plan->pool, plan->cdrom_volume, NULL);
      return FALSE;
    }
  *uploaded = TRUE;
  vd_info ("Uploaded %s to %s as volume '%s' in pool '%s'\n", plan->cdrom,
           vd_connection_get_uri (conn), plan->cdrom_volume, plan->pool);
  return TRUE;
}

/* The answer file's CD image for desktop NAME, with PASSWORD. */
static GBytes *
make_unattend_image (const CreatePlan *plan, const char *name, const char *password,
                     GError **error)
{
  g_autofree char *computer = vd_unattend_computer_name (name);
  VdUnattendSpec u = {
    .computer_name = computer,
    .user = plan->unattend_user,
    .password = password,
    .edition = opt_unattend_edition ? opt_unattend_edition : plan->profile->edition,
    .product_key = opt_unattend_product_key,
    .uefi = plan->profile->uefi,
    .drivers = plan->virtio_win ? (plan->profile->drivers ? plan->profile->drivers : "w11")
                                : NULL,
  };
  g_autofree char *answers = NULL;
  gsize length = 0;
  GBytes *image;

  answers = vd_unattend_build (&u, &length, error);
  if (answers == NULL)
    return NULL;
  image = vd_unattend_media_make (VD_UNATTEND_FILE_NAME, answers, length, error);
  explicit_bzero (answers, length);
  return image;
}

/* Windows media boots under UEFI through a "Press any key to boot from CD
 * or DVD" prompt that gives up after a few seconds.  Once the firmware
 * has read the media, press Enter now and then, until Windows PE loads
 * (the media has been read well past its boot files) or long enough has
 * passed. */
static void
press_through_boot_prompt (VdVirtDomain *dom, const char *target, gboolean tcg)
{
  const gint64 loading = 32 * 1024 * 1024;
  gint64 start = g_get_monotonic_time ();
  gint64 wait_for_firmware = (tcg ? 600 : 120) * G_USEC_PER_SEC;
  gint64 keep_pressing = (tcg ? 90 : 30) * G_USEC_PER_SEC;
  gint64 first_read = 0;
  const char *name = vd_virt_domain_get_name (dom);

  vd_info ("Pressing Enter in '%s' for the Windows installer's \"Press any key to boot "
           "from CD or DVD\" prompt...\n", name);
  while (vd_virt_domain_is_active (dom))
    {
      gint64 now = g_get_monotonic_time ();
      gint64 read = vd_virt_domain_read_bytes (dom, target);

      if (read >= loading)
        {
          vd_info ("Windows Setup is loading in '%s'\n", name);
          return;
        }
      if (read > 0 && first_read == 0)
        first_read = now;
      if (first_read == 0 && now - start > wait_for_firmware)
        break;
      if (first_read != 0 && now - first_read > keep_pressing)
        break;
      if (first_read != 0 && !vd_virt_domain_press_enter (dom, NULL))
        break;
      g_usleep (G_USEC_PER_SEC);
    }
  vd_info ("The installer of '%s' has not started yet; if it waits for a key, press one "
           "in its display ('vdctl connect %s')\n", name, name);
}

static gboolean
set_exists_error (GError **error, VdConnection *conn, const char *name)
{
  g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS,
               "desktop '%s' already exists on %s; choose another name "
               "or change it with 'vdctl edit %s'",
               name, vd_connection_get_uri (conn), name);
  return FALSE;
}

static gboolean
create_one (VdInvocation *inv, CreatePlan *plan, const char *name,
            JsonArray *results, GError **error)
{
  VdConnection *conn = inv->conn;
  g_auto(VdDesktopSettings) s = { 0, };
  g_autofree char *generated = NULL;
  g_autofree char *volume = NULL;
  g_autofree char *volume_path = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(VdVirtDomain) dom = NULL;
  VdDomainSpec spec = { 0, };
  g_autofree char *unattend_volume = NULL;
  g_autoptr(GBytes) unattend_image = NULL;
  g_autofree char *windows_generated = NULL;
  gboolean cdrom_uploaded = FALSE;
  const char *cdrom_volume = NULL;    /* the volume this create uploaded */

  /* libvirt refuses a second definition of a name anyway; looking first
   * only saves making a volume for nothing. */
  if (!opt_print_xml && (plan->disk_bytes || plan->cdrom_volume) &&
      vd_virt_domain_exists (conn, name))
    return set_exists_error (error, conn, name);

  /* Each desktop gets its own copy, and its own generated password. */
  s = plan->settings;
  s.listen = g_strdup (plan->settings.listen);
  s.video = g_strdup (plan->settings.video);
  s.sound = g_strdup (plan->settings.sound);
  s.password_value = g_strdup (plan->settings.password_value);
  if (plan->generate_password)
    {
      generated = vd_secret_generate (error);
      if (generated == NULL)
        return FALSE;
      vd_desktop_settings_set_password (&s, generated);
    }

  spec.name = name;
  spec.virt_type = plan->virt_type;
  spec.cdrom = plan->cdrom;
  if (plan->cdrom_volume)
    {
      spec.cdrom = plan->cdrom_volume;
      spec.cdrom_pool = plan->pool;
    }
  spec.network = plan->network;
  spec.bridge = plan->bridge;
  if (plan->disk_bytes)
    {
      volume = g_strdup_printf ("%s.qcow2", name);
      spec.disk_pool = plan->pool;
      spec.disk_volume = volume;
      spec.disk_format = "qcow2";
    }
  else if (plan->disk_path)
    {
      spec.disk_path = plan->disk_path;
      spec.disk_format = plan->disk_format;
    }
  spec_from_profile (plan, &spec);
  if (opt_unattend)
    {
      unattend_volume = g_strdup_printf ("%s-unattend.iso", name);
      spec.unattend_pool = plan->pool;
      spec.unattend_volume = unattend_volume;
    }

  doc = vd_domain_new (plan->profile->doc, &spec, &s, error);
  if (doc == NULL || !vd_rdp_change_apply (&plan->rdp, doc, NULL, error))
    return FALSE;
  if (plan->nested_host)
    vd_domain_cpu_for_nested_host (doc);
  if (opt_print_xml)
    {
      /* As 'edit --print-xml' and 'virsh dumpxml': no password. */
      g_autofree char *printable = NULL;

      vd_domain_strip_secrets (doc);
      printable = vd_xml_serialize (doc);
      fputs (printable, stdout);
      return TRUE;
    }
  xml = vd_xml_serialize (doc);

  /* The answer file's image is made here, before anything changes. */
  if (opt_unattend)
    {
      g_autofree char *password = NULL;

      if (plan->unattend_password == NULL)
        {
          windows_generated = vd_secret_generate (error);
          if (windows_generated == NULL)
            return FALSE;
        }
      password = g_strdup (windows_generated ? windows_generated : plan->unattend_password);
      unattend_image = make_unattend_image (plan, name, password, error);
      explicit_bzero (password, strlen (password));
      if (unattend_image == NULL)
        return FALSE;
    }

  /* The ISO goes first: the longest step, and nothing to undo if it fails. */
  if (plan->cdrom_volume)
    {
      if (!upload_cdrom (conn, plan, &cdrom_uploaded, error))
        return FALSE;
      if (cdrom_uploaded)
        cdrom_volume = plan->cdrom_volume;
    }
  if (volume)
    {
      volume_path = vd_volume_create (conn, plan->pool, volume, plan->disk_bytes, "qcow2", error);
      /* Another create of the same name may have won the race for the
       * volume: then the desktop is what exists. */
      if (volume_path == NULL && g_error_matches (*error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS) &&
          vd_virt_domain_exists (conn, name))
        {
          g_clear_error (error);
          set_exists_error (error, conn, name);
        }
      if (volume_path == NULL)
        {
          roll_back (conn, NULL, plan, NULL, NULL, cdrom_volume);
          return FALSE;
        }
    }
  if (unattend_image)
    {
      g_autofree char *path = vd_volume_upload (conn, plan->pool, unattend_volume,
                                                unattend_image, error);

      if (path == NULL)
        {
          roll_back (conn, NULL, plan, volume, NULL, cdrom_volume);
          return FALSE;
        }
    }
  dom = vd_define_verified (conn, xml, &s, NULL, NULL, error);
  if (dom == NULL && g_error_matches (*error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS))
    {
      g_clear_error (error);
      set_exists_error (error, conn, name);
    }
  explicit_bzero (xml, strlen (xml));
  if (dom == NULL)
    {
      roll_back (conn, NULL, plan, volume, unattend_volume, cdrom_volume);
      return FALSE;
    }
  if (opt_start && !vd_virt_domain_start (dom, error))
    {
      roll_back (conn, dom, plan, volume, unattend_volume, cdrom_volume);
      return FALSE;
    }
  uuid = vd_virt_domain_get_uuid (dom);

  if (results)
    {
      JsonNode *node = result_json (name, uuid, &s, generated, NULL);

      if (opt_unattend)
        json_object_set_member (json_node_get_object (node), "unattend",
                                unattend_json (plan, unattend_volume, windows_generated));
      json_array_add_element (results, node);
    }
  else
    {
      print_result (name, uuid, &s, generated, volume_path);
      print_windows (plan, name, unattend_volume, windows_generated);
    }
  if (!results && !vd_is_quiet () && plan->rdp.set)
    {
      g_autoptr(VdRdpSettings) rdp = NULL;

      if (vd_rdp_metadata_read (doc, &rdp, NULL) && rdp)
        {
          g_autofree char *text = vd_rdp_settings_describe (rdp);

          printf ("  rdp:       %s\n", text);
        }
    }
  /* The --cdrom image is the first CD-ROM: after the disk (sda on SATA). */
  if (opt_start && opt_unattend && plan->profile->uefi)
    press_through_boot_prompt (dom, g_strcmp0 (spec.disk_bus, "sata") == 0 ? "sdb" : "sda",
                               strcmp (plan->virt_type, "qemu") == 0);
  vd_secret_free (g_steal_pointer (&generated));
  vd_secret_free (g_steal_pointer (&windows_generated));
  return TRUE;
}

gboolean
vd_cmd_create (VdInvocation *inv, GError **error)
{
  g_auto(CreatePlan) plan = { 0, };
  g_autoptr(JsonArray) results = NULL;
  VdConnection *conn;
  int failed = 0;

  if (!plan_from_options (&plan, inv, error) || !load_template (&plan, inv, error))
    return FALSE;
  if (!check_settings_fit (&plan, inv->args[0], error))
    return FALSE;

  conn = vd_invocation_connect (inv, error);
  if (conn == NULL)
    return FALSE;
  if (plan.settings.tls == VD_TRISTATE_YES && !opt_print_xml &&
      !vd_spice_tls_check_host (vd_connection_get_uri (conn), error))
    return FALSE;
  if (plan.virt_type == NULL)
    {
      plan.virt_type = vd_connection_pick_virt_type (conn, error);
      if (plan.virt_type == NULL)
        return FALSE;
    }
  if (strcmp (plan.virt_type, "kvm") == 0)
    plan.nested_host = vd_connection_host_is_virtual (conn, "kvm");
  /* Nested KVM commonly refuses the Hyper-V enlightenments (and the SMM
   * of Secure Boot) a Windows profile has, and emulation is many times
   * slower: the user chooses. */
  if (plan.nested_host && opt_virt_type == NULL && vd_profile_is_windows (plan.profile))
    return vd_usage_error (error, "the host of %s is itself a virtual machine, and nested KVM "
                           "often refuses what profile '%s' needs (Hyper-V enlightenments%s); "
                           "give --virt-type qemu to emulate the machine (slow, but it runs "
                           "anywhere), or --virt-type kvm if this host's KVM supports them",
                           vd_connection_get_uri (conn), plan.profile->name,
                           plan.profile->uefi ? ", and the SMM that Secure Boot needs" : "");
  /* On a remote host, a local ISO is uploaded into the pool, as
   * virt-install does; a path that is not a file here names one there. */
  if (plan.cdrom && g_file_test (plan.cdrom, G_FILE_TEST_IS_REGULAR))
    {
      if (uri_names_host (vd_connection_get_uri (conn)))
        plan.cdrom_volume = g_path_get_basename (plan.cdrom);
    }
  if (plan.network && strcmp (plan.network, "none") == 0)
    g_clear_pointer (&plan.network, g_free);
  else if (plan.network == NULL && plan.bridge == NULL &&
           vd_connection_has_network (conn, "default"))
    plan.network = g_strdup ("default");

  if (opt_json && !opt_print_xml)
    results = json_array_new ();

  for (int i = 0; i < inv->n_args; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (create_one (inv, &plan, inv->args[i], results, &local_error))
        continue;
      failed++;
      if (inv->n_args == 1)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          break;
        }
      vd_print_desktop_error (inv->args[i], local_error);
      if (results)
        json_array_add_element (results, result_json (inv->args[i], NULL, NULL, NULL,
                                                      local_error->message));
      /* Without libvirt the other names would each fail the same way. */
      if (!vd_connection_is_alive (conn) && i + 1 < inv->n_args)
        {
          int left = inv->n_args - i - 1;

          g_printerr ("vdctl: error: the connection to %s is lost; the %d desktop%s "
                      "after '%s' %s not tried\n", vd_connection_get_uri (conn), left,
                      left == 1 ? "" : "s", inv->args[i], left == 1 ? "was" : "were");
          for (int j = i + 1; results && j < inv->n_args; j++)
            json_array_add_element (results, result_json (inv->args[j], NULL, NULL, NULL,
                                                          "not tried: the connection to "
                                                          "libvirt is lost"));
          failed += left;
          break;
        }
    }

  if (results)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, results);
      vd_print_json (root);
    }
  if (failed && inv->n_args > 1)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "%d of %d desktops could not be created", failed, inv->n_args), FALSE;
  return failed == 0;
}
