/* domain-xml.c: the desktop core.
 *
 * Edits are surgical: an element the settings do not concern is never
 * touched, re-created or re-ordered, and a setting that already has the
 * asked value leaves its element byte for byte as it was.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "device-xml.h"
#include "domain-xml.h"
#include "values.h"
#include "xml-util.h"

G_DEFINE_QUARK (vd-domain-error-quark, vd_domain_error)

#define VDAGENT_CHANNEL     "com.redhat.spice.0"
#define GUEST_AGENT_CHANNEL "org.qemu.guest_agent.0"

/* ---- finding things ------------------------------------------------ */

static xmlNode *
domain_root (xmlDoc *doc, GError **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  if (root == NULL || strcmp ((const char *) root->name, "domain") != 0)
    {
      g_set_error (error, VD_DOMAIN_ERROR, VD_DOMAIN_ERROR_INVALID,
                   "not a domain document: the root element is <%s>, not <domain>",
                   root ? (const char *) root->name : "");
      return NULL;
    }
  return root;
}

static xmlNode *
first_with_prop (xmlNode *parent, const char *element, const char *prop,
                 const char *value)
{
  for (xmlNode *n = vd_xml_first_element (parent, element); n;
       n = vd_xml_next_element (n, element))
    if (vd_xml_prop_equals (n, prop, value))
      return n;
  return NULL;
}

static GPtrArray *
all_with_prop (xmlNode *parent, const char *element, const char *prop,
               const char *value)
{
  GPtrArray *nodes = g_ptr_array_new ();

  for (xmlNode *n = vd_xml_first_element (parent, element); n;
       n = vd_xml_next_element (n, element))
    if (value == NULL || vd_xml_prop_equals (n, prop, value))
      g_ptr_array_add (nodes, n);
  return nodes;
}

static xmlNode *
spice_graphics (xmlNode *devices)
{
  return first_with_prop (devices, "graphics", "type", "spice");
}

static gboolean
is_spice_redirdev (xmlNode *n)
{
  return vd_xml_prop_equals (n, "type", "spicevmc") &&
         vd_xml_prop_equals (n, "bus", "usb");
}

static GPtrArray *
spice_redirdevs (xmlNode *devices)
{
  GPtrArray *nodes = g_ptr_array_new ();

  for (xmlNode *n = vd_xml_first_element (devices, "redirdev"); n;
       n = vd_xml_next_element (n, "redirdev"))
    if (is_spice_redirdev (n))
      g_ptr_array_add (nodes, n);
  return nodes;
}

static xmlNode *
channel_named (xmlNode *devices, const char *name)
{
  for (xmlNode *n = vd_xml_first_element (devices, "channel"); n;
       n = vd_xml_next_element (n, "channel"))
    if (vd_xml_prop_equals (vd_xml_first_element (n, "target"), "name", name))
      return n;
  return NULL;
}

static gboolean
is_xhci (const char *model)
{
  return model && strstr (model, "xhci") != NULL;
}

/* ---- USB ports ----------------------------------------------------- */

/* The ports a root USB controller offers, as libvirt counts them
 * (virDomainUSBAddressControllerModelToPorts); -1 when unknown. */
static int
usb_controller_ports (xmlNode *controller)
{
  g_autofree char *model = vd_xml_get_prop (controller, "model");
  g_autofree char *ports = vd_xml_get_prop (controller, "ports");

  if (model == NULL)
    return -1;
  if (g_str_has_prefix (model, "ich9-uhci"))
    return 0;   /* companions of ich9-ehci1: they share its ports */
  if (strcmp (model, "piix3-uhci") == 0 || strcmp (model, "piix4-uhci") == 0 ||
      strcmp (model, "vt82c686b-uhci") == 0)
    return 2;
  if (strcmp (model, "ehci") == 0 || strcmp (model, "ich9-ehci1") == 0)
    return 6;
  if (strcmp (model, "pci-ohci") == 0)
    return 3;
  if (strcmp (model, "none") == 0)
    return 0;
  if (is_xhci (model) || strcmp (model, "qusb1") == 0 || strcmp (model, "qusb2") == 0)
    return ports ? (int) g_ascii_strtoll (ports, NULL, 10) : 4;
  return -1;
}

