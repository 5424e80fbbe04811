/* virt-events.c: libvirt's domain events, heard in glib's main loop.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <libvirt-glib/libvirt-glib.h>

#include "virt-events.h"
#include "virt-private.h"

/* libvirt's keepalive: a probe every 5 s, the connection given up after
 * 3 unanswered ones. */
#define KEEPALIVE_INTERVAL 5
#define KEEPALIVE_COUNT    3

struct _VdEventWatch {
  VdConnection *conn;
  int callbacks[3];
  gboolean closed;
  VdEventFunc func;
  VdEventClosedFunc closed_func;
  gpointer user_data;
};

void
vd_virt_events_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      gvir_event_register ();
      g_once_init_leave (&done, 1);
    }
}

static VdDesktopEvent *
event_for (virDomainPtr dom, VdEventKind kind)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  if (virDomainGetUUIDString (dom, uuid) < 0)
    uuid[0] = '\0';
  return vd_desktop_event_new (kind, virDomainGetName (dom), uuid[0] ? uuid : NULL);
}

/* libvirt's lifecycle event and detail as a kind and a reason. */
static VdEventKind
lifecycle_kind (int event, int detail, const char **reason)
{
  static const char *const started[] = { "booted", "migrated", "restored",
                                         "from-snapshot", "wakeup", "recreated" };
  static const char *const suspended[] = { "paused", "migrated", "ioerror", "watchdog",
                                           "restored", "from-snapshot", "api-error",
                                           "postcopy", "postcopy-failed" };
  static const char *const stopped[] = { "shutdown", "destroyed", "crashed", "migrated",
                                         "saved", "failed", "from-snapshot" };
  static const char *const defined[] = { "added", "updated", "renamed", "from-snapshot" };
#define PICK(table) (detail >= 0 && (size_t) detail < G_N_ELEMENTS (table) ? table[detail] : NULL)

  *reason = NULL;
  switch (event)
    {
    case VIR_DOMAIN_EVENT_DEFINED:
      *reason = PICK (defined);
      return VD_EVENT_DEFINED;
    case VIR_DOMAIN_EVENT_UNDEFINED:
      return VD_EVENT_UNDEFINED;
    case VIR_DOMAIN_EVENT_STARTED:
      *reason = PICK (started);
      return VD_EVENT_STARTED;
    case VIR_DOMAIN_EVENT_SUSPENDED:
      *reason = PICK (suspended);
      return VD_EVENT_PAUSED;
    case VIR_DOMAIN_EVENT_RESUMED:
      return VD_EVENT_RESUMED;
    case VIR_DOMAIN_EVENT_STOPPED:
      *reason = PICK (stopped);
      if (detail == VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN)
        return VD_EVENT_SHUTDOWN;
      return detail == VIR_DOMAIN_EVENT_STOPPED_CRASHED ? VD_EVENT_CRASHED : VD_EVENT_STOPPED;
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
      return VD_EVENT_PM_SUSPENDED;
    case VIR_DOMAIN_EVENT_CRASHED:
      *reason = "panicked";
      return VD_EVENT_CRASHED;
    default:
      return (VdEventKind) -1;
    }
#undef PICK
}

static int
on_lifecycle (virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, int event, int detail,
              void *opaque)
{
  VdEventWatch *watch = opaque;
  const char *reason;
  VdEventKind kind = lifecycle_kind (event, detail, &reason);
  g_autoptr(VdDesktopEvent) ev = NULL;

  /* VIR_DOMAIN_EVENT_SHUTDOWN (the guest finished shutting down) comes
   * before STOPPED, which says it again. */
  if ((int) kind < 0)
    return 0;
  ev = event_for (dom, kind);
  ev->reason = g_strdup (reason);
  watch->func (ev, watch->user_data);
  return 0;
}

static void
on_reboot (virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, void *opaque)
{
  VdEventWatch *watch = opaque;
  g_autoptr(VdDesktopEvent) ev = event_for (dom, VD_EVENT_REBOOTED);

  watch->func (ev, watch->user_data);
}

static guint
port_of (const char *service)
{
  guint64 port = 0;

  if (service == NULL || !g_ascii_string_to_unsigned (service, 10, 1, 65535, &port, NULL))
    return 0;
  return (guint) port;
}

