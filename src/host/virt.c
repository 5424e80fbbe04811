/* virt.c: the libvirt boundary.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <dlfcn.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>
#include <libvirt-gconfig/libvirt-gconfig.h>

#include "virt.h"
#include "virt-private.h"
#include "domain-cpu.h"
#include "interrupt.h"
#include "secret.h"
#include "xml-util.h"

G_DEFINE_QUARK (vd-virt-error-quark, vd_virt_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (virNetwork, virNetworkFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVol, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVolTarget, g_object_unref)

struct _VdConnection {
  virConnectPtr conn;
  char *uri;
  char *virt_type;
  gboolean kvm_probed;
  int kvm;                    /* 1 offered, 0 not, -1 the driver cannot say */
  gboolean host_virtual;
  gboolean read_only;         /* virConnectOpenReadOnly */
};

struct _VdVirtDomain {
  virDomainPtr dom;
  char *name;
};

static void
silent_error_handler (void *data, virErrorPtr error)
{
  /* Errors reach the user once, through GError; libvirt must not print
   * them a second time on stderr. */
}

/* libssh2.h, which vdctl does not build against. */
#define LIBSSH2_INIT_NO_CRYPTO 0x0001

/* The libvirt.conf libvirt's client reads: its uri_default names the
 * hypervisor when no URI is given, and its uri_aliases map short names to
 * URIs. */
static char *
libvirt_conf_path (void)
{
  if (geteuid () == 0)
    return g_strdup ("/etc/libvirt/libvirt.conf");
  return g_build_filename (g_get_user_config_dir (), "libvirt", "libvirt.conf", NULL);
}

/* Whether libssh2 may carry the connection to URI (NULL: libvirt's
 * default): when the URI says so, or when libvirt resolves it through a
 * libvirt.conf that mentions libssh2 anywhere. */
static gboolean
libssh2_may_carry (const char *uri)
{
  g_autofree char *path = NULL;
  g_autofree char *conf = NULL;

  if (uri == NULL || *uri == '\0')
    uri = g_getenv ("LIBVIRT_DEFAULT_URI");
  if (uri && strstr (uri, "libssh2"))
    return TRUE;
  if (uri && strstr (uri, "://"))
    return FALSE;
  path = libvirt_conf_path ();
  return g_file_get_contents (path, &conf, NULL, NULL) && strstr (conf, "libssh2") != NULL;
}

/* virInitialize initializes libcurl, for libvirt's ESX driver, and libcurl
 * initializes libssh2, for SFTP, which has OpenSSL load every error string
 * it has: about 0.3 ms of every command that connects, for transfers that
 * libvirt never makes.  Unless libssh2 may carry the connection itself
 * (qemu+libssh2://), vdctl initializes libssh2 first without its crypto
 * backend (libssh2's LIBSSH2_INIT_NO_CRYPTO), and libcurl's call then finds
 * it initialized.  A process without libssh2 has nothing to skip. */
static void
init_libssh2_without_crypto (const char *uri)
{
  int (*libssh2_init) (int flags);

  if (libssh2_may_carry (uri))
    return;
  libssh2_init = (int (*) (int)) dlsym (RTLD_DEFAULT, "libssh2_init");
  if (libssh2_init)
    libssh2_init (LIBSSH2_INIT_NO_CRYPTO);
}

static gpointer
init_libvirt (gpointer uri)
{
  virSetErrorFunc (NULL, silent_error_handler);
  init_libssh2_without_crypto (uri);
  virInitialize ();
  return NULL;
}

/* URI: the first connection's, which decides how libssh2 starts. */
static void
ensure_init (const char *uri)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_libvirt, (gpointer) uri);
}

static VdVirtError
code_from_virerror (int code)
{
  switch (code)
    {
    case VIR_ERR_NO_DOMAIN:
      return VD_VIRT_ERROR_NO_DOMAIN;
    case VIR_ERR_DOM_EXIST:
      return VD_VIRT_ERROR_EXISTS;
    case VIR_ERR_NO_STORAGE_POOL:
      return VD_VIRT_ERROR_NO_POOL;
    default:
      return VD_VIRT_ERROR_FAILED;
    }
}

/* Fill ERROR from libvirt's last error, prefixed with what was being
 * done. */
