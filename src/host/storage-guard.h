/* storage-guard.h: which of a domain's images 'delete --remove-storage'
 * may delete, and why it keeps the others.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "domain-storage.h"
#include "virt.h"

typedef enum {
  VD_STORAGE_DELETE,           /* nothing keeps it */
  VD_STORAGE_KEEP_CDROM,       /* a CD-ROM's or floppy's image */
  VD_STORAGE_KEEP_READONLY,    /* <readonly/> */
  VD_STORAGE_KEEP_SHAREABLE,   /* <shareable/> */
  VD_STORAGE_KEEP_USED,        /* another domain's definition names it */
  VD_STORAGE_KEEP_BACKING,     /* the backing file of another volume */
  VD_STORAGE_KEEP_BASE,        /* a base image of the domain's pool (pool-record.h) */
} VdStorageVerdict;

typedef struct {
  VdDiskSource *disk;
  char *path;                  /* its path (a volume's, from its pool), or NULL */
  VdStorageVerdict verdict;
  GPtrArray *users;            /* KEEP_USED: names of the domains */
  GPtrArray *overlays;         /* KEEP_BACKING: VdBackedVolume it backs (borrowed) */
  char *pool;                  /* KEEP_BASE: the desktop pool */
} VdStorageItem;

typedef struct _VdStoragePlan VdStoragePlan;

/* Look at every image of DOC, the definition of DOM: every other domain's
 * persistent and running definitions and the backing file of every volume
 * in every active pool decide whether it may go. */
VdStoragePlan *vd_storage_plan_removal (VdConnection *conn, VdVirtDomain *dom, xmlDoc *doc,
                                        GError **error);
void vd_storage_plan_free (VdStoragePlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdStoragePlan, vd_storage_plan_free)

guint vd_storage_plan_len (VdStoragePlan *plan);
VdStorageItem *vd_storage_plan_get (VdStoragePlan *plan, guint i);

/* "read-only", "shareable", ... for --json. */
const char *vd_storage_verdict_code (VdStorageVerdict verdict);
/* Why ITEM is kept: "domain 'b' uses it too". */
char *vd_storage_keep_reason (const VdStorageItem *item);
