/* virt-domain.c: domains through libvirt: look-up, define and undefine,
 * their XML, state, start and stop, and changes to their devices.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "virt.h"
#include "virt-private.h"
#include "secret.h"
#include "xml-util.h"

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
      vd_virt_set_error (error, "cannot look up desktop '%s'", name);
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

      vd_virt_set_error (error, "cannot define the domain");
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
      vd_virt_set_error (error, "cannot read the definition of '%s'", dom->name);
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
  vd_virt_set_error (error, "cannot start desktop '%s'", dom->name);
  if (hint && error && *error)
    g_prefix_error (error, "%s; ", hint);
  return FALSE;
}

gboolean
vd_virt_domain_destroy (VdVirtDomain *dom, GError **error)
{
  if (virDomainDestroy (dom->dom) < 0)
    return vd_virt_set_error (error, "cannot power off desktop '%s'", dom->name);
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
      return vd_virt_set_error (error, "cannot undefine desktop '%s'", dom->name);
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
    return vd_virt_set_error (error, "cannot shut down desktop '%s'", dom->name);
  return TRUE;
}

gboolean
vd_virt_domain_reboot (VdVirtDomain *dom, GError **error)
{
  if (virDomainReboot (dom->dom, 0) < 0)
    return vd_virt_set_error (error, "cannot reboot desktop '%s'", dom->name);
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
  return vd_virt_set_error (error, "cannot change the running desktop '%s'", dom->name);
}

static GPtrArray *
list_domains (VdConnection *conn, unsigned int flags, GError **error)
{
  virDomainPtr *domains = NULL;
  GPtrArray *result;
  int n;

  n = virConnectListAllDomains (conn->conn, &domains, flags);
  if (n < 0)
    {
      vd_virt_set_error (error, "cannot list the domains on %s", conn->uri);
      return NULL;
    }
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_virt_domain_free);
  for (int i = 0; i < n; i++)
    g_ptr_array_add (result, wrap_domain (domains[i]));
  free (domains);
  g_ptr_array_sort (result, compare_domains);
  return result;
}

GPtrArray *
vd_virt_domain_list_all (VdConnection *conn, GError **error)
{
  return list_domains (conn, 0, error);
}

GPtrArray *
vd_virt_domain_list_active (VdConnection *conn, GError **error)
{
  return list_domains (conn, VIR_CONNECT_LIST_DOMAINS_ACTIVE, error);
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

gboolean
vd_virt_domain_detach_persistent_device (VdVirtDomain *dom, const char *device_xml,
                                         GError **error)
{
  if (virDomainDetachDeviceFlags (dom->dom, device_xml, VIR_DOMAIN_AFFECT_CONFIG) == 0)
    return TRUE;
  return vd_virt_set_error (error, "cannot remove a device from the definition of '%s'",
                            dom->name);
}

gboolean
vd_virt_domain_press_enter (VdVirtDomain *dom, GError **error)
{
  /* Linux input event code of Enter. */
  unsigned int keys[] = { 28 };

  if (virDomainSendKey (dom->dom, VIR_KEYCODE_SET_LINUX, 0, keys, G_N_ELEMENTS (keys), 0) < 0)
    return vd_virt_set_error (error, "cannot send a key to desktop '%s'", dom->name);
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