static gboolean
set_virt_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_virt_error (GError **error, const char *format, ...)
{
  virErrorPtr err = virGetLastError ();
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (err && err->message)
    g_set_error (error, VD_VIRT_ERROR, code_from_virerror (err->code),
                 "%s: %s", what, err->message);
  else
    g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED, "%s", what);
  virResetLastError ();
  return FALSE;
}

gboolean
vd_virt_set_error (GError **error, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  return set_virt_error (error, "%s", what);
}

/* ---- connections --------------------------------------------------- */

virConnectPtr
vd_connection_get_ptr (VdConnection *conn)
{
  return conn->conn;
}

static VdConnection *
open_connection (const char *uri, gboolean read_only, GError **error)
{
  g_autofree VdConnection *conn = g_new0 (VdConnection, 1);
  char *actual;

  ensure_init (uri);
  /* No authentication callback: vdctl never prompts. */
  conn->conn = read_only ? virConnectOpenReadOnly (uri) : virConnectOpen (uri);
  conn->read_only = read_only;
  if (conn->conn == NULL)
    {
      set_virt_error (error, "cannot connect to %s",
                      uri ? uri : "the default hypervisor");
      if (error && *error)
        (*error)->code = VD_VIRT_ERROR_CONNECT;
      return NULL;
    }
  actual = virConnectGetURI (conn->conn);
  conn->uri = g_strdup (actual ? actual : uri);
  free (actual);
  return g_steal_pointer (&conn);
}

VdConnection *
vd_connection_open (const char *uri, GError **error)
{
  return open_connection (uri, FALSE, error);
}

VdConnection *
vd_connection_open_read_only (const char *uri, GError **error)
{
  return open_connection (uri, TRUE, error);
}

gboolean
vd_connection_is_read_only (VdConnection *conn)
{
  return conn->read_only;
}

void
vd_connection_free (VdConnection *conn)
{
  if (conn == NULL)
    return;
  virConnectClose (conn->conn);
  g_free (conn->uri);
  g_free (conn->virt_type);
  g_free (conn);
}

const char *
vd_connection_get_uri (VdConnection *conn)
{
  return conn->uri;
}

/* One question answers both whether KVM is offered and whether the host
 * is itself a virtual machine: the domain capabilities for kvm. */
static void
probe_kvm (VdConnection *conn)
{
  char *caps;
  virErrorPtr err;

  if (conn->kvm_probed)
    return;
  conn->kvm_probed = TRUE;
  caps = virConnectGetDomainCapabilities (conn->conn, NULL, "x86_64", "q35", "kvm", 0);
  if (caps)
    {
      conn->kvm = 1;
      conn->host_virtual = vd_domcaps_host_is_virtual (caps);
      free (caps);
      return;
    }
  err = virGetLastError ();
  conn->kvm = err && err->code == VIR_ERR_NO_SUPPORT ? -1 : 0;
  virResetLastError ();
}

/* kvm when the host offers it, else qemu (TCG).  A driver that offers
 * neither (libvirt's test driver) gets kvm: vdctl writes QEMU desktops. */
const char *
vd_connection_pick_virt_type (VdConnection *conn, GError **error)
{
  g_autofree char *caps = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) ctxt = NULL;
  static const char * const preferred[] = { "kvm", "qemu" };

  if (conn->virt_type)
    return conn->virt_type;
  probe_kvm (conn);
  if (conn->kvm >= 0)
    {
      conn->virt_type = g_strdup (conn->kvm ? "kvm" : "qemu");
      return conn->virt_type;
    }

  /* No domain capabilities: read what the driver's capabilities offer. */

  caps = virConnectGetCapabilities (conn->conn);
  if (caps == NULL)
    {
      set_virt_error (error, "cannot read the host's capabilities");
      return NULL;
    }
  doc = vd_xml_parse (caps, -1, "the host's capabilities", error);
  if (doc == NULL)
    return NULL;
  ctxt = xmlXPathNewContext (doc);
  for (gsize i = 0; i < G_N_ELEMENTS (preferred); i++)
    {
      g_autofree char *expr =
        g_strdup_printf ("boolean(/capabilities/guest[os_type='hvm']"
                         "/arch[@name='x86_64']/domain[@type='%s'])", preferred[i]);
      g_autoptr(xmlXPathObject) obj = xmlXPathEvalExpression ((const xmlChar *) expr, ctxt);

      if (obj && obj->boolval)
        {
          conn->virt_type = g_strdup (preferred[i]);
          return conn->virt_type;
        }
    }
  conn->virt_type = g_strdup ("kvm");
  return conn->virt_type;
}