static int
usb_devices_using_ports (xmlNode *devices, int *hub_ports)
{
  int used = 0;

  *hub_ports = 0;
  for (xmlNode *n = vd_xml_first_element (devices, NULL); n;
       n = vd_xml_next_element (n, NULL))
    {
      const char *name = (const char *) n->name;

      if (strcmp (name, "input") == 0 && vd_xml_prop_equals (n, "bus", "usb"))
        used++;
      else if (strcmp (name, "hub") == 0 && vd_xml_prop_equals (n, "type", "usb"))
        {
          used++;
          *hub_ports += 8;
        }
      else if (strcmp (name, "hostdev") == 0 && vd_xml_prop_equals (n, "type", "usb"))
        used++;
      else if (strcmp (name, "redirdev") == 0 && !is_spice_redirdev (n) &&
               vd_xml_prop_equals (n, "bus", "usb"))
        used++;
      else if (strcmp (name, "disk") == 0 &&
               vd_xml_prop_equals (vd_xml_first_element (n, "target"), "bus", "usb"))
        used++;
      else if (strcmp (name, "sound") == 0 && vd_xml_prop_equals (n, "model", "usb"))
        used++;
      else if (strcmp (name, "smartcard") == 0 ||
               (strcmp (name, "controller") == 0 && vd_xml_prop_equals (n, "type", "ccid")))
        used++;
      else if (strcmp (name, "serial") == 0 &&
               vd_xml_prop_equals (vd_xml_first_element (n, "target"), "type", "usb-serial"))
        used++;
    }
  return used;
}

void
vd_domain_usb_ports (xmlDoc *doc, int *capacity, int *used)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *devices = vd_xml_first_element (root, "devices");
  g_autoptr(GPtrArray) controllers = NULL;
  int hub_ports = 0;

  *capacity = 0;
  *used = 0;
  if (devices == NULL)
    return;
  controllers = all_with_prop (devices, "controller", "type", "usb");
  for (guint i = 0; i < controllers->len; i++)
    {
      int ports = usb_controller_ports (controllers->pdata[i]);

      if (ports < 0)
        {
          *capacity = -1;
          break;
        }
      *capacity += ports;
    }
  *used = usb_devices_using_ports (devices, &hub_ports);
  if (*capacity >= 0)
    *capacity += hub_ports;
}

/* ---- units --------------------------------------------------------- */

static gboolean
memory_to_kib (xmlNode *node, guint64 *kib)
{
  static const struct { const char *unit; guint64 num, den; } units[] = {
    { "b", 1, 1024 }, { "bytes", 1, 1024 },
    { "KB", 1000, 1024 }, { "k", 1, 1 }, { "KiB", 1, 1 },
    { "MB", 1000000, 1024 }, { "M", 1024, 1 }, { "MiB", 1024, 1 },
    { "GB", 1000000000, 1024 }, { "G", 1048576, 1 }, { "GiB", 1048576, 1 },
    { "TB", G_GUINT64_CONSTANT (1000000000000), 1024 },
    { "T", G_GUINT64_CONSTANT (1073741824), 1 },
    { "TiB", G_GUINT64_CONSTANT (1073741824), 1 },
  };
  g_autofree char *unit = vd_xml_get_prop (node, "unit");
  g_autofree char *text = vd_xml_get_content (node);
  guint64 value;
  char *end;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (errno || *end)
    return FALSE;
  if (unit == NULL)
    {
      *kib = value;
      return TRUE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (units[i].unit, unit) == 0)
      {
        *kib = value / units[i].den * units[i].num;
        return TRUE;
      }
  return FALSE;
}

static void
set_memory_element (xmlNode *node, guint64 mib)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, mib);
  guint64 kib;

  if (memory_to_kib (node, &kib) && kib == mib * 1024)
    return;
  vd_xml_set_prop (node, "unit", "MiB");
  vd_xml_set_content (node, text);
}

/* ---- checks before any change -------------------------------------- */

