/* cmd-edit.c: vdctl edit NAME — change the desktop settings of any
 * existing domain, leaving everything else in its definition as it was.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "define-verified.h"
#include "desktop-options.h"
#include "display-reach.h"
#include "domain-lock.h"
#include "domain-secrets.h"
#include "domain-xml.h"
#include "edit-preview.h"
#include "interrupt.h"
#include "leave-view.h"
#include "policy-view.h"
#include "qemu-conf.h"
#include "rdp-options.h"
#include "secret.h"
#include "undo.h"
#include "values.h"
#include "xml-util.h"

static gboolean opt_no_usb3;
static gboolean opt_no_tls;
static gboolean opt_spice;
static gboolean opt_no_spice;
static gboolean opt_print_xml;
static gboolean opt_diff;

const GOptionEntry vd_edit_entries[] = {
  VD_DESKTOP_OPTION_ENTRIES,
  VD_RDP_OPTION_ENTRIES,
  VD_RDP_REMOVE_OPTION_ENTRY,
  { "no-usb3", 0, 0, G_OPTION_ARG_NONE, &opt_no_usb3,
    "Back to USB2: ich9-ehci1 with its uhci companions", NULL },
  { "no-tls", 0, 0, G_OPTION_ARG_NONE, &opt_no_tls,
    "Back to unencrypted SPICE channels", NULL },
  { "spice", 0, 0, G_OPTION_ARG_NONE, &opt_spice,
    "Add a SPICE display and its agent channel", NULL },
  { "no-spice", 0, 0, G_OPTION_ARG_NONE, &opt_no_spice,
    "Remove the SPICE display and every SPICE channel", NULL },
  { "print-xml", 0, 0, G_OPTION_ARG_NONE, &opt_print_xml,
    "Print the new definition and change nothing", NULL },
  { "diff", 0, 0, G_OPTION_ARG_NONE, &opt_diff,
    "Print a unified diff of the current and new definitions; change nothing", NULL },
  { NULL }
};

#define EDIT_ATTEMPTS  5
#define LOCK_TIMEOUT_S 60

typedef struct {
  VdDesktopSettings settings;
  gboolean password_resolved;
  gboolean display_touched;   /* the edit decides where the display listens */
  char *generated;
  VdRdpChange rdp;
  GString *rdp_changes;       /* what the RDP options change, for the user */
} EditPlan;

static void
edit_plan_clear (EditPlan *plan)
{
  vd_desktop_settings_clear (&plan->settings);
  vd_secret_free (plan->generated);
  plan->generated = NULL;
  vd_rdp_change_clear (&plan->rdp);
  if (plan->rdp_changes)
    g_string_free (g_steal_pointer (&plan->rdp_changes), TRUE);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EditPlan, edit_plan_clear)

/* One edit of desktop NAME, from its lookup to its report. */
typedef struct {
  const char *name;
  EditPlan plan;
  VdConnection *conn;         /* the invocation's */
  VdVirtDomain *dom;
  VdDomainLock *lock;         /* held while the definition changes */
  char *current;              /* the definition as read, secrets and all */
  char *new_xml;              /* the definition it becomes */
  gboolean unchanged;         /* NEW_XML is CURRENT */
  VdDesktopInfo before;       /* the settings of CURRENT */
  VdDesktopInfo kept;         /* what libvirt stored of NEW_XML */
} EditRun;