gboolean
vd_connection_host_is_virtual (VdConnection *conn, const char *virt_type)
{
  /* Only KVM passes the host's CPU through. */
  if (g_strcmp0 (virt_type, "kvm") != 0)
    return FALSE;
  probe_kvm (conn);
  return conn->host_virtual;
}

gboolean
vd_connection_is_alive (VdConnection *conn)
{
  int alive = virConnectIsAlive (conn->conn);

  virResetLastError ();
  return alive == 1;
}

gboolean
vd_connection_has_network (VdConnection *conn, const char *name)
{
  g_autoptr(virNetwork) net = virNetworkLookupByName (conn->conn, name);

  virResetLastError ();
  return net != NULL;
}

char *
vd_connection_network_address (VdConnection *conn, const char *name, GError **error)
{
  g_autoptr(virNetwork) net = virNetworkLookupByName (conn->conn, name);
  g_autofree char *xml = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  char *text;

  if (net == NULL)
    return set_virt_error (error, "cannot look up libvirt network '%s'", name), NULL;
  text = virNetworkGetXMLDesc (net, 0);
  if (text == NULL)
    return set_virt_error (error, "cannot read libvirt network '%s'", name), NULL;
  xml = g_strdup (text);
  free (text);
  doc = vd_xml_parse (xml, -1, "the network definition", error);
  if (doc == NULL)
    return NULL;
  /* The address of its first <ip>: the host's own on that network. */
  for (xmlNode *ip = vd_xml_first_element (xmlDocGetRootElement (doc), "ip"); ip;
       ip = vd_xml_next_element (ip, "ip"))
    {
      char *address = vd_xml_get_prop (ip, "address");

      if (address)
        return address;
    }
  return NULL;
}

int
vd_connection_network_is_active (VdConnection *conn, const char *name)
{
  g_autoptr(virNetwork) net = virNetworkLookupByName (conn->conn, name);
  int active = net ? virNetworkIsActive (net) : -1;

  virResetLastError ();
  return active < 0 ? -1 : active;
}

int
vd_connection_offers_virt_type (VdConnection *conn, const char *virt_type)
{
  g_autofree char *caps = NULL;
  char *text;

  if (strcmp (virt_type, "kvm") == 0)
    {
      probe_kvm (conn);
      if (conn->kvm >= 0)
        return conn->kvm;
    }
  text = virConnectGetCapabilities (conn->conn);
  virResetLastError ();
  if (text == NULL)
    return -1;
  caps = g_strdup (text);
  free (text);
  return vd_caps_offers_virt_type (caps, virt_type);
}

