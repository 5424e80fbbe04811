/* cmd-gateway-serve.c: vdctl gateway serve — squid as a SPICE gateway.
 *
 * squid runs as vdctl's child in the foreground (daemon-child.h) with a
 * squid.conf vdctl writes in its own directory (gateway.h): HTTP CONNECT
 * only, to the SPICE ports of this host's desktops only.  libvirt's
 * events, and a check every minute besides, keep the list of ports
 * current: the file is written again and squid told to read it (SIGHUP).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "commands.h"
#include "daemon-child.h"
#include "dial.h"
#include "gateway.h"
#include "squid-conf.h"
#include "values.h"
#include "virt-events.h"

static char *opt_listen;
static char *opt_port;

const GOptionEntry vd_gateway_serve_entries[] = {
  { "listen", 0, 0, G_OPTION_ARG_STRING, &opt_listen,
    "The address the gateway listens on (default 127.0.0.1)", "ADDRESS" },
  { "port", 0, 0, G_OPTION_ARG_STRING, &opt_port,
    "The port the gateway listens on (default 3128)", "PORT" },
  { NULL }
};

#define SQUID_USER "proxy"
#define START_TIMEOUT 20
#define CHECK_INTERVAL 60
#define SETTLE_MS 300

typedef struct {
  const char *uri;
  char *listen;
  guint port;
  char *dir;
  char *conf_path;
  VdEventWatch *watch;
  VdDaemonChild *child;
  guint settle_id;
} Gateway;

static void
gateway_clear (Gateway *gw)
{
  g_clear_handle_id (&gw->settle_id, g_source_remove);
  g_clear_pointer (&gw->watch, vd_event_watch_free);
  g_free (gw->listen);
  g_free (gw->dir);
  g_free (gw->conf_path);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Gateway, gateway_clear)

/* squid.conf as the desktops are now, written; *CHANGED when it differs
 * from the file's text. */
static gboolean
write_conf (Gateway *gw, gboolean *changed, GError **error)
{
  g_autoptr(GArray) ports = NULL;
  g_auto(GStrv) self = vd_gateway_self_addresses ();
  g_autofree char *text = NULL;
  VdGatewayConf conf = { 0, };

  ports = vd_gateway_spice_ports (vd_event_watch_get_connection (gw->watch), error);
  if (ports == NULL)
    return FALSE;
  conf.listen = gw->listen;
  conf.port = gw->port;
  conf.ports = ports;
  conf.self_addresses = (const char * const *) self;
  conf.dir = gw->dir;
  conf.effective_user = geteuid () == 0 ? SQUID_USER : NULL;
  text = vd_gateway_conf_build (&conf, error);
  return text != NULL && vd_gateway_write_conf (gw->conf_path, text, changed, error);
}

static void on_event (const VdDesktopEvent *event, gpointer data);
static void on_closed (const char *reason, gpointer data);

static gboolean
open_watch (Gateway *gw, GError **error)
{
  gw->watch = vd_event_watch_open (gw->uri, TRUE, on_event, on_closed, gw, error);
  return gw->watch != NULL;
}

/* Bring squid's list of ports up to date. */
static void
refresh (Gateway *gw)
{
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  if (gw->watch == NULL || !vd_event_watch_is_alive (gw->watch))
    {
      g_clear_pointer (&gw->watch, vd_event_watch_free);
      if (!open_watch (gw, &error))
        {
          g_printerr ("vdctl: warning: cannot reach libvirt, the gateway keeps its ports: "
                      "%s\n", error->message);
          return;
        }
    }
  if (!write_conf (gw, &changed, &error))
    {
      g_printerr ("vdctl: warning: the gateway keeps its ports: %s\n", error->message);
      return;
    }
  if (changed && gw->child)
    {
      vd_info ("The desktops' ports changed; squid reads %s again\n", gw->conf_path);
      kill (vd_daemon_child_pid (gw->child), SIGHUP);
    }
}

static gboolean
settled (gpointer data)
{
  Gateway *gw = data;

  gw->settle_id = 0;
  refresh (gw);
  return G_SOURCE_REMOVE;
}