static void
edit_run_clear (EditRun *run)
{
  edit_plan_clear (&run->plan);
  g_free (run->current);
  g_free (run->new_xml);
  vd_desktop_info_clear (&run->before);
  vd_desktop_info_clear (&run->kept);
  g_clear_pointer (&run->lock, vd_domain_lock_release);
  g_clear_pointer (&run->dom, vd_virt_domain_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EditRun, edit_run_clear)

static gboolean
parse_options (EditPlan *plan, GError **error)
{
  VdDesktopSettings *s = &plan->settings;

  vd_desktop_settings_init (s);
  if (!vd_desktop_options_parse (s, error))
    return FALSE;
  plan->rdp_changes = g_string_new (NULL);
  if (!vd_rdp_options_parse (&plan->rdp, TRUE, error))
    return FALSE;
  /* connect --rdp finds the guest through its agent. */
  if (plan->rdp.set)
    s->agents = TRUE;
  if (opt_no_usb3 && vd_desktop_opts.usb3)
    return vd_usage_error (error, "--usb3 and --no-usb3 are opposites; give one");
  if (opt_no_tls && vd_desktop_opts.tls)
    return vd_usage_error (error, "--tls and --no-tls are opposites; give one");
  if (opt_no_tls)
    s->tls = VD_TRISTATE_NO;
  if (opt_spice && opt_no_spice)
    return vd_usage_error (error, "--spice and --no-spice are opposites; give one");
  if (opt_print_xml && opt_diff)
    return vd_usage_error (error, "--print-xml and --diff are alternatives; give one");
  if (opt_no_usb3)
    s->usb3 = VD_TRISTATE_NO;
  if (opt_spice)
    s->spice = VD_TRISTATE_YES;
  if (opt_no_spice)
    s->spice = VD_TRISTATE_NO;
  if (vd_desktop_opts.insecure && !vd_desktop_opts.no_password)
    return vd_usage_error (error, "--insecure only goes with --no-password");

  if (s->spice == VD_TRISTATE_UNSET && s->listen == NULL && s->port < 0 &&
      vd_desktop_opts.password_file == NULL && !vd_desktop_opts.no_password &&
      s->usb3 == VD_TRISTATE_UNSET && s->usbredir < 0 && s->video == NULL &&
      s->sound == NULL && s->memory_mib == 0 && s->vcpus == 0 &&
      s->tls == VD_TRISTATE_UNSET && !plan->rdp.set && !plan->rdp.remove &&
      !vd_redirect_options_given (s) && s->on_disconnect < 0 && s->idle_shutdown < 0)
    return vd_usage_error (error, "nothing to change: give at least one setting");
  return TRUE;
}

/* Where a display that stays where it listens is, in words for the
 * refusal of --no-password, and why that counts as beyond this host: a
 * network's address as libvirt gives it; for a display with no address
 * of its own, qemu.conf's spice_listen where vdctl can read it. */
static char *
describe_reach (VdConnection *conn, const VdDesktopInfo *info)
{
  const char *network = info->listen_network ? info->listen_network : "";
  g_autofree char *address = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GError) local_error = NULL;

  switch (vd_display_reach (info))
    {
    case VD_REACH_NETWORK:
      address = vd_connection_network_address (conn, network, &local_error);
      if (address)
        return g_strdup_printf ("on libvirt network '%s', whose address here is %s: "
                                "every machine on that network reaches it", network,
                                address);
      if (local_error == NULL)
        return g_strdup_printf ("on libvirt network '%s', which has no address of its "
                                "own (it is the host's network), so it is reachable "
                                "beyond this host", network);
      return g_strdup_printf ("on libvirt network '%s' (libvirt cannot say its address: "
                              "%s), which counts as reachable beyond this host", network,
                              local_error->message);
    case VD_REACH_HOST_DEFAULT:
      conf = vd_qemu_conf_describe_spice_listen (vd_connection_get_uri (conn));
      return g_strdup_printf ("with no listen address of its own, so on qemu.conf's "
                              "spice_listen (%s), which counts as reachable beyond this "
                              "host: qemu.conf may change", conf);
    default:
      where = vd_display_reach_describe (info);
      return g_strdup_printf ("%s, which is reachable beyond this host", where);
    }
}

/* The password rule needs the display the domain will have; it is worked
 * out once, against the first definition read (a password read from
 * standard input cannot be read twice).  An edit that decides where the
 * display listens (a new address, a new display) generates a missing
 * password beyond loopback, as create does; one that leaves the display
 * where it is changes no password it was not asked to. */
static gboolean
resolve_password (EditPlan *plan, VdConnection *conn, const VdDesktopInfo *before,
                  GError **error)
{
  VdDesktopSettings *s = &plan->settings;
  gboolean has_spice = g_strcmp0 (before->graphics, "spice") == 0;
  g_autofree char *where = NULL;
  gboolean reachable;
  gboolean generate = FALSE;

  if (plan->password_resolved)
    return TRUE;
  plan->password_resolved = TRUE;
  if (s->spice == VD_TRISTATE_NO)
    return TRUE;
  if (!has_spice && s->spice != VD_TRISTATE_YES)
    {
      /* Only an explicit password change needs a SPICE display; the core
       * says so if one is asked for. */
      if (vd_desktop_opts.password_file || vd_desktop_opts.no_password)
        s->password = vd_desktop_opts.no_password ? VD_TRISTATE_NO : VD_TRISTATE_YES;
      return TRUE;
    }
  plan->display_touched = s->listen != NULL || !has_spice;
  if (plan->display_touched)
    {
      const char *listen = s->listen ? s->listen : VD_DEFAULT_LISTEN;

      reachable = !vd_address_is_loopback (listen);
      where = g_strdup_printf ("on %s, which is reachable beyond this host", listen);
    }
  else
    {
      reachable = vd_reach_beyond_loopback (vd_display_reach (before));
      if (reachable && vd_desktop_opts.no_password)
        where = describe_reach (conn, before);
    }
  if (!vd_desktop_options_password_rule (s, reachable, where,
                                         has_spice && before->password_set,
                                         plan->display_touched, &generate, error))
    return FALSE;
  if (generate)
    {
      plan->generated = vd_secret_generate (error);
      if (plan->generated == NULL)
        return FALSE;
      vd_desktop_settings_set_password (s, plan->generated);
    }
  return TRUE;
}

