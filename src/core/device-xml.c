/* device-xml.c: new device elements for a domain document.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libvirt-gconfig/libvirt-gconfig.h>

#include "device-xml.h"
#include "xml-util.h"

/* libvirt-gconfig 4.0 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainControllerUsb, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainChardevSourceSpiceVmc, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainChardevSourceUnix, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainChardevSourceSpicePort, g_object_unref)

const char * const vd_graphics_prop_order[] = {
  "type", "port", "tlsPort", "autoport", "listen", "keymap", "defaultMode",
  "passwd", "passwdValidTo", "connected", NULL,
};

const char * const vd_controller_prop_order[] = {
  "type", "index", "model", "ports", "vectors", NULL,
};

static const char * const redirdev_prop_order[] = { "bus", "type", NULL };

/* Turn a gconfig object into an element of DOC: a copy of the node the
 * object keeps (its "node" property), which saves printing and parsing
 * it again. */
static xmlNode *
from_gconfig (xmlDoc *doc, gpointer object)
{
  xmlNode *node = NULL;
  xmlNode *copy;

  g_object_get (object, "node", &node, NULL);
  g_assert (node != NULL);
  copy = vd_xml_import (doc, node);
  g_object_unref (object);
  return copy;
}

static xmlNode *
new_element (xmlDoc *doc, const char *name)
{
  return xmlNewDocNode (doc, NULL, (const xmlChar *) name, NULL);
}

static xmlNode *
add_element (xmlNode *parent, const char *name)
{
  xmlNode *child = new_element (parent->doc, name);

  xmlAddChild (parent, child);
  return child;
}

xmlNode *
vd_device_spice_graphics (xmlDoc *doc, const char *listen, int port,
                          const char *password)
{
  GVirConfigDomainGraphicsSpice *spice = gvir_config_domain_graphics_spice_new ();
  xmlNode *node, *l;

  if (port > 0)
    {
      gvir_config_domain_graphics_spice_set_port (spice, port);
      gvir_config_domain_graphics_spice_set_autoport (spice, FALSE);
    }
  else
    gvir_config_domain_graphics_spice_set_autoport (spice, TRUE);
  node = from_gconfig (doc, spice);

  /* gconfig has no listen API; the password is set here too so that the
   * secret only ever lives in this document. */
  if (password)
    vd_xml_set_prop (node, "passwd", password);
  vd_xml_order_props (node, vd_graphics_prop_order);
  l = add_element (node, "listen");
  vd_xml_set_prop (l, "type", "address");
  vd_xml_set_prop (l, "address", listen);
  return node;
}

