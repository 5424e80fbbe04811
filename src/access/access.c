/* access.c: how a user reaches a running desktop.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <gio/gio.h>

#include "access.h"
#include "desktop.h"
#include "domain-secrets.h"
#include "domain-xml.h"
#include "qemu-conf.h"
#include "secret.h"
#include "values.h"
#include "xml-util.h"

char *
vd_local_fqdn (void)
{
  const char *name = g_get_host_name ();
  struct addrinfo hints = { .ai_flags = AI_CANONNAME, .ai_family = AF_UNSPEC };
  struct addrinfo *res = NULL;
  char *fqdn;

  if (getaddrinfo (name, NULL, &hints, &res) != 0 || res == NULL || res->ai_canonname == NULL)
    {
      if (res)
        freeaddrinfo (res);
      return g_strdup (name);
    }
  fqdn = g_strdup (res->ai_canonname);
  freeaddrinfo (res);
  return fqdn;
}

static gboolean
load_tls_material (VdConnection *conn, const VdAccessOptions *options, VdVvFile *vv,
                   GError **error)
{
  g_auto(VdSpiceTlsConfig) config = { 0, };
  g_autofree char *remote = vd_uri_remote_host (vd_connection_get_uri (conn));
  g_autofree char *ca_path = NULL;
  g_autofree char *server_cert = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autofree char *subject = NULL;

  if (options->ca_file)
    ca_path = g_strdup (options->ca_file);
  else if (remote)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        "the desktop uses SPICE over TLS on the remote host %s; "
                        "give its SPICE CA certificate with --ca FILE", remote), FALSE;
  else
    {
      if (!vd_spice_tls_config_load (VD_QEMU_CONF, &config, error))
        return FALSE;
      ca_path = g_build_filename (config.cert_dir, "ca-cert.pem", NULL);
      server_cert = g_build_filename (config.cert_dir, "server-cert.pem", NULL);
    }

  if (!g_file_get_contents (ca_path, &vv->ca, NULL, error))
    {
      g_prefix_error (error, "cannot read the SPICE CA certificate: ");
      return FALSE;
    }
  if (server_cert == NULL)
    return TRUE;
  cert = g_tls_certificate_new_from_file (server_cert, error);
  if (cert == NULL)
    {
      g_prefix_error (error, "cannot read the SPICE server certificate: ");
      return FALSE;
    }
  /* GLib gives the subject in the certificate's own order, which is the
   * order spice-gtk compares host-subject in. */
  g_object_get (cert, "subject-name", &subject, NULL);
  vv->host_subject = g_steal_pointer (&subject);
  return TRUE;
}

static gboolean
apply_graphics (VdVirtDomain *dom, char *graphics, GError **error)
{
  gboolean ok = vd_virt_domain_update_live_device (dom, graphics, error);

  explicit_bzero (graphics, strlen (graphics));
  return ok;
}

static gboolean
set_ticket (VdVirtDomain *dom, xmlDoc *live, guint ttl, const char *password,
            char **previous, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) until = g_date_time_add_seconds (now, ttl);
  g_autofree char *graphics = NULL;

  if (previous)
    {
      g_autofree char *old_password = vd_domain_spice_password (live);
      g_autoptr(GDateTime) old_until = vd_domain_spice_password_valid_to (live);

      *previous = vd_domain_spice_ticket_xml (live, old_password, old_until);
      vd_secret_free (g_steal_pointer (&old_password));
    }
  graphics = vd_domain_spice_ticket_xml (live, password, until);
  if (apply_graphics (dom, g_steal_pointer (&graphics), error))
    return TRUE;
  g_prefix_error (error, "cannot set a one-time ticket: ");
  if (previous)
    vd_secret_free (g_steal_pointer (previous));
  return FALSE;
}

gboolean
vd_access_set_ticket (VdVirtDomain *dom, const VdVvFile *vv, guint ttl,
                      char **previous, GError **error)
{
  g_autoptr(xmlDoc) live = vd_virt_domain_get_doc (dom, FALSE, error);

  if (previous)
    *previous = NULL;
  return live != NULL && set_ticket (dom, live, ttl, vv->password, previous, error);
}

gboolean
vd_access_restore_ticket (VdVirtDomain *dom, const char *previous, GError **error)
{
  if (previous == NULL)
    return TRUE;
  return apply_graphics (dom, g_strdup (previous), error);
}

/* What the desktop lets the client share.  QEMU enforces the USB filter
 * and sends the client its rules; the .vv file's usb-filter is virt-viewer's
 * filter of the devices it shares on its own when plugged in: the
 * desktop's filter, narrowed as the options ask, so that it never names a
 * device QEMU would refuse. */