/* An insecure display the edit left as it was is said, never fixed
 * behind the user's back. */
static void
warn_if_insecure (const EditPlan *plan, const VdDesktopInfo *info, const char *name)
{
  g_autofree char *warning = NULL;

  if (plan->display_touched || plan->settings.password != VD_TRISTATE_UNSET ||
      !vd_display_is_insecure (info))
    return;
  warning = vd_display_insecure_warning (info, name);
  g_printerr ("vdctl: warning: %s (this edit did not change it)\n", warning);
}

/* The listen of a display, for the list of changes. */
static char *
listen_text (const VdDesktopInfo *i)
{
  if (i->graphics == NULL)
    return NULL;
  switch (vd_display_reach (i))
    {
    case VD_REACH_NETWORK:
      return g_strdup_printf ("network '%s'", i->listen_network ? i->listen_network : "");
    case VD_REACH_NOWHERE:
      return g_strdup (i->listen_type);
    case VD_REACH_HOST_DEFAULT:
      return g_strdup ("qemu.conf's default");
    default:
      return g_strdup (i->listen);
    }
}

static const char *
tls_text (const VdDesktopInfo *i)
{
  return i->tls ? "on" : i->tls_plain_channels ? "partly" : "off";
}

static void
describe_changes (const VdDesktopInfo *a, const VdDesktopInfo *b, GString *out)
{
#define CHANGED_STR(label, x, y) \
  if (g_strcmp0 ((x), (y)) != 0) \
    g_string_append_printf (out, "  %-16s %s -> %s\n", label, (x) ? (x) : "none", (y) ? (y) : "none")
#define CHANGED_INT(label, x, y) \
  if ((x) != (y)) \
    g_string_append_printf (out, "  %-16s %d -> %d\n", label, (int) (x), (int) (y))
  g_autofree char *listen_a = listen_text (a);
  g_autofree char *listen_b = listen_text (b);

  CHANGED_STR ("graphics:", a->graphics, b->graphics);
  CHANGED_STR ("listen:", listen_a, listen_b);
  {
    g_autofree char *pa = a->port > 0 ? g_strdup_printf ("%d", a->port) : g_strdup ("automatic");
    g_autofree char *pb = b->port > 0 ? g_strdup_printf ("%d", b->port) : g_strdup ("automatic");

    if (a->graphics && b->graphics)
      CHANGED_STR ("port:", pa, pb);
  }
  if (a->graphics && b->graphics)
    CHANGED_STR ("tls:", tls_text (a), tls_text (b));
  CHANGED_STR ("usb controller:", a->usb_model, b->usb_model);
  CHANGED_INT ("usb redirection:", a->usbredir, b->usbredir);
  CHANGED_STR ("video:", a->video, b->video);
  CHANGED_STR ("sound:", a->sound, b->sound);
  CHANGED_INT ("memory (MiB):", a->memory_mib, b->memory_mib);
  /* What the guest boots with; the most hot-plug may reach when that is
   * more. */
  CHANGED_INT ("vcpus:", a->vcpus, b->vcpus);
  if (a->vcpus_max != b->vcpus_max && (a->vcpus_max != a->vcpus || b->vcpus_max != b->vcpus))
    CHANGED_INT ("vcpus at most:", a->vcpus_max, b->vcpus_max);
  CHANGED_STR ("guest agent:", a->guest_agent ? "yes" : "no", b->guest_agent ? "yes" : "no");
  vd_policy_view_describe_changes (a, b, out);
#undef CHANGED_STR
#undef CHANGED_INT
}

/* Apply the settings to a fresh copy of the definition.  *UNCHANGED says
 * whether the result is the definition as it was. */
