/* domain-xml.c: the desktop core.  Applies a VdDesktopSettings to a
 * domain document, all or nothing: every setting is checked before
 * anything changes.  The display (domain-graphics.c), USB (domain-usb.c),
 * the other devices (domain-devices.c), new domains (domain-new.c) and
 * reading back (domain-read.c) have files of their own; what they share
 * is in domain-xml-private.h, the finding and changing of elements in
 * domain-nodes.c.
 *
 * Edits are surgical: an element the settings do not concern is never
 * touched, re-created or re-ordered, and a setting that already has the
 * asked value leaves its element byte for byte as it was.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "domain-xml-private.h"
#include "values.h"
#include "xml-util.h"

/* ---- units --------------------------------------------------------- */

/* Bytes in one UNIT, read the way libvirt reads a memory unit (KiB when
 * there is none); 0 for a unit libvirt would refuse. */
static guint64
memory_unit_bytes (const char *unit)
{
  static const char powers[] = "kmgtpe";
  const char *p;
  guint64 base, bytes = 1;

  if (unit == NULL)
    return 1024;
  if (g_ascii_strcasecmp (unit, "b") == 0 || g_ascii_strcasecmp (unit, "byte") == 0 ||
      g_ascii_strcasecmp (unit, "bytes") == 0)
    return 1;
  if (unit[0] == '\0' || (p = strchr (powers, g_ascii_tolower (unit[0]))) == NULL)
    return 0;
  if (unit[1] == '\0' || g_ascii_strcasecmp (unit + 1, "iB") == 0)
    base = 1024;
  else if (g_ascii_strcasecmp (unit + 1, "B") == 0)
    base = 1000;
  else
    return 0;
  for (const char *q = powers; q <= p; q++)
    bytes *= base;
  return bytes;
}

/* The size an element such as <memory> holds, in bytes. */
static gboolean
memory_to_bytes (xmlNode *node, guint64 *bytes)
{
  g_autofree char *unit = vd_xml_get_prop (node, "unit");
  g_autofree char *text = vd_xml_get_content (node);
  guint64 value, scale = memory_unit_bytes (unit);

  if (scale == 0 || text == NULL ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &value, NULL) ||
      (value > 0 && scale > G_MAXUINT64 / value))
    return FALSE;
  *bytes = value * scale;
  return TRUE;
}

/* libvirt keeps memory in KiB and rounds a size up to whole KiB. */
gboolean
vd_domain_memory_to_kib (xmlNode *node, guint64 *kib)
{
  guint64 bytes;

  if (!memory_to_bytes (node, &bytes))
    return FALSE;
  *kib = bytes / 1024 + (bytes % 1024 != 0);
  return TRUE;
}

/* Give NODE the size MIB.  A size that is already that stays byte for
 * byte; else the element keeps its unit when MIB is a whole number of it,
 * and changes to MiB only when it is not. */
static void
set_memory_element (xmlNode *node, guint64 mib)
{
  static const char * const memory_prop_order[] = { "unit", "dumpCore", NULL };
  g_autofree char *unit = vd_xml_get_prop (node, "unit");
  guint64 bytes = mib << 20;
  guint64 scale = memory_unit_bytes (unit);
  guint64 kib;
  g_autofree char *text = NULL;

  if (vd_domain_memory_to_kib (node, &kib) && kib == mib * 1024)
    return;
  if (scale != 0 && bytes % scale == 0)
    text = g_strdup_printf ("%" G_GUINT64_FORMAT, bytes / scale);
  else
    {
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, mib);
      vd_xml_set_prop_ordered (node, "unit", "MiB", memory_prop_order);
    }
  vd_xml_set_content (node, text);
}

/* vCPUs per socket in a <topology>, 0 when it cannot be read. */
static guint64
topology_per_socket (xmlNode *topology)
{
  static const char * const factors[] = { "dies", "clusters", "cores", "threads" };
  guint64 per_socket = 1;

  for (gsize i = 0; i < G_N_ELEMENTS (factors); i++)
    {
      g_autofree char *text = vd_xml_get_prop (topology, factors[i]);
      guint64 n;

      if (text == NULL)
        continue;
      if (!g_ascii_string_to_unsigned (text, 10, 1, VD_VCPUS_MAX, &n, NULL))
        return 0;
      per_socket *= n;
    }
  return per_socket <= VD_VCPUS_MAX ? per_socket : 0;
}

