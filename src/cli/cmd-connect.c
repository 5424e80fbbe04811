/* cmd-connect.c: vdctl connect NAME — start a viewer for a desktop.
 *
 * The connection goes to remote-viewer through its standard input
 * ("remote-viewer -"), so the password is in no argv and no file.  The
 * viewer runs detached, its output in a log file, unless --wait
 * (viewer.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <gio/gio.h>

#include "access.h"
#include "commands.h"
#include "pool-common.h"
#include "proxy-option.h"
#include "rdp-client.h"
#include "rdp-connect.h"
#include "subprocess.h"
#include "values.h"
#include "viewer.h"

static char *opt_viewer;
static gboolean opt_wait;
static gboolean opt_debug;
static gboolean opt_fullscreen;
static gboolean opt_print;
static gboolean opt_show_password;
static char *opt_host;
static char *opt_ttl;
static char *opt_ca;
static char *opt_proxy;
static gboolean opt_no_proxy;
/* --rdp and the options that go with it. */
static VdRdpConnectOptions opt_rdp;

static char *opt_user;
static char *opt_pool;

const GOptionEntry vd_connect_entries[] = {
  { "user", 0, 0, G_OPTION_ARG_STRING, &opt_user,
    "The seat assigned to USER (vdctl pool assign) instead of a NAME", "USER" },
  { "pool", 0, 0, G_OPTION_ARG_STRING, &opt_pool,
    "With --user: the pool of the seat, where USER has several", "POOL" },
  { "viewer", 0, 0, G_OPTION_ARG_FILENAME, &opt_viewer,
    "The viewer to start (default remote-viewer)", "PROGRAM" },
  { "wait", 0, 0, G_OPTION_ARG_NONE, &opt_wait,
    "Wait for the viewer to exit", NULL },
  { "debug", 0, 0, G_OPTION_ARG_NONE, &opt_debug,
    "Start the viewer with --spice-debug", NULL },
  { "fullscreen", 0, 0, G_OPTION_ARG_NONE, &opt_fullscreen,
    "Open the viewer full screen", NULL },
  { "print", 0, 0, G_OPTION_ARG_NONE, &opt_print,
    "Print the spice:// URI and start nothing", NULL },
  { "show-password", 0, 0, G_OPTION_ARG_NONE, &opt_show_password,
    "With --print, include the password in the URI", NULL },
  { "host", 0, 0, G_OPTION_ARG_STRING, &opt_host,
    "The host name or address to dial", "NAME" },
  { "ttl", 0, 0, G_OPTION_ARG_STRING, &opt_ttl,
    "Connect with a one-time ticket valid for SECONDS", "SECONDS" },
  { "ca", 0, 0, G_OPTION_ARG_FILENAME, &opt_ca,
    "The SPICE CA certificate, for TLS desktops on a remote host", "FILE" },
  { "proxy", 0, 0, G_OPTION_ARG_STRING, &opt_proxy,
    "Go through this HTTP proxy or vdctl gateway (default: vdctl.conf's [gateway] url)",
    "URL" },
  { "no-proxy", 0, 0, G_OPTION_ARG_NONE, &opt_no_proxy,
    "Dial the desktop directly, even when vdctl.conf names a gateway", NULL },
  { "rdp", 0, 0, G_OPTION_ARG_NONE, &opt_rdp.rdp,
    "Connect to the guest's RDP server with xfreerdp instead of the SPICE display", NULL },
  { "rdp-address", 0, 0, G_OPTION_ARG_STRING, &opt_rdp.address,
    "With --rdp, dial HOST[:PORT] instead of the address the guest reports", "HOST[:PORT]" },
  { "rdp-user", 0, 0, G_OPTION_ARG_STRING, &opt_rdp.user,
    "With --rdp, log in as USER instead of the recorded user", "USER" },
  { "rdp-domain", 0, 0, G_OPTION_ARG_STRING, &opt_rdp.domain,
    "With --rdp, the user's Windows domain instead of the recorded one", "DOMAIN" },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_rdp.password_file,
    "With --rdp, read the password from FILE ('-' for standard input)", "FILE" },
  { "cert", 0, 0, G_OPTION_ARG_STRING, &opt_rdp.cert,
    "With --rdp, the guest's certificate: tofu (default), ignore or deny", "POLICY" },
  { "ssh-tunnel", 0, 0, G_OPTION_ARG_NONE, &opt_rdp.ssh_tunnel,
    "With --rdp, reach the guest through an SSH tunnel to the libvirt host", NULL },
  { NULL }
};

