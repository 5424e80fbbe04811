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
#include "desktop-metadata.h"
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

static GPtrArray *
usb_controllers (xmlNode *devices)
{
  return devices ? all_with_prop (devices, "controller", "type", "usb")
                 : g_ptr_array_new ();
}

static gboolean
any_xhci (GPtrArray *controllers)
{
  for (guint i = 0; i < controllers->len; i++)
    {
      g_autofree char *model = vd_xml_get_prop (controllers->pdata[i], "model");

      if (is_xhci (model))
        return TRUE;
    }
  return FALSE;
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
    {
      guint64 n;

      /* libvirt takes 1 to 15; anything else is not ours to count. */
      if (ports == NULL)
        return 4;
      return g_ascii_string_to_unsigned (ports, 10, 0, 255, &n, NULL) ? (int) n : -1;
    }
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
static gboolean
memory_to_kib (xmlNode *node, guint64 *kib)
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

  if (memory_to_kib (node, &kib) && kib == mib * 1024)
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

static gboolean
fail_with (GError **error, VdDomainError code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail_with (GError **error, VdDomainError code, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  *error = g_error_new_valist (VD_DOMAIN_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

#define fail_unsupported(error, ...) \
  fail_with ((error), VD_DOMAIN_ERROR_UNSUPPORTED, __VA_ARGS__)
#define fail_setting(error, ...) \
  fail_with ((error), VD_DOMAIN_ERROR_SETTING, __VA_ARGS__)

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
        return fail_setting (error, "%s", local->message);
    }
  if (s->port < -1 || (s->port > VD_PORT_AUTO && (s->port < VD_PORT_MIN || s->port > VD_PORT_MAX)))
    return fail_setting (error, "invalid SPICE port %d: give a port from %d to %d or 'auto'",
                         s->port, VD_PORT_MIN, VD_PORT_MAX);
  if (s->password == VD_TRISTATE_YES)
    {
      g_autoptr(GError) local = NULL;

      if (s->password_value == NULL)
        return fail_setting (error, "a password is asked for but none is given");
      if (!vd_check_password (s->password_value, &local))
        return fail_setting (error, "%s", local->message);
    }
  if (s->usbredir < -1 || s->usbredir > VD_USBREDIR_MAX)
    return fail_setting (error, "invalid number of USB redirection channels %d: give "
                         "0 to %d", s->usbredir, VD_USBREDIR_MAX);
  if (s->video && !vd_video_model_is_valid (s->video))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) vd_video_models);
      return fail_setting (error, "unknown video model '%s': choose one of %s", s->video, list);
    }
  if (s->sound && !vd_sound_model_is_valid (s->sound))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) vd_sound_models);
      return fail_setting (error, "unknown sound model '%s': choose one of %s", s->sound, list);
    }
  if (s->memory_mib > 0 && (s->memory_mib < VD_MEMORY_MIN_MIB || s->memory_mib > VD_MEMORY_MAX_MIB))
    return fail_setting (error, "invalid memory size of %" G_GUINT64_FORMAT " MiB: give "
                         "%d MiB to %u MiB", s->memory_mib, VD_MEMORY_MIN_MIB,
                         VD_MEMORY_MAX_MIB);
  if (s->vcpus > VD_VCPUS_MAX)
    return fail_setting (error, "invalid number of vCPUs %u: give 1 to %d", s->vcpus,
                         VD_VCPUS_MAX);
  return TRUE;
}

/* The USB controllers the domain will have once SETTINGS apply, as the
 * ports they offer (-1: unknown) and the name of the first one. */
static int
planned_usb_capacity (GPtrArray *controllers, const VdDesktopSettings *s, int wanted,
                      char **model_name, GError **error)
{
  g_autofree char *first_model = NULL;
  int capacity = 0;

  if (controllers->len > 0)
    first_model = vd_xml_get_prop (controllers->pdata[0], "model");

  if (s->usb3 == VD_TRISTATE_YES)
    {
      /* One qemu-xhci stays as it is; anything else makes way for one. */
      if (controllers->len == 1 && g_strcmp0 (first_model, "qemu-xhci") == 0)
        capacity = usb_controller_ports (controllers->pdata[0]);
      else
        capacity = VD_XHCI_PORTS;
      *model_name = g_strdup ("qemu-xhci");
      return capacity;
    }
  if (s->usb3 == VD_TRISTATE_NO && (controllers->len == 0 || any_xhci (controllers)))
    {
      *model_name = g_strdup ("ich9-ehci1");
      return 6;
    }
  if (controllers->len == 0)
    {
      /* vdctl adds a qemu-xhci controller for the first channel. */
      *model_name = g_strdup ("qemu-xhci");
      return wanted > 0 ? VD_XHCI_PORTS : 0;
    }

  for (guint i = 0; i < controllers->len; i++)
    {
      int ports = usb_controller_ports (controllers->pdata[i]);

      if (s->usbredir > 0 && vd_xml_prop_equals (controllers->pdata[i], "model", "none"))
        {
          fail_unsupported (error, "the domain has no USB bus (its USB controller "
                            "model is 'none'), so it cannot take USB redirection "
                            "channels; add one with --usb3 or keep --usbredir 0");
          return -2;
        }
      if (ports < 0)
        return -1;   /* a model whose ports libvirt decides */
      capacity += ports;
    }
  *model_name = g_steal_pointer (&first_model);
  return capacity;
}