static xmlNode *
cpu_topology (xmlNode *root)
{
  return vd_xml_first_element (vd_xml_first_element (root, "cpu"), "topology");
}

/* ---- checks before any change -------------------------------------- */

/* The values themselves, as the option parsers would have them: the core
 * never writes a value libvirt would refuse. */
static gboolean
check_values (const VdDesktopSettings *s, GError **error)
{
  if (s->listen)
    {
      g_autofree char *address = NULL;
      g_autoptr(GError) local = NULL;

      if (!vd_parse_listen_address (s->listen, &address, &local))
        return vd_domain_fail_setting (error, "%s", local->message);
    }
  if (s->port < -1 || (s->port > VD_PORT_AUTO && (s->port < VD_PORT_MIN || s->port > VD_PORT_MAX)))
    return vd_domain_fail_setting (error, "invalid SPICE port %d: give a port from %d to %d "
                                   "or 'auto'", s->port, VD_PORT_MIN, VD_PORT_MAX);
  if (s->password == VD_TRISTATE_YES)
    {
      g_autoptr(GError) local = NULL;

      if (s->password_value == NULL)
        return vd_domain_fail_setting (error, "a password is asked for but none is given");
      if (!vd_check_password (s->password_value, &local))
        return vd_domain_fail_setting (error, "%s", local->message);
    }
  if (s->usbredir < -1 || s->usbredir > VD_USBREDIR_MAX)
    return vd_domain_fail_setting (error, "invalid number of USB redirection channels %d: give "
                                   "0 to %d", s->usbredir, VD_USBREDIR_MAX);
  if (s->video && !vd_video_model_is_valid (s->video))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) vd_video_models);
      return vd_domain_fail_setting (error, "unknown video model '%s': choose one of %s",
                                     s->video, list);
    }
  if (s->sound && !vd_sound_model_is_valid (s->sound))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) vd_sound_models);
      return vd_domain_fail_setting (error, "unknown sound model '%s': choose one of %s",
                                     s->sound, list);
    }
  if (s->memory_mib > 0 && (s->memory_mib < VD_MEMORY_MIN_MIB || s->memory_mib > VD_MEMORY_MAX_MIB))
    return vd_domain_fail_setting (error, "invalid memory size of %" G_GUINT64_FORMAT " MiB: give "
                                   "%d MiB to %u MiB", s->memory_mib, VD_MEMORY_MIN_MIB,
                                   VD_MEMORY_MAX_MIB);
  if (s->vcpus > VD_VCPUS_MAX)
    return vd_domain_fail_setting (error, "invalid number of vCPUs %u: give 1 to %d", s->vcpus,
                                   VD_VCPUS_MAX);
  return TRUE;
}

/* libvirt drops the port of a SPICE display that listens nowhere or on
 * a socket. */
static gboolean
check_port_has_listen (xmlNode *devices, GError **error)
{
  xmlNode *listen = vd_xml_first_element (vd_domain_spice_graphics (devices), "listen");
  g_autofree char *type = listen ? vd_xml_get_prop (listen, "type") : NULL;

  if (g_strcmp0 (type, "none") != 0 && g_strcmp0 (type, "socket") != 0)
    return TRUE;
  return vd_domain_fail_unsupported (error, "the SPICE display listens on no address (its listen "
                                     "type is '%s'), and libvirt keeps no port there; give "
                                     "--listen ADDR with --port", type);
}

/* The checks of S once its redirection policy is resolved into USB
 * channels and a sound model. */