static void
on_graphics (virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, int phase,
             const virDomainEventGraphicsAddress *local,
             const virDomainEventGraphicsAddress *remote, const char *auth_scheme,
             const virDomainEventGraphicsSubject *subject, void *opaque)
{
  VdEventWatch *watch = opaque;
  VdEventKind kind = phase == VIR_DOMAIN_EVENT_GRAPHICS_CONNECT ? VD_EVENT_CHANNEL_CONNECT
                     : phase == VIR_DOMAIN_EVENT_GRAPHICS_INITIALIZE
                       ? VD_EVENT_CHANNEL_INITIALIZE : VD_EVENT_CHANNEL_DISCONNECT;
  g_autoptr(VdDesktopEvent) ev = event_for (dom, kind);

  if (remote)
    {
      ev->address = g_strdup (remote->node);
      ev->port = port_of (remote->service);
    }
  if (local)
    ev->local_port = port_of (local->service);
  ev->auth_scheme = g_strdup (auth_scheme && auth_scheme[0] ? auth_scheme : NULL);
  for (int i = 0; subject && i < subject->nidentity; i++)
    {
      const char *type = subject->identities[i].type;
      const char *name = subject->identities[i].name;

      if (g_strcmp0 (type, "x509dname") == 0 && ev->x509_dname == NULL)
        ev->x509_dname = g_strdup (name);
      else if (g_strcmp0 (type, "saslUsername") == 0 && ev->sasl_username == NULL)
        ev->sasl_username = g_strdup (name);
    }
  watch->func (ev, watch->user_data);
}

static const char *
close_reason (int reason)
{
  switch (reason)
    {
    case VIR_CONNECT_CLOSE_REASON_ERROR:
      return "the connection failed";
    case VIR_CONNECT_CLOSE_REASON_EOF:
      return "libvirt's daemon closed the connection";
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
      return "libvirt's daemon stopped answering";
    default:
      return "the connection was closed";
    }
}

static void
on_close (virConnectPtr conn G_GNUC_UNUSED, int reason, void *opaque)
{
  VdEventWatch *watch = opaque;

  if (watch->closed)
    return;
  watch->closed = TRUE;
  if (watch->closed_func)
    watch->closed_func (close_reason (reason), watch->user_data);
}

static gboolean
register_callbacks (VdEventWatch *watch, GError **error)
{
  virConnectPtr conn = vd_connection_get_ptr (watch->conn);

  watch->callbacks[0] = virConnectDomainEventRegisterAny (
      conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK (on_lifecycle),
      watch, NULL);
  watch->callbacks[1] = virConnectDomainEventRegisterAny (
      conn, NULL, VIR_DOMAIN_EVENT_ID_REBOOT, VIR_DOMAIN_EVENT_CALLBACK (on_reboot),
      watch, NULL);
  watch->callbacks[2] = virConnectDomainEventRegisterAny (
      conn, NULL, VIR_DOMAIN_EVENT_ID_GRAPHICS, VIR_DOMAIN_EVENT_CALLBACK (on_graphics),
      watch, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (watch->callbacks); i++)
    if (watch->callbacks[i] < 0)
      return vd_virt_set_error (error, "cannot hear the domain events of %s",
                                vd_connection_get_uri (watch->conn));
  return TRUE;
}

VdEventWatch *
vd_event_watch_open (const char *uri, gboolean read_only, VdEventFunc func,
                     VdEventClosedFunc closed, gpointer user_data, GError **error)
{
  g_autoptr(VdEventWatch) watch = g_new0 (VdEventWatch, 1);
  virConnectPtr conn;

  vd_virt_events_init ();
  for (guint i = 0; i < G_N_ELEMENTS (watch->callbacks); i++)
    watch->callbacks[i] = -1;
  watch->func = func;
  watch->closed_func = closed;
  watch->user_data = user_data;
  watch->conn = read_only ? vd_connection_open_read_only (uri, error)
                          : vd_connection_open (uri, error);
  if (watch->conn == NULL)
    return NULL;
  conn = vd_connection_get_ptr (watch->conn);
  /* The test driver (in the client) has nothing to keep alive. */
  if (virConnectSetKeepAlive (conn, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT) < 0)
    virResetLastError ();
  if (virConnectRegisterCloseCallback (conn, on_close, watch, NULL) < 0)
    virResetLastError ();
  if (!register_callbacks (watch, error))
    return NULL;
  return g_steal_pointer (&watch);
}

VdConnection *
vd_event_watch_get_connection (VdEventWatch *watch)
{
  return watch->conn;
}

gboolean
vd_event_watch_is_alive (VdEventWatch *watch)
{
  return !watch->closed && vd_connection_is_alive (watch->conn);
}

void
vd_event_watch_free (VdEventWatch *watch)
{
  virConnectPtr conn;

  if (watch == NULL)
    return;
  if (watch->conn)
    {
      conn = vd_connection_get_ptr (watch->conn);
      for (guint i = 0; i < G_N_ELEMENTS (watch->callbacks); i++)
        if (watch->callbacks[i] >= 0 && virConnectDomainEventDeregisterAny (
                conn, watch->callbacks[i]) < 0)
          virResetLastError ();
      if (virConnectUnregisterCloseCallback (conn, on_close) < 0)
        virResetLastError ();
      vd_connection_free (watch->conn);
    }
  g_free (watch);
}
