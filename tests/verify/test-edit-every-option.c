/* test-edit-every-option.c: every edit option over every domain, through
 * libvirt.
 *
 *   test-edit-every-option URI DIR...
 *
 * For each *.xml domain in each DIR (the corpus, and what virt-install
 * writes; see edit-every-option.sh), defined on URI (libvirt's test
 * driver: it parses and formats definitions as libvirtd does), and for
 * each option below that the core does not refuse on it: the change is
 * defined the way 'vdctl edit' defines it (vd_define_verified), must be
 * accepted, and the definition libvirt stored, read back with
 * vd_domain_read as 'vdctl show' reads it, must hold what was asked and
 * keep the settings the option is not about (listen, password, memory,
 * vCPUs, sound).  These checks are this file's own, not domain-verify.c's.
 * After each option the domain gets its definition back.
 *
 * A domain the driver refuses as it is (another hypervisor's, a newer
 * schema's) is counted and left out.  Prints one line per failure and a
 * count per option; exits 1 on any failure.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>

#include "define-verified.h"
#include "domain-xml.h"
#include "virt.h"
#include "xml-util.h"

#define DOMAIN_NAME "vdctl-verify-every-option"

typedef void (*SetFunc) (VdDesktopSettings *s);

typedef struct {
  const char *option;
  SetFunc set;
  guint applied, refused, failed;
} Option;

static void set_listen_any (VdDesktopSettings *s)
{
  s->listen = g_strdup ("0.0.0.0");
  vd_desktop_settings_set_password (s, "generated-as-edit-would");
}
static void set_listen_loopback (VdDesktopSettings *s) { s->listen = g_strdup ("127.0.0.1"); }
static void set_port (VdDesktopSettings *s) { s->port = 5999; }
static void set_port_auto (VdDesktopSettings *s) { s->port = VD_PORT_AUTO; }
static void set_password (VdDesktopSettings *s) { vd_desktop_settings_set_password (s, "s3cret &<'\""); }
static void set_no_password (VdDesktopSettings *s) { vd_desktop_settings_set_password (s, NULL); }
static void set_usb3 (VdDesktopSettings *s) { s->usb3 = VD_TRISTATE_YES; }
static void set_no_usb3 (VdDesktopSettings *s) { s->usb3 = VD_TRISTATE_NO; }
static void set_usbredir_3 (VdDesktopSettings *s) { s->usbredir = 3; }
static void set_usbredir_0 (VdDesktopSettings *s) { s->usbredir = 0; }
static void set_video_qxl (VdDesktopSettings *s) { s->video = g_strdup ("qxl"); }
static void set_video_virtio (VdDesktopSettings *s) { s->video = g_strdup ("virtio"); }
static void set_video_vga (VdDesktopSettings *s) { s->video = g_strdup ("vga"); }
static void set_sound_ich9 (VdDesktopSettings *s) { s->sound = g_strdup ("ich9"); }
static void set_sound_none (VdDesktopSettings *s) { s->sound = g_strdup ("none"); }
static void set_memory (VdDesktopSettings *s) { s->memory_mib = 2048; }
static void set_vcpus (VdDesktopSettings *s) { s->vcpus = 4; }
static void set_tls (VdDesktopSettings *s) { s->tls = VD_TRISTATE_YES; }
static void set_no_tls (VdDesktopSettings *s) { s->tls = VD_TRISTATE_NO; }
static void set_spice (VdDesktopSettings *s) { s->spice = VD_TRISTATE_YES; }
static void set_no_spice (VdDesktopSettings *s) { s->spice = VD_TRISTATE_NO; }
static void set_rdp (VdDesktopSettings *s) { s->agents = TRUE; }

static Option options[] = {
  { "--listen 0.0.0.0", set_listen_any },
  { "--listen 127.0.0.1", set_listen_loopback },
  { "--port 5999", set_port },
  { "--port auto", set_port_auto },
  { "--password-file", set_password },
  { "--no-password", set_no_password },
  { "--usb3", set_usb3 },
  { "--no-usb3", set_no_usb3 },
  { "--usbredir 3", set_usbredir_3 },
  { "--usbredir 0", set_usbredir_0 },
  { "--video qxl", set_video_qxl },
  { "--video virtio", set_video_virtio },
  { "--video vga", set_video_vga },
  { "--sound ich9", set_sound_ich9 },
  { "--sound none", set_sound_none },
  { "--memory 2048", set_memory },
  { "--vcpus 4", set_vcpus },
  { "--tls", set_tls },
  { "--no-tls", set_no_tls },
  { "--spice", set_spice },
  { "--no-spice", set_no_spice },
  { "--rdp (the agent channels)", set_rdp },
};

/* ---- what must hold after the edit --------------------------------- */