static gboolean
check_resolved (xmlNode *root, const VdDesktopSettings *s, GError **error)
{
  xmlNode *devices = vd_xml_first_element (root, "devices");
  gboolean has_spice = devices && vd_domain_spice_graphics (devices) != NULL;
  gboolean graphics_change = s->listen || s->port >= 0 || s->password != VD_TRISTATE_UNSET;

  if (!check_values (s, error))
    return FALSE;
  if (s->spice == VD_TRISTATE_NO && (graphics_change || s->usbredir > 0))
    return vd_domain_fail_unsupported (error, "--no-spice removes the SPICE display; it "
                                       "cannot be combined with --listen, --port, a "
                                       "password or --usbredir");
  if (graphics_change && !has_spice && s->spice != VD_TRISTATE_YES)
    return vd_domain_fail_unsupported (error, "the domain has no SPICE display to change; "
                                       "add one with --spice");
  if (s->port >= 0 && s->listen == NULL && has_spice && !check_port_has_listen (devices, error))
    return FALSE;
  if (s->usbredir > 0 && !has_spice && s->spice != VD_TRISTATE_YES)
    return vd_domain_fail_unsupported (error, "USB redirection goes through SPICE and the "
                                       "domain has no SPICE display; add one with --spice");
  if (s->tls != VD_TRISTATE_UNSET && s->spice == VD_TRISTATE_NO)
    return vd_domain_fail_unsupported (error, "--no-spice removes the SPICE display; it "
                                       "cannot be combined with --tls or --no-tls");
  if (s->tls != VD_TRISTATE_UNSET && !has_spice && s->spice != VD_TRISTATE_YES)
    return vd_domain_fail_unsupported (error, "the domain has no SPICE display to encrypt; "
                                       "add one with --spice");
  if (s->tls == VD_TRISTATE_YES)
    {
      xmlNode *g = devices ? vd_domain_spice_graphics (devices) : NULL;
      gboolean fixed = s->port > 0 ||
                       (s->port < 0 && g && vd_xml_prop_equals (g, "autoport", "no"));

      if (fixed)
        return vd_domain_fail_unsupported (error, "--tls needs automatic ports (libvirt then "
                                           "picks the TLS port); add --port auto");
    }
  if (!vd_domain_check_usb (devices, s, error))
    return FALSE;

  if (s->memory_mib > 0)
    {
      xmlNode *cpu = vd_xml_first_element (root, "cpu");
      xmlNode *max = vd_xml_first_element (root, "maxMemory");
      guint64 max_kib;

      if (cpu && vd_xml_first_element (vd_xml_first_element (cpu, "numa"), "cell"))
        return vd_domain_fail_unsupported (error, "the domain's memory is split into NUMA "
                                           "cells; change the cells with 'virsh edit' instead");
      if (max && vd_domain_memory_to_kib (max, &max_kib) && s->memory_mib * 1024 > max_kib)
        return vd_domain_fail_unsupported (error, "--memory %" G_GUINT64_FORMAT " is above the "
                                           "domain's maxMemory of %" G_GUINT64_FORMAT " MiB",
                                           s->memory_mib, max_kib / 1024);
    }
  if (s->vcpus > 0)
    {
      xmlNode *topology = cpu_topology (root);

      if (vd_xml_first_element (root, "vcpus"))
        return vd_domain_fail_unsupported (error, "the domain lists its vCPUs one by one "
                                           "(<vcpus>); change them with 'virsh setvcpus' instead");
      if (topology)
        {
          guint64 per_socket = topology_per_socket (topology);

          if (per_socket == 0)
            return vd_domain_fail_unsupported (error, "the domain's CPU topology cannot be "
                                               "read; change it with 'virsh edit' instead");
          if (s->vcpus % per_socket != 0)
            return vd_domain_fail_unsupported (error, "--vcpus %u does not fit the domain's CPU "
                                               "topology of %" G_GUINT64_FORMAT " vCPUs per "
                                               "socket; give a multiple of it", s->vcpus,
                                               per_socket);
        }
    }
  return TRUE;
}

gboolean
vd_domain_check_settings (xmlNode *root, const VdDesktopSettings *s, GError **error)
{
  xmlNode *devices = vd_xml_first_element (root, "devices");
  VdDesktopSettings resolved;

  if (!vd_domain_check_redirect (devices, s, error) ||
      !vd_domain_check_monitors (root, devices, s, error))
    return FALSE;
  vd_domain_redirect_resolve (devices, s, &resolved);
  return check_resolved (root, &resolved, error);
}

/* ---- changes ------------------------------------------------------- */

/* <currentMemory> is the balloon's size at boot.  It follows <memory>
 * when it was the same, and never stays above it; a smaller balloon set on
 * purpose stays as it is. */
static void
apply_memory (xmlNode *root, guint64 mib)
{
  xmlNode *memory = vd_xml_first_element (root, "memory");
  xmlNode *current = vd_xml_first_element (root, "currentMemory");
  guint64 memory_kib, current_kib;
  gboolean follow;

  follow = current != NULL &&
           (!memory || !vd_domain_memory_to_kib (memory, &memory_kib) ||
            !vd_domain_memory_to_kib (current, &current_kib) ||
            current_kib == memory_kib || current_kib > mib * 1024);
  if (memory == NULL)
    {
      memory = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "memory", NULL);
      vd_xml_append_child (root, memory);
    }
  set_memory_element (memory, mib);
  if (follow)
    set_memory_element (current, mib);
}

