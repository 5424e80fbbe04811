/* virt-storage.c: storage pools and volumes through libvirt: creating,
 * deleting and uploading volumes, and what pools know about them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <libvirt-gconfig/libvirt-gconfig.h>

#include "domain-storage.h"
#include "interrupt.h"
#include "virt-private.h"
#include "virt-storage.h"
#include "xml-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVol, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVolTarget, g_object_unref)

/* ---- pools and volumes --------------------------------------------- */

static virStoragePoolPtr
lookup_pool (VdConnection *conn, const char *pool_name, GError **error)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (conn->conn, pool_name);
  int active;

  if (pool == NULL)
    {
      vd_virt_set_error (error, "storage pool '%s' is not available (choose another "
                         "with --pool, or create it with 'virsh pool-define-as')",
                         pool_name);
      return NULL;
    }
  active = virStoragePoolIsActive (pool);
  if (active != 1)
    {
      virStoragePoolFree (pool);
      g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_NO_POOL,
                   "storage pool '%s' is not active; start it with "
                   "'virsh pool-start %s'", pool_name, pool_name);
      return NULL;
    }
  return pool;
}

/* ADVICE, when given, follows the way out that always works. */
static void
set_volume_exists_error (GError **error, const char *pool_name, const char *name,
                         const char *advice)
{
  g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS,
               "volume '%s' already exists in pool '%s'; remove it with "
               "'virsh vol-delete %s --pool %s'%s%s",
               name, pool_name, name, pool_name, advice ? " or " : "", advice ? advice : "");
}

/* A new volume; EXISTS_ADVICE: what else to do about a volume of that
 * name, said with the error (NULL: only removing it). */
static char *
create_volume (VdConnection *conn, const char *pool_name, const char *name,
               guint64 capacity, const char *format, const char *exists_advice,
               GError **error)
{
  g_autoptr(virStoragePool) pool = NULL;
  g_autoptr(virStorageVol) vol = NULL;
  g_autoptr(GVirConfigStorageVol) config = NULL;
  g_autoptr(GVirConfigStorageVolTarget) target = NULL;
  g_autofree char *xml = NULL;
  char *path;

  pool = lookup_pool (conn, pool_name, error);
  if (pool == NULL)
    return NULL;

  vol = virStorageVolLookupByName (pool, name);
  virResetLastError ();
  if (vol != NULL)
    {
      set_volume_exists_error (error, pool_name, name, exists_advice);
      return NULL;
    }

  config = gvir_config_storage_vol_new ();
  gvir_config_storage_vol_set_name (config, name);
  gvir_config_storage_vol_set_capacity (config, capacity);
  target = gvir_config_storage_vol_target_new ();
  gvir_config_storage_vol_target_set_format (target, format);
  gvir_config_storage_vol_set_target (config, target);
  xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));

  vol = virStorageVolCreateXML (pool, xml, 0);
  if (vol == NULL)
    {
      virErrorPtr err = virGetLastError ();

      /* Made by someone else between the look-up and now: the same
       * answer as when the look-up finds it. */
      if (err && err->code == VIR_ERR_STORAGE_VOL_EXIST)
        {
          virResetLastError ();
          set_volume_exists_error (error, pool_name, name, exists_advice);
          return NULL;
        }
      vd_virt_set_error (error, "cannot create volume '%s' in pool '%s'", name, pool_name);
      return NULL;
    }
  path = virStorageVolGetPath (vol);
  if (path == NULL)
    {
      virStorageVolDelete (vol, 0);
      vd_virt_set_error (error, "cannot read the path of volume '%s'", name);
      return NULL;
    }
  {
    char *copy = g_strdup (path);
    free (path);
    return copy;
  }
}

char *
vd_volume_create (VdConnection *conn, const char *pool_name, const char *name,
                  guint64 capacity, const char *format, GError **error)
{
  return create_volume (conn, pool_name, name, capacity, format,
                        "attach it with --disk path=FILE", error);
}

gboolean
vd_volume_delete (VdConnection *conn, const char *pool_name, const char *name,
                  GError **error)
{
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn->conn, pool_name);
  g_autoptr(virStorageVol) vol = NULL;

  if (pool == NULL)
    return vd_virt_set_error (error, "cannot find storage pool '%s'", pool_name);
  vol = virStorageVolLookupByName (pool, name);
  if (vol == NULL)
    return vd_virt_set_error (error, "cannot find volume '%s' in pool '%s'", name, pool_name);
  if (virStorageVolDelete (vol, 0) < 0)
    return vd_virt_set_error (error, "cannot delete volume '%s' from pool '%s'", name, pool_name);
  return TRUE;
}

gboolean
vd_volume_delete_by_path (VdConnection *conn, const char *path, GError **error)
{
  g_autoptr(virStorageVol) vol = virStorageVolLookupByPath (conn->conn, path);

  if (vol == NULL)
    {
      virResetLastError ();
      return FALSE;
    }
  if (virStorageVolDelete (vol, 0) < 0)
    return vd_virt_set_error (error, "cannot delete volume %s", path);
  return TRUE;
}

