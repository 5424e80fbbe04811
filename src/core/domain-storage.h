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
  char *target;    /* vda, sda, ...; NULL for a backing image */
  char *device;    /* disk, cdrom, floppy, lun */
  gboolean readonly;        /* <readonly/> */
  gboolean shareable;       /* <shareable/> */
  gboolean own_unattend;    /* the answer-file image vdctl made for this domain */
} VdDiskSource;

void vd_disk_source_free (VdDiskSource *disk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdDiskSource, vd_disk_source_free)

/* The writable disks (not CD-ROMs, floppies or read-only disks) of DOC,
 * and the answer-file image vdctl made for it (NAME-unattend.iso). */
GPtrArray *vd_domain_list_disks (xmlDoc *doc);

/* Every <disk> of DOC with a file, block or volume source, whatever its
 * device, in document order, flags filled in. */
GPtrArray *vd_domain_list_all_disks (xmlDoc *doc);

/* Every image DOC uses: the sources of all its disks and of their
 * <backingStore> chains (a running domain's definition lists them). */
GPtrArray *vd_domain_list_used_images (xmlDoc *doc);

/* A storage volume document's backing file (<backingStore><path>), made
 * absolute against the volume's own directory when it is relative, or
 * NULL. */
char *vd_volume_doc_backing_path (xmlDoc *doc);

/* PATH without "." components or doubled and trailing slashes: the same
 * file whatever symbolic links it goes through (".." stays). */
char *vd_storage_path_normalize (const char *path);
