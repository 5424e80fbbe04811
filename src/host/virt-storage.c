/* virt-storage.c: what storage pools know about volumes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "domain-storage.h"
#include "virt-private.h"
#include "virt-storage.h"
#include "xml-util.h"

char *
vd_volume_get_path (VdConnection *conn, const char *pool_name, const char *volume)
{
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (vd_connection_get_ptr (conn),
                                                               pool_name);
  g_autoptr(virStorageVol) vol = pool ? virStorageVolLookupByName (pool, volume) : NULL;
  char *path = vol ? virStorageVolGetPath (vol) : NULL;
  char *copy = vd_storage_path_normalize (path);

  free (path);
  virResetLastError ();
  return copy;
}

void
vd_backed_volume_free (VdBackedVolume *v)
{
  g_free (v->pool);
  g_free (v->volume);
  g_free (v->path);
  g_free (v->backing);
  g_free (v);
}

/* VOL's entry, when its image has a backing file. */
static VdBackedVolume *
read_backed_volume (virStorageVolPtr vol, const char *pool_name)
{
  char *xml = virStorageVolGetXMLDesc (vol, 0);
  g_autoptr(xmlDoc) doc = xml ? vd_xml_parse (xml, -1, "a volume's XML", NULL) : NULL;
  g_autofree char *backing = doc ? vd_volume_doc_backing_path (doc) : NULL;
  VdBackedVolume *v = NULL;

  free (xml);
  virResetLastError ();
  if (backing)
    {
      char *path = virStorageVolGetPath (vol);

      v = g_new0 (VdBackedVolume, 1);
      v->pool = g_strdup (pool_name);
      v->volume = g_strdup (virStorageVolGetName (vol));
      v->path = vd_storage_path_normalize (path);
      v->backing = g_steal_pointer (&backing);
      free (path);
      virResetLastError ();
    }
  return v;
}

static void
add_backed_volumes (virStoragePoolPtr pool, GPtrArray *out)
{
  virStorageVolPtr *vols = NULL;
  const char *pool_name = virStoragePoolGetName (pool);
  int n = virStoragePoolListAllVolumes (pool, &vols, 0);

  /* A pool that cannot list its volumes (gone meanwhile) backs nothing
   * that vdctl could find anyway. */
  virResetLastError ();
  for (int i = 0; i < n; i++)
    {
      VdBackedVolume *v = read_backed_volume (vols[i], pool_name);

      if (v)
        g_ptr_array_add (out, v);
      virStorageVolFree (vols[i]);
    }
  free (vols);
}

GPtrArray *
vd_storage_list_backed_volumes (VdConnection *conn, GError **error)
{
  virStoragePoolPtr *pools = NULL;
  GPtrArray *out;
  int n = virConnectListAllStoragePools (vd_connection_get_ptr (conn), &pools,
                                         VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);

  if (n < 0)
    {
      vd_virt_set_error (error, "cannot list the storage pools on %s",
                         vd_connection_get_uri (conn));
      return NULL;
    }
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_backed_volume_free);
  for (int i = 0; i < n; i++)
    {
      add_backed_volumes (pools[i], out);
      virStoragePoolFree (pools[i]);
    }
  free (pools);
  return out;
}

/* ---- finished uploads --------------------------------------------- */

static char *
marker_name (const char *name)
{
  return g_strconcat (name, VD_UPLOAD_MARKER_SUFFIX, NULL);
}

gboolean
vd_volume_upload_is_complete (VdConnection *conn, const char *pool_name, const char *name)
{
  g_autofree char *marker = marker_name (name);
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (vd_connection_get_ptr (conn),
                                                               pool_name);
  g_autoptr(virStorageVol) vol = pool ? virStorageVolLookupByName (pool, marker) : NULL;

  virResetLastError ();
  return vol != NULL;
}

gboolean
vd_volume_upload_set_complete (VdConnection *conn, const char *pool, const char *name,
                               GError **error)
{
  g_autofree char *marker = marker_name (name);
  g_autofree char *path = NULL;

  vd_volume_upload_forget (conn, pool, name);
  path = vd_volume_create (conn, pool, marker, 0, "raw", error);
  if (path == NULL)
    g_prefix_error (error, "cannot record that the upload of volume '%s' finished: ", name);
  return path != NULL;
}

void
vd_volume_upload_forget (VdConnection *conn, const char *pool_name, const char *name)
{
  g_autofree char *marker = marker_name (name);
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (vd_connection_get_ptr (conn),
                                                               pool_name);
  g_autoptr(virStorageVol) vol = pool ? virStorageVolLookupByName (pool, marker) : NULL;

  if (vol)
    virStorageVolDelete (vol, 0);
  virResetLastError ();
}
