/* virt.c: the libvirt boundary: connections, and libvirt's errors as GErrors.
 *
 * The rest of the boundary: domains (virt-domain.c), storage pools and
 * volumes (virt-storage.c), the QEMU guest agent (virt-guest.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <dlfcn.h>
#include <string.h>
#include <unistd.h>

#include "virt.h"
#include "virt-private.h"
#include "domain-cpu.h"
#include "xml-util.h"

G_DEFINE_QUARK (vd-virt-error-quark, vd_virt_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (virNetwork, virNetworkFree)

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
gboolean
vd_virt_set_error (GError **error, const char *format, ...)
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
      vd_virt_set_error (error, "cannot connect to %s",
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
      vd_virt_set_error (error, "cannot read the host's capabilities");
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
    return vd_virt_set_error (error, "cannot look up libvirt network '%s'", name), NULL;
  text = virNetworkGetXMLDesc (net, 0);
  if (text == NULL)
    return vd_virt_set_error (error, "cannot read libvirt network '%s'", name), NULL;
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