static gboolean
fail_unsupported (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail_unsupported (GError **error, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  *error = g_error_new_valist (VD_DOMAIN_ERROR, VD_DOMAIN_ERROR_UNSUPPORTED,
                               format, args);
  va_end (args);
  return FALSE;
}

static gboolean
check_usb (xmlNode *devices, const VdDesktopSettings *s, GError **error)
{
  g_autoptr(GPtrArray) controllers = NULL;
  g_autoptr(GPtrArray) redirdevs = NULL;
  int capacity = 0, hub_ports = 0, used, wanted;
  const char *model_name = NULL;
  g_autofree char *first_model = NULL;

  if (s->usbredir < 0 && s->usb3 == VD_TRISTATE_UNSET)
    return TRUE;

  controllers = devices ? all_with_prop (devices, "controller", "type", "usb")
                        : g_ptr_array_new ();
  redirdevs = devices ? spice_redirdevs (devices) : g_ptr_array_new ();
  wanted = s->usbredir >= 0 ? s->usbredir : (int) redirdevs->len;
  if (controllers->len > 0)
    first_model = vd_xml_get_prop (controllers->pdata[0], "model");

  if (s->usb3 == VD_TRISTATE_YES)
    {
      capacity = VD_XHCI_PORTS;
      model_name = "qemu-xhci";
    }
  else if (s->usb3 == VD_TRISTATE_NO && (controllers->len == 0 || is_xhci (first_model)))
    {
      capacity = 6;
      model_name = "ich9-ehci1";
    }
  else if (controllers->len == 0)
    {
      capacity = VD_XHCI_PORTS;   /* vdctl adds a qemu-xhci controller */
      model_name = "qemu-xhci";
    }
  else
    {
      for (guint i = 0; i < controllers->len; i++)
        {
          int ports = usb_controller_ports (controllers->pdata[i]);

          if (vd_xml_prop_equals (controllers->pdata[i], "model", "none") && wanted > 0)
            return fail_unsupported (error, "the domain has no USB bus (its USB "
                                     "controller model is 'none'), so it cannot "
                                     "take USB redirection channels; add one with "
                                     "--usb3 or keep --usbredir 0");
          if (ports < 0)
            return TRUE;   /* a model whose ports libvirt decides */
          capacity += ports;
        }
      model_name = first_model;
    }

  used = devices ? usb_devices_using_ports (devices, &hub_ports) : 0;
  capacity += hub_ports;
  if (used + wanted > capacity)
    {
      int room = MAX (capacity - used, 0);

      return fail_unsupported (error, "%d USB redirection channels do not fit: "
                               "the %s controller has %d ports and %d %s taken "
                               "by other USB devices; use --usbredir %d or fewer%s",
                               wanted, model_name ? model_name : "USB", capacity,
                               used, used == 1 ? "is" : "are", room,
                               is_xhci (model_name) ? "" : ", or --usb3 for 15 ports");
    }
  return TRUE;
}

static gboolean
check_settings (xmlNode *root, const VdDesktopSettings *s, GError **error)
{
  xmlNode *devices = vd_xml_first_element (root, "devices");
  gboolean has_spice = devices && spice_graphics (devices) != NULL;
  gboolean graphics_change = s->listen || s->port >= 0 || s->password != VD_TRISTATE_UNSET;

  if (s->spice == VD_TRISTATE_NO && (graphics_change || s->usbredir > 0))
    return fail_unsupported (error, "--no-spice removes the SPICE display; it "
                             "cannot be combined with --listen, --port, a "
                             "password or --usbredir");
  if (graphics_change && !has_spice && s->spice != VD_TRISTATE_YES)
    return fail_unsupported (error, "the domain has no SPICE display to change; "
                             "add one with --spice");
  if (s->usbredir > 0 && !has_spice && s->spice != VD_TRISTATE_YES)
    return fail_unsupported (error, "USB redirection goes through SPICE and the "
                             "domain has no SPICE display; add one with --spice");
  if (!check_usb (devices, s, error))
    return FALSE;

  if (s->memory_mib > 0)
    {
      xmlNode *cpu = vd_xml_first_element (root, "cpu");
      xmlNode *max = vd_xml_first_element (root, "maxMemory");
      guint64 max_kib;

      if (cpu && vd_xml_first_element (vd_xml_first_element (cpu, "numa"), "cell"))
        return fail_unsupported (error, "the domain's memory is split into NUMA "
                                 "cells; change the cells with 'virsh edit' instead");
      if (max && memory_to_kib (max, &max_kib) && s->memory_mib * 1024 > max_kib)
        return fail_unsupported (error, "--memory %" G_GUINT64_FORMAT " is above the "
                                 "domain's maxMemory of %" G_GUINT64_FORMAT " MiB",
                                 s->memory_mib, max_kib / 1024);
    }
  if (s->vcpus > 0)
    {
      xmlNode *topology = vd_xml_first_element (vd_xml_first_element (root, "cpu"), "topology");

      if (vd_xml_first_element (root, "vcpus"))
        return fail_unsupported (error, "the domain lists its vCPUs one by one "
                                 "(<vcpus>); change them with 'virsh setvcpus' instead");
      if (topology)
        {
          g_autofree char *cores = vd_xml_get_prop (topology, "cores");
          g_autofree char *threads = vd_xml_get_prop (topology, "threads");
          g_autofree char *dies = vd_xml_get_prop (topology, "dies");
          guint64 per_socket = (cores ? g_ascii_strtoull (cores, NULL, 10) : 1) *
                               (threads ? g_ascii_strtoull (threads, NULL, 10) : 1) *
                               (dies ? g_ascii_strtoull (dies, NULL, 10) : 1);

          if (per_socket == 0 || s->vcpus % per_socket != 0)
            return fail_unsupported (error, "--vcpus %u does not fit the domain's CPU "
                                     "topology of %" G_GUINT64_FORMAT " vCPUs per "
                                     "socket; give a multiple of it", s->vcpus,
                                     per_socket);
        }
    }
  return TRUE;
}

/* ---- changes ------------------------------------------------------- */

static void
remove_nodes (GPtrArray *nodes)
{
  for (guint i = 0; i < nodes->len; i++)
    vd_xml_remove (nodes->pdata[i]);
}

static void
set_listen (xmlNode *graphics, const char *address)
{
  xmlNode *listen = vd_xml_first_element (graphics, "listen");

  if (listen && !vd_xml_prop_equals (listen, "type", "address"))
    {
      /* A network or socket listen becomes an address one. */
      xmlNode *old = listen;
      listen = xmlNewDocNode (graphics->doc, NULL, (const xmlChar *) "listen", NULL);
      vd_xml_set_prop (listen, "type", "address");
      xmlAddPrevSibling (old, listen);
      xmlUnlinkNode (old);
      xmlFreeNode (old);
    }
  if (listen == NULL)
    {
      listen = xmlNewDocNode (graphics->doc, NULL, (const xmlChar *) "listen", NULL);
      vd_xml_set_prop (listen, "type", "address");
      vd_xml_append_child (graphics, listen);
    }
  if (!vd_xml_prop_equals (listen, "address", address))
    vd_xml_set_prop (listen, "address", address);

  /* libvirt keeps the old attribute in step with the first listen and
   * refuses a mismatch. */
  if (xmlHasProp (graphics, (const xmlChar *) "listen") &&
      !vd_xml_prop_equals (graphics, "listen", address))
    vd_xml_set_prop (graphics, "listen", address);
}

static void
set_port (xmlNode *graphics, int port)
{
  if (port == VD_PORT_AUTO)
    {
      if (!vd_xml_prop_equals (graphics, "autoport", "yes"))
        vd_xml_set_prop (graphics, "autoport", "yes");
      vd_xml_unset_prop (graphics, "port");
    }
  else
    {
      g_autofree char *text = g_strdup_printf ("%d", port);

      if (!vd_xml_prop_equals (graphics, "port", text))
        vd_xml_set_prop (graphics, "port", text);
      if (!vd_xml_prop_equals (graphics, "autoport", "no"))
        vd_xml_set_prop (graphics, "autoport", "no");
    }
}

static void
set_password (xmlNode *graphics, const VdDesktopSettings *s)
{
  if (s->password == VD_TRISTATE_YES)
    {
      if (!vd_xml_prop_equals (graphics, "passwd", s->password_value))
        {
          vd_xml_set_prop (graphics, "passwd", s->password_value);
          /* A new lasting password does not inherit an old expiry. */
          vd_xml_unset_prop (graphics, "passwdValidTo");
        }
    }
  else if (s->password == VD_TRISTATE_NO)
    {
      vd_xml_unset_prop (graphics, "passwd");
      vd_xml_unset_prop (graphics, "passwdValidTo");
    }
}

static void
remove_spice (xmlNode *devices)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();

  for (xmlNode *n = vd_xml_first_element (devices, NULL); n;
       n = vd_xml_next_element (n, NULL))
    {
      const char *name = (const char *) n->name;
      gboolean spice_only =
        (strcmp (name, "graphics") == 0 && vd_xml_prop_equals (n, "type", "spice")) ||
        ((strcmp (name, "channel") == 0 || strcmp (name, "redirdev") == 0 ||
          strcmp (name, "smartcard") == 0 || strcmp (name, "serial") == 0 ||
          strcmp (name, "console") == 0) &&
         (vd_xml_prop_equals (n, "type", "spicevmc") ||
          vd_xml_prop_equals (n, "type", "spiceport"))) ||
        (strcmp (name, "audio") == 0 && vd_xml_prop_equals (n, "type", "spice"));

      if (spice_only)
        g_ptr_array_add (doomed, n);
    }
  remove_nodes (doomed);
}

