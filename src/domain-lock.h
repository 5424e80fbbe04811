/* domain-lock.h: serialise vdctl's own read-modify-define cycles on one
 * domain, so that concurrent edits from this host are applied one after
 * the other instead of overwriting each other.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

typedef struct _VdDomainLock VdDomainLock;

/* Waits up to TIMEOUT_S seconds for the lock on (URI, UUID). */
VdDomainLock *vd_domain_lock_acquire (const char *uri, const char *uuid,
                                      guint timeout_s, GError **error);
void vd_domain_lock_release (VdDomainLock *lock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdDomainLock, vd_domain_lock_release)