static void
on_event (const VdDesktopEvent *event, gpointer data)
{
  Gateway *gw = data;

  switch (event->kind)
    {
    case VD_EVENT_DEFINED:
    case VD_EVENT_UNDEFINED:
    case VD_EVENT_STARTED:
    case VD_EVENT_SHUTDOWN:
    case VD_EVENT_STOPPED:
    case VD_EVENT_CRASHED:
      /* Events come in bursts (a pool starting): one rewrite after them. */
      if (gw->settle_id == 0)
        gw->settle_id = g_timeout_add (SETTLE_MS, settled, gw);
      break;
    default:
      break;
    }
}

/* Heard in the main loop: the next tick opens a new connection. */
static void
on_closed (const char *reason, gpointer data)
{
  g_printerr ("vdctl: warning: libvirt's connection closed (%s); the gateway keeps its "
              "ports and tries again\n", reason);
  (void) data;
}

static gboolean
tick (gpointer data)
{
  refresh (data);
  return G_SOURCE_CONTINUE;
}

/* --listen, --port, then vdctl.conf, then the defaults. */
static gboolean
read_options (VdInvocation *inv, Gateway *gw, GError **error)
{
  const char *listen = opt_listen ? opt_listen
                       : vd_config_get (inv->config, VD_CONFIG_GATEWAY_LISTEN);
  const char *port = opt_port ? opt_port : vd_config_get (inv->config, VD_CONFIG_GATEWAY_PORT);
  g_autofree char *remote = NULL;
  guint64 n = 0;

  if (listen == NULL)
    listen = vd_config_key_default (VD_CONFIG_GATEWAY_LISTEN);
  if (port == NULL)
    port = vd_config_key_default (VD_CONFIG_GATEWAY_PORT);
  if (!vd_parse_listen_address (listen, &gw->listen, error) ||
      !vd_parse_count ("--port", port, 1, 65535, &n, error))
    return FALSE;
  gw->port = (guint) n;
  gw->uri = inv->uri ? inv->uri : g_getenv ("LIBVIRT_DEFAULT_URI");
  remote = vd_uri_remote_host (gw->uri);
  if (remote)
    return vd_usage_error (error, "the gateway runs on the desktops' host and opens its "
                           "ports only; run it there, not through '%s'", gw->uri);
  return TRUE;
}

static gboolean
start_squid (Gateway *gw, const char *squid, GError **error)
{
  g_autofree char *log_path = g_build_filename (gw->dir, "squid.out", NULL);
  const char *argv[] = { squid, "-N", "-f", gw->conf_path, NULL };

  gw->child = vd_daemon_child_spawn (argv, log_path, error);
  if (gw->child == NULL)
    return FALSE;
  if (!vd_daemon_child_wait_listening (gw->child, gw->listen, gw->port, START_TIMEOUT,
                                       error))
    return FALSE;
  vd_info ("Gateway on %s port %u (squid, pid %d); its files are in %s\n", gw->listen,
           gw->port, vd_daemon_child_pid (gw->child), gw->dir);
  return TRUE;
}

gboolean
vd_cmd_gateway_serve (VdInvocation *inv, GError **error)
{
  g_auto(Gateway) gw = { 0, };
  g_autoptr(VdDaemonChild) child = NULL;
  g_autofree char *squid = NULL;
  gboolean changed;
  gboolean ok;

  if (!read_options (inv, &gw, error))
    return FALSE;
  squid = vd_daemon_find ("squid", "squid", error);
  if (squid == NULL || !vd_listen_port_free (gw.listen, gw.port, error))
    return FALSE;
  gw.dir = vd_gateway_dir ();
  gw.conf_path = g_build_filename (gw.dir, "squid.conf", NULL);
  vd_virt_events_init ();
  if (!open_watch (&gw, error) ||
      !vd_gateway_prepare_dir (gw.dir, geteuid () == 0 ? SQUID_USER : NULL, error) ||
      !write_conf (&gw, &changed, error))
    return FALSE;
  ok = start_squid (&gw, squid, error);
  child = gw.child;
  if (!ok)
    return FALSE;
  ok = vd_daemon_child_run (child, CHECK_INTERVAL, tick, &gw, error);
  gw.child = NULL;
  return ok;
}