#define PROBLEM(...) g_string_append_printf (problems, "; " __VA_ARGS__)

static void
check_display (const VdDesktopSettings *s, const VdDesktopInfo *b, const VdDesktopInfo *k,
               GString *problems)
{
  gboolean spice = g_strcmp0 (k->graphics, "spice") == 0;
  gboolean display_asked = s->spice != VD_TRISTATE_UNSET || s->listen || s->port >= 0 ||
                           s->tls != VD_TRISTATE_UNSET;

  if (s->spice == VD_TRISTATE_YES && !spice)
    PROBLEM ("no SPICE display but %s", k->graphics ? k->graphics : "none");
  if (s->spice == VD_TRISTATE_YES && g_strcmp0 (k->video, b->video ? b->video : "qxl") != 0)
    PROBLEM ("video %s after --spice (it was %s)", k->video, b->video);
  if (s->spice == VD_TRISTATE_NO && spice)
    PROBLEM ("the SPICE display is still there");
  if (s->listen && (g_strcmp0 (k->listen_type, "address") != 0 ||
                    g_strcmp0 (k->listen, s->listen) != 0))
    PROBLEM ("listen type %s address %s", k->listen_type, k->listen);
  if (s->port == VD_PORT_AUTO && !k->autoport)
    PROBLEM ("no automatic port");
  if (s->port > 0 && (k->autoport || k->port != s->port))
    PROBLEM ("port %d (autoport %d)", k->port, k->autoport);
  if (s->password == VD_TRISTATE_YES && !k->password_set)
    PROBLEM ("no password");
  if (s->password == VD_TRISTATE_NO && k->password_set)
    PROBLEM ("a password");
  if (s->tls == VD_TRISTATE_YES && !k->tls)
    PROBLEM ("not every channel over TLS");
  if (s->tls == VD_TRISTATE_NO && k->tls)
    PROBLEM ("still TLS");
  /* Only what is named changes. */
  if (!display_asked && g_strcmp0 (b->graphics, k->graphics) == 0 &&
      (g_strcmp0 (b->listen_type, k->listen_type) != 0 || g_strcmp0 (b->listen, k->listen) != 0))
    PROBLEM ("the listen changed from %s %s to %s %s", b->listen_type, b->listen,
             k->listen_type, k->listen);
  if (s->password == VD_TRISTATE_UNSET && s->spice == VD_TRISTATE_UNSET &&
      b->password_set != k->password_set)
    PROBLEM ("the password changed");
  if (!display_asked && spice && b->autoport == k->autoport && b->port != k->port)
    PROBLEM ("the port changed from %d to %d", b->port, k->port);
}

static void
check_devices (const VdDesktopSettings *s, const VdDesktopInfo *b, const VdDesktopInfo *k,
               GString *problems)
{
  if (s->usb3 == VD_TRISTATE_YES && g_strcmp0 (k->usb_model, "qemu-xhci") != 0)
    PROBLEM ("USB controller %s", k->usb_model);
  if (s->usb3 == VD_TRISTATE_NO && k->usb3)
    PROBLEM ("still an xHCI controller");
  if (s->usbredir >= 0 && k->usbredir != s->usbredir)
    PROBLEM ("%d USB redirection channels", k->usbredir);
  if (s->video && g_strcmp0 (k->video, s->video) != 0)
    PROBLEM ("video %s", k->video);
  if (s->sound && g_strcmp0 (k->sound, strcmp (s->sound, "none") ? s->sound : NULL) != 0)
    PROBLEM ("sound %s", k->sound);
  if (s->sound == NULL && g_strcmp0 (b->sound, k->sound) != 0)
    PROBLEM ("the sound changed from %s to %s", b->sound, k->sound);
  if (s->agents && !k->guest_agent)
    PROBLEM ("no guest agent channel");
}

static void
check_machine (const VdDesktopSettings *s, const VdDesktopInfo *b, const VdDesktopInfo *k,
               GString *problems)
{
  if (s->memory_mib && k->memory_mib != s->memory_mib)
    PROBLEM ("%" G_GUINT64_FORMAT " MiB", k->memory_mib);
  if (s->memory_mib == 0 && k->memory_mib != b->memory_mib)
    PROBLEM ("the memory changed");
  if (s->vcpus && (k->vcpus != s->vcpus || k->vcpus_max != s->vcpus))
    PROBLEM ("%u vCPUs at boot, %u at most", k->vcpus, k->vcpus_max);
  if (s->vcpus == 0 && (k->vcpus != b->vcpus || k->vcpus_max != b->vcpus_max))
    PROBLEM ("the vCPUs changed");
}