char **
vd_connection_list_domain_names (VdConnection *conn, GError **error)
{
  g_autoptr(GPtrArray) domains = vd_virt_domain_list_all (conn, error);
  GPtrArray *names;

  if (domains == NULL)
    return NULL;
  names = g_ptr_array_new ();
  for (guint i = 0; i < domains->len; i++)
    g_ptr_array_add (names, g_strdup (vd_virt_domain_get_name (domains->pdata[i])));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* ---- storage ------------------------------------------------------- */

static virStoragePoolPtr
lookup_pool (VdConnection *conn, const char *pool_name, GError **error)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (conn->conn, pool_name);
  int active;

  if (pool == NULL)
    {
      set_virt_error (error, "storage pool '%s' is not available (choose another "
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
      set_virt_error (error, "cannot create volume '%s' in pool '%s'", name, pool_name);
      return NULL;
    }
  path = virStorageVolGetPath (vol);
  if (path == NULL)
    {
      virStorageVolDelete (vol, 0);
      set_virt_error (error, "cannot read the path of volume '%s'", name);
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
    return set_virt_error (error, "cannot find storage pool '%s'", pool_name);
  vol = virStorageVolLookupByName (pool, name);
  if (vol == NULL)
    return set_virt_error (error, "cannot find volume '%s' in pool '%s'", name, pool_name);
  if (virStorageVolDelete (vol, 0) < 0)
    return set_virt_error (error, "cannot delete volume '%s' from pool '%s'", name, pool_name);
  return TRUE;
}

/* ---- domains ------------------------------------------------------- */

static VdVirtDomain *
wrap_domain (virDomainPtr dom)
{
  VdVirtDomain *d = g_new0 (VdVirtDomain, 1);

  d->dom = dom;
  d->name = g_strdup (virDomainGetName (dom));
  return d;
}

static int
compare_domains (gconstpointer a, gconstpointer b)
{
  const VdVirtDomain *da = *(VdVirtDomain * const *) a;
  const VdVirtDomain *db = *(VdVirtDomain * const *) b;

  return g_strcmp0 (da->name, db->name);
}

VdVirtDomain *
vd_virt_domain_lookup (VdConnection *conn, const char *name, GError **error)
{
  virDomainPtr dom = virDomainLookupByName (conn->conn, name);

  if (dom == NULL)
    {
      virErrorPtr err = virGetLastError ();

      if (err && err->code == VIR_ERR_NO_DOMAIN)
        {
          virResetLastError ();
          g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_NO_DOMAIN,
                       "no desktop named '%s' on %s (see 'vdctl list')",
                       name, conn->uri);
          return NULL;
        }
      set_virt_error (error, "cannot look up desktop '%s'", name);
      return NULL;
    }
  return wrap_domain (dom);
}

gboolean
vd_virt_domain_exists (VdConnection *conn, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (conn->conn, name);

  virResetLastError ();
  if (dom == NULL)
    return FALSE;
  virDomainFree (dom);
  return TRUE;
}

gboolean
vd_virt_domain_uuid_exists (VdConnection *conn, const char *uuid)
{
  virDomainPtr dom = virDomainLookupByUUIDString (conn->conn, uuid);

  virResetLastError ();
  if (dom == NULL)
    return FALSE;
  virDomainFree (dom);
  return TRUE;
}

VdVirtDomain *
vd_virt_domain_ref (VdVirtDomain *dom)
{
  virDomainRef (dom->dom);
  return wrap_domain (dom->dom);
}

VdVirtDomain *
vd_virt_domain_define (VdConnection *conn, const char *xml, GError **error)
{
  /* No VIR_DOMAIN_DEFINE_VALIDATE: libvirt 9.0 reloads its whole schema
   * for it on every define (most of a define's cost).  What vdctl writes
   * is schema-checked by its test suite; libvirt's parser still checks
   * every definition. */
  virDomainPtr dom = virDomainDefineXMLFlags (conn->conn, xml, 0);

  if (dom == NULL)
    {
      virErrorPtr err = virGetLastError ();
      gboolean exists = err && err->code == VIR_ERR_OPERATION_FAILED && err->message &&
                        strstr (err->message, "already exists");

      set_virt_error (error, "cannot define the domain");
      if (exists && error && *error)
        (*error)->code = VD_VIRT_ERROR_EXISTS;
      return NULL;
    }
  return wrap_domain (dom);
}

void
vd_virt_domain_free (VdVirtDomain *dom)
{
  if (dom == NULL)
    return;
  virDomainFree (dom->dom);
  g_free (dom->name);
  g_free (dom);
}

const char *
vd_virt_domain_get_name (VdVirtDomain *dom)
{
  return dom->name;
}

char *
vd_virt_domain_get_uuid (VdVirtDomain *dom)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (virDomainGetUUIDString (dom->dom, uuid) < 0)
    {
      virResetLastError ();
      return NULL;
    }
  return g_strdup (uuid);
}

static char *
get_xml (VdVirtDomain *dom, gboolean inactive, gboolean secure, GError **error)
{
  unsigned int flags = secure ? VIR_DOMAIN_XML_SECURE : 0;
  char *xml, *copy;

  if (inactive)
    flags |= VIR_DOMAIN_XML_INACTIVE;
  /* With the secure flag the text holds passwords. */
  if (secure)
    vd_secret_protect_process ();
  xml = virDomainGetXMLDesc (dom->dom, flags);
  if (xml == NULL)
    {
      set_virt_error (error, "cannot read the definition of '%s'", dom->name);
      return NULL;
    }
  copy = g_strdup (xml);
  /* It may hold passwords. */
  explicit_bzero (xml, strlen (xml));
  free (xml);
  return copy;
}

char *
vd_virt_domain_get_xml (VdVirtDomain *dom, gboolean inactive, GError **error)
{
  return get_xml (dom, inactive, TRUE, error);
}

