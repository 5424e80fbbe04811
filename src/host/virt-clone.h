/* virt-clone.h: the images of a desktop pool, through libvirt's storage
 * pools (part of the libvirt boundary): copies of a golden domain's disks
 * and UEFI variables, and qcow2 overlays over them.  Everything goes
 * through libvirt's storage API, so it works on a remote host too.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "virt.h"

/* The storage pool and volume name of the image at PATH.  A pool that
 * holds the file but has not seen it yet is refreshed once.  FALSE with
 * an error saying so when no active pool manages it. */
gboolean vd_volume_find_by_path (VdConnection *conn, const char *path, char **pool,
                                 char **volume, GError **error);

/* A full copy of volume SRC_VOLUME of SRC_POOL as the new volume NAME in
 * POOL, of FORMAT (qcow2 or raw; a qcow2 chain is flattened): libvirt's
 * volume clone (virsh vol-clone).  Its path. */
char *vd_volume_clone (VdConnection *conn, const char *src_pool, const char *src_volume,
                       const char *pool, const char *name, const char *format,
                       GError **error);

/* A copy of the file at PATH, which no storage pool needs to manage (the
 * UEFI variables libvirt keeps in its own folder), as the new raw volume
 * NAME in POOL.  When no pool has PATH's folder, a transient pool over it
 * is made for the copy and taken away after.  NULL with no error when
 * there is no such file. */
char *vd_file_clone_to_volume (VdConnection *conn, const char *path, const char *pool,
                               const char *name, GError **error);

/* A new qcow2 volume NAME in POOL whose backing store is the image at
 * BACKING, of BACKING_FORMAT (always written into the overlay), of the
 * same size.  Its path. */
char *vd_volume_create_overlay (VdConnection *conn, const char *pool, const char *name,
                                const char *backing, const char *backing_format,
                                GError **error);

/* Whether volume NAME exists in POOL. */
gboolean vd_volume_exists (VdConnection *conn, const char *pool, const char *name);

/* Bytes volume NAME of POOL holds on disk, and its size; FALSE when there
 * is no such volume. */
gboolean vd_volume_get_usage (VdConnection *conn, const char *pool, const char *name,
                              guint64 *allocation, guint64 *capacity);
