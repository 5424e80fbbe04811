/* cmd-show.c: vdctl show NAME — the desktop settings of one domain.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "commands.h"
#include "desktop-view.h"
#include "unattend-cleanup.h"
#include "display-reach.h"
#include "leave-view.h"
#include "policy-view.h"

static gboolean opt_json;

const GOptionEntry vd_show_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print the settings as a JSON object", NULL },
  { NULL }
};

static const char *
or_dash (const char *s)
{
  return s ? s : "-";
}

static void
print_port (const char *label, int port, gboolean autoport, gboolean running)
{
  if (port > 0)
    printf ("%-16s %d\n", label, port);
  else if (autoport && !running)
    printf ("%-16s automatic\n", label);
  else
    printf ("%-16s -\n", label);
}

/* Where the display listens: its address, a network, nowhere, or the
 * host's default. */
static char *
listen_text (const VdDesktopInfo *i)
{
  switch (vd_display_reach (i))
    {
    case VD_REACH_NOWHERE:
      if (i->graphics == NULL)
        return g_strdup ("-");
      return g_strdup_printf ("%s (on no network)", i->listen_type);
    case VD_REACH_NETWORK:
      if (i->listen)
        return g_strdup_printf ("%s (libvirt network '%s')", i->listen,
                                or_dash (i->listen_network));
      return g_strdup_printf ("libvirt network '%s'", or_dash (i->listen_network));
    case VD_REACH_HOST_DEFAULT:
      return g_strdup_printf ("- (qemu.conf's %s_listen decides)", i->graphics);
    case VD_REACH_LOOPBACK:
    case VD_REACH_ADDRESS:
    default:
      return g_strdup (i->listen);
    }
}

static char *
tls_text (const VdDesktopInfo *i)
{
  if (i->tls)
    return g_strdup ("yes (every channel encrypted)");
  if (i->tls_plain_channels)
    return g_strdup_printf ("no (not encrypted: %s)", i->tls_plain_channels);
  return g_strdup ("no");
}

static void
print_display (const VdDesktopView *view)
{
  const VdDesktopInfo *i = &view->info;
  g_autofree char *listen = listen_text (i);
  g_autofree char *tls = tls_text (i);

  printf ("%-16s %s\n", "Graphics:", i->graphics ? i->graphics : "none");
  printf ("%-16s %s\n", "Listen:", listen);
  print_port ("Port:", i->port, i->autoport, view->running);
  print_port ("TLS port:", i->tls_port, (i->tls || i->tls_plain_channels) && i->autoport,
              view->running);
  printf ("%-16s %s\n", "TLS:", tls);
  printf ("%-16s %s%s\n", "Password:", vd_desktop_view_password (view),
          vd_display_is_insecure (i) ? " (insecure: the display is reachable beyond "
                                       "this host without one)"
          : vd_display_may_be_insecure (i) ? " (the display is reachable beyond this host: "
                                             "'virsh dumpxml --security-info' shows "
                                             "whether it has one)" : "");
}

gboolean
vd_cmd_show (VdInvocation *inv, GError **error)
{
  g_autoptr(VdVirtDomain) dom = NULL;
  g_auto(VdDesktopView) view = { 0, };
  const VdDesktopInfo *i = &view.info;
  g_autofree char *answer_file = NULL;
  VdUnattendCdState unattend;

  dom = vd_invocation_lookup (inv, inv->args[0], error);
  if (dom == NULL)
    return FALSE;
  /* Before reading the settings: they show the CD gone once it is. */
  unattend = vd_unattend_cd_check (inv->conn, dom);
  if (!vd_desktop_view_load (dom, &view, error))
    return FALSE;
  if (unattend == VD_UNATTEND_CD_REMOVED)
    view.unattend_cd = unattend;

  if (opt_json)
    {
      g_autoptr(JsonNode) node = vd_desktop_view_to_json (&view);
      vd_print_json (node);
      return TRUE;
    }

  printf ("%-16s %s\n", "Name:", or_dash (i->name));
  printf ("%-16s %s\n", "UUID:", or_dash (i->uuid));
  printf ("%-16s %s\n", "State:", view.state);
  print_display (&view);
  printf ("%-16s %s%s\n", "USB controller:", i->usb_model ? i->usb_model : "none",
          i->usb3 ? " (USB3)" : "");
  printf ("%-16s %d\n", "USB redirection:", i->usbredir);
  printf ("%-16s %s\n", "SPICE agent:", i->vdagent ? "yes" : "no");
  printf ("%-16s %s\n", "Guest agent:", i->guest_agent ? "yes" : "no");
  printf ("%-16s %s\n", "Video:", or_dash (i->video));
  printf ("%-16s %s\n", "Sound:", i->sound ? i->sound : "none");
  vd_policy_view_print (i);
  printf ("%-16s %" G_GUINT64_FORMAT " MiB\n", "Memory:", i->memory_mib);
  if (i->vcpus_max > i->vcpus)
    printf ("%-16s %u (up to %u)\n", "vCPUs:", i->vcpus, i->vcpus_max);
  else
    printf ("%-16s %u\n", "vCPUs:", i->vcpus);
  vd_leave_view_print (&i->leave);
  if (view.rdp)
    {
      g_autofree char *policy = vd_rdp_policy_to_string (&view.rdp->policy);

      printf ("%-16s port %d%s%s%s%s\n", "RDP:", view.rdp->port,
              view.rdp->user ? ", user " : "", view.rdp->user ? view.rdp->user : "",
              view.rdp->domain ? ", domain " : "", view.rdp->domain ? view.rdp->domain : "");
      printf ("%-16s %s\n", "RDP redirect:", policy);
    }
  else
    printf ("%-16s %s\n", "RDP:", view.rdp_problem ? view.rdp_problem : "none");
  answer_file = vd_unattend_cd_describe (view.unattend_cd, i->name);
  if (answer_file)
    printf ("%-16s %s\n", "Answer-file CD:", answer_file);
  return TRUE;
}