static GVirConfigDomainControllerUsbModel
usb_model_from_string (const char *model)
{
  static const struct { const char *name; GVirConfigDomainControllerUsbModel model; } models[] = {
    { "qemu-xhci", GVIR_CONFIG_DOMAIN_CONTROLLER_USB_MODEL_QEMU_XHCI },
    { "ich9-ehci1", GVIR_CONFIG_DOMAIN_CONTROLLER_USB_MODEL_ICH9_EHCI1 },
    { "ich9-uhci1", GVIR_CONFIG_DOMAIN_CONTROLLER_USB_MODEL_ICH9_UHCI1 },
    { "ich9-uhci2", GVIR_CONFIG_DOMAIN_CONTROLLER_USB_MODEL_ICH9_UHCI2 },
    { "ich9-uhci3", GVIR_CONFIG_DOMAIN_CONTROLLER_USB_MODEL_ICH9_UHCI3 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (models); i++)
    if (strcmp (models[i].name, model) == 0)
      return models[i].model;
  g_return_val_if_reached (GVIR_CONFIG_DOMAIN_CONTROLLER_USB_MODEL_QEMU_XHCI);
}

xmlNode *
vd_device_usb_controller (xmlDoc *doc, const char *model, int index,
                          guint ports, int master_startport)
{
  GVirConfigDomainControllerUsb *usb = gvir_config_domain_controller_usb_new ();
  guint real_index = index >= 0 ? (guint) index : 0;
  xmlNode *node;

  gvir_config_domain_controller_usb_set_model (usb, usb_model_from_string (model));
  gvir_config_domain_controller_set_index (GVIR_CONFIG_DOMAIN_CONTROLLER (usb), real_index);
  if (ports > 0)
    gvir_config_domain_controller_set_ports (GVIR_CONFIG_DOMAIN_CONTROLLER (usb), ports);
  if (master_startport >= 0)
    {
      g_autoptr(GVirConfigDomainControllerUsb) master = gvir_config_domain_controller_usb_new ();

      gvir_config_domain_controller_set_index (GVIR_CONFIG_DOMAIN_CONTROLLER (master), real_index);
      gvir_config_domain_controller_usb_set_master (usb, master, (guint) master_startport);
    }
  node = from_gconfig (doc, usb);
  /* gconfig always writes an index; libvirt assigns it when it is absent. */
  if (index < 0)
    vd_xml_unset_prop (node, "index");
  vd_xml_order_props (node, vd_controller_prop_order);
  return node;
}

xmlNode *
vd_device_spice_redirdev (xmlDoc *doc)
{
  GVirConfigDomainRedirdev *redirdev = gvir_config_domain_redirdev_new ();
  g_autoptr(GVirConfigDomainChardevSourceSpiceVmc) vmc =
    gvir_config_domain_chardev_source_spicevmc_new ();
  xmlNode *node;

  gvir_config_domain_redirdev_set_bus (redirdev, GVIR_CONFIG_DOMAIN_REDIRDEV_BUS_USB);
  gvir_config_domain_chardev_set_source (GVIR_CONFIG_DOMAIN_CHARDEV (redirdev),
                                         GVIR_CONFIG_DOMAIN_CHARDEV_SOURCE (vmc));
  node = from_gconfig (doc, redirdev);
  vd_xml_order_props (node, redirdev_prop_order);
  return node;
}

xmlNode *
vd_device_vdagent_channel (xmlDoc *doc)
{
  GVirConfigDomainChannel *channel = gvir_config_domain_channel_new ();
  g_autoptr(GVirConfigDomainChardevSourceSpiceVmc) vmc =
    gvir_config_domain_chardev_source_spicevmc_new ();

  gvir_config_domain_chardev_set_source (GVIR_CONFIG_DOMAIN_CHARDEV (channel),
                                         GVIR_CONFIG_DOMAIN_CHARDEV_SOURCE (vmc));
  gvir_config_domain_channel_set_target_type (channel, GVIR_CONFIG_DOMAIN_CHANNEL_TARGET_VIRTIO);
  gvir_config_domain_channel_set_target_name (channel, "com.redhat.spice.0");
  return from_gconfig (doc, channel);
}

xmlNode *
vd_device_guest_agent_channel (xmlDoc *doc)
{
  GVirConfigDomainChannel *channel = gvir_config_domain_channel_new ();
  g_autoptr(GVirConfigDomainChardevSourceUnix) unix_source =
    gvir_config_domain_chardev_source_unix_new ();
  xmlNode *node, *source;

  gvir_config_domain_chardev_set_source (GVIR_CONFIG_DOMAIN_CHARDEV (channel),
                                         GVIR_CONFIG_DOMAIN_CHARDEV_SOURCE (unix_source));
  gvir_config_domain_channel_set_target_type (channel, GVIR_CONFIG_DOMAIN_CHANNEL_TARGET_VIRTIO);
  gvir_config_domain_channel_set_target_name (channel, "org.qemu.guest_agent.0");
  node = from_gconfig (doc, channel);

  /* libvirt picks the socket path itself when the source binds. */
  source = new_element (doc, "source");
  vd_xml_set_prop (source, "mode", "bind");
  xmlAddPrevSibling (vd_xml_first_element (node, "target"), source);
  return node;
}

/* gconfig has no CCID controller: <controller type='ccid' index='0'/>. */
xmlNode *
vd_device_ccid_controller (xmlDoc *doc)
{
  xmlNode *node = new_element (doc, "controller");

  vd_xml_set_prop (node, "type", "ccid");
  vd_xml_set_prop (node, "index", "0");
  return node;
}

xmlNode *
vd_device_spice_smartcard (xmlDoc *doc)
{
  GVirConfigDomainSmartcardPassthrough *card = gvir_config_domain_smartcard_passthrough_new ();
  g_autoptr(GVirConfigDomainChardevSourceSpiceVmc) vmc =
    gvir_config_domain_chardev_source_spicevmc_new ();

  static const char * const smartcard_prop_order[] = { "mode", "type", NULL };
  xmlNode *node;

  gvir_config_domain_smartcard_passthrough_set_source (card,
                                                       GVIR_CONFIG_DOMAIN_CHARDEV_SOURCE (vmc));
  node = from_gconfig (doc, card);
  vd_xml_order_props (node, smartcard_prop_order);
  return node;
}

xmlNode *
vd_device_spiceport_channel (xmlDoc *doc, const char *name)
{
  GVirConfigDomainChannel *channel = gvir_config_domain_channel_new ();
  g_autoptr(GVirConfigDomainChardevSourceSpicePort) port =
    gvir_config_domain_chardev_source_spiceport_new ();

  gvir_config_domain_chardev_source_spiceport_set_channel (port, name);
  gvir_config_domain_chardev_set_source (GVIR_CONFIG_DOMAIN_CHARDEV (channel),
                                         GVIR_CONFIG_DOMAIN_CHARDEV_SOURCE (port));
  gvir_config_domain_channel_set_target_type (channel, GVIR_CONFIG_DOMAIN_CHANNEL_TARGET_VIRTIO);
  gvir_config_domain_channel_set_target_name (channel, name);
  return from_gconfig (doc, channel);
}

xmlNode *
vd_device_usb_tablet (xmlDoc *doc)
{
  GVirConfigDomainInput *input = gvir_config_domain_input_new ();

  gvir_config_domain_input_set_device_type (input, GVIR_CONFIG_DOMAIN_INPUT_DEVICE_TABLET);
  gvir_config_domain_input_set_bus (input, GVIR_CONFIG_DOMAIN_INPUT_BUS_USB);
  return from_gconfig (doc, input);
}

xmlNode *
vd_device_video (xmlDoc *doc, const char *model)
{
  GVirConfigDomainVideo *video = gvir_config_domain_video_new ();
  GVirConfigDomainVideoModel m;

  if (strcmp (model, "qxl") == 0)
    m = GVIR_CONFIG_DOMAIN_VIDEO_MODEL_QXL;
  else if (strcmp (model, "virtio") == 0)
    m = GVIR_CONFIG_DOMAIN_VIDEO_MODEL_VIRTIO;
  else
    m = GVIR_CONFIG_DOMAIN_VIDEO_MODEL_VGA;
  gvir_config_domain_video_set_model (video, m);
  return from_gconfig (doc, video);
}

xmlNode *
vd_device_sound (xmlDoc *doc, const char *model)
{
  GVirConfigDomainSound *sound = gvir_config_domain_sound_new ();
  GVirConfigDomainSoundModel m;

  if (strcmp (model, "ich6") == 0)
    m = GVIR_CONFIG_DOMAIN_SOUND_MODEL_ICH6;
  else if (strcmp (model, "ac97") == 0)
    m = GVIR_CONFIG_DOMAIN_SOUND_MODEL_AC97;
  else
    m = GVIR_CONFIG_DOMAIN_SOUND_MODEL_ICH9;
  gvir_config_domain_sound_set_model (sound, m);
  return from_gconfig (doc, sound);
}

static xmlNode *
new_disk (xmlDoc *doc, const char *type, const char *device, const char *format)
{
  xmlNode *disk = new_element (doc, "disk");
  xmlNode *driver;

  vd_xml_set_prop (disk, "type", type);
  vd_xml_set_prop (disk, "device", device);
  driver = add_element (disk, "driver");
  vd_xml_set_prop (driver, "name", "qemu");
  vd_xml_set_prop (driver, "type", format);
  return disk;
}

static void
add_disk_target (xmlNode *disk, const char *target, const char *bus)
{
  xmlNode *t = add_element (disk, "target");

  vd_xml_set_prop (t, "dev", target);
  vd_xml_set_prop (t, "bus", bus);
}

xmlNode *
vd_device_volume_disk (xmlDoc *doc, const char *pool, const char *volume,
                       const char *format, const char *target, const char *bus)
{
  xmlNode *disk = new_disk (doc, "volume", "disk", format);
  xmlNode *source = add_element (disk, "source");

  vd_xml_set_prop (source, "pool", pool);
  vd_xml_set_prop (source, "volume", volume);
  add_disk_target (disk, target, bus);
  return disk;
}

xmlNode *
vd_device_file_disk (xmlDoc *doc, const char *path, const char *format,
                     const char *target, const char *bus)
{
  gboolean block = g_str_has_prefix (path, "/dev/");
  xmlNode *disk = new_disk (doc, block ? "block" : "file", "disk", format);
  xmlNode *source = add_element (disk, "source");

  vd_xml_set_prop (source, block ? "dev" : "file", path);
  add_disk_target (disk, target, bus);
  return disk;
}

xmlNode *
vd_device_cdrom (xmlDoc *doc, const char *path, const char *target)
{
  xmlNode *disk = new_disk (doc, "file", "cdrom", "raw");
  xmlNode *source = add_element (disk, "source");

  vd_xml_set_prop (source, "file", path);
  add_disk_target (disk, target, "sata");
  add_element (disk, "readonly");
  return disk;
}

xmlNode *
vd_device_volume_cdrom (xmlDoc *doc, const char *pool, const char *volume, const char *target)
{
  xmlNode *disk = new_disk (doc, "volume", "cdrom", "raw");
  xmlNode *source = add_element (disk, "source");

  vd_xml_set_prop (source, "pool", pool);
  vd_xml_set_prop (source, "volume", volume);
  add_disk_target (disk, target, "sata");
  add_element (disk, "readonly");
  return disk;
}

xmlNode *
vd_device_interface (xmlDoc *doc, const char *type, const char *source_name,
                     const char *model)
{
  xmlNode *iface = new_element (doc, "interface");
  xmlNode *source, *m;

  vd_xml_set_prop (iface, "type", type);
  source = add_element (iface, "source");
  vd_xml_set_prop (source, strcmp (type, "bridge") == 0 ? "bridge" : "network",
                   source_name);
  m = add_element (iface, "model");
  vd_xml_set_prop (m, "type", model);
  return iface;
}

static const char * const device_order[] = {
  "emulator", "disk", "controller", "lease", "filesystem", "interface",
  "smartcard", "serial", "parallel", "console", "channel", "input", "tpm",
  "graphics", "sound", "audio", "video", "hostdev", "redirdev", "redirfilter",
  "hub", "watchdog", "memballoon", "rng", "panic", "shmem", "memory", "iommu",
  "vsock", "crypto", NULL,
};

static int
device_rank (const char *name)
{
  for (int i = 0; device_order[i]; i++)
    if (strcmp (device_order[i], name) == 0)
      return i;
  return G_MAXINT;
}

void
vd_device_insert (xmlNode *devices, xmlNode *device)
{
  int rank = device_rank ((const char *) device->name);
  xmlNode *after = NULL;

  /* After the last device of the same or an earlier kind. */
  for (xmlNode *n = vd_xml_first_element (devices, NULL); n;
       n = vd_xml_next_element (n, NULL))
    if (device_rank ((const char *) n->name) <= rank)
      after = n;

  if (after)
    vd_xml_insert_after (after, device);
  else if (vd_xml_first_element (devices, NULL))
    vd_xml_insert_before (vd_xml_first_element (devices, NULL), device);
  else
    vd_xml_append_child (devices, device);
}
