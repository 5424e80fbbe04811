/* virt-private.h: what the other files of the libvirt boundary (virt-*.c)
 * share with virt.c.  Nothing outside the boundary includes it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "virt.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStoragePool, virStoragePoolFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStorageVol, virStorageVolFree)

virConnectPtr vd_connection_get_ptr (VdConnection *conn);

/* Fill ERROR from libvirt's last error, prefixed with what was being
 * done; FALSE. */
gboolean vd_virt_set_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);