static void
apply_policy (const VdDesktopInfo *info, const VdAccessOptions *options, VdVvFile *vv)
{
  g_autoptr(GArray) rules = vd_usb_rules_narrow (info->usb_rules, options->usb_filter);

  vv->usbredir = (info->redirect & VD_REDIRECT_USB) != 0;
  vv->smartcard = (info->redirect & VD_REDIRECT_SMARTCARD) != 0;
  g_clear_pointer (&vv->usb_filter, g_free);
  if (rules && rules->len > 0)
    vv->usb_filter = vd_usb_rules_to_vv (rules);
}

/* Where the client dials a display on LISTEN: a client on this host,
 * the display's address; through a gateway on the display's host, what
 * that gateway dials; else dial.h's choice. */
static VdDialMode
choose_host (VdConnection *conn, const char *listen, const VdAccessOptions *options,
             char **host)
{
  g_autofree char *fqdn = NULL;

  /* A client on this host (websockify): the display's own address. */
  if (options->local_target)
    return vd_dial_host (listen, NULL, NULL, NULL, "127.0.0.1", host);
  if (options->proxy)
    {
      *host = options->host ? g_strdup (options->host) : vd_dial_gateway_host (listen);
      return VD_DIAL_DIRECT;
    }
  if (!options->host && !vd_address_is_loopback (listen))
    fqdn = vd_local_fqdn ();
  return vd_dial_host (listen, options->host, options->public_host,
                       vd_connection_get_uri (conn), fqdn, host);
}

gboolean
vd_access_prepare (VdConnection          *conn,
                   VdVirtDomain          *dom,
                   const VdAccessOptions *options,
                   VdVvFile              *vv,
                   VdDialMode            *mode,
                   GError               **error)
{
  const char *name = vd_virt_domain_get_name (dom);
  g_autoptr(xmlDoc) live = NULL;
  g_auto(VdDesktopInfo) info = { 0, };

  if (!vd_virt_domain_is_active (dom))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is not running; start it with 'vdctl start %s'",
                        name, name), FALSE;
  live = vd_virt_domain_get_doc (dom, FALSE, error);
  if (live == NULL || !vd_domain_read (live, &info, error))
    return FALSE;
  if (g_strcmp0 (info.graphics, "spice") != 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' has no SPICE display; add one with "
                        "'vdctl edit %s --spice' and restart it", name, name), FALSE;
  apply_policy (&info, options, vv);

  *mode = choose_host (conn, info.listen, options, &vv->host);
  if (*mode == VD_DIAL_TUNNEL && !options->for_tunnel)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' listens on loopback only, so users on other "
                        "machines cannot reach it; make it listen on all interfaces "
                        "with 'vdctl edit %s --listen 0.0.0.0' (it then needs a "
                        "password) and restart it, or use 'vdctl connect %s', which "
                        "tunnels through SSH", name, name, name), FALSE;
  if (*mode == VD_DIAL_TUNNEL)
    return TRUE;

  vv->port = info.port;
  vv->tls_port = info.tls_port;
  vv->title = g_strdup (name);
  if (vv->port <= 0 && vv->tls_port <= 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' has no SPICE port (it may listen on a socket); "
                        "give it one with 'vdctl edit %s --port auto' and restart it",
                        name, name), FALSE;

  if (options->ttl > 0)
    {
      vv->password = vd_secret_generate (error);
      if (vv->password == NULL)
        return FALSE;
      if (!options->defer_ticket &&
          !set_ticket (dom, live, options->ttl, vv->password, NULL, error))
        return FALSE;
    }
  else
    {
      g_autoptr(GDateTime) valid_to = vd_domain_spice_password_valid_to (live);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      /* The running display's password is a ticket handed out before;
       * once it has expired it opens nothing. */
      if (valid_to && g_date_time_compare (valid_to, now) <= 0)
        {
          g_autofree char *when = g_date_time_format (valid_to, "%Y-%m-%d %H:%M:%S UTC");

          return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                              "the password of the running desktop '%s' is a one-time "
                              "ticket that expired at %s; hand out a new one with "
                              "--ttl SECONDS", name, when), FALSE;
        }
      vv->password = vd_domain_spice_password (live);
      if (vv->password == NULL && !vd_address_is_loopback (info.listen))
        return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                            "desktop '%s' listens on %s with no password; set one "
                            "with 'vdctl edit %s --password-file FILE' or hand out "
                            "a one-time ticket with --ttl SECONDS", name,
                            info.listen ? info.listen : "all interfaces", name), FALSE;
    }

  /* A client on this host (websockify) dials the plain port. */
  if (vv->tls_port > 0 && !options->local_target &&
      !load_tls_material (conn, options, vv, error))
    return FALSE;
  return TRUE;
}
