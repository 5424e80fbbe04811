/* virt-clone.c: the images of a desktop pool, through libvirt's storage
 * pools: volume clones, overlays, and copies of files no pool manages.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <libvirt-gconfig/libvirt-gconfig.h>

#include "virt-clone.h"
#include "virt-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVol, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVolTarget, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVolBackingStore, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStoragePool, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStoragePoolTarget, g_object_unref)

static char *
take_string (char *s)
{
  char *copy = g_strdup (s);

  free (s);
  return copy;
}

static virStoragePoolPtr
active_pool (VdConnection *conn, const char *name, GError **error)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (conn->conn, name);

  if (pool == NULL)
    return vd_virt_set_error (error, "cannot find storage pool '%s'", name), NULL;
  if (virStoragePoolIsActive (pool) != 1)
    {
      virStoragePoolFree (pool);
      g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_NO_POOL,
                   "storage pool '%s' is not active; start it with 'virsh pool-start %s'",
                   name, name);
      return NULL;
    }
  return pool;
}

/* The volume at PATH; refreshes the pool whose folder holds it when
 * libvirt does not know the file yet. */
static virStorageVolPtr
volume_at (VdConnection *conn, const char *path)
{
  virStorageVolPtr vol = virStorageVolLookupByPath (conn->conn, path);
  g_autofree char *dir = NULL;
  g_autoptr(virStoragePool) pool = NULL;

  if (vol)
    return vol;
  virResetLastError ();
  dir = g_path_get_dirname (path);
  pool = virStoragePoolLookupByTargetPath (conn->conn, dir);
  if (pool && virStoragePoolIsActive (pool) == 1 && virStoragePoolRefresh (pool, 0) == 0)
    vol = virStorageVolLookupByPath (conn->conn, path);
  virResetLastError ();
  return vol;
}

gboolean
vd_volume_find_by_path (VdConnection *conn, const char *path, char **pool_name,
                        char **volume, GError **error)
{
  g_autoptr(virStorageVol) vol = volume_at (conn, path);
  g_autoptr(virStoragePool) pool = vol ? virStoragePoolLookupByVolume (vol) : NULL;

  if (pool == NULL)
    {
      virResetLastError ();
      return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_NO_POOL,
                          "%s is in no active storage pool; vdctl copies images through "
                          "libvirt's storage pools: make its folder one with "
                          "'virsh pool-define-as NAME dir --target FOLDER' and "
                          "'virsh pool-start NAME'", path), FALSE;
    }
  *pool_name = g_strdup (virStoragePoolGetName (pool));
  *volume = g_strdup (virStorageVolGetName (vol));
  return TRUE;
}

static char *
volume_xml (const char *name, guint64 capacity, const char *format, const char *backing,
            const char *backing_format)
{
  g_autoptr(GVirConfigStorageVol) config = gvir_config_storage_vol_new ();
  g_autoptr(GVirConfigStorageVolTarget) target = gvir_config_storage_vol_target_new ();

  gvir_config_storage_vol_set_name (config, name);
  gvir_config_storage_vol_set_capacity (config, capacity);
  gvir_config_storage_vol_target_set_format (target, format);
  gvir_config_storage_vol_set_target (config, target);
  if (backing)
    {
      g_autoptr(GVirConfigStorageVolBackingStore) store =
        gvir_config_storage_vol_backing_store_new ();

      gvir_config_storage_vol_backing_store_set_path (store, backing);
      gvir_config_storage_vol_backing_store_set_format (store, backing_format);
      gvir_config_storage_vol_set_backing_store (config, store);
    }
  return gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));
}

static gboolean
refuse_existing (virStoragePoolPtr pool, const char *pool_name, const char *name,
                 GError **error)
{
  g_autoptr(virStorageVol) vol = virStorageVolLookupByName (pool, name);

  virResetLastError ();
  if (vol == NULL)
    return TRUE;
  return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS,
                      "volume '%s' already exists in pool '%s'", name, pool_name), FALSE;
}

/* VOL's path; VOL is deleted when it cannot be read. */
static char *
path_of (virStorageVolPtr vol, const char *name, GError **error)
{
  char *path = virStorageVolGetPath (vol);

  if (path == NULL)
    {
      vd_virt_set_error (error, "cannot read the path of volume '%s'", name);
      virStorageVolDelete (vol, 0);
      return NULL;
    }
  return take_string (path);
}

