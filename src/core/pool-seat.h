/* pool-seat.h: a pool seat's definition, made from the golden domain's.
 *
 * A seat is the golden domain with an identity of its own (name, UUID,
 * MAC addresses, UEFI variables, TPM state, channel sockets) and with each
 * of the golden's disks replaced: by a qcow2 overlay of its own over the
 * base image (a persistent seat), or by the base image itself under
 * <transient shareBacking='yes'/> (a stateless seat: QEMU writes to an
 * overlay libvirt makes at start and deletes at power-off).  Pure: no
 * libvirt, no I/O.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "pool-record.h"

/* A disk of the golden domain that a pool copies. */
typedef struct {
  char *target;   /* vda */
  char *bus;      /* virtio, sata, scsi, ... */
  char *path;     /* a file source, or NULL */
  char *pool;     /* a volume source: its pool and volume, or NULL */
  char *volume;
  char *format;   /* the driver's type= (qcow2, raw), or NULL */
} VdGoldenDisk;

void vd_golden_disk_free (VdGoldenDisk *disk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdGoldenDisk, vd_golden_disk_free)

/* The disks of the golden domain DOC that its seats get copies of: every
 * writable <disk device='disk'> (CD-ROMs, floppies, read-only and
 * shareable disks are shared by the seats as they are).  Refused, saying
 * why: no such disk, a disk vdctl cannot copy (a block device, a network
 * or directory source: vdctl copies files and volumes), and for STATELESS
 * seats a disk on a bus other than virtio or SCSI (the only buses on which
 * libvirt shares a backing image between domains). */
GPtrArray *vd_pool_golden_disks (xmlDoc *doc, gboolean stateless, GError **error);

/* Where the golden domain DOC keeps its UEFI variables: <os><nvram>'s
 * path, else libvirt's default for a UEFI domain NVRAM_DIR/NAME_VARS.fd;
 * NULL for a BIOS domain. */
char *vd_pool_golden_nvram (xmlDoc *doc, const char *nvram_dir);

/* The definition of seat SEAT (its records written in) from the golden
 * domain's GOLDEN, left as it is: NAME, no UUID or MAC addresses (the
 * caller and libvirt give new ones), the disks on BASE (OVERLAYS: the
 * seat's overlay paths, one per base disk, or NULL for a stateless seat),
 * its UEFI variables at NVRAM (or none, NULL). */
xmlDoc *vd_pool_seat_new (xmlDoc *golden, const char *name, const VdSeatRecord *seat,
                          const VdPoolRecord *pool, GPtrArray *overlays, const char *nvram,
                          GError **error);

/* Point the seat DOC's pool disks at base version SEAT->base of POOL: its
 * images (stateless) or OVERLAYS (persistent), and write the records.
 * Nothing else in DOC changes. */
gboolean vd_pool_seat_point (xmlDoc *doc, const VdSeatRecord *seat, const VdPoolRecord *pool,
                             GPtrArray *overlays, GError **error);

/* Set the seat DOC's UEFI variables file to PATH. */
void vd_pool_seat_set_nvram (xmlDoc *doc, const char *path);
/* DOC's UEFI variables file (<os><nvram>), or NULL. */
char *vd_pool_seat_get_nvram (xmlDoc *doc);
/* The file disk TARGET of DOC reads, or NULL. */
char *vd_pool_seat_disk_path (xmlDoc *doc, const char *target);