#define DEFAULT_VIEWER "remote-viewer"
#define TUNNEL_VIEWER  "virt-viewer"
#define STARTUP_CHECK_MS 400

/* Without --rdp: fail when an RDP-only option was given. */
static gboolean
check_rdp_unused (GError **error)
{
  const VdRdpConnectOptions *o = &opt_rdp;
  const char *given = o->address ? "--rdp-address" : o->user ? "--rdp-user"
                    : o->domain ? "--rdp-domain" : o->password_file ? "--password-file"
                    : o->cert ? "--cert" : o->ssh_tunnel ? "--ssh-tunnel" : NULL;

  if (given)
    return vd_usage_error (error, "%s goes with --rdp", given);
  return TRUE;
}

static char *
spice_uri (const VdVvFile *vv, gboolean with_password)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GUri) uri = NULL;

  if (vv->tls_port > 0)
    g_string_append_printf (query, "tls-port=%d", vv->tls_port);
  if (with_password && vv->password)
    {
      g_autofree char *escaped = g_uri_escape_string (vv->password, NULL, FALSE);

      g_string_append_printf (query, "%spassword=%s", query->len ? "&" : "", escaped);
    }
  uri = g_uri_build (G_URI_FLAGS_ENCODED_QUERY, "spice", NULL, vv->host,
                     vv->port > 0 ? vv->port : -1, "", query->len ? query->str : NULL,
                     NULL);
  return g_uri_to_string (uri);
}

/* Return once the viewer runs; fail if it exits at once.  LOG_PATH: where
 * a detached viewer writes. */
static gboolean
finish_viewer (GSubprocess *viewer, const char *program, const char *name,
               const char *log_path, GError **error)
{
  if (opt_wait)
    {
      if (!g_subprocess_wait (viewer, NULL, error))
        return FALSE;
      if (g_subprocess_get_if_exited (viewer) && g_subprocess_get_exit_status (viewer) != 0)
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                            "%s exited with status %d", program,
                            g_subprocess_get_exit_status (viewer)), FALSE;
      return TRUE;
    }
  if (vd_subprocess_exits_within (viewer, STARTUP_CHECK_MS) &&
      vd_subprocess_exit_status (viewer) != 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                        "%s exited at once (status %d); its output is in %s, or try "
                        "'vdctl connect --wait --debug'",
                        program, vd_subprocess_exit_status (viewer), log_path), FALSE;
  vd_info ("Viewer for '%s' started (pid %s)\n", name,
           g_subprocess_get_identifier (viewer) ? g_subprocess_get_identifier (viewer) : "?");
  if (opt_debug)
    vd_info ("Its output goes to %s\n", log_path);
  return TRUE;
}

static gboolean
run_tunnel_viewer (VdConnection *conn, const char *name, GError **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) viewer = NULL;
  g_autofree char *log_path = NULL;

  g_ptr_array_add (argv, (char *) TUNNEL_VIEWER);
  g_ptr_array_add (argv, (char *) "--connect");
  g_ptr_array_add (argv, (char *) vd_connection_get_uri (conn));
  if (opt_fullscreen)
    g_ptr_array_add (argv, (char *) "--full-screen");
  if (opt_debug)
    g_ptr_array_add (argv, (char *) "--debug");
  g_ptr_array_add (argv, (char *) "--");
  g_ptr_array_add (argv, (char *) name);
  g_ptr_array_add (argv, NULL);

  if (opt_print)
    {
      g_autofree char *line = vd_argv_to_shell_line ((const char * const *) argv->pdata);
      printf ("%s\n", line);
      return TRUE;
    }
  viewer = vd_viewer_start ((const char * const *) argv->pdata, name, opt_wait, FALSE,
                            &log_path, error);
  if (viewer == NULL)
    return FALSE;
  return finish_viewer (viewer, TUNNEL_VIEWER, name, log_path, error);
}

