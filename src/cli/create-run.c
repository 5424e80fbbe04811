/* create-run.c: 'vdctl create' for one desktop: its definition, the steps
 * that change the host, each recorded in an undo journal, and its report.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <gio/gio.h>

#include "commands.h"
#include "create.h"
#include "create-storage.h"
#include "define-verified.h"
#include "desktop-options.h"
#include "domain-cpu.h"
#include "domain-identity.h"
#include "domain-secrets.h"
#include "domain-xml.h"
#include "interrupt.h"
#include "rdp-metadata.h"
#include "secret.h"
#include "undo.h"
#include "unattend.h"
#include "unattend-cd.h"
#include "unattend-media.h"
#include "xml-util.h"

/* ---- steps --------------------------------------------------------- */

static gboolean
undo_start (gpointer data, GError **error)
{
  return vd_virt_domain_destroy (data, error);
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
    .edition = plan->unattend_edition ? plan->unattend_edition : plan->profile->edition,
    .product_key = plan->unattend_product_key,
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
 * passed, or a signal asks vdctl to stop. */
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
  while (vd_virt_domain_is_active (dom) && vd_interrupt_signal () == 0)
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

/* ---- the report ---------------------------------------------------- */

/* One desktop of a create, from its plan to its report. */
typedef struct {
  const char *name;
  VdDesktopSettings s;            /* the plan's, with its own password */
  VdDomainSpec spec;
  char *generated;                /* the SPICE password generated for it */
  char *windows_generated;        /* --unattend: the Windows one */
  char *volume;                   /* --disk SIZE: NAME.qcow2 */
  char *volume_path;
  char *unattend_volume;
  GBytes *unattend_image;
  xmlDoc *doc;
  char *uuid;
  VdVirtDomain *dom;
} CreateRun;

static void
create_run_clear (CreateRun *run)
{
  vd_desktop_settings_clear (&run->s);
  vd_secret_free (g_steal_pointer (&run->generated));
  vd_secret_free (g_steal_pointer (&run->windows_generated));
  g_free (run->volume);
  g_free (run->volume_path);
  g_free (run->unattend_volume);
  g_clear_pointer (&run->unattend_image, g_bytes_unref);
  g_clear_pointer (&run->doc, xmlFreeDoc);
  g_free (run->uuid);
  g_clear_pointer (&run->dom, vd_virt_domain_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CreateRun, create_run_clear)

static JsonNode *
result_json (const CreatePlan *plan, const CreateRun *run)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const VdDesktopSettings *s = &run->s;

  json_builder_begin_object (b);
  vd_json_add_string (b, "name", run->name);
  vd_json_add_string (b, "uuid", run->uuid);
  vd_json_add_string (b, "listen", s->listen);
  vd_json_add_int (b, "port", s->port, s->port > 0);
  vd_json_add_bool (b, "usb3", s->usb3 == VD_TRISTATE_YES);
  vd_json_add_int (b, "usbredir", s->usbredir, TRUE);
  vd_json_add_bool (b, "started", plan->start);
  if (run->generated)
    vd_json_add_string (b, "password", run->generated);
  if (plan->unattend)
    {
      json_builder_set_member_name (b, "unattend");
      json_builder_begin_object (b);
      vd_json_add_string (b, "user", plan->unattend_user);
      vd_json_add_string (b, "volume", run->unattend_volume);
      if (run->windows_generated)
        vd_json_add_string (b, "password", run->windows_generated);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
vd_create_failure_json (const char *name, const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  vd_json_add_string (b, "name", name);
  vd_json_add_string (b, "error", message);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *
file_name (const char *path)
{
  return strcmp (path, "-") == 0 ? "standard input" : path;
}

static void
print_windows (const CreatePlan *plan, const CreateRun *run)
{
  if (vd_is_quiet ())
    {
      if (run->windows_generated)
        printf ("%s: windows password %s\n", run->name, run->windows_generated);
      return;
    }
  printf ("  windows:   unattended install of '%s' from an answer file in volume %s\n",
          plan->unattend_edition ? plan->unattend_edition
                                 : plan->profile->edition ? plan->profile->edition
                                                          : "the first image",
          run->unattend_volume);
  if (run->windows_generated)
    printf ("  user:      %s, password %s  (generated; shown only now)\n",
            plan->unattend_user, run->windows_generated);
  else
    printf ("  user:      %s, password from %s\n", plan->unattend_user,
            file_name (plan->unattend_password_file));
}

static void
print_result (const CreatePlan *plan, const CreateRun *run)
{
  const VdDesktopSettings *s = &run->s;
  g_autofree char *port = NULL;

  if (vd_is_quiet ())
    {
      /* A generated password is shown once, quiet or not. */
      if (run->generated)
        printf ("%s: password %s\n", run->name, run->generated);
      return;
    }
  port = s->port > 0 ? g_strdup_printf ("%d", s->port) : g_strdup ("automatic");
  printf ("Desktop '%s' %s (uuid %s)\n", run->name,
          plan->start ? "created and started" : "defined", run->uuid ? run->uuid : "unknown");
  printf ("  display:   spice on %s, port %s\n", s->listen, port);
  printf ("  usb:       %s, %d redirection channel%s\n",
          s->usb3 == VD_TRISTATE_YES ? "qemu-xhci (USB3)" : "ich9 (USB2)",
          s->usbredir, s->usbredir == 1 ? "" : "s");
  if (run->volume_path)
    printf ("  disk:      %s\n", run->volume_path);
  if (run->generated)
    printf ("  password:  %s  (generated; shown only now)\n", run->generated);
  else if (s->password == VD_TRISTATE_YES)
    printf ("  password:  set from %s\n", file_name (vd_desktop_opts.password_file));
  else
    printf ("  password:  none\n");
}

static void
print_rdp (const CreatePlan *plan, const CreateRun *run)
{
  g_autoptr(VdRdpSettings) rdp = NULL;

  if (vd_is_quiet () || !plan->rdp.set)
    return;
  if (vd_rdp_metadata_read (run->doc, &rdp, NULL) && rdp)
    {
      g_autofree char *text = vd_rdp_settings_describe (rdp);

      printf ("  rdp:       %s\n", text);
    }
}

/* Tell the user about the desktop, its generated passwords above all; a
 * report standard output did not take fails the create. */
static gboolean
report (const CreatePlan *plan, CreateRun *run, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (plan->json)
    {
      g_autoptr(JsonNode) node = result_json (plan, run);

      ok = vd_json_array_out_add (plan->json, node, &local_error);
    }
  else
    {
      print_result (plan, run);
      if (plan->unattend)
        print_windows (plan, run);
      print_rdp (plan, run);
      ok = vd_stdout_flush (&local_error);
    }
  if (ok)
    return TRUE;
  return g_set_error (error, G_IO_ERROR, local_error->code,
                      "%s, so desktop '%s'%s could not be reported: it is not created",
                      local_error->message, run->name,
                      run->generated ? " and its generated password" : ""), FALSE;
}

/* ---- one desktop --------------------------------------------------- */

/* Everything about desktop RUN->NAME that needs no change on the host:
 * its passwords, its definition, its answer-file image. */
static gboolean
prepare (const CreatePlan *plan, CreateRun *run, GError **error)
{
  const char *name = run->name;

  /* Each desktop gets its own copy, and its own generated password. */
  run->s = plan->settings;
  run->s.listen = g_strdup (plan->settings.listen);
  run->s.video = g_strdup (plan->settings.video);
  run->s.sound = g_strdup (plan->settings.sound);
  run->s.password_value = g_strdup (plan->settings.password_value);
  if (plan->settings.usb_rules)
    run->s.usb_rules = g_array_ref (plan->settings.usb_rules);
  if (plan->generate_password)
    {
      run->generated = vd_secret_generate (error);
      if (run->generated == NULL)
        return FALSE;
      vd_desktop_settings_set_password (&run->s, run->generated);
    }

  run->spec.name = name;
  run->spec.virt_type = plan->virt_type;
  run->spec.cdrom = plan->cdrom;
  if (plan->cdrom_volume)
    {
      run->spec.cdrom = plan->cdrom_volume;
      run->spec.cdrom_pool = plan->pool;
    }
  run->spec.network = plan->network;
  run->spec.bridge = plan->bridge;
  if (plan->disk_bytes)
    {
      run->volume = g_strdup_printf ("%s.qcow2", name);
      run->spec.disk_pool = plan->pool;
      run->spec.disk_volume = run->volume;
      run->spec.disk_format = "qcow2";
    }
  else if (plan->disk_path)
    {
      run->spec.disk_path = plan->disk_path;
      run->spec.disk_format = plan->disk_format;
    }
  vd_create_spec_from_profile (plan, &run->spec);
  if (plan->unattend)
    {
      run->unattend_volume = vd_unattend_cd_volume_name (name);
      run->spec.unattend_pool = plan->pool;
      run->spec.unattend_volume = run->unattend_volume;
    }

  run->doc = vd_domain_new (plan->profile->doc, &run->spec, &run->s, error);
  if (run->doc == NULL || !vd_rdp_change_apply (&plan->rdp, run->doc, NULL, error))
    return FALSE;
  if (plan->nested_host)
    vd_domain_cpu_for_nested_host (run->doc);
  return TRUE;
}

/* The answer file's image, made before anything changes. */
static gboolean
prepare_unattend (const CreatePlan *plan, CreateRun *run, GError **error)
{
  g_autofree char *password = NULL;

  if (plan->unattend_password == NULL)
    {
      run->windows_generated = vd_secret_generate (error);
      if (run->windows_generated == NULL)
        return FALSE;
    }
  password = g_strdup (run->windows_generated ? run->windows_generated
                                              : plan->unattend_password);
  run->unattend_image = make_unattend_image (plan, run->name, password, error);
  explicit_bzero (password, strlen (password));
  return run->unattend_image != NULL;
}

/* The name must be free, and the UUID this run gives the desktop too:
 * then the definition is this run's, and undoing it undoes nothing
 * anyone else made. */
static gboolean
claim_identity (VdConnection *conn, CreateRun *run, GError **error)
{
  if (!vd_interrupt_check (error))
    return FALSE;
  if (vd_virt_domain_exists (conn, run->name))
    return set_exists_error (error, conn, run->name);
  do
    {
      g_free (run->uuid);
      run->uuid = g_uuid_string_random ();
    }
  while (vd_virt_domain_uuid_exists (conn, run->uuid));
  vd_domain_set_uuid (run->doc, run->uuid);
  return TRUE;
}

/* Define the desktop (one call: nothing else defines it), recorded in
 * UNDO as undefining it. */
static gboolean
define (VdConnection *conn, CreateRun *run, VdUndo *undo, GError **error)
{
  g_autofree char *xml = vd_xml_serialize (run->doc);

  /* On a setting libvirt did not keep, the new domain is undefined again. */
  run->dom = vd_define_verified (conn, xml, &run->s, NULL, NULL, undo, error);
  explicit_bzero (xml, strlen (xml));
  if (run->dom == NULL && g_error_matches (*error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS))
    {
      g_clear_error (error);
      set_exists_error (error, conn, run->name);
    }
  return run->dom != NULL;
}

/* The steps that change the host, each recorded in UNDO; a signal stops
 * them at the next step. */
static gboolean
change_host (VdConnection *conn, CreatePlan *plan, CreateRun *run, VdUndo *undo,
             GError **error)
{
  /* The ISO goes first: the longest step. */
  if (plan->cdrom_volume &&
      !(vd_interrupt_check (error) && vd_create_upload_cdrom (conn, plan, undo, error)))
    return FALSE;
  if (run->volume)
    {
      if (!vd_interrupt_check (error))
        return FALSE;
      run->volume_path = vd_create_disk_volume (conn, plan->pool, run->volume,
                                                plan->disk_bytes, undo, error);
      /* Another create of the same name may have won the race for the
       * volume: then the desktop is what exists. */
      if (run->volume_path == NULL &&
          g_error_matches (*error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS) &&
          vd_virt_domain_exists (conn, run->name))
        {
          g_clear_error (error);
          set_exists_error (error, conn, run->name);
        }
      if (run->volume_path == NULL)
        return FALSE;
    }
  if (run->unattend_image &&
      !(vd_interrupt_check (error) &&
        vd_create_upload_image (conn, plan->pool, run->unattend_volume, run->unattend_image,
                                undo, error)))
    return FALSE;
  if (!vd_interrupt_check (error) || !define (conn, run, undo, error))
    return FALSE;
  if (plan->start)
    {
      g_autofree char *what = g_strdup_printf ("the start of desktop '%s'", run->name);

      if (!vd_interrupt_check (error) || !vd_virt_domain_start (run->dom, error))
        return FALSE;
      vd_undo_push (undo, what, undo_start, vd_virt_domain_ref (run->dom),
                    (GDestroyNotify) vd_virt_domain_free);
    }
  return vd_interrupt_check (error);
}

/* Undo what UNDO recorded; the error that caused it says whether some of
 * it is left. */
static gboolean
roll_back (VdUndo *undo, const char *name, GError **error)
{
  guint steps = vd_undo_length (undo);
  guint failed = vd_undo_roll_back (undo);

  if (failed && error && *error)
    {
      g_autofree char *message = g_strdup_printf ("%s (%u of the %u changes made for "
                                                  "desktop '%s' could not be undone; see "
                                                  "the warnings above)",
                                                  (*error)->message, failed, steps, name);

      g_free ((*error)->message);
      (*error)->message = g_steal_pointer (&message);
    }
  return FALSE;
}

gboolean
vd_create_one (VdConnection *conn, CreatePlan *plan, const char *name, GError **error)
{
  g_auto(CreateRun) run = { .name = name };
  g_autoptr(VdUndo) undo = NULL;

  if (!prepare (plan, &run, error))
    return FALSE;
  if (plan->print_xml)
    {
      /* As 'edit --print-xml' and 'virsh dumpxml': no password. */
      g_autofree char *xml = NULL;

      vd_domain_strip_secrets (run.doc);
      xml = vd_xml_serialize (run.doc);
      fputs (xml, stdout);
      return vd_stdout_flush (error);
    }
  if (plan->unattend && !prepare_unattend (plan, &run, error))
    return FALSE;
  if (!claim_identity (conn, &run, error))
    return FALSE;

  undo = vd_undo_new ();
  if (!change_host (conn, plan, &run, undo, error) || !report (plan, &run, error))
    return roll_back (undo, name, error);
  vd_undo_commit (undo);

  /* The --cdrom image is the first CD-ROM: after the disk (sda on SATA). */
  if (plan->start && plan->unattend && plan->profile->uefi)
    press_through_boot_prompt (run.dom,
                               g_strcmp0 (run.spec.disk_bus, "sata") == 0 ? "sdb" : "sda",
                               strcmp (plan->virt_type, "qemu") == 0);
  return TRUE;
}