static gboolean
build_new_definition (EditPlan *plan, VdConnection *conn, const char *current,
                      char **new_xml, gboolean *unchanged, VdDesktopInfo *before,
                      GError **error)
{
  g_autoptr(xmlDoc) doc = vd_xml_parse (current, -1, "the domain definition", error);
  g_autofree char *as_read = NULL;

  *new_xml = NULL;
  if (doc == NULL)
    return FALSE;
  /* Compare like with like: libvirt's text and libxml2's differ in
   * quoting even for the same document. */
  as_read = vd_xml_serialize (doc);
  vd_desktop_info_clear (before);
  if (!vd_domain_read (doc, before, error))
    return FALSE;
  vd_desktop_info_seen_with_secrets (before);
  if (!resolve_password (plan, conn, before, error) ||
      !vd_desktop_options_check_reset (&plan->settings, doc, error))
    return FALSE;
  if (!vd_domain_apply (doc, &plan->settings, error))
    return FALSE;
  g_string_truncate (plan->rdp_changes, 0);
  if (!vd_rdp_change_apply (&plan->rdp, doc, plan->rdp_changes, error))
    return FALSE;
  *new_xml = vd_xml_serialize (doc);
  *unchanged = strcmp (*new_xml, as_read) == 0;
  explicit_bzero (as_read, strlen (as_read));
  if (!*unchanged)
    {
      /* Defined anyway: show and list learn whether it has a password. */
      vd_domain_record_password_state (doc);
      explicit_bzero (*new_xml, strlen (*new_xml));
      g_free (*new_xml);
      *new_xml = vd_xml_serialize (doc);
    }
  return TRUE;
}

/* Define RUN->new_xml over RUN->current, recorded in UNDO as defining
 * RUN->current again; a signal that came meanwhile undoes it. */
static gboolean
define_new (EditRun *run, VdUndo *undo, GError **error)
{
  g_autoptr(VdVirtDomain) defined = NULL;

  if (!vd_interrupt_check (error))
    return FALSE;
  /* Checked against what libvirt stored; on a difference the previous
   * definition comes back. */
  defined = vd_define_verified (run->conn, run->new_xml, &run->plan.settings, run->current,
                                &run->kept, undo, error);
  explicit_bzero (run->new_xml, strlen (run->new_xml));
  if (defined == NULL)
    return FALSE;
  return vd_interrupt_check (error);
}

static gboolean
apply_password_live (VdVirtDomain *dom, const VdDesktopSettings *s,
                     gboolean *applied, GError **error)
{
  g_autoptr(xmlDoc) doc = vd_virt_domain_get_doc (dom, FALSE, error);
  g_autofree char *graphics = NULL;
  gboolean ok;

  *applied = FALSE;
  if (doc == NULL)
    return FALSE;
  graphics = vd_domain_spice_graphics_xml (doc, s->password == VD_TRISTATE_YES
                                                ? s->password_value : NULL);
  if (graphics == NULL)
    return TRUE;   /* the running desktop has no SPICE display yet */
  ok = vd_virt_domain_update_live_device (dom, graphics, error);
  explicit_bzero (graphics, strlen (graphics));
  *applied = ok;
  return ok;
}

/* Say what changed, as libvirt stored it, and apply a password change to
 * the running desktop. */
static gboolean
report_edit (EditPlan *plan, VdVirtDomain *dom, const char *name,
             const VdDesktopInfo *before, const VdDesktopInfo *kept, gboolean active,
             GError **error)
{
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autoptr(GString) leave_changes = g_string_new (NULL);

  describe_changes (before, kept, changes);
  vd_info ("Desktop '%s' changed\n%s", name, changes->str);
  /* Recorded for the RDP client and for 'vdctl watch': the running guest
   * needs no restart. */
  vd_info ("%s", plan->rdp_changes->str);
  vd_leave_view_describe_changes (&before->leave, &kept->leave, leave_changes);
  vd_info ("%s", leave_changes->str);
  if (plan->generated)
    {
      /* A generated password is shown once, quiet or not. */
      if (vd_is_quiet ())
        printf ("%s: password %s\n", name, plan->generated);
      else
        printf ("  password:        %s  (generated; shown only now)\n", plan->generated);
    }
  else if (plan->settings.password == VD_TRISTATE_YES)
    vd_info ("  password:        changed\n");
  else if (plan->settings.password == VD_TRISTATE_NO && before->password_set)
    vd_info ("  password:        removed\n");
  warn_if_insecure (plan, kept, name);

  if (active)
    {
      /* A password generated because the display will listen beyond
       * loopback belongs with that listen address, at the next boot; only
       * a password the user gave or removed is applied at once. */
      gboolean password_change = plan->settings.password != VD_TRISTATE_UNSET &&
                                 plan->generated == NULL;
      gboolean other_change = changes->len > 0;

      if (password_change)
        {
          g_autoptr(GError) live_error = NULL;
          gboolean applied;

          if (!apply_password_live (dom, &plan->settings, &applied, &live_error))
            return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                                "the definition of '%s' is changed, but the running "
                                "desktop keeps its old password until its next boot: %s",
                                name, live_error->message), FALSE;
          if (applied)
            vd_info ("The password is also changed on the running desktop.\n");
        }
      if (other_change)
        vd_info ("The running desktop keeps its %s settings until its next boot "
                 "('vdctl reboot %s' to apply them now).\n",
                 password_change ? "other" : plan->generated ? "current display and password" : "current",
                 name);
    }
  return TRUE;
}

