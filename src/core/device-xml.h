/* device-xml.h: new device elements for a domain document, built through
 * libvirt-gconfig's typed API where it covers the device.
 *
 * Each function returns a new element owned by DOC but not yet linked
 * into its tree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

xmlNode *vd_device_spice_graphics (xmlDoc *doc, const char *listen, int port,
                                   const char *password);
/* INDEX -1 leaves the index to libvirt (it gives a USB2 set's companions
 * their master's index); MASTER_STARTPORT -1 for a controller that is no
 * companion. */
xmlNode *vd_device_usb_controller (xmlDoc *doc, const char *model, int index,
                                   guint ports, int master_startport);
xmlNode *vd_device_spice_redirdev (xmlDoc *doc);
xmlNode *vd_device_vdagent_channel (xmlDoc *doc);
xmlNode *vd_device_guest_agent_channel (xmlDoc *doc);
xmlNode *vd_device_usb_tablet (xmlDoc *doc);
xmlNode *vd_device_ccid_controller (xmlDoc *doc);
/* <smartcard mode='passthrough' type='spicevmc'/> */
xmlNode *vd_device_spice_smartcard (xmlDoc *doc);
/* A spiceport channel whose SPICE port and virtio name are NAME. */
xmlNode *vd_device_spiceport_channel (xmlDoc *doc, const char *name);
xmlNode *vd_device_video (xmlDoc *doc, const char *model);
xmlNode *vd_device_sound (xmlDoc *doc, const char *model);
xmlNode *vd_device_volume_disk (xmlDoc *doc, const char *pool, const char *volume,
                                const char *format, const char *target,
                                const char *bus);
xmlNode *vd_device_file_disk (xmlDoc *doc, const char *path, const char *format,
                              const char *target, const char *bus);
xmlNode *vd_device_cdrom (xmlDoc *doc, const char *path, const char *target);
xmlNode *vd_device_volume_cdrom (xmlDoc *doc, const char *pool, const char *volume,
                                const char *target);
xmlNode *vd_device_interface (xmlDoc *doc, const char *type, const char *source,
                              const char *model);

/* The order libvirt writes the attributes of these elements in. */
extern const char * const vd_graphics_prop_order[];
extern const char * const vd_controller_prop_order[];

/* The order libvirt itself writes devices in; new devices go next to their
 * kind so that a document reads as libvirt would print it. */
void vd_device_insert (xmlNode *devices, xmlNode *device);
