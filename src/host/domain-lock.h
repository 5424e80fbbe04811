/* domain-lock.h: serialise vdctl's own read-modify-define cycles on one
 * domain, so that concurrent edits and deletes from this host are applied
 * one after the other instead of overwriting each other, whichever user
 * runs them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* Where every user's locks of a shared libvirtd live (mode 1777, owned by
 * root; made by vdctl run as root). */
#define VD_DOMAIN_LOCK_DIR "/run/vdctl/locks"

/* How long edit and delete wait for another vdctl. */
#define VD_DOMAIN_LOCK_TIMEOUT_S 60

typedef struct _VdDomainLock VdDomainLock;

/* Waits up to TIMEOUT_S seconds for the lock on the domain of UUID (its
 * name when the UUID is unknown) on the libvirtd of URI.  The lock is
 * VD_DOMAIN_LOCK_DIR/domain-UUID for everyone, root or not; only a
 * non-root user's own daemon (qemu:///session) and the test driver, which
 * no other user reaches, use the user's runtime directory.  On a timeout
 * the error names the process that holds the lock, and its user. */
VdDomainLock *vd_domain_lock_acquire (const char *uri, const char *uuid,
                                      guint timeout_s, GError **error);
/* The same in the shared lock directory DIR instead of
 * VD_DOMAIN_LOCK_DIR (for tests): DIR and its parent must belong to
 * root; root makes them (DIR 1777, its parent 0755). */
VdDomainLock *vd_domain_lock_acquire_in (const char *dir, const char *uuid,
                                         guint timeout_s, GError **error);
void vd_domain_lock_release (VdDomainLock *lock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdDomainLock, vd_domain_lock_release)