static void
replace_usb_controllers (xmlNode *devices, gboolean usb3)
{
  g_autoptr(GPtrArray) controllers = all_with_prop (devices, "controller", "type", "usb");
  xmlNode *anchor = NULL;
  xmlNode *fresh[4] = { NULL, };
  guint n_fresh;

  if (usb3)
    {
      fresh[0] = vd_device_usb_controller (devices->doc, "qemu-xhci", 0, VD_XHCI_PORTS, -1);
      n_fresh = 1;
    }
  else
    {
      fresh[0] = vd_device_usb_controller (devices->doc, "ich9-ehci1", 0, 0, -1);
      fresh[1] = vd_device_usb_controller (devices->doc, "ich9-uhci1", 0, 0, 0);
      fresh[2] = vd_device_usb_controller (devices->doc, "ich9-uhci2", 0, 0, 2);
      fresh[3] = vd_device_usb_controller (devices->doc, "ich9-uhci3", 0, 0, 4);
      n_fresh = 4;
    }

  /* The new controllers take the place of the first old one. */
  if (controllers->len > 0)
    {
      anchor = controllers->pdata[0];
      for (guint i = 0; i < n_fresh; i++)
        vd_xml_insert_before (anchor, fresh[i]);
      remove_nodes (controllers);
    }
  else
    for (guint i = 0; i < n_fresh; i++)
      vd_device_insert (devices, fresh[i]);
}

