/* desktop-view.c: a desktop as show and list present it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop-view.h"
#include "display-reach.h"
#include "json-out.h"
#include "leave-view.h"
#include "policy-view.h"
#include "domain-xml.h"
#include "rdp-metadata.h"
#include "unattend-cd.h"
#include "xml-util.h"

/* The RDP settings are for clients, and what happens when the user
 * leaves is for 'vdctl watch': the persistent definition holds the
 * current ones, also while the desktop runs (an edit changes only that).
 * RDP settings that cannot be read are reported, and hide nothing else. */
static void
load_recorded (VdVirtDomain *dom, VdDesktopView *view, xmlDoc *doc)
{
  g_autoptr(xmlDoc) persistent = NULL;
  g_autoptr(GError) error = NULL;

  if (view->running)
    {
      persistent = vd_virt_domain_get_public_doc (dom, TRUE, &error);
      doc = persistent;
    }
  if (doc)
    vd_leave_policy_read (xmlDocGetRootElement (doc), &view->info.leave);
  if (doc == NULL || !vd_rdp_metadata_read (doc, &view->rdp, &error))
    view->rdp_problem = g_strdup (error ? error->message : "unknown");
}

gboolean
vd_desktop_view_load (VdVirtDomain *dom, VdDesktopView *view, GError **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  VdDomainState state;

  memset (view, 0, sizeof *view);
  state = vd_virt_domain_get_state (dom, &view->state);
  view->running = state == VD_DOMAIN_STATE_RUNNING || state == VD_DOMAIN_STATE_PAUSED;

  /* The live definition has the ports libvirt picked.  Read without
   * passwords: show and list need none, and run on read-only
   * connections; the password's state comes from vdctl's metadata. */
  doc = vd_virt_domain_get_public_doc (dom, !view->running, error);
  if (doc == NULL)
    return FALSE;
  if (!vd_domain_read (doc, &view->info, error))
    return FALSE;
  load_recorded (dom, view, doc);
  if (vd_unattend_cd_find (doc, NULL))
    view->unattend_cd = VD_UNATTEND_CD_ATTACHED;
  return TRUE;
}

void
vd_desktop_view_clear (VdDesktopView *view)
{
  vd_desktop_info_clear (&view->info);
  g_clear_pointer (&view->rdp, vd_rdp_settings_free);
  g_clear_pointer (&view->rdp_problem, g_free);
}

char *
vd_desktop_view_display (const VdDesktopView *view)
{
  const VdDesktopInfo *i = &view->info;
  int port = i->port > 0 ? i->port : i->tls_port;

  if (!view->running || i->graphics == NULL || port <= 0)
    return NULL;
  if (i->listen == NULL)
    return g_strdup_printf ("%s://:%d", i->graphics, port);
  if (strchr (i->listen, ':'))
    return g_strdup_printf ("%s://[%s]:%d", i->graphics, i->listen, port);
  return g_strdup_printf ("%s://%s:%d", i->graphics, i->listen, port);
}

const char *
vd_desktop_view_password (const VdDesktopView *view)
{
  const VdDesktopInfo *i = &view->info;

  if (i->password_set || i->password == VD_TRISTATE_YES)
    return "set";
  if (i->graphics == NULL || i->password == VD_TRISTATE_NO)
    return "none";
  return "unknown";
}

static JsonNode *
rdp_json (const VdRdpSettings *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const VdRdpPolicy *p = &s->policy;

  json_builder_begin_object (b);
  vd_json_add_int (b, "port", s->port, TRUE);
  vd_json_add_string (b, "user", s->user);
  vd_json_add_string (b, "domain", s->domain);
  json_builder_set_member_name (b, "redirect");
  json_builder_begin_object (b);
  vd_json_add_bool (b, "clipboard", p->clipboard);
  json_builder_set_member_name (b, "drives");
  json_builder_begin_array (b);
  for (guint n = 0; n < p->drives->len; n++)
    {
      const VdRdpDrive *d = g_ptr_array_index (p->drives, n);

      json_builder_begin_object (b);
      vd_json_add_string (b, "name", d->name);
      vd_json_add_string (b, "path", d->path);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  vd_json_add_bool (b, "printers", p->printers);
  vd_json_add_bool (b, "smartcard", p->smartcards);
  vd_json_add_bool (b, "serial", p->serial);
  vd_json_add_bool (b, "parallel", p->parallel);
  vd_json_add_bool (b, "audio", p->audio);
  vd_json_add_bool (b, "microphone", p->microphone);
  json_builder_set_member_name (b, "usb");
  json_builder_begin_array (b);
  for (guint n = 0; n < p->usb->len; n++)
    {
      const VdRdpUsbDevice *d = &g_array_index (p->usb, VdRdpUsbDevice, n);
      g_autofree char *id = g_strdup_printf ("%04x:%04x", d->vendor, d->product);

      json_builder_add_string_value (b, id);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* "address" for a display with an address or none of its own (libvirt
 * writes either way), else its listen's type. */
static const char *
listen_type (const VdDesktopInfo *i)
{
  return i->listen_type ? i->listen_type : "address";
}

JsonNode *
vd_desktop_view_to_json (const VdDesktopView *view)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const VdDesktopInfo *i = &view->info;

  json_builder_begin_object (b);
  vd_json_add_string (b, "name", i->name);
  vd_json_add_string (b, "uuid", i->uuid);
  vd_json_add_string (b, "state", view->state);
  vd_json_add_string (b, "graphics", i->graphics);
  vd_json_add_string (b, "listen", i->listen);
  vd_json_add_string (b, "listen_type", i->graphics ? listen_type (i) : NULL);
  vd_json_add_string (b, "listen_network", i->listen_network);
  vd_json_add_int (b, "port", i->port, i->port > 0);
  vd_json_add_int (b, "tls_port", i->tls_port, i->tls_port > 0);
  vd_json_add_bool (b, "tls", i->tls);
  vd_json_add_bool (b, "password_set", i->password_set || i->password == VD_TRISTATE_YES);
  vd_json_add_string (b, "password", vd_desktop_view_password (view));
  /* null: a password vdctl cannot see on a display beyond loopback. */
  json_builder_set_member_name (b, "insecure");
  if (vd_display_may_be_insecure (i))
    json_builder_add_null_value (b);
  else
    json_builder_add_boolean_value (b, vd_display_is_insecure (i));
  vd_json_add_string (b, "usb_model", i->usb_model);
  vd_json_add_bool (b, "usb3", i->usb3);
  vd_json_add_int (b, "usbredir", i->usbredir, TRUE);
  vd_json_add_bool (b, "vdagent", i->vdagent);
  vd_json_add_bool (b, "guest_agent", i->guest_agent);
  vd_json_add_string (b, "video", i->video);
  vd_json_add_string (b, "sound", i->sound);
  vd_json_add_int (b, "memory_mib", (gint64) i->memory_mib, TRUE);
  vd_json_add_int (b, "vcpus", i->vcpus, TRUE);
  vd_json_add_string (b, "answer_file_cd",
                      view->unattend_cd == VD_UNATTEND_CD_ATTACHED ? "attached"
                      : view->unattend_cd == VD_UNATTEND_CD_REMOVED ? "removed" : NULL);
  vd_json_add_int (b, "vcpus_max", i->vcpus_max, TRUE);
  vd_policy_view_add_json (b, i);
  vd_leave_view_add_json (b, &i->leave);
  json_builder_set_member_name (b, "rdp");
  if (view->rdp)
    json_builder_add_value (b, rdp_json (view->rdp));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