/* Connect and find the desktop; an edit that changes it takes its lock. */
static gboolean
open_desktop (EditRun *run, VdInvocation *inv, gboolean read_only, GError **error)
{
  g_autofree char *uuid = NULL;

  run->conn = vd_invocation_connect (inv, error);
  if (run->conn == NULL)
    return FALSE;
  if (run->plan.settings.tls == VD_TRISTATE_YES && !read_only &&
      !vd_spice_tls_check_host (vd_connection_get_uri (run->conn), error))
    return FALSE;
  run->dom = vd_virt_domain_lookup (run->conn, run->name, error);
  if (run->dom == NULL)
    return FALSE;
  if (read_only)
    return TRUE;
  uuid = vd_virt_domain_get_uuid (run->dom);
  run->lock = vd_domain_lock_acquire (vd_connection_get_uri (run->conn),
                                      uuid ? uuid : run->name, LOCK_TIMEOUT_S, error);
  return run->lock != NULL;
}

/* Read the definition and make the new one from it.  No lost updates:
 * define only over the definition the change was computed from, so when
 * another tool changed it meanwhile, read it again.  A preview
 * (--print-xml, --diff) or an edit that changes nothing needs no second
 * read. */
static gboolean
make_new_definition (EditRun *run, GError **error)
{
  for (int attempt = 0; attempt < EDIT_ATTEMPTS; attempt++)
    {
      g_autofree char *again = NULL;

      g_clear_pointer (&run->current, g_free);
      g_clear_pointer (&run->new_xml, g_free);
      run->unchanged = FALSE;
      run->current = vd_virt_domain_get_xml (run->dom, TRUE, error);
      if (run->current == NULL ||
          !build_new_definition (&run->plan, run->conn, run->current, &run->new_xml,
                                 &run->unchanged, &run->before, error))
        return FALSE;
      if (opt_print_xml || opt_diff || run->unchanged)
        return TRUE;
      again = vd_virt_domain_get_xml (run->dom, TRUE, error);
      if (again == NULL)
        return FALSE;
      if (strcmp (again, run->current) == 0)
        return TRUE;
    }
  return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_CHANGED,
                      "the definition of '%s' kept changing while vdctl edited it; "
                      "nothing was changed, try again", run->name), FALSE;
}

gboolean
vd_cmd_edit (VdInvocation *inv, GError **error)
{
  g_auto(EditRun) run = { .name = inv->args[0] };
  g_autoptr(VdUndo) undo = NULL;
  gboolean active;

  if (!parse_options (&run.plan, error) ||
      !open_desktop (&run, inv, opt_print_xml || opt_diff, error) ||
      !make_new_definition (&run, error))
    return FALSE;
  if (opt_print_xml)
    return vd_edit_print_xml (run.new_xml, error);
  if (opt_diff)
    return vd_edit_print_diff (run.name, run.current, run.new_xml, error);
  if (run.unchanged)
    {
      vd_info ("Desktop '%s' already has these settings; nothing changed\n", run.name);
      warn_if_insecure (&run.plan, &run.before, run.name);
      return TRUE;
    }

  active = vd_virt_domain_is_active (run.dom);
  undo = vd_undo_new ();
  if (!define_new (&run, undo, error))
    {
      if (vd_undo_roll_back (undo) == 0 && error && *error &&
          (*error)->domain == VD_INTERRUPT_ERROR)
        g_prefix_error (error, "desktop '%s' is not changed: ", run.name);
      return FALSE;
    }
  vd_undo_commit (undo);

  return report_edit (&run.plan, run.dom, run.name, &run.before, &run.kept, active, error);
}