static xmlDoc *
get_doc (VdVirtDomain *dom, gboolean inactive, gboolean secure, GError **error)
{
  g_autofree char *xml = get_xml (dom, inactive, secure, error);
  xmlDoc *doc;

  if (xml == NULL)
    return NULL;
  doc = vd_xml_parse (xml, -1, inactive ? "the domain definition" : "the running definition",
                      error);
  explicit_bzero (xml, strlen (xml));
  return doc;
}

xmlDoc *
vd_virt_domain_get_doc (VdVirtDomain *dom, gboolean inactive, GError **error)
{
  return get_doc (dom, inactive, TRUE, error);
}

xmlDoc *
vd_virt_domain_get_public_doc (VdVirtDomain *dom, gboolean inactive, GError **error)
{
  return get_doc (dom, inactive, FALSE, error);
}

VdDomainState
vd_virt_domain_get_state (VdVirtDomain *dom, const char **name)
{
  int state = 0, reason = 0;
  VdDomainState result;
  const char *text;

  if (virDomainGetState (dom->dom, &state, &reason, 0) < 0)
    {
      virResetLastError ();
      state = VIR_DOMAIN_NOSTATE;
    }
  switch (state)
    {
    case VIR_DOMAIN_RUNNING:
      result = VD_DOMAIN_STATE_RUNNING;
      text = "running";
      break;
    case VIR_DOMAIN_PAUSED:
      result = VD_DOMAIN_STATE_PAUSED;
      text = "paused";
      break;
    case VIR_DOMAIN_SHUTOFF:
      result = VD_DOMAIN_STATE_SHUTOFF;
      text = "shut off";
      break;
    case VIR_DOMAIN_SHUTDOWN:
      result = VD_DOMAIN_STATE_OTHER;
      text = "shutting down";
      break;
    case VIR_DOMAIN_CRASHED:
      result = VD_DOMAIN_STATE_OTHER;
      text = "crashed";
      break;
    case VIR_DOMAIN_PMSUSPENDED:
      result = VD_DOMAIN_STATE_OTHER;
      text = "suspended";
      break;
    case VIR_DOMAIN_BLOCKED:
      result = VD_DOMAIN_STATE_RUNNING;
      text = "running";
      break;
    default:
      result = VD_DOMAIN_STATE_UNKNOWN;
      text = "unknown";
      break;
    }
  if (name)
    *name = text;
  return result;
}

/* What to do about the host limitations QEMU reports most often. */
static const char *
start_failure_hint (const char *message)
{
  if (strstr (message, "failed to set MSR 0x400000"))
    return "this host's KVM refuses the guest's Hyper-V enlightenments; "
           "recreate the desktop with --virt-type qemu (TCG)";
  if (strstr (message, "failed to set MSR"))
    return "this host's KVM refuses a model-specific register of the guest CPU "
           "(common under nested KVM); recreate the desktop with --virt-type qemu (TCG)";
  if (strstr (message, "System Management Mode") || strstr (message, "SMM"))
    return "this host's KVM does not support SMM, which Secure Boot needs; "
           "recreate the desktop with --virt-type qemu (TCG)";
  if (strstr (message, "/dev/kvm") || strstr (message, "KVM is not available") ||
      strstr (message, "kvm\" is not supported"))
    return "KVM is not available on this host; recreate the desktop with "
           "--virt-type qemu (TCG)";
  return NULL;
}

gboolean
vd_virt_domain_start (VdVirtDomain *dom, GError **error)
{
  virErrorPtr err;
  const char *hint;

  if (virDomainCreate (dom->dom) == 0)
    return TRUE;
  err = virGetLastError ();
  hint = err && err->message ? start_failure_hint (err->message) : NULL;
  set_virt_error (error, "cannot start desktop '%s'", dom->name);
  if (hint && error && *error)
    g_prefix_error (error, "%s; ", hint);
  return FALSE;
}

gboolean
vd_virt_domain_destroy (VdVirtDomain *dom, GError **error)
{
  if (virDomainDestroy (dom->dom) < 0)
    return set_virt_error (error, "cannot power off desktop '%s'", dom->name);
  return TRUE;
}

gboolean
vd_virt_domain_undefine (VdVirtDomain *dom, GError **error)
{
  unsigned int flags = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                       VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                       VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA |
                       VIR_DOMAIN_UNDEFINE_NVRAM |
                       VIR_DOMAIN_UNDEFINE_TPM;

  if (virDomainUndefineFlags (dom->dom, flags) < 0)
    {
      /* Drivers without NVRAM or TPM support refuse those flags. */
      virErrorPtr err = virGetLastError ();

      if (err && (err->code == VIR_ERR_INVALID_ARG || err->code == VIR_ERR_NO_SUPPORT))
        {
          virResetLastError ();
          if (virDomainUndefine (dom->dom) == 0)
            return TRUE;
        }
      return set_virt_error (error, "cannot undefine desktop '%s'", dom->name);
    }
  return TRUE;
}