static void
apply_usb3 (xmlNode *devices, VdTristate usb3)
{
  g_autoptr(GPtrArray) controllers = all_with_prop (devices, "controller", "type", "usb");
  g_autofree char *model = NULL;

  if (controllers->len > 0)
    model = vd_xml_get_prop (controllers->pdata[0], "model");

  if (usb3 == VD_TRISTATE_YES)
    {
      /* Already one qemu-xhci: leave it exactly as it is. */
      if (controllers->len == 1 && g_strcmp0 (model, "qemu-xhci") == 0)
        return;
      replace_usb_controllers (devices, TRUE);
    }
  else if (usb3 == VD_TRISTATE_NO)
    {
      gboolean any_xhci = FALSE;

      for (guint i = 0; i < controllers->len; i++)
        {
          g_autofree char *m = vd_xml_get_prop (controllers->pdata[i], "model");
          any_xhci |= is_xhci (m);
        }
      if (any_xhci)
        replace_usb_controllers (devices, FALSE);
    }
}

static void
apply_usbredir (xmlNode *devices, int wanted)
{
  g_autoptr(GPtrArray) redirdevs = spice_redirdevs (devices);

  if (wanted > 0 && first_with_prop (devices, "controller", "type", "usb") == NULL)
    vd_device_insert (devices, vd_device_usb_controller (devices->doc, "qemu-xhci", 0,
                                                         VD_XHCI_PORTS, -1));

  for (int have = (int) redirdevs->len; have < wanted; have++)
    {
      xmlNode *redirdev = vd_device_spice_redirdev (devices->doc);

      if (have > 0)
        vd_xml_insert_after (redirdevs->pdata[have - 1], redirdev);
      else
        vd_device_insert (devices, redirdev);
      g_ptr_array_add (redirdevs, redirdev);
    }
  while ((int) redirdevs->len > wanted)
    {
      vd_xml_remove (redirdevs->pdata[redirdevs->len - 1]);
      g_ptr_array_remove_index (redirdevs, redirdevs->len - 1);
    }
}

static xmlNode *
primary_video (xmlNode *devices)
{
  for (xmlNode *n = vd_xml_first_element (devices, "video"); n;
       n = vd_xml_next_element (n, "video"))
    if (vd_xml_prop_equals (vd_xml_first_element (n, "model"), "primary", "yes"))
      return n;
  return vd_xml_first_element (devices, "video");
}

static void
apply_video (xmlNode *devices, const char *model)
{
  xmlNode *video = primary_video (devices);
  xmlNode *old_model, *new_model;

  if (video == NULL)
    {
      vd_device_insert (devices, vd_device_video (devices->doc, model));
      return;
    }
  old_model = vd_xml_first_element (video, "model");
  if (old_model && vd_xml_prop_equals (old_model, "type", model))
    return;

  /* Sizes and acceleration belong to the old model; heads and primary
   * carry over. */
  new_model = xmlNewDocNode (video->doc, NULL, (const xmlChar *) "model", NULL);
  vd_xml_set_prop (new_model, "type", model);
  if (old_model)
    {
      g_autofree char *heads = vd_xml_get_prop (old_model, "heads");
      g_autofree char *primary = vd_xml_get_prop (old_model, "primary");

      if (heads && strcmp (model, "vga") != 0)
        vd_xml_set_prop (new_model, "heads", heads);
      if (primary)
        vd_xml_set_prop (new_model, "primary", primary);
      xmlAddPrevSibling (old_model, new_model);
      xmlUnlinkNode (old_model);
      xmlFreeNode (old_model);
    }
  else
    vd_xml_append_child (video, new_model);
}

