/* domain-usb.c: USB in the desktop core: the controllers (qemu-xhci or
 * the ich9 set), the ports they offer, and the SPICE USB redirection
 * channels.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "device-xml.h"
#include "domain-xml-private.h"
#include "xml-util.h"

/* ---- finding things ------------------------------------------------ */

gboolean
vd_domain_is_xhci (const char *model)
{
  return model && strstr (model, "xhci") != NULL;
}

static GPtrArray *
usb_controllers (xmlNode *devices)
{
  return devices ? vd_domain_all_with_prop (devices, "controller", "type", "usb")
                 : g_ptr_array_new ();
}

static gboolean
any_xhci (GPtrArray *controllers)
{
  for (guint i = 0; i < controllers->len; i++)
    {
      g_autofree char *model = vd_xml_get_prop (controllers->pdata[i], "model");

      if (vd_domain_is_xhci (model))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_spice_redirdev (xmlNode *n)
{
  return vd_xml_prop_equals (n, "type", "spicevmc") &&
         vd_xml_prop_equals (n, "bus", "usb");
}

GPtrArray *
vd_domain_spice_redirdevs (xmlNode *devices)
{
  GPtrArray *nodes = g_ptr_array_new ();

  for (xmlNode *n = vd_xml_first_element (devices, "redirdev"); n;
       n = vd_xml_next_element (n, "redirdev"))
    if (is_spice_redirdev (n))
      g_ptr_array_add (nodes, n);
  return nodes;
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
  if (vd_domain_is_xhci (model) || strcmp (model, "qusb1") == 0 || strcmp (model, "qusb2") == 0)
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
  controllers = vd_domain_all_with_prop (devices, "controller", "type", "usb");
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

/* ---- checks before any change -------------------------------------- */

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
          vd_domain_fail_unsupported (error, "the domain has no USB bus (its USB controller "
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

gboolean
vd_domain_check_usb (xmlNode *devices, const VdDesktopSettings *s, GError **error)
{
  g_autoptr(GPtrArray) controllers = NULL;
  g_autoptr(GPtrArray) redirdevs = NULL;
  g_autofree char *model_name = NULL;
  int capacity, hub_ports = 0, used, wanted;

  if (s->usbredir < 0 && s->usb3 == VD_TRISTATE_UNSET)
    return TRUE;

  controllers = usb_controllers (devices);
  redirdevs = devices ? vd_domain_spice_redirdevs (devices) : g_ptr_array_new ();
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

      return vd_domain_fail_unsupported (error, "%d USB redirection channels do not fit: "
                                         "the %s controller has %d ports and %d %s taken "
                                         "by other USB devices; use --usbredir %d or fewer%s",
                                         wanted, model_name ? model_name : "USB", capacity,
                                         used, used == 1 ? "is" : "are", room,
                                         vd_domain_is_xhci (model_name)
                                         ? "" : ", or --usb3 for 15 ports");
    }
  return TRUE;
}

/* ---- changes ------------------------------------------------------- */

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
      vd_domain_remove_nodes (controllers);
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
  g_autoptr(GPtrArray) redirdevs = vd_domain_spice_redirdevs (devices);

  if (wanted > (int) redirdevs->len &&
      vd_domain_first_with_prop (devices, "controller", "type", "usb") == NULL)
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

void
vd_domain_apply_usb (xmlNode *devices, const VdDesktopSettings *s)
{
  if (s->usb3 != VD_TRISTATE_UNSET)
    apply_usb3 (devices, s->usb3);
  if (s->usbredir >= 0)
    apply_usbredir (devices, s->usbredir);
}