static void
apply_vcpus (xmlNode *root, guint vcpus)
{
  xmlNode *vcpu = vd_xml_first_element (root, "vcpu");
  xmlNode *topology = cpu_topology (root);
  g_autofree char *text = g_strdup_printf ("%u", vcpus);
  g_autofree char *old = NULL;

  if (vcpu == NULL)
    {
      vcpu = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "vcpu", NULL);
      vd_xml_append_child (root, vcpu);
    }
  old = vd_xml_get_content (vcpu);
  if (g_strcmp0 (old, text) != 0)
    vd_xml_set_content (vcpu, text);
  /* The guest boots with VCPUS: a smaller current='' count would keep it
   * at that. */
  vd_xml_unset_prop (vcpu, "current");

  if (topology)
    {
      g_autofree char *sockets = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                  vcpus / topology_per_socket (topology));
      static const char * const topology_prop_order[] = { "sockets", "dies", "clusters",
                                                          "cores", "threads", NULL };

      vd_xml_set_prop_ordered (topology, "sockets", sockets, topology_prop_order);
    }
}

/* The <devices> that S changes: a domain without one gets one only when
 * something is added; NULL when there is none and nothing to add. */
static xmlNode *
devices_to_change (xmlNode *root, const VdDesktopSettings *s)
{
  xmlNode *devices = vd_xml_first_element (root, "devices");
  gboolean adds_devices;

  adds_devices = s->spice == VD_TRISTATE_YES || s->usb3 != VD_TRISTATE_UNSET ||
                 s->usbredir > 0 || s->video != NULL || s->agents ||
                 (s->sound != NULL && strcmp (s->sound, "none") != 0) ||
                 s->redirect.add != 0 || (s->usb_rules && s->usb_rules->len > 0);
  if (devices == NULL && !adds_devices)
    return NULL;
  if (devices == NULL)
    {
      devices = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "devices", NULL);
      vd_xml_append_child (root, devices);
    }
  return devices;
}

/* What S says of leaving, over what ROOT records. */
static void
apply_leave (xmlNode *root, const VdDesktopSettings *s)
{
  VdLeavePolicy policy;

  if (s->on_disconnect < 0 && s->idle_shutdown < 0)
    return;
  vd_leave_policy_read (root, &policy);
  if (s->on_disconnect >= 0)
    {
      policy.action = (VdLeaveAction) s->on_disconnect;
      policy.delay = s->on_disconnect_delay;
    }
  if (s->idle_shutdown >= 0)
    policy.idle_shutdown = (guint) s->idle_shutdown;
  vd_leave_policy_write (root, &policy);
}

gboolean
vd_domain_apply (xmlDoc *doc, const VdDesktopSettings *asked, GError **error)
{
  xmlNode *root = vd_domain_root (doc, error);
  xmlNode *devices, *graphics;
  g_autofree char *listen = NULL;
  /* The USB channels and the sound model the redirection policy implies. */
  VdDesktopSettings resolved;
  const VdDesktopSettings *s = &resolved;

  if (root == NULL || !vd_domain_check_settings (root, asked, error))
    return FALSE;
  vd_domain_redirect_resolve (vd_xml_first_element (root, "devices"), asked, &resolved);
  /* From here on nothing fails. */
  if (s->listen && !vd_parse_listen_address (s->listen, &listen, NULL))
    g_assert_not_reached ();

  if (s->memory_mib > 0)
    apply_memory (root, s->memory_mib);
  if (s->vcpus > 0)
    apply_vcpus (root, s->vcpus);
  apply_leave (root, s);

  devices = devices_to_change (root, s);
  if (devices == NULL)
    return TRUE;
  graphics = vd_domain_apply_spice (devices, s, listen);
  vd_domain_apply_usb (devices, s);
  vd_domain_apply_agents (devices, s, graphics);
  if (s->video)
    vd_domain_apply_video (devices, s->video);
  if (s->sound)
    vd_domain_apply_sound (devices, s->sound);
  vd_domain_apply_redirect (devices, s, graphics);
  vd_domain_apply_monitors (root, devices, s->monitors);
  if (graphics)
    vd_domain_apply_display_profile (graphics, s->display_profile);
  return TRUE;
}