static void
apply_sound (xmlNode *devices, const char *model)
{
  g_autoptr(GPtrArray) sounds = all_with_prop (devices, "sound", NULL, NULL);

  if (strcmp (model, "none") == 0)
    {
      remove_nodes (sounds);
      return;
    }
  if (sounds->len == 0)
    {
      vd_device_insert (devices, vd_device_sound (devices->doc, model));
      return;
    }
  if (vd_xml_prop_equals (sounds->pdata[0], "model", model))
    return;
  vd_xml_set_prop (sounds->pdata[0], "model", model);
  if (strcmp (model, "ac97") == 0)
    {
      g_autoptr(GPtrArray) codecs = all_with_prop (sounds->pdata[0], "codec", NULL, NULL);
      remove_nodes (codecs);
    }
}

static void
apply_memory (xmlNode *root, guint64 mib)
{
  xmlNode *memory = vd_xml_first_element (root, "memory");
  xmlNode *current = vd_xml_first_element (root, "currentMemory");

  if (memory == NULL)
    {
      memory = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "memory", NULL);
      vd_xml_append_child (root, memory);
    }
  set_memory_element (memory, mib);
  if (current)
    set_memory_element (current, mib);
}

static void
apply_vcpus (xmlNode *root, guint vcpus)
{
  xmlNode *vcpu = vd_xml_first_element (root, "vcpu");
  xmlNode *topology = vd_xml_first_element (vd_xml_first_element (root, "cpu"), "topology");
  g_autofree char *text = g_strdup_printf ("%u", vcpus);
  g_autofree char *current_text = NULL;
  g_autofree char *old = NULL;

  if (vcpu == NULL)
    {
      vcpu = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "vcpu", NULL);
      vd_xml_append_child (root, vcpu);
    }
  old = vd_xml_get_content (vcpu);
  if (g_strcmp0 (old, text) != 0)
    vd_xml_set_content (vcpu, text);
  current_text = vd_xml_get_prop (vcpu, "current");
  if (current_text && g_ascii_strtoull (current_text, NULL, 10) > vcpus)
    vd_xml_unset_prop (vcpu, "current");

  if (topology)
    {
      g_autofree char *cores = vd_xml_get_prop (topology, "cores");
      g_autofree char *threads = vd_xml_get_prop (topology, "threads");
      g_autofree char *dies = vd_xml_get_prop (topology, "dies");
      guint64 per_socket = (cores ? g_ascii_strtoull (cores, NULL, 10) : 1) *
                           (threads ? g_ascii_strtoull (threads, NULL, 10) : 1) *
                           (dies ? g_ascii_strtoull (dies, NULL, 10) : 1);
      g_autofree char *sockets = g_strdup_printf ("%" G_GUINT64_FORMAT, vcpus / per_socket);

      if (!vd_xml_prop_equals (topology, "sockets", sockets))
        vd_xml_set_prop (topology, "sockets", sockets);
    }
}

static void
ensure_channel (xmlNode *devices, const char *name, xmlNode *(*make) (xmlDoc *))
{
  if (channel_named (devices, name) == NULL)
    vd_device_insert (devices, make (devices->doc));
}