gboolean
vd_virt_domain_is_active (VdVirtDomain *dom)
{
  int active = virDomainIsActive (dom->dom);

  virResetLastError ();
  return active == 1;
}

gboolean
vd_virt_domain_shutdown (VdVirtDomain *dom, GError **error)
{
  if (virDomainShutdown (dom->dom) < 0)
    return set_virt_error (error, "cannot shut down desktop '%s'", dom->name);
  return TRUE;
}

gboolean
vd_virt_domain_reboot (VdVirtDomain *dom, GError **error)
{
  if (virDomainReboot (dom->dom, 0) < 0)
    return set_virt_error (error, "cannot reboot desktop '%s'", dom->name);
  return TRUE;
}

gboolean
vd_virt_domain_update_live_device (VdVirtDomain *dom, const char *device_xml,
                                   GError **error)
{
  virErrorPtr err;

  if (virDomainUpdateDeviceFlags (dom->dom, device_xml, VIR_DOMAIN_AFFECT_LIVE) == 0)
    return TRUE;
  err = virGetLastError ();
  if (err && err->message && strstr (err->message, "Could not set password"))
    {
      virResetLastError ();
      g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                   "desktop '%s' was started without a SPICE password, and QEMU "
                   "cannot add one to a running display; give it a password with "
                   "'vdctl edit %s --password-file FILE' and restart it",
                   dom->name, dom->name);
      return FALSE;
    }
  return set_virt_error (error, "cannot change the running desktop '%s'", dom->name);
}

GPtrArray *
vd_virt_domain_list_all (VdConnection *conn, GError **error)
{
  virDomainPtr *domains = NULL;
  GPtrArray *result;
  int n;

  n = virConnectListAllDomains (conn->conn, &domains, 0);
  if (n < 0)
    {
      set_virt_error (error, "cannot list the domains on %s", conn->uri);
      return NULL;
    }
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_virt_domain_free);
  for (int i = 0; i < n; i++)
    g_ptr_array_add (result, wrap_domain (domains[i]));
  free (domains);
  g_ptr_array_sort (result, compare_domains);
  return result;
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
    return set_virt_error (error, "cannot delete volume %s", path);
  return TRUE;
}

/* ---- guest addresses ----------------------------------------------- */

/* An address a client elsewhere can dial: not loopback, not link-local
 * (that needs the interface it is scoped to). */
static gboolean
dialable_address (const char *text)
{
  g_autoptr(GInetAddress) addr = text ? g_inet_address_new_from_string (text) : NULL;

  return addr && !g_inet_address_get_is_loopback (addr) &&
         !g_inet_address_get_is_link_local (addr) && !g_inet_address_get_is_any (addr);
}

static void
collect_addresses (virDomainInterfacePtr *ifaces, int n, GPtrArray *v4, GPtrArray *v6)
{
  for (int i = 0; i < n; i++)
    for (unsigned int j = 0; j < ifaces[i]->naddrs; j++)
      {
        const virDomainIPAddress *a = &ifaces[i]->addrs[j];

        if (!dialable_address (a->addr))
          continue;
        if (a->type == VIR_IP_ADDR_TYPE_IPV4)
          g_ptr_array_add (v4, g_strdup (a->addr));
        else
          g_ptr_array_add (v6, g_strdup (a->addr));
      }
}

