/* unattend-cleanup.h: the answer-file CD of 'create --unattend' holds the
 * Windows administrator's password (unattend-cd.h).  Once vdctl sees the
 * installed guest's QEMU guest agent answer (start, show, rdp enable,
 * connect --rdp look), Windows is installed and the CD has done its work:
 * it is detached from the persistent definition and ejected from the
 * running domain, and its volume deleted.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "virt.h"

typedef enum {
  VD_UNATTEND_CD_NONE,        /* no answer-file CD */
  VD_UNATTEND_CD_ATTACHED,    /* still there */
  VD_UNATTEND_CD_REMOVED,     /* removed just now */
} VdUnattendCdState;

/* Look at DOM: when its answer-file CD is attached, DOM runs, the
 * connection may change it and the guest agent answers, remove the CD
 * (vd_unattend_cd_detach).  What could not be done is a warning on
 * standard error: the command goes on. */
VdUnattendCdState vd_unattend_cd_check (VdConnection *conn, VdVirtDomain *dom);

/* Remove DOM's answer-file CD now, agent or not: eject it from the running
 * domain, detach it from the persistent definition, delete its volume.
 * FALSE (with nothing changed) when DOM has none. */
gboolean vd_unattend_cd_detach (VdConnection *conn, VdVirtDomain *dom, GError **error);

/* vd_unattend_cd_check, saying on standard output (vd_info) that the CD
 * was removed, and, with ALSO_ATTACHED, that it is still attached. */
VdUnattendCdState vd_unattend_cd_tidy (VdConnection *conn, VdVirtDomain *dom,
                                       gboolean also_attached);

/* One line for users about STATE of desktop NAME, or NULL for NONE. */
char *vd_unattend_cd_describe (VdUnattendCdState state, const char *name);
