/* pool-record.h: what a pool seat records of its pool in vdctl's metadata.
 *
 * vdctl keeps no database: a pool is the set of domains whose metadata
 * names it.  Every seat carries the whole record of its pool, so any seat
 * tells what the pool is made of, and two administrators on two machines
 * (or a virsh user) see the same thing:
 *
 *   <vdctl:desktop ...>
 *     <vdctl:seat pool="lab" number="3" base="1" user="alice"/>
 *     <vdctl:pool name="lab" from="golden" stateless="no" base="2" width="2">
 *       <vdctl:base version="1">
 *         <vdctl:disk target="vda" pool="default" volume="lab-base1-vda.qcow2"
 *                     path="/var/lib/libvirt/images/lab-base1-vda.qcow2" format="qcow2"/>
 *         <vdctl:nvram pool="default" volume="lab-base1-VARS.fd" path="..."/>
 *       </vdctl:base>
 *       <vdctl:base version="2">...</vdctl:base>
 *     </vdctl:pool>
 *   </vdctl:desktop>
 *
 * The pool's base="2" is the version new seats and resets stand on; the
 * seat's base="1" the one this seat's definition stands on.  A seat lists
 * every base version it knew of when it was last written; an old version
 * whose volumes are gone is gone (pool-scan.h).  Pure: libxml2 only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

/* The most seats one pool holds. */
#define VD_POOL_MAX_SEATS 999

/* One image of a base version: a volume in a libvirt storage pool. */
typedef struct {
  char *target;     /* the golden disk's target (vda); NULL for UEFI variables */
  char *pool;
  char *volume;
  char *path;
  char *format;     /* qcow2, raw */
} VdBaseImage;

VdBaseImage *vd_base_image_new (const char *target, const char *pool, const char *volume,
                                const char *path, const char *format);
void vd_base_image_free (VdBaseImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdBaseImage, vd_base_image_free)

typedef struct {
  guint version;
  GPtrArray *disks;     /* VdBaseImage, in the golden's disk order */
  VdBaseImage *nvram;   /* the golden's UEFI variables, or NULL */
} VdBase;

VdBase *vd_base_new (guint version);
void vd_base_free (VdBase *base);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdBase, vd_base_free)

typedef struct {
  char *name;
  char *from;           /* the golden domain */
  gboolean stateless;
  guint current;        /* the base version new seats and resets stand on */
  guint width;          /* digits of a seat number */
  GPtrArray *bases;     /* VdBase, oldest first */
} VdPoolRecord;

VdPoolRecord *vd_pool_record_new (const char *name, const char *from, gboolean stateless,
                                  guint seats);
VdPoolRecord *vd_pool_record_copy (const VdPoolRecord *record);
void vd_pool_record_free (VdPoolRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdPoolRecord, vd_pool_record_free)

/* Base VERSION of RECORD, or NULL. */
VdBase *vd_pool_record_base (const VdPoolRecord *record, guint version);
/* Add a copy of BASE, in version order. */
void vd_pool_record_add_base (VdPoolRecord *record, const VdBase *base);
/* Remove base VERSION from the record. */
void vd_pool_record_drop_base (VdPoolRecord *record, guint version);

typedef struct {
  char *pool;
  guint number;
  guint base;           /* the base version the seat's definition stands on */
  char *user;           /* the user it is assigned to, or NULL */
} VdSeatRecord;

void vd_seat_record_free (VdSeatRecord *seat);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdSeatRecord, vd_seat_record_free)

#define VD_POOL_RECORD_ERROR (vd_pool_record_error_quark ())
GQuark vd_pool_record_error_quark (void);

/* Read the seat and pool records of domain DOC.  TRUE with both NULL when
 * DOC is no pool seat; FALSE when the records are there but broken. */
gboolean vd_pool_record_read (xmlDoc *doc, VdSeatRecord **seat, VdPoolRecord **pool,
                              GError **error);
/* Write SEAT and POOL into DOC's metadata, replacing what was there; NULL
 * for both takes them out. */
void vd_pool_record_write (xmlDoc *doc, const VdSeatRecord *seat, const VdPoolRecord *pool);

/* Names. */
/* A pool name: what makes a domain name ("lab" gives lab-01), at most 60
 * bytes of letters, digits, '_', '.' and '-', a letter or digit first. */
gboolean vd_pool_check_name (const char *name, GError **error);
/* Digits of a seat number for a pool of SEATS seats: its width, at least 2. */
guint vd_pool_width (guint seats);
/* POOL-01 */
char *vd_pool_seat_name (const VdPoolRecord *record, guint number);
/* lab-base1-vda.qcow2, lab-base1-VARS.fd (TARGET NULL) */
char *vd_pool_base_volume_name (const char *pool, guint version, const char *target,
                                const char *format);
/* lab-01-vda.qcow2, lab-01-VARS.fd (TARGET NULL) */
char *vd_pool_seat_volume_name (const char *seat, const char *target);
/* A user name as 'pool assign' takes it: printable, no spaces, at most
 * 128 bytes. */
gboolean vd_pool_check_user (const char *user, GError **error);
