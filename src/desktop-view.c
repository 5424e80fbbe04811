/* desktop-view.c: a desktop as show and list present it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop-view.h"
#include "domain-xml.h"
#include "xml-util.h"

gboolean
vd_desktop_view_load (VdVirtDomain *dom, VdDesktopView *view, GError **error)
{
  g_autofree char *xml = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  VdDomainState state;

  memset (view, 0, sizeof *view);
  state = vd_virt_domain_get_state (dom, &view->state);
  view->running = state == VD_DOMAIN_STATE_RUNNING || state == VD_DOMAIN_STATE_PAUSED;

  /* The live definition has the ports libvirt picked. */
  xml = vd_virt_domain_get_xml (dom, !view->running, error);
  if (xml == NULL)
    return FALSE;
  doc = vd_xml_parse (xml, -1, "the domain definition", error);
  explicit_bzero (xml, strlen (xml));
  if (doc == NULL)
    return FALSE;
  return vd_domain_read (doc, &view->info, error);
}

void
vd_desktop_view_clear (VdDesktopView *view)
{
  vd_desktop_info_clear (&view->info);
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

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *name, gint64 value, gboolean present)
{
  json_builder_set_member_name (b, name);
  if (present)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_bool (JsonBuilder *b, const char *name, gboolean value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

JsonNode *
vd_desktop_view_to_json (const VdDesktopView *view)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const VdDesktopInfo *i = &view->info;

  json_builder_begin_object (b);
  add_string (b, "name", i->name);
  add_string (b, "uuid", i->uuid);
  add_string (b, "state", view->state);
  add_string (b, "graphics", i->graphics);
  add_string (b, "listen", i->listen);
  add_int (b, "port", i->port, i->port > 0);
  add_int (b, "tls_port", i->tls_port, i->tls_port > 0);
  add_bool (b, "tls", i->tls);
  add_bool (b, "password_set", i->password_set);
  add_string (b, "usb_model", i->usb_model);
  add_bool (b, "usb3", i->usb3);
  add_int (b, "usbredir", i->usbredir, TRUE);
  add_bool (b, "vdagent", i->vdagent);
  add_bool (b, "guest_agent", i->guest_agent);
  add_string (b, "video", i->video);
  add_string (b, "sound", i->sound);
  add_int (b, "memory_mib", (gint64) i->memory_mib, TRUE);
  add_int (b, "vcpus", i->vcpus, TRUE);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