gboolean
vd_cmd_connect (VdInvocation *inv, GError **error)
{
  VdAccessOptions options = { 0, };
  g_autoptr(VdVirtDomain) dom = NULL;
  g_auto(VdVvFile) vv = { 0, };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) viewer = NULL;
  g_autofree char *data = NULL;
  g_autofree char *log_path = NULL;
  const char *program = opt_viewer ? opt_viewer
                                   : vd_config_get (inv->config, VD_CONFIG_VIEWER)
                                     ? vd_config_get (inv->config, VD_CONFIG_VIEWER)
                                     : DEFAULT_VIEWER;
  const char *name;
  VdConnection *conn;
  VdDialMode mode;
  guint64 ttl = 0;
  gsize len = 0;
  gboolean ok;

  if (!vd_pool_resolve_user (inv, opt_user, opt_pool, error))
    return FALSE;
  name = inv->args[0];

  if (opt_rdp.rdp)
    {
      VdRdpViewerOptions rdp_viewer = { opt_viewer, opt_wait, opt_debug, opt_fullscreen, opt_print };

      if (opt_ttl || opt_ca || opt_show_password || opt_host || opt_proxy)
        return vd_usage_error (error, "%s is for SPICE displays; it does not go with --rdp",
                               opt_ttl ? "--ttl" : opt_ca ? "--ca"
                               : opt_show_password ? "--show-password"
                               : opt_host ? "--host" : "--proxy");
      const char *uri = inv->uri ? inv->uri : g_getenv ("LIBVIRT_DEFAULT_URI");

      if (!vd_rdp_connect_check (&opt_rdp, error) || vd_invocation_connect (inv, error) == NULL)
        return FALSE;
      return vd_rdp_connect (inv->conn, uri, name, &opt_rdp, &rdp_viewer, error);
    }
  if (!check_rdp_unused (error))
    return FALSE;
  if (opt_show_password && !opt_print)
    return vd_usage_error (error, "--show-password only goes with --print");
  if (opt_ttl && !vd_parse_count ("--ttl", opt_ttl, 1, 7 * 24 * 3600, &ttl, error))
    return FALSE;
  options.host = opt_host;
  options.public_host = vd_config_get (inv->config, VD_CONFIG_PUBLIC_HOST);
  options.ttl = (guint) ttl;
  options.ca_file = opt_ca;
  options.for_tunnel = TRUE;
  if (!vd_proxy_choose (inv->config, opt_proxy, opt_no_proxy, &options.proxy, error))
    return FALSE;

  dom = vd_invocation_lookup (inv, name, error);
  if (dom == NULL)
    return FALSE;
  conn = inv->conn;
  vd_vv_file_init (&vv);
  if (!vd_access_prepare (conn, dom, &options, &vv, &mode, error))
    return FALSE;
  if (mode == VD_DIAL_TUNNEL)
    return run_tunnel_viewer (conn, name, error);

  if (opt_print)
    {
      g_autofree char *uri = spice_uri (&vv, opt_show_password);

      printf ("%s\n", uri);
      return TRUE;
    }

  vv.fullscreen = opt_fullscreen;
  vv.proxy = g_strdup (options.proxy);
  data = vd_vv_file_to_data (&vv, &len);

  g_ptr_array_add (argv, (char *) program);
  if (opt_debug)
    g_ptr_array_add (argv, (char *) "--spice-debug");
  g_ptr_array_add (argv, (char *) "-");
  g_ptr_array_add (argv, NULL);
  viewer = vd_viewer_start ((const char * const *) argv->pdata, name, opt_wait, TRUE,
                            &log_path, error);
  if (viewer == NULL)
    {
      explicit_bzero (data, len);
      return FALSE;
    }
  {
    GOutputStream *in = g_subprocess_get_stdin_pipe (viewer);

    ok = g_output_stream_write_all (in, data, len, NULL, NULL, error) &&
         g_output_stream_close (in, NULL, error);
  }
  explicit_bzero (data, len);
  if (!ok)
    {
      g_prefix_error (error, "cannot hand the connection to %s: ", program);
      return FALSE;
    }
  return finish_viewer (viewer, program, name, log_path, error);
}
