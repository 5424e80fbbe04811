/* domain-verify.h: did libvirt keep what vdctl wrote?  Compares the
 * desktop settings read back out of the definition libvirt stored with
 * those asked for and those of the definition vdctl gave it.  Pure: no
 * libvirt and no I/O.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "desktop.h"

#define VD_VERIFY_ERROR (vd_verify_error_quark ())
GQuark vd_verify_error_quark (void);

typedef enum {
  VD_VERIFY_ERROR_NOT_KEPT,     /* libvirt stored something else */
} VdVerifyError;

/* KEPT is what libvirt stored.  Every field ASKED sets must hold there,
 * and every setting of WRITTEN (the definition vdctl defined, read the
 * same way; NULL when unknown) must have come through as it was, but for
 * the devices libvirt adds by default where WRITTEN has none (a video
 * card, a USB controller).  On a difference, fails with
 * VD_VERIFY_ERROR_NOT_KEPT and one message that names each: "libvirt did
 * not keep listen 0.0.0.0: it stored listen type 'none'". */
gboolean vd_domain_verify (const VdDesktopSettings *asked,
                           const VdDesktopInfo     *written,
                           const VdDesktopInfo     *kept,
                           GError                 **error);