gboolean
vd_domain_apply (xmlDoc *doc, const VdDesktopSettings *s, GError **error)
{
  xmlNode *root = domain_root (doc, error);
  xmlNode *devices, *graphics;

  if (root == NULL || !check_settings (root, s, error))
    return FALSE;

  if (s->memory_mib > 0)
    apply_memory (root, s->memory_mib);
  if (s->vcpus > 0)
    apply_vcpus (root, s->vcpus);

  devices = vd_xml_first_element (root, "devices");
  if (devices == NULL)
    {
      devices = xmlNewDocNode (doc, NULL, (const xmlChar *) "devices", NULL);
      vd_xml_append_child (root, devices);
    }

  if (s->spice == VD_TRISTATE_NO)
    remove_spice (devices);

  graphics = spice_graphics (devices);
  if (s->spice == VD_TRISTATE_YES && graphics == NULL)
    {
      graphics = vd_device_spice_graphics (doc, s->listen ? s->listen : VD_DEFAULT_LISTEN,
                                           s->port > 0 ? s->port : VD_PORT_AUTO,
                                           s->password == VD_TRISTATE_YES ? s->password_value : NULL);
      vd_device_insert (devices, graphics);
    }
  else if (graphics)
    {
      if (s->listen)
        set_listen (graphics, s->listen);
      if (s->port >= 0)
        set_port (graphics, s->port);
      set_password (graphics, s);
    }

  if (s->usb3 != VD_TRISTATE_UNSET)
    apply_usb3 (devices, s->usb3);
  if (s->usbredir >= 0)
    apply_usbredir (devices, s->usbredir);

  if (s->spice == VD_TRISTATE_YES || (s->agents && graphics))
    ensure_channel (devices, VDAGENT_CHANNEL, vd_device_vdagent_channel);
  if (s->agents)
    ensure_channel (devices, GUEST_AGENT_CHANNEL, vd_device_guest_agent_channel);

  if (s->video)
    apply_video (devices, s->video);
  if (s->sound)
    apply_sound (devices, s->sound);
  return TRUE;
}

/* ---- new domains --------------------------------------------------- */

void
vd_desktop_settings_fill (VdDesktopSettings *s)
{
  if (s->spice == VD_TRISTATE_UNSET)
    s->spice = VD_TRISTATE_YES;
  if (s->listen == NULL)
    s->listen = g_strdup (VD_DEFAULT_LISTEN);
  if (s->port < 0)
    s->port = VD_PORT_AUTO;
  if (s->usb3 == VD_TRISTATE_UNSET)
    s->usb3 = VD_TRISTATE_NO;
  if (s->usbredir < 0)
    s->usbredir = s->usb3 == VD_TRISTATE_YES ? VD_DEFAULT_USBREDIR_USB3
                                             : VD_DEFAULT_USBREDIR_USB2;
  if (s->video == NULL)
    s->video = g_strdup (VD_DEFAULT_VIDEO);
  if (s->sound == NULL)
    s->sound = g_strdup (VD_DEFAULT_SOUND);
  if (s->memory_mib == 0)
    s->memory_mib = VD_DEFAULT_MEMORY_MIB;
  if (s->vcpus == 0)
    s->vcpus = VD_DEFAULT_VCPUS;
  s->agents = TRUE;
}

static void
set_name (xmlNode *root, const char *name)
{
  xmlNode *node = vd_xml_first_element (root, "name");

  if (node == NULL)
    {
      xmlNode *first = vd_xml_first_element (root, NULL);

      node = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "name", NULL);
      if (first)
        vd_xml_insert_before (first, node);
      else
        vd_xml_append_child (root, node);
    }
  vd_xml_set_content (node, name);
}

static void
add_boot_device (xmlNode *root, const char *dev)
{
  xmlNode *os = vd_xml_ensure_element (root, "os");
  xmlNode *boot;

  if (first_with_prop (os, "boot", "dev", dev))
    return;
  boot = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "boot", NULL);
  vd_xml_set_prop (boot, "dev", dev);
  if (vd_xml_last_element (os, "boot"))
    vd_xml_insert_after (vd_xml_last_element (os, "boot"), boot);
  else
    vd_xml_append_child (os, boot);
}

xmlDoc *
vd_domain_new (const char              *template_xml,
               const VdDomainSpec      *spec,
               const VdDesktopSettings *settings,
               GError                 **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root, *devices;

  doc = vd_xml_parse (template_xml, -1, "the profile template", error);
  if (doc == NULL)
    return NULL;
  root = domain_root (doc, error);
  if (root == NULL)
    return NULL;

  vd_xml_set_prop (root, "type", spec->virt_type);
  set_name (root, spec->name);
  /* The host's own CPU under KVM; TCG has no host CPU to pass through and
   * keeps QEMU's default model. */
  if (strcmp (spec->virt_type, "kvm") == 0 && vd_xml_first_element (root, "cpu") == NULL)
    {
      xmlNode *cpu = xmlNewDocNode (doc, NULL, (const xmlChar *) "cpu", NULL);
      xmlNode *anchor = vd_xml_first_element (root, "features");

      vd_xml_set_prop (cpu, "mode", "host-passthrough");
      if (anchor == NULL)
        anchor = vd_xml_first_element (root, "os");
      if (anchor)
        vd_xml_insert_after (anchor, cpu);
      else
        vd_xml_append_child (root, cpu);
    }
  devices = vd_xml_ensure_element (root, "devices");

  if (spec->disk_volume)
    vd_device_insert (devices, vd_device_volume_disk (doc, spec->disk_pool,
                                                      spec->disk_volume,
                                                      spec->disk_format ? spec->disk_format : "qcow2",
                                                      "vda", "virtio"));
  else if (spec->disk_path)
    vd_device_insert (devices, vd_device_file_disk (doc, spec->disk_path,
                                                    spec->disk_format ? spec->disk_format : "qcow2",
                                                    "vda", "virtio"));
  if (spec->cdrom)
    {
      vd_device_insert (devices, vd_device_cdrom (doc, spec->cdrom, "sda"));
      add_boot_device (root, "hd");
      add_boot_device (root, "cdrom");
    }
  if (spec->network)
    vd_device_insert (devices, vd_device_interface (doc, "network", spec->network, "virtio"));
  else if (spec->bridge)
    vd_device_insert (devices, vd_device_interface (doc, "bridge", spec->bridge, "virtio"));
  if (first_with_prop (devices, "input", "type", "tablet") == NULL)
    vd_device_insert (devices, vd_device_usb_tablet (doc));

  if (!vd_domain_apply (doc, settings, error))
    return NULL;
  return g_steal_pointer (&doc);
}

