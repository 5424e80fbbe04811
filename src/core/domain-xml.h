/* domain-xml.h: the desktop core.  Applies desktop settings to a domain
 * XML document and reads them back out of any domain XML.  No libvirt
 * connection and no I/O: tests drive it with XML in and XML out.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "desktop.h"

#define VD_DOMAIN_ERROR (vd_domain_error_quark ())
GQuark vd_domain_error_quark (void);

typedef enum {
  VD_DOMAIN_ERROR_INVALID,       /* not a domain document */
  VD_DOMAIN_ERROR_UNSUPPORTED,   /* the edit cannot be done on this domain */
  VD_DOMAIN_ERROR_SETTING,       /* a setting holds a value libvirt would refuse */
} VdDomainError;

/* The machine around the desktop, for a new domain. */
typedef struct {
  const char *name;
  const char *virt_type;         /* "kvm" or "qemu" */
  const char *disk_pool;         /* a new volume: pool and volume name */
  const char *disk_volume;
  const char *disk_format;       /* "qcow2" unless given */
  const char *disk_path;         /* or an existing image */
  const char *cdrom;
  const char *cdrom_pool;         /* set: cdrom names a volume in this pool */
  const char *network;           /* a libvirt network, or */
  const char *bridge;            /* a host bridge */
  /* From the profile: */
  const char *os;                /* the guest OS family: "windows", or NULL */
  const char *profile;           /* recorded in vdctl's metadata; NULL: as the
                                    template says */
  const char *disk_bus;          /* "virtio" (NULL) or "sata" */
  const char *nic_model;         /* "virtio" (NULL), "e1000e", ... */
  /* More CD-ROMs, after --cdrom: */
  const char *drivers_cdrom;     /* a driver ISO (virtio-win) */
  const char *unattend_pool;     /* a volume holding an answer file's image */
  const char *unattend_volume;
} VdDomainSpec;

/* A new domain from TEMPLATE_DOC (a profile's, left as it is) and SPEC,
 * with SETTINGS applied and whether its SPICE display has a password
 * recorded (vd_domain_record_password_state); SETTINGS must be complete
 * (see vd_desktop_settings_fill). */
xmlDoc *vd_domain_new (xmlDoc                  *template_doc,
                       const VdDomainSpec      *spec,
                       const VdDesktopSettings *settings,
                       GError                 **error);

/* Whether vd_domain_new would succeed, without making the devices
 * SETTINGS asks for: the same errors, at a fraction of the cost. */
gboolean vd_domain_check_new (xmlDoc                  *template_doc,
                              const VdDomainSpec      *spec,
                              const VdDesktopSettings *settings,
                              GError                 **error);

/* What --redirect says against the device settings given with it
 * (--redirect -usb with --usbredir 2, -audio with --sound ich9, ...): a
 * VD_VALUE_ERROR saying which two to choose between.  Pure: no domain. */
gboolean vd_desktop_settings_check_redirect (const VdDesktopSettings *settings,
                                             GError                 **error);

/* Fill every unset field of SETTINGS with create's defaults. */
void vd_desktop_settings_fill (VdDesktopSettings *settings);

/* Change DOC as SETTINGS asks, touching nothing else.  Everything is
 * checked before anything changes: on failure DOC is as it was.  vdctl's
 * record of the SPICE password is left as it was: a caller about to
 * define DOC writes it with vd_domain_record_password_state. */
gboolean vd_domain_apply (xmlDoc                  *doc,
                          const VdDesktopSettings *settings,
                          GError                 **error);

gboolean vd_domain_read (xmlDoc         *doc,
                         VdDesktopInfo  *info,
                         GError        **error);

/* INFO was read from a definition with its secrets (libvirt's secure
 * flag): a display that shows no password has none, whatever vdctl
 * recorded. */
void vd_desktop_info_seen_with_secrets (VdDesktopInfo *info);

/* DOC, read with its secrets, is about to be defined: record in vdctl's
 * metadata whether its SPICE display has a password, so that readers
 * without secrets (show, list) know it too.  A domain without a SPICE
 * display keeps no record.  The only function that writes the record. */
void vd_domain_record_password_state (xmlDoc *doc);

/* The USB ports a domain's controllers offer and those taken by devices
 * other than SPICE redirection channels; -1 capacity when unknown. */
void vd_domain_usb_ports (xmlDoc *doc, int *capacity, int *used);