gint64
vd_volume_get_capacity (VdConnection *conn, const char *pool_name, const char *name)
{
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn->conn, pool_name);
  g_autoptr(virStorageVol) vol = pool ? virStorageVolLookupByName (pool, name) : NULL;
  virStorageVolInfo info;
  gint64 capacity = -1;

  if (vol && virStorageVolGetInfo (vol, &info) == 0)
    capacity = (gint64) info.capacity;
  virResetLastError ();
  return capacity;
}

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

/* ---- uploads ------------------------------------------------------- */

/* Send SIZE bytes from IN (read from SOURCE, for messages) into VOL
 * through a new stream, a chunk at a time, reporting each chunk to
 * PROGRESS.  A stream works on a remote host as well as on this one. */
static gboolean
upload_stream (virConnectPtr conn, virStorageVolPtr vol, const char *name,
               GInputStream *in, const char *source, guint64 size,
               VdVirtProgressFunc progress, gpointer user_data, GError **error)
{
  const gsize chunk = 1024 * 1024;
  g_autofree char *buffer = g_malloc (chunk);
  g_autoptr(GError) read_error = NULL;
  virStreamPtr stream = virStreamNew (conn, 0);
  guint64 sent = 0;
  gboolean ok;

  if (stream == NULL)
    return vd_virt_set_error (error, "cannot upload volume '%s'", name);
  ok = virStorageVolUpload (vol, stream, 0, size, 0) == 0;
  if (!ok)
    vd_virt_set_error (error, "cannot upload volume '%s'", name);
  if (ok && progress)
    progress (0, size, user_data);
  while (ok && sent < size)
    {
      gssize got;

      /* A signal stops the upload between chunks (interrupt.h); the
       * caller deletes the volume. */
      if (!vd_interrupt_check (error))
        {
          ok = FALSE;
          break;
        }
      got = g_input_stream_read (in, buffer, MIN (chunk, size - sent), NULL, &read_error);

      if (got <= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot read %s: %s", source,
                       read_error ? read_error->message : "it ended early");
          ok = FALSE;
          break;
        }
      for (gssize off = 0; ok && off < got;)
        {
          int n = virStreamSend (stream, buffer + off, got - off);

          ok = n > 0;
          if (ok)
            off += n;
          else
            vd_virt_set_error (error, "cannot upload volume '%s'", name);
        }
      if (ok)
        {
          sent += got;
          if (progress)
            progress (sent, size, user_data);
        }
    }
  if (ok && virStreamFinish (stream) != 0)
    ok = vd_virt_set_error (error, "cannot upload volume '%s'", name);
  if (!ok)
    {
      virStreamAbort (stream);
      virResetLastError ();
    }
  virStreamFree (stream);
  return ok;
}

/* A new raw volume NAME in POOL_NAME holding the SIZE bytes of IN; its
 * path.  Nothing is left behind on failure. */
static char *
upload_volume (VdConnection *conn, const char *pool_name, const char *name,
               GInputStream *in, const char *source, guint64 size,
               VdVirtProgressFunc progress, gpointer user_data, GError **error)
{
  g_autoptr(virStoragePool) pool = NULL;
  g_autoptr(virStorageVol) vol = NULL;
  g_autofree char *path = create_volume (conn, pool_name, name, size, "raw", NULL, error);

  if (path == NULL)
    return NULL;
  pool = virStoragePoolLookupByName (conn->conn, pool_name);
  vol = pool ? virStorageVolLookupByName (pool, name) : NULL;
  if (vol == NULL)
    {
      vd_virt_set_error (error, "cannot find the new volume '%s' in pool '%s'", name, pool_name);
      return NULL;
    }
  if (!upload_stream (conn->conn, vol, name, in, source, size, progress, user_data, error))
    {
      virStorageVolDelete (vol, 0);
      virResetLastError ();
      return NULL;
    }
  return g_steal_pointer (&path);
}

char *
vd_volume_upload (VdConnection *conn, const char *pool_name, const char *name,
                  GBytes *data, GError **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (data);

  return upload_volume (conn, pool_name, name, in, name, g_bytes_get_size (data),
                        NULL, NULL, error);
}

char *
vd_volume_upload_file (VdConnection *conn, const char *pool_name, const char *name,
                       const char *path, VdVirtProgressFunc progress, gpointer user_data,
                       GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  in = g_file_read (file, NULL, &local_error);
  if (in)
    info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL,
                                           &local_error);
  if (info == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot read %s: %s", path,
                   local_error->message);
      return NULL;
    }
  return upload_volume (conn, pool_name, name, G_INPUT_STREAM (in), path,
                        (guint64) g_file_info_get_size (info), progress, user_data, error);
}

/* ---- volumes with a backing file ----------------------------------- */

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

/* ---- finished uploads ---------------------------------------------- */

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