static gboolean
check_usb (xmlNode *devices, const VdDesktopSettings *s, GError **error)
{
  g_autoptr(GPtrArray) controllers = NULL;
  g_autoptr(GPtrArray) redirdevs = NULL;
  g_autofree char *model_name = NULL;
  int capacity, hub_ports = 0, used, wanted;

  if (s->usbredir < 0 && s->usb3 == VD_TRISTATE_UNSET)
    return TRUE;

  controllers = usb_controllers (devices);
  redirdevs = devices ? spice_redirdevs (devices) : g_ptr_array_new ();
  wanted = s->usbredir >= 0 ? s->usbredir : (int) redirdevs->len;
  capacity = planned_usb_capacity (controllers, s, wanted, &model_name, error);
  if (capacity == -2)
    return FALSE;
  if (capacity < 0)
    return TRUE;

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

/* libvirt drops the port of a SPICE display that listens nowhere or on
 * a socket. */
static gboolean
check_port_has_listen (xmlNode *devices, GError **error)
{
  xmlNode *listen = vd_xml_first_element (spice_graphics (devices), "listen");
  g_autofree char *type = listen ? vd_xml_get_prop (listen, "type") : NULL;

  if (g_strcmp0 (type, "none") != 0 && g_strcmp0 (type, "socket") != 0)
    return TRUE;
  return fail_unsupported (error, "the SPICE display listens on no address (its listen "
                           "type is '%s'), and libvirt keeps no port there; give "
                           "--listen ADDR with --port", type);
}

static gboolean
check_settings (xmlNode *root, const VdDesktopSettings *s, GError **error)
{
  xmlNode *devices = vd_xml_first_element (root, "devices");
  gboolean has_spice = devices && spice_graphics (devices) != NULL;
  gboolean graphics_change = s->listen || s->port >= 0 || s->password != VD_TRISTATE_UNSET;

  if (!check_values (s, error))
    return FALSE;
  if (s->spice == VD_TRISTATE_NO && (graphics_change || s->usbredir > 0))
    return fail_unsupported (error, "--no-spice removes the SPICE display; it "
                             "cannot be combined with --listen, --port, a "
                             "password or --usbredir");
  if (graphics_change && !has_spice && s->spice != VD_TRISTATE_YES)
    return fail_unsupported (error, "the domain has no SPICE display to change; "
                             "add one with --spice");
  if (s->port >= 0 && s->listen == NULL && has_spice && !check_port_has_listen (devices, error))
    return FALSE;
  if (s->usbredir > 0 && !has_spice && s->spice != VD_TRISTATE_YES)
    return fail_unsupported (error, "USB redirection goes through SPICE and the "
                             "domain has no SPICE display; add one with --spice");
  if (s->tls != VD_TRISTATE_UNSET && s->spice == VD_TRISTATE_NO)
    return fail_unsupported (error, "--no-spice removes the SPICE display; it "
                             "cannot be combined with --tls or --no-tls");
  if (s->tls != VD_TRISTATE_UNSET && !has_spice && s->spice != VD_TRISTATE_YES)
    return fail_unsupported (error, "the domain has no SPICE display to encrypt; "
                             "add one with --spice");
  if (s->tls == VD_TRISTATE_YES)
    {
      xmlNode *g = devices ? spice_graphics (devices) : NULL;
      gboolean fixed = s->port > 0 ||
                       (s->port < 0 && g && vd_xml_prop_equals (g, "autoport", "no"));

      if (fixed)
        return fail_unsupported (error, "--tls needs automatic ports (libvirt then "
                                 "picks the TLS port); add --port auto");
    }
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
      xmlNode *topology = cpu_topology (root);

      if (vd_xml_first_element (root, "vcpus"))
        return fail_unsupported (error, "the domain lists its vCPUs one by one "
                                 "(<vcpus>); change them with 'virsh setvcpus' instead");
      if (topology)
        {
          guint64 per_socket = topology_per_socket (topology);

          if (per_socket == 0)
            return fail_unsupported (error, "the domain's CPU topology cannot be "
                                     "read; change it with 'virsh edit' instead");
          if (s->vcpus % per_socket != 0)
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

/* Replace OLD by NEW in the same place. */
static void
replace_node (xmlNode *old, xmlNode *new_node)
{
  xmlAddPrevSibling (old, new_node);
  xmlUnlinkNode (old);
  xmlFreeNode (old);
}

static xmlNode *
new_address_listen (xmlDoc *doc, const char *address)
{
  xmlNode *listen = xmlNewDocNode (doc, NULL, (const xmlChar *) "listen", NULL);

  vd_xml_set_prop (listen, "type", "address");
  vd_xml_set_prop (listen, "address", address);
  return listen;
}

/* Whether NAME holds a port, as libvirt reads it: absent and 0 are none. */
static gboolean
has_port (xmlNode *graphics, const char *name)
{
  g_autofree char *text = vd_xml_get_prop (graphics, name);

  return text != NULL && strcmp (text, "0") != 0;
}

/* QEMU listens on the first listen of a display only, so that is the one
 * that changes. */
static void
set_listen (xmlNode *graphics, const char *address)
{
  static const char * const listen_prop_order[] = { "type", "address", "network",
                                                     "socket", "autoGenerated", NULL };
  xmlNode *listen = vd_xml_first_element (graphics, "listen");
  gboolean legacy = xmlHasNsProp (graphics, (const xmlChar *) "listen", NULL) != NULL;

  if (listen == NULL && !legacy)
    {
      /* libvirt writes the listen elements before any other child. */
      xmlNode *first = vd_xml_first_element (graphics, NULL);

      listen = new_address_listen (graphics->doc, address);
      if (first)
        vd_xml_insert_before (first, listen);
      else
        vd_xml_append_child (graphics, listen);
    }
  else if (listen && !vd_xml_prop_equals (listen, "type", "address"))
    /* A network, socket or none listen becomes an address one. */
    replace_node (listen, new_address_listen (graphics->doc, address));
  else if (listen)
    vd_xml_set_prop_ordered (listen, "address", address, listen_prop_order);

  /* The legacy attribute, when there is one, says the same as the first
   * listen: libvirt refuses a mismatch.  Alone, it is the listen. */
  if (legacy)
    vd_xml_set_prop_ordered (graphics, "listen", address, vd_graphics_prop_order);

  /* libvirt stores a SPICE display without port, TLS port or autoport as
   * listening nowhere (type 'none'), whatever address it was given, as
   * virt-install's listen=none and listen=socket displays are: an address
   * needs a port, and an automatic one is the least change. */
  if (!has_port (graphics, "port") && !has_port (graphics, "tlsPort") &&
      !vd_xml_prop_equals (graphics, "autoport", "yes"))
    vd_xml_set_prop_ordered (graphics, "autoport", "yes", vd_graphics_prop_order);
}

static void
set_port (xmlNode *graphics, int port)
{
  if (port == VD_PORT_AUTO)
    {
      /* tlsPort stays: libvirt ignores it under autoport, and it is what
       * the display had.  A display that spells its automatic TLS port the
       * legacy way (tlsPort='-1', as virt-install writes) keeps that
       * spelling for the port too; otherwise the port goes. */
      vd_xml_set_prop_ordered (graphics, "autoport", "yes", vd_graphics_prop_order);
      if (vd_xml_prop_equals (graphics, "tlsPort", "-1") &&
          xmlHasNsProp (graphics, (const xmlChar *) "port", NULL))
        vd_xml_set_prop (graphics, "port", "-1");
      else
        vd_xml_unset_prop (graphics, "port");
    }
  else
    {
      g_autofree char *text = g_strdup_printf ("%d", port);

      vd_xml_set_prop_ordered (graphics, "port", text, vd_graphics_prop_order);
      vd_xml_set_prop_ordered (graphics, "autoport", "no", vd_graphics_prop_order);
    }
}

static void
set_password (xmlNode *graphics, const VdDesktopSettings *s)
{
  if (s->password == VD_TRISTATE_YES)
    {
      vd_xml_set_prop_ordered (graphics, "passwd", s->password_value,
                               vd_graphics_prop_order);
      /* A password set here lasts: it does not inherit an old expiry. */
      vd_xml_unset_prop (graphics, "passwdValidTo");
    }
  else if (s->password == VD_TRISTATE_NO)
    {
      vd_xml_unset_prop (graphics, "passwd");
      vd_xml_unset_prop (graphics, "passwdValidTo");
    }
}

static gboolean
is_spice_type (xmlNode *node)
{
  return vd_xml_prop_equals (node, "type", "spicevmc") ||
         vd_xml_prop_equals (node, "type", "spiceport");
}

static void
remove_spice (xmlNode *devices)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();

  for (xmlNode *n = vd_xml_first_element (devices, NULL); n;
       n = vd_xml_next_element (n, NULL))
    {
      const char *name = (const char *) n->name;
      gboolean spice_only = FALSE;

      if (strcmp (name, "graphics") == 0)
        spice_only = vd_xml_prop_equals (n, "type", "spice");
      else if (strcmp (name, "channel") == 0 || strcmp (name, "redirdev") == 0 ||
               strcmp (name, "smartcard") == 0 || strcmp (name, "serial") == 0 ||
               strcmp (name, "parallel") == 0 || strcmp (name, "console") == 0)
        spice_only = is_spice_type (n);
      else if (strcmp (name, "rng") == 0)
        spice_only = is_spice_type (vd_xml_first_element (n, "backend"));
      else if (strcmp (name, "audio") == 0 && vd_xml_prop_equals (n, "type", "spice"))
        {
          /* The sound devices keep a backend, a silent one, as libvirt
           * gives a domain without SPICE; --spice turns it back. */
          vd_xml_set_prop (n, "type", "none");
          while (vd_xml_first_element (n, NULL))
            vd_xml_remove (vd_xml_first_element (n, NULL));
        }
      if (spice_only)
        g_ptr_array_add (doomed, n);
    }
  remove_nodes (doomed);
}

/* Sound through the new SPICE display: a silent backend (what libvirt
 * gives a domain without SPICE) becomes the SPICE one. */
static void
audio_to_spice (xmlNode *devices)
{
  for (xmlNode *a = vd_xml_first_element (devices, "audio"); a;
       a = vd_xml_next_element (a, "audio"))
    if (vd_xml_prop_equals (a, "type", "none") && vd_xml_first_element (a, NULL) == NULL)
      vd_xml_set_prop (a, "type", "spice");
}

static void
replace_usb_controllers (xmlNode *devices, gboolean usb3)
{
  g_autoptr(GPtrArray) controllers = usb_controllers (devices);
  xmlNode *fresh[4] = { NULL, };
  guint n_fresh;
  int index = -1;

  /* The new controllers take the index of the first old one, written
   * the same way: left to libvirt when it was. */
  if (controllers->len > 0)
    {
      g_autofree char *text = vd_xml_get_prop (controllers->pdata[0], "index");
      guint64 value;

      if (text && g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
        index = (int) value;
    }

  if (usb3)
    {
      fresh[0] = vd_device_usb_controller (devices->doc, "qemu-xhci", index, VD_XHCI_PORTS, -1);
      n_fresh = 1;
    }
  else
    {
      fresh[0] = vd_device_usb_controller (devices->doc, "ich9-ehci1", index, 0, -1);
      fresh[1] = vd_device_usb_controller (devices->doc, "ich9-uhci1", index, 0, 0);
      fresh[2] = vd_device_usb_controller (devices->doc, "ich9-uhci2", index, 0, 2);
      fresh[3] = vd_device_usb_controller (devices->doc, "ich9-uhci3", index, 0, 4);
      n_fresh = 4;
    }

  /* In place of the first old one. */
  if (controllers->len > 0)
    {
      for (guint i = 0; i < n_fresh; i++)
        vd_xml_insert_before (controllers->pdata[0], fresh[i]);
      remove_nodes (controllers);
    }
  else
    for (guint i = 0; i < n_fresh; i++)
      vd_device_insert (devices, fresh[i]);
}

static void
apply_usb3 (xmlNode *devices, VdTristate usb3)
{
  g_autoptr(GPtrArray) controllers = usb_controllers (devices);

  if (usb3 == VD_TRISTATE_YES)
    {
      /* Already one qemu-xhci: leave it exactly as it is. */
      if (controllers->len == 1 &&
          vd_xml_prop_equals (controllers->pdata[0], "model", "qemu-xhci"))
        return;
      replace_usb_controllers (devices, TRUE);
    }
  else if (usb3 == VD_TRISTATE_NO)
    {
      /* USB2 controllers of any kind stay; xHCI, or none at all, gives way
       * to the ich9 set. */
      if (controllers->len == 0 || any_xhci (controllers))
        replace_usb_controllers (devices, FALSE);
    }
}

static void
apply_usbredir (xmlNode *devices, int wanted)
{
  g_autoptr(GPtrArray) redirdevs = spice_redirdevs (devices);

  if (wanted > (int) redirdevs->len &&
      first_with_prop (devices, "controller", "type", "usb") == NULL)
    vd_device_insert (devices, vd_device_usb_controller (devices->doc, "qemu-xhci", -1,
                                                         VD_XHCI_PORTS, -1));

  for (int have = (int) redirdevs->len, added = 0; have < wanted; have++, added++)
    {
      /* The channels are all alike: copy the first one vdctl made. */
      xmlNode *redirdev = added > 0
                          ? vd_xml_import (devices->doc, redirdevs->pdata[have - 1])
                          : vd_device_spice_redirdev (devices->doc);

      if (have > 0)
        vd_xml_insert_after (redirdevs->pdata[have - 1], redirdev);
      else
        vd_device_insert (devices, redirdev);
      g_ptr_array_add (redirdevs, redirdev);
    }
  /* The last ones go first: those vdctl added come off again. */
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
  static const char * const sizes[] = { "ram", "vram", "vram64", "vgamem" };
  static const char * const model_prop_order[] = { "type", "ram", "vram", "vram64",
                                                   "vgamem", "heads", "primary", NULL };
  xmlNode *video = primary_video (devices);
  xmlNode *m;
  g_autoptr(GPtrArray) acceleration = NULL;

  if (video == NULL)
    {
      vd_device_insert (devices, vd_device_video (devices->doc, model));
      return;
    }
  m = vd_xml_first_element (video, "model");
  if (m == NULL)
    {
      m = xmlNewDocNode (video->doc, NULL, (const xmlChar *) "model", NULL);
      vd_xml_set_prop (m, "type", model);
      vd_xml_append_child (video, m);
      return;
    }
  if (vd_xml_prop_equals (m, "type", model))
    return;

  /* In place: the sizes and the acceleration belong to the old model,
   * heads and primary (and anything else) stay. */
  vd_xml_set_prop_ordered (m, "type", model, model_prop_order);
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    vd_xml_unset_prop (m, sizes[i]);
  if (strcmp (model, "vga") == 0)
    vd_xml_unset_prop (m, "heads");   /* VGA has one head */
  acceleration = all_with_prop (m, "acceleration", NULL, NULL);
  remove_nodes (acceleration);
}

static void
apply_sound (xmlNode *devices, const char *model)
{
  g_autoptr(GPtrArray) sounds = all_with_prop (devices, "sound", NULL, NULL);
  xmlNode *sound;

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
  sound = sounds->pdata[0];
  if (vd_xml_prop_equals (sound, "model", model))
    return;
  vd_xml_set_prop (sound, "model", model);
  /* What only the old model had: USB audio's multichannel, virtio's
   * streams, and codecs, which AC97 has none of. */
  vd_xml_unset_prop (sound, "multichannel");
  vd_xml_unset_prop (sound, "streams");
  if (strcmp (model, "ac97") == 0)
    {
      g_autoptr(GPtrArray) codecs = all_with_prop (sound, "codec", NULL, NULL);
      remove_nodes (codecs);
    }
}

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
           (!memory || !memory_to_kib (memory, &memory_kib) ||
            !memory_to_kib (current, &current_kib) ||
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

/* The display's <channel> overrides of MODE. */
static void
remove_channels (xmlNode *graphics, const char *mode)
{
  for (xmlNode *c = vd_xml_first_element (graphics, "channel"), *next; c; c = next)
    {
      next = vd_xml_next_element (c, "channel");
      if (vd_xml_prop_equals (c, "mode", mode))
        vd_xml_remove (c);
    }
}

/* TLS: every channel secure by default; libvirt allocates the TLS port
 * when the host has SPICE TLS set up. */
static void
apply_tls (xmlNode *graphics, VdTristate tls)
{
  if (tls == VD_TRISTATE_YES)
    {
      /* Every channel: none stays forced to plain. */
      if (!vd_xml_prop_equals (graphics, "defaultMode", "secure"))
        vd_xml_set_prop (graphics, "defaultMode", "secure");
      remove_channels (graphics, "insecure");
      return;
    }
  /* Back to plain: no secure default, no TLS port, no channel forced
   * to TLS. */
  if (vd_xml_prop_equals (graphics, "defaultMode", "secure"))
    vd_xml_unset_prop (graphics, "defaultMode");
  /* A fixed TLS port that is the display's only port becomes its plain
   * port: without any port libvirt would store the display as listening
   * nowhere. */
  if (has_port (graphics, "tlsPort") && !vd_xml_prop_equals (graphics, "tlsPort", "-1") &&
      !has_port (graphics, "port") && !vd_xml_prop_equals (graphics, "autoport", "yes"))
    {
      g_autofree char *tls_port = vd_xml_get_prop (graphics, "tlsPort");

      vd_xml_set_prop_ordered (graphics, "port", tls_port, vd_graphics_prop_order);
    }
  /* port='-1' means "automatic" only next to tlsPort='-1': without the
   * TLS port it becomes autoport='yes'. */
  if (vd_xml_prop_equals (graphics, "tlsPort", "-1") &&
      vd_xml_prop_equals (graphics, "port", "-1"))
    {
      vd_xml_unset_prop (graphics, "port");
      if (!vd_xml_prop_equals (graphics, "autoport", "yes"))
        vd_xml_set_prop (graphics, "autoport", "yes");
    }
  vd_xml_unset_prop (graphics, "tlsPort");
  remove_channels (graphics, "secure");
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
  xmlNode *devices, *graphics = NULL;
  g_autofree char *listen = NULL;
  gboolean adds_devices;

  if (root == NULL || !check_settings (root, s, error))
    return FALSE;
  /* From here on nothing fails. */
  if (s->listen && !vd_parse_listen_address (s->listen, &listen, NULL))
    g_assert_not_reached ();

  if (s->memory_mib > 0)
    apply_memory (root, s->memory_mib);
  if (s->vcpus > 0)
    apply_vcpus (root, s->vcpus);

  /* A domain without <devices> gets one only when something is added. */
  devices = vd_xml_first_element (root, "devices");
  adds_devices = s->spice == VD_TRISTATE_YES || s->usb3 != VD_TRISTATE_UNSET ||
                 s->usbredir > 0 || s->video != NULL || s->agents ||
                 (s->sound != NULL && strcmp (s->sound, "none") != 0);
  if (devices == NULL && !adds_devices)
    return TRUE;
  if (devices == NULL)
    {
      devices = xmlNewDocNode (doc, NULL, (const xmlChar *) "devices", NULL);
      vd_xml_append_child (root, devices);
    }

  if (s->spice == VD_TRISTATE_NO)
    {
      remove_spice (devices);
      vd_desktop_metadata_set_password (root, VD_TRISTATE_UNSET);
    }

  graphics = spice_graphics (devices);
  if (s->spice == VD_TRISTATE_YES && graphics == NULL)
    {
      graphics = vd_device_spice_graphics (doc, listen ? listen : VD_DEFAULT_LISTEN,
                                           s->port > 0 ? s->port : VD_PORT_AUTO,
                                           s->password == VD_TRISTATE_YES ? s->password_value : NULL);
      vd_device_insert (devices, graphics);
      audio_to_spice (devices);
      vd_desktop_metadata_set_password (root, s->password == VD_TRISTATE_YES
                                              ? VD_TRISTATE_YES : VD_TRISTATE_NO);
      /* Without a video device libvirt adds its default one (cirrus):
       * a SPICE desktop gets the profile's. */
      if (s->video == NULL && primary_video (devices) == NULL)
        apply_video (devices, VD_DEFAULT_VIDEO);
    }
  else if (graphics)
    {
      if (listen)
        set_listen (graphics, listen);
      if (s->port >= 0)
        set_port (graphics, s->port);
      gboolean had_password = xmlHasNsProp (graphics, (const xmlChar *) "passwd", NULL) != NULL;

      set_password (graphics, s);
      /* Recorded when it changes something: a display left as it was
       * stays as it was. */
      if (s->password == VD_TRISTATE_YES || (s->password == VD_TRISTATE_NO && had_password))
        vd_desktop_metadata_set_password (root, s->password);
    }

  if (graphics && s->tls != VD_TRISTATE_UNSET)
    apply_tls (graphics, s->tls);

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

/* A template's <vdctl:template> hints are for 'create' alone; the domain
 * records the name of the profile it was made from. */
static void
record_profile (xmlNode *root, const char *profile)
{
  xmlNode *desktop = vd_desktop_metadata_find (root);
  xmlNode *template;

  while ((template = vd_desktop_metadata_child (desktop, "template")))
    vd_xml_remove (template);
  if (profile)
    vd_xml_set_prop (vd_desktop_metadata_ensure (root), "profile", profile);
}

/* What TCG needs that KVM does not. */
static void
adapt_to_tcg (xmlNode *root, const char *os)
{
  xmlNode *features = vd_xml_first_element (root, "features");
  xmlNode *hyperv = features ? vd_xml_first_element (features, "hyperv") : NULL;
  xmlNode *vpindex = hyperv ? vd_xml_first_element (hyperv, "vpindex") : NULL;

  /* QEMU 7.2 asks KVM whether the VP index can be set even under TCG,
   * and refuses to start ("kernel doesn't allow setting HyperV
   * VP_INDEX").  TCG emulates none of the enlightenments, so nothing is
   * lost. */
  if (vpindex)
    vd_xml_remove (vpindex);

  /* QEMU's default CPU under TCG, qemu64, lacks instructions Windows
   * needs (CMPXCHG16B, LAHF in 64-bit mode, and POPCNT and SSE4.2 for
   * Windows 11 24H2); 'maximum' is every feature TCG emulates. */
  if (g_strcmp0 (os, "windows") == 0 && vd_xml_first_element (root, "cpu") == NULL)
    {
      xmlNode *cpu = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "cpu", NULL);
      xmlNode *anchor = features ? features : vd_xml_first_element (root, "os");

      vd_xml_set_prop (cpu, "mode", "maximum");
      vd_xml_set_prop (cpu, "check", "none");
      if (anchor)
        vd_xml_insert_after (anchor, cpu);
      else
        vd_xml_append_child (root, cpu);
    }
}

/* Disk targets on one bus: sda, sdb, ... */
static char *
next_target (const char *prefix, int *count)
{
  return g_strdup_printf ("%s%c", prefix, 'a' + (*count)++);
}

/* The new domain as TEMPLATE_DOC and SPEC make it, before any setting
 * applies. */
static xmlDoc *
domain_from_spec (xmlDoc             *template_doc,
                  const VdDomainSpec *spec,
                  GError            **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root, *devices;
  const char *disk_bus = spec->disk_bus ? spec->disk_bus : "virtio";
  const char *nic_model = spec->nic_model ? spec->nic_model : "virtio";
  gboolean disk_on_sata = strcmp (disk_bus, "sata") == 0;
  int sata_disks = 0;

  doc = xmlCopyDoc (template_doc, 1);
  if (doc == NULL)
    g_error ("out of memory");
  root = domain_root (doc, error);
  if (root == NULL)
    return NULL;

  vd_xml_set_prop (root, "type", spec->virt_type);
  set_name (root, spec->name);
  record_profile (root, spec->profile);
  /* The host's own CPU under KVM; TCG has no host CPU to pass through and
   * keeps QEMU's default model, but for Windows (see adapt_to_tcg). */
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
  else if (strcmp (spec->virt_type, "qemu") == 0)
    adapt_to_tcg (root, spec->os);
  devices = vd_xml_ensure_element (root, "devices");

  if (spec->disk_volume || spec->disk_path)
    {
      g_autofree char *target = disk_on_sata ? next_target ("sd", &sata_disks)
                                             : g_strdup ("vda");
      const char *format = spec->disk_format ? spec->disk_format : "qcow2";

      if (spec->disk_volume)
        vd_device_insert (devices, vd_device_volume_disk (doc, spec->disk_pool,
                                                          spec->disk_volume, format,
                                                          target, disk_bus));
      else
        vd_device_insert (devices, vd_device_file_disk (doc, spec->disk_path, format,
                                                        target, disk_bus));
    }
  if (spec->cdrom)
    {
      g_autofree char *target = next_target ("sd", &sata_disks);

      vd_device_insert (devices, spec->cdrom_pool
                                 ? vd_device_volume_cdrom (doc, spec->cdrom_pool, spec->cdrom,
                                                           target)
                                 : vd_device_cdrom (doc, spec->cdrom, target));
      add_boot_device (root, "hd");
      add_boot_device (root, "cdrom");
    }
  if (spec->drivers_cdrom)
    {
      g_autofree char *target = next_target ("sd", &sata_disks);

      vd_device_insert (devices, vd_device_cdrom (doc, spec->drivers_cdrom, target));
    }
  if (spec->unattend_volume)
    {
      g_autofree char *target = next_target ("sd", &sata_disks);

      vd_device_insert (devices, vd_device_volume_cdrom (doc, spec->unattend_pool,
                                                         spec->unattend_volume, target));
    }
  if (spec->network)
    vd_device_insert (devices, vd_device_interface (doc, "network", spec->network, nic_model));
  else if (spec->bridge)
    vd_device_insert (devices, vd_device_interface (doc, "bridge", spec->bridge, nic_model));
  if (first_with_prop (devices, "input", "type", "tablet") == NULL)
    vd_device_insert (devices, vd_device_usb_tablet (doc));
  return g_steal_pointer (&doc);
}

xmlDoc *
vd_domain_new (xmlDoc                  *template_doc,
               const VdDomainSpec      *spec,
               const VdDesktopSettings *settings,
               GError                 **error)
{
  g_autoptr(xmlDoc) doc = domain_from_spec (template_doc, spec, error);

  if (doc == NULL || !vd_domain_apply (doc, settings, error))
    return NULL;
  return g_steal_pointer (&doc);
}

gboolean
vd_domain_check_new (xmlDoc                  *template_doc,
                     const VdDomainSpec      *spec,
                     const VdDesktopSettings *settings,
                     GError                 **error)
{
  g_autoptr(xmlDoc) doc = domain_from_spec (template_doc, spec, error);

  return doc != NULL && check_settings (xmlDocGetRootElement (doc), settings, error);
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

/* Whether GRAPHICS has a password, also in a definition read without
 * libvirt's secure flag: libvirt then leaves passwd out, but keeps the
 * expiry of a one-time ticket; else what vdctl recorded when it last
 * set or removed the SPICE password. */
static VdTristate
read_password_state (xmlNode *root, xmlNode *graphics, gboolean passwd_seen)
{
  if (passwd_seen || xmlHasNsProp (graphics, (const xmlChar *) "passwdValidTo", NULL))
    return VD_TRISTATE_YES;
  if (!vd_xml_prop_equals (graphics, "type", "spice"))
    return VD_TRISTATE_UNSET;
  return vd_desktop_metadata_get_password (root);
}

/* The guest boots with current='' vCPUs when it is there; <vcpu> is the
 * most that hot-plug may add up to. */
static void
read_vcpus (xmlNode *vcpu, VdDesktopInfo *info)
{
  g_autofree char *text = vd_xml_get_content (vcpu);
  g_autofree char *current = vd_xml_get_prop (vcpu, "current");
  guint64 n;

  if (text && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &n, NULL))
    info->vcpus_max = (guint) n;
  info->vcpus = info->vcpus_max;
  /* No maximum (an empty or broken <vcpu>): no range to read current in. */
  if (current && info->vcpus_max >= 1 &&
      g_ascii_string_to_unsigned (current, 10, 1, info->vcpus_max, &n, NULL))
    info->vcpus = (guint) n;
}

/* TLS protects a display only when every channel uses it: a secure
 * default, and no channel forced back to plain. */
static void
read_tls (xmlNode *graphics, VdDesktopInfo *info)
{
  g_autoptr(GString) plain = g_string_new (NULL);

  if (!vd_xml_prop_equals (graphics, "defaultMode", "secure"))
    return;
  for (xmlNode *c = vd_xml_first_element (graphics, "channel"); c;
       c = vd_xml_next_element (c, "channel"))
    if (vd_xml_prop_equals (c, "mode", "insecure"))
      {
        g_autofree char *name = vd_xml_get_prop (c, "name");

        g_string_append_printf (plain, "%s%s", plain->len ? ", " : "", name ? name : "?");
      }
  info->tls = plain->len == 0;
  if (plain->len)
    info->tls_plain_channels = g_string_free (g_steal_pointer (&plain), FALSE);
}

static void
read_graphics (xmlNode *graphics, VdDesktopInfo *info)
{
  xmlNode *listen = vd_xml_first_element (graphics, "listen");
  gboolean legacy = xmlHasNsProp (graphics, (const xmlChar *) "listen", NULL) != NULL;

  info->graphics = vd_xml_get_prop (graphics, "type");
  /* The first listen is the one QEMU uses; the legacy attribute says
   * the same, or is all there is.  A running domain's network listen
   * holds the address libvirt resolved. */
  if (listen)
    {
      info->listen_type = vd_xml_get_prop (listen, "type");
      if (vd_xml_prop_equals (listen, "type", "address") ||
          vd_xml_prop_equals (listen, "type", "network"))
        info->listen = vd_xml_get_prop (listen, "address");
      if (vd_xml_prop_equals (listen, "type", "network"))
        info->listen_network = vd_xml_get_prop (listen, "network");
    }
  else if (legacy)
    info->listen_type = g_strdup ("address");
  if (info->listen == NULL && !vd_xml_prop_equals (listen, "type", "none") &&
      !vd_xml_prop_equals (listen, "type", "socket"))
    info->listen = vd_xml_get_prop (graphics, "listen");
  info->port = int_prop (graphics, "port", -1);
  info->tls_port = int_prop (graphics, "tlsPort", -1);
  /* port='-1' tlsPort='-1' is the old way of saying autoport='yes'; for
   * VNC port='-1' alone says it. */
  info->autoport = vd_xml_prop_equals (graphics, "autoport", "yes") ||
                   (vd_xml_prop_equals (graphics, "port", "-1") &&
                    (vd_xml_prop_equals (graphics, "tlsPort", "-1") ||
                     g_strcmp0 (info->graphics, "vnc") == 0));
  if (info->port <= 0)
    info->port = -1;
  if (info->tls_port <= 0)
    info->tls_port = -1;
  info->password_set = xmlHasNsProp (graphics, (const xmlChar *) "passwd", NULL) != NULL;
  read_tls (graphics, info);
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
    read_vcpus (node, info);

  devices = vd_xml_first_element (root, "devices");
  if (devices == NULL)
    return TRUE;

  graphics = spice_graphics (devices);
  if (graphics == NULL)
    graphics = vd_xml_first_element (devices, "graphics");
  if (graphics)
    {
      read_graphics (graphics, info);
      info->password = read_password_state (root, graphics, info->password_set);
    }

  for (xmlNode *c = first_with_prop (devices, "controller", "type", "usb"); c;
       c = vd_xml_next_element (c, "controller"))
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

void
vd_desktop_info_seen_with_secrets (VdDesktopInfo *info)
{
  if (info->graphics)
    info->password = info->password_set ? VD_TRISTATE_YES : VD_TRISTATE_NO;
}

void
vd_domain_record_password_state (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *devices = root ? vd_xml_first_element (root, "devices") : NULL;
  xmlNode *graphics = devices ? spice_graphics (devices) : NULL;

  if (graphics)
    vd_desktop_metadata_set_password (root, xmlHasNsProp (graphics, (const xmlChar *) "passwd",
                                                          NULL)
                                            ? VD_TRISTATE_YES : VD_TRISTATE_NO);
}