/* ---- one domain ---------------------------------------------------- */

/* NAME: the file, for messages.  Fills PROBLEMS; FALSE when the core
 * refused the option. */
static gboolean
edit_one (VdConnection *conn, const char *current, Option *option, GString *problems)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_auto(VdDesktopInfo) before = { 0, };
  g_auto(VdDesktopInfo) kept = { 0, };
  g_auto(VdDesktopInfo) shown = { 0, };
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlDoc) stored = NULL;
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  vd_desktop_settings_init (&s);
  option->set (&s);
  doc = vd_xml_parse (current, -1, "the definition", &error);
  g_assert (doc != NULL);
  g_assert (vd_domain_read (doc, &before, NULL));
  if (!vd_domain_apply (doc, &s, &error))
    return FALSE;
  xml = vd_xml_serialize (doc);
  dom = vd_define_verified (conn, xml, &s, current, &kept, NULL, &error);
  if (dom == NULL)
    {
      PROBLEM ("vdctl's define failed: %s", error->message);
      return TRUE;
    }
  /* What 'vdctl show' reads. */
  stored = vd_virt_domain_get_doc (dom, TRUE, &error);
  if (stored == NULL || !vd_domain_read (stored, &shown, &error))
    {
      PROBLEM ("cannot read it back: %s", error->message);
      return TRUE;
    }
  check_display (&s, &before, &shown, problems);
  check_devices (&s, &before, &shown, problems);
  check_machine (&s, &before, &shown, problems);
  return TRUE;
}

static char *
load_domain (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root, *uuid, *name;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  doc = vd_xml_parse (text, -1, path, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || strcmp ((const char *) root->name, "domain") != 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a domain"), NULL;
  /* One name for all: one domain at a time. */
  if ((uuid = vd_xml_first_element (root, "uuid")))
    vd_xml_remove (uuid);
  name = vd_xml_ensure_element (root, "name");
  vd_xml_set_content (name, DOMAIN_NAME);
  return vd_xml_serialize (doc);
}

/* Every option on the domain in PATH; FALSE when libvirt refuses the
 * domain as it is. */
static gboolean
test_domain (VdConnection *conn, const char *path, guint *failures)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = load_domain (path, &error);
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autofree char *current = NULL;
  g_autofree char *base = g_path_get_basename (path);

  if (xml == NULL || (dom = vd_virt_domain_define (conn, xml, &error)) == NULL)
    return FALSE;
  current = vd_virt_domain_get_xml (dom, TRUE, &error);
  g_assert (current != NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (options); i++)
    {
      g_autoptr(GString) problems = g_string_new (NULL);
      g_autoptr(VdVirtDomain) back = NULL;

      if (!edit_one (conn, current, &options[i], problems))
        {
          options[i].refused++;
          continue;
        }
      if (problems->len)
        {
          options[i].failed++;
          (*failures)++;
          printf ("FAIL: %s, %s%s\n", base, options[i].option, problems->str);
        }
      else
        options[i].applied++;
      back = vd_virt_domain_define (conn, current, &error);
      g_assert (back != NULL);
    }
  if (!vd_virt_domain_undefine (dom, &error))
    g_error ("%s", error->message);
  return TRUE;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int argc, char **argv)
{
  g_autoptr(VdConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  guint domains = 0, refused = 0, failures = 0;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s URI DIR...\n", argv[0]);
      return 2;
    }
  conn = vd_connection_open (argv[1], &error);
  if (conn == NULL)
    g_error ("%s", error->message);
  for (int a = 2; a < argc; a++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[a], 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *entry;

      if (dir == NULL)
        g_error ("%s", error->message);
      while ((entry = g_dir_read_name (dir)))
        if (g_str_has_suffix (entry, ".xml"))
          g_ptr_array_add (names, g_build_filename (argv[a], entry, NULL));
      g_ptr_array_sort (names, compare_paths);
      for (guint i = 0; i < names->len; i++)
        {
          domains++;
          if (!test_domain (conn, names->pdata[i], &failures))
            refused++;
        }
    }
  printf ("# %u domains, %u of them refused by libvirt as they are\n", domains, refused);
  for (gsize i = 0; i < G_N_ELEMENTS (options); i++)
    printf ("# %-28s applied %4u, refused by vdctl %4u, failed %u\n", options[i].option,
            options[i].applied, options[i].refused, options[i].failed);
  if (domains == refused)
    {
      printf ("FAIL: libvirt took none of the domains\n");
      return 1;
    }
  printf ("%s: %u failures\n", failures ? "FAIL" : "PASS", failures);
  return failures ? 1 : 0;
}
