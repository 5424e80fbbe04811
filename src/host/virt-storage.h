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

/* A finished upload.  libvirt cannot rename a volume, and an upload cut
 * off (vdctl killed, the connection or libvirtd gone) leaves a volume of
 * the full size with only part of the data.  So vdctl records each upload
 * that finished with an empty volume NAME.vdctl-complete beside volume
 * NAME, made once the stream has ended, and removed before an upload
 * starts and with the volume: a volume without it is never taken for a
 * complete copy. */
#define VD_UPLOAD_MARKER_SUFFIX ".vdctl-complete"

/* Whether the upload of volume NAME in POOL is recorded as finished. */
gboolean vd_volume_upload_is_complete (VdConnection *conn, const char *pool, const char *name);
/* Record it. */
gboolean vd_volume_upload_set_complete (VdConnection *conn, const char *pool, const char *name,
                                        GError **error);
/* Remove the record, if there is one (before an upload, with the volume). */
void vd_volume_upload_forget (VdConnection *conn, const char *pool, const char *name);
