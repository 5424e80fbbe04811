/* virt-private.h: what the files of the libvirt boundary (virt.c and
 * virt-*.c) share.  Nothing outside the boundary includes it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "virt.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStoragePool, virStoragePoolFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStorageVol, virStorageVolFree)

/* A connection (virt.c). */
struct _VdConnection {
  virConnectPtr conn;
  char *uri;
  char *virt_type;
  gboolean kvm_probed;
  int kvm;                    /* 1 offered, 0 not, -1 the driver cannot say */
  gboolean host_virtual;
  gboolean read_only;         /* virConnectOpenReadOnly */
};

/* A domain (virt-domain.c). */
struct _VdVirtDomain {
  virDomainPtr dom;
  char *name;
};

virConnectPtr vd_connection_get_ptr (VdConnection *conn);

/* Fill ERROR from libvirt's last error, prefixed with what was being
 * done; FALSE. */
gboolean vd_virt_set_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);
