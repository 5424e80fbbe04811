/* virt-storage.h: what storage pools know about volumes, read through
 * libvirt (part of the libvirt boundary).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "virt.h"

/* The path of volume VOLUME in POOL, or NULL when the pool or the volume
 * cannot be found. */
char *vd_volume_get_path (VdConnection *conn, const char *pool, const char *volume);

typedef struct {
  char *pool;
  char *volume;
  char *path;         /* the volume's own path */
  char *backing;      /* its backing file's, made absolute and normalized */
} VdBackedVolume;

void vd_backed_volume_free (VdBackedVolume *v);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdBackedVolume, vd_backed_volume_free)

/* Every volume of every active pool whose image has a backing file
 * (<backingStore><path> in the volume's XML). */
GPtrArray *vd_storage_list_backed_volumes (VdConnection *conn, GError **error);