char **
vd_virt_domain_guest_addresses (VdVirtDomain *dom, GError **error)
{
  static const struct { unsigned int source; const char *what; } sources[] = {
    { VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, "the guest agent" },
    { VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, "DHCP leases" },
    { VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP, "the ARP table" },
  };
  g_autoptr(GString) tried = g_string_new (NULL);

  if (!vd_virt_domain_is_active (dom))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is not running, so it has no address; start it "
                        "with 'vdctl start %s'", dom->name, dom->name), NULL;

  for (gsize s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      virDomainInterfacePtr *ifaces = NULL;
      g_autoptr(GPtrArray) v4 = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) v6 = g_ptr_array_new_with_free_func (g_free);
      int n = virDomainInterfaceAddresses (dom->dom, &ifaces, sources[s].source, 0);

      if (tried->len > 0)
        g_string_append (tried, "; ");
      if (n < 0)
        {
          virErrorPtr err = virGetLastError ();

          g_string_append_printf (tried, "%s: %s", sources[s].what,
                                  err && err->message ? err->message : "no answer");
          virResetLastError ();
          continue;
        }
      collect_addresses (ifaces, n, v4, v6);
      for (int i = 0; i < n; i++)
        virDomainInterfaceFree (ifaces[i]);
      free (ifaces);
      if (v4->len + v6->len > 0)
        {
          for (guint i = 0; i < v6->len; i++)
            g_ptr_array_add (v4, g_strdup (v6->pdata[i]));
          g_ptr_array_add (v4, NULL);
          return (char **) g_ptr_array_free (g_steal_pointer (&v4), FALSE);
        }
      g_string_append_printf (tried, "%s: no address", sources[s].what);
    }
  g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
               "no address found for desktop '%s' (%s); install and start the QEMU "
               "guest agent in the guest (on Windows: qemu-ga from the virtio-win "
               "drivers), or give the address with --rdp-address HOST[:PORT]",
               dom->name, tried->str);
  return NULL;
}

/* ---- uploads, the guest agent, keys -------------------------------- */

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
    return set_virt_error (error, "cannot upload volume '%s'", name);
  ok = virStorageVolUpload (vol, stream, 0, size, 0) == 0;
  if (!ok)
    set_virt_error (error, "cannot upload volume '%s'", name);
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
            set_virt_error (error, "cannot upload volume '%s'", name);
        }
      if (ok)
        {
          sent += got;
          if (progress)
            progress (sent, size, user_data);
        }
    }
  if (ok && virStreamFinish (stream) != 0)
    ok = set_virt_error (error, "cannot upload volume '%s'", name);
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
      set_virt_error (error, "cannot find the new volume '%s' in pool '%s'", name, pool_name);
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
vd_virt_domain_agent_command (VdVirtDomain *dom, const char *command, int timeout,
                              GError **error)
{
  char *reply = virDomainQemuAgentCommand (dom->dom, command, timeout, 0);
  char *copy;

  if (reply == NULL)
    {
      virErrorPtr err = virGetLastError ();

      if (err && err->code == VIR_ERR_OPERATION_INVALID && !vd_virt_domain_is_active (dom))
        {
          virResetLastError ();
          g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                       "desktop '%s' is not running; start it with 'vdctl start %s'",
                       dom->name, dom->name);
          return NULL;
        }
      set_virt_error (error, "the QEMU guest agent of desktop '%s' did not answer "
                      "(is qemu-ga installed and running in the guest?)", dom->name);
      return NULL;
    }
  copy = g_strdup (reply);
  free (reply);
  return copy;
}

gboolean
vd_virt_domain_agent_ping (VdVirtDomain *dom, int timeout)
{
  char *reply = virDomainQemuAgentCommand (dom->dom, "{\"execute\":\"guest-ping\"}",
                                           timeout, 0);

  virResetLastError ();
  free (reply);
  return reply != NULL;
}

gboolean
vd_virt_domain_detach_persistent_device (VdVirtDomain *dom, const char *device_xml,
                                         GError **error)
{
  if (virDomainDetachDeviceFlags (dom->dom, device_xml, VIR_DOMAIN_AFFECT_CONFIG) == 0)
    return TRUE;
  return set_virt_error (error, "cannot remove a device from the definition of '%s'",
                         dom->name);
}

gboolean
vd_virt_domain_press_enter (VdVirtDomain *dom, GError **error)
{
  /* Linux input event code of Enter. */
  unsigned int keys[] = { 28 };

  if (virDomainSendKey (dom->dom, VIR_KEYCODE_SET_LINUX, 0, keys, G_N_ELEMENTS (keys), 0) < 0)
    return set_virt_error (error, "cannot send a key to desktop '%s'", dom->name);
  return TRUE;
}

gint64
vd_virt_domain_read_bytes (VdVirtDomain *dom, const char *target)
{
  virDomainBlockStatsStruct stats;

  if (virDomainBlockStats (dom->dom, target, &stats, sizeof stats) < 0)
    {
      virResetLastError ();
      return -1;
    }
  return stats.rd_bytes;
}
