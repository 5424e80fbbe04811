/* create-storage.h: the volumes 'vdctl create' makes for a desktop (the
 * remote copy of the --cdrom ISO, the new disk, the answer-file CD), each
 * recorded in the create's undo journal (undo.h) as deleting it again.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "create.h"
#include "undo.h"
#include "virt.h"

/* A remote host's copy of the --cdrom ISO: volume PLAN->cdrom_volume in
 * PLAN->pool, uploaded unless a volume of that name and the ISO's size is
 * there already.  Only an upload is recorded for undoing: a volume that
 * was there stays. */
gboolean vd_create_upload_cdrom (VdConnection *conn, const CreatePlan *plan, VdUndo *undo,
                                 GError **error);

/* A new qcow2 volume VOLUME of BYTES in POOL, recorded in UNDO; its path,
 * or NULL with ERROR set (VD_VIRT_ERROR_EXISTS: a volume of that name is
 * there). */
char *vd_create_disk_volume (VdConnection *conn, const char *pool, const char *volume,
                             guint64 bytes, VdUndo *undo, GError **error);

/* Upload IMAGE as the new volume VOLUME in POOL, recorded in UNDO. */
gboolean vd_create_upload_image (VdConnection *conn, const char *pool, const char *volume,
                                 GBytes *image, VdUndo *undo, GError **error);