/* ---- reading back -------------------------------------------------- */

static int
int_prop (xmlNode *node, const char *name, int fallback)
{
  g_autofree char *text = vd_xml_get_prop (node, name);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &value, NULL))
    return fallback;
  return (int) value;
}

gboolean
vd_domain_read (xmlDoc *doc, VdDesktopInfo *info, GError **error)
{
  xmlNode *root = domain_root (doc, error);
  xmlNode *devices, *graphics, *node;
  g_autoptr(GPtrArray) redirdevs = NULL;
  guint64 kib;

  if (root == NULL)
    return FALSE;
  memset (info, 0, sizeof *info);
  info->name = vd_xml_get_content (vd_xml_first_element (root, "name"));
  info->uuid = vd_xml_get_content (vd_xml_first_element (root, "uuid"));
  info->virt_type = vd_xml_get_prop (root, "type");
  info->port = -1;
  info->tls_port = -1;

  node = vd_xml_first_element (root, "memory");
  if (node && memory_to_kib (node, &kib))
    info->memory_mib = kib / 1024;
  node = vd_xml_first_element (root, "vcpu");
  if (node)
    {
      g_autofree char *text = vd_xml_get_content (node);
      info->vcpus = text ? (guint) g_ascii_strtoull (text, NULL, 10) : 0;
    }

  devices = vd_xml_first_element (root, "devices");
  if (devices == NULL)
    return TRUE;

  graphics = spice_graphics (devices);
  if (graphics == NULL)
    graphics = vd_xml_first_element (devices, "graphics");
  if (graphics)
    {
      xmlNode *listen = first_with_prop (graphics, "listen", "type", "address");

      info->graphics = vd_xml_get_prop (graphics, "type");
      info->listen = vd_xml_get_prop (listen, "address");
      if (info->listen == NULL)
        info->listen = vd_xml_get_prop (graphics, "listen");
      info->autoport = vd_xml_prop_equals (graphics, "autoport", "yes");
      info->port = int_prop (graphics, "port", -1);
      info->tls_port = int_prop (graphics, "tlsPort", -1);
      if (info->port == 0)
        info->port = -1;
      if (info->tls_port == 0)
        info->tls_port = -1;
      info->password_set = xmlHasProp (graphics, (const xmlChar *) "passwd") != NULL;
    }

  node = first_with_prop (devices, "controller", "type", "usb");
  for (xmlNode *c = node; c; c = vd_xml_next_element (c, "controller"))
    {
      g_autofree char *model = NULL;

      if (!vd_xml_prop_equals (c, "type", "usb"))
        continue;
      model = vd_xml_get_prop (c, "model");
      if (info->usb_model == NULL && vd_xml_first_element (c, "master") == NULL)
        info->usb_model = g_strdup (model);
      info->usb3 |= is_xhci (model);
    }
  redirdevs = spice_redirdevs (devices);
  info->usbredir = (int) redirdevs->len;
  info->vdagent = channel_named (devices, VDAGENT_CHANNEL) != NULL;
  info->guest_agent = channel_named (devices, GUEST_AGENT_CHANNEL) != NULL;

  node = primary_video (devices);
  if (node)
    info->video = vd_xml_get_prop (vd_xml_first_element (node, "model"), "type");
  node = vd_xml_first_element (devices, "sound");
  if (node)
    info->sound = vd_xml_get_prop (node, "model");
  return TRUE;
}
