/* domain-storage.h: the storage a domain definition points at.  Pure:
 * reads a document, no I/O.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

typedef struct {
  char *pool;      /* a <disk type='volume'>: pool and volume */
  char *volume;
  char *path;      /* a file or block device */
  char *target;    /* vda, sda, ... */
} VdDiskSource;

void vd_disk_source_free (VdDiskSource *disk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdDiskSource, vd_disk_source_free)

/* The writable disks (not CD-ROMs, floppies or read-only disks) of DOC,
 * and the answer-file image vdctl made for it (NAME-unattend.iso). */
GPtrArray *vd_domain_list_disks (xmlDoc *doc);