static char *
clone_volume (VdConnection *conn, virStorageVolPtr src, const char *pool_name,
              const char *name, const char *format, GError **error)
{
  g_autoptr(virStoragePool) pool = active_pool (conn, pool_name, error);
  g_autoptr(virStorageVol) vol = NULL;
  g_autofree char *xml = NULL;
  virStorageVolInfo info;

  if (pool == NULL || !refuse_existing (pool, pool_name, name, error))
    return NULL;
  if (virStorageVolGetInfo (src, &info) < 0)
    return vd_virt_set_error (error, "cannot read the size of volume '%s'",
                              virStorageVolGetName (src)), NULL;
  xml = volume_xml (name, info.capacity, format, NULL, NULL);
  vol = virStorageVolCreateXMLFrom (pool, xml, src, 0);
  if (vol == NULL)
    return vd_virt_set_error (error, "cannot copy volume '%s' into '%s' in pool '%s'",
                              virStorageVolGetName (src), name, pool_name), NULL;
  return path_of (vol, name, error);
}

char *
vd_volume_clone (VdConnection *conn, const char *src_pool, const char *src_volume,
                 const char *pool, const char *name, const char *format, GError **error)
{
  g_autoptr(virStoragePool) from = active_pool (conn, src_pool, error);
  g_autoptr(virStorageVol) src = NULL;

  if (from == NULL)
    return NULL;
  src = virStorageVolLookupByName (from, src_volume);
  if (src == NULL)
    return vd_virt_set_error (error, "cannot find volume '%s' in pool '%s'", src_volume,
                              src_pool), NULL;
  return clone_volume (conn, src, pool, name, format, error);
}

/* A transient directory pool over DIR, for one copy. */
static virStoragePoolPtr
transient_pool (VdConnection *conn, const char *dir, GError **error)
{
  g_autoptr(GVirConfigStoragePool) config = gvir_config_storage_pool_new ();
  g_autoptr(GVirConfigStoragePoolTarget) target = gvir_config_storage_pool_target_new ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strdup_printf ("vdctl-copy-%s", uuid);
  g_autofree char *xml = NULL;
  virStoragePoolPtr pool;

  gvir_config_storage_pool_set_pool_type (config, GVIR_CONFIG_STORAGE_POOL_TYPE_DIR);
  gvir_config_storage_pool_set_name (config, name);
  gvir_config_storage_pool_target_set_path (target, dir);
  gvir_config_storage_pool_set_target (config, target);
  xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));
  pool = virStoragePoolCreateXML (conn->conn, xml, 0);
  if (pool == NULL)
    vd_virt_set_error (error, "cannot reach %s through a storage pool", dir);
  return pool;
}

char *
vd_file_clone_to_volume (VdConnection *conn, const char *path, const char *pool_name,
                         const char *name, GError **error)
{
  g_autoptr(virStorageVol) src = volume_at (conn, path);
  g_autoptr(virStoragePool) temporary = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  char *copy;

  if (src)
    return clone_volume (conn, src, pool_name, name, "raw", error);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  temporary = transient_pool (conn, dir, error);
  if (temporary == NULL)
    return NULL;
  src = virStorageVolLookupByName (temporary, base);
  virResetLastError ();
  copy = src ? clone_volume (conn, src, pool_name, name, "raw", error) : NULL;
  virStoragePoolDestroy (temporary);
  virResetLastError ();
  return copy;
}

char *
vd_volume_create_overlay (VdConnection *conn, const char *pool_name, const char *name,
                          const char *backing, const char *backing_format, GError **error)
{
  g_autoptr(virStoragePool) pool = active_pool (conn, pool_name, error);
  g_autoptr(virStorageVol) base = NULL;
  g_autoptr(virStorageVol) vol = NULL;
  g_autofree char *xml = NULL;
  virStorageVolInfo info;

  if (pool == NULL || !refuse_existing (pool, pool_name, name, error))
    return NULL;
  base = volume_at (conn, backing);
  if (base == NULL || virStorageVolGetInfo (base, &info) < 0)
    return vd_virt_set_error (error, "cannot read the size of the base image %s", backing),
           NULL;
  xml = volume_xml (name, info.capacity, "qcow2", backing, backing_format);
  vol = virStorageVolCreateXML (pool, xml, 0);
  if (vol == NULL)
    return vd_virt_set_error (error, "cannot create overlay '%s' in pool '%s'", name,
                              pool_name), NULL;
  return path_of (vol, name, error);
}

gboolean
vd_volume_exists (VdConnection *conn, const char *pool_name, const char *name)
{
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn->conn, pool_name);
  g_autoptr(virStorageVol) vol = pool ? virStorageVolLookupByName (pool, name) : NULL;

  virResetLastError ();
  return vol != NULL;
}

gboolean
vd_volume_get_usage (VdConnection *conn, const char *pool_name, const char *name,
                     guint64 *allocation, guint64 *capacity)
{
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn->conn, pool_name);
  g_autoptr(virStorageVol) vol = pool ? virStorageVolLookupByName (pool, name) : NULL;
  virStorageVolInfo info;

  virResetLastError ();
  if (vol == NULL || virStorageVolGetInfo (vol, &info) < 0)
    {
      virResetLastError ();
      return FALSE;
    }
  *allocation = info.allocation;
  *capacity = info.capacity;
  return TRUE;
}
