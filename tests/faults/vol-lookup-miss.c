/* vol-lookup-miss.c: an LD_PRELOAD module for the fault tests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * virStorageVolLookupByName answers "no such volume" for every name, as it
 * does for a process that looks a volume up just before another process
 * creates it.  Everything else goes to the real libvirt and the real
 * daemon, so the create that follows meets the volume that is already
 * there and the daemon's own VIR_ERR_STORAGE_VOL_EXIST.
 */

#include <stddef.h>

#include <libvirt/libvirt.h>

virStorageVolPtr
virStorageVolLookupByName (virStoragePoolPtr pool, const char *name)
{
  (void) pool;
  (void) name;
  return NULL;
}
