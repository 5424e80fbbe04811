/* define-verified.h: define a domain and check that libvirt kept it.
 *
 * libvirt stores less than it is given without a word (a SPICE listen
 * address without a port becomes type 'none'); every define of vdctl goes
 * through here, reads the stored definition back and compares its
 * desktop settings (domain-verify.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "desktop.h"
#include "undo.h"
#include "virt.h"

/* Define XML on CONN, read back the persistent definition libvirt stored,
 * and check that it kept the settings ASKED names (NULL: none) and every
 * desktop setting XML has.  On a difference, or when the definition
 * cannot be read back, the define is undone: PREVIOUS (the definition it
 * replaced, as libvirt gave it with its secrets) is defined again, or,
 * when PREVIOUS is NULL, the new domain is undefined.  The error then
 * says what libvirt changed and what was undone.  KEPT, when given,
 * receives the settings libvirt stored.
 *
 * A define that was kept is recorded in UNDO (may be NULL) as its undo
 * step, the same undo as above: rolling UNDO back defines PREVIOUS again,
 * or undefines the domain that did not exist before. */
VdVirtDomain *vd_define_verified (VdConnection            *conn,
                                  const char              *xml,
                                  const VdDesktopSettings *asked,
                                  const char              *previous,
                                  VdDesktopInfo           *kept,
                                  VdUndo                  *undo,
                                  GError                 **error);
