/* unattend-cd.h: the answer-file CD that 'create --unattend' attaches: a
 * CD-ROM drive holding the volume NAME-unattend.iso, whose Autounattend.xml
 * has the Windows administrator's password.  Once Windows is installed it
 * is detached and its volume deleted (unattend-cleanup.h); these find it
 * and make the device XML libvirt needs for that.  Pure: libxml2 only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

typedef struct {
  char *pool;
  char *volume;                /* NAME-unattend.iso */
  char *target;                /* sdc, ... */
} VdUnattendCd;

void vd_unattend_cd_clear (VdUnattendCd *cd);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdUnattendCd, vd_unattend_cd_clear)

/* The volume name of the answer-file image of the domain NAME. */
char *vd_unattend_cd_volume_name (const char *name);

/* Whether the <disk> DISK of domain NAME is its own answer-file CD. */
gboolean vd_unattend_cd_is_drive (xmlNode *disk, const char *name);

/* Whether the domain DOC has its answer-file image in a CD-ROM drive (a
 * <disk type='volume' device='cdrom'> with that volume); CD, when given,
 * says where. */
gboolean vd_unattend_cd_find (xmlDoc *doc, VdUnattendCd *cd);

/* That drive, serialised as virDomainDetachDeviceFlags takes it to remove
 * it from the persistent definition; NULL when DOC has none. */
char *vd_unattend_cd_device_xml (xmlDoc *doc);

/* The same drive with the medium taken out (no <source>), for a live
 * update of a running domain: a SATA CD-ROM cannot be unplugged while the
 * guest runs, its medium can be ejected.  NULL when DOC has none. */
char *vd_unattend_cd_eject_xml (xmlDoc *doc);
