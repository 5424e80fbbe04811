/* rdp-connect.c: 'vdctl connect --rdp NAME'.
 *
 * The password goes to xfreerdp on its standard input (/from-stdin:force
 * makes FreeRDP 2 read exactly one line, the password, before it
 * connects), so it is in no argv, no environment and no file.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>

#include "notice.h"
#include "rdp-client.h"
#include "rdp-connect.h"
#include "rdp-metadata.h"
#include "secret.h"
#include "ssh-tunnel.h"
#include "subprocess.h"
#include "unattend-cleanup.h"
#include "values.h"
#include "viewer.h"
#include "xml-util.h"

#define DEFAULT_CLIENT       "xfreerdp"
#define STARTUP_CHECK_MS     400
/* ssh may ask for a password or a host key first. */
#define TUNNEL_WAIT_S        120
/* FreeRDP reads the password into 512 bytes, its newline included;
 * Windows takes 256 characters. */
#define PASSWORD_MAX_BYTES   510
#define PASSWORD_MAX_CHARS   256

/* ---- the password -------------------------------------------------- */

static char *
read_password (const char *path, GError **error)
{
  char *secret = vd_secret_read_line (path, error);

  if (secret && (strlen (secret) > PASSWORD_MAX_BYTES ||
                 g_utf8_strlen (secret, -1) > PASSWORD_MAX_CHARS))
    {
      g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                   "the password is longer than %d characters in %s", PASSWORD_MAX_CHARS,
                   strcmp (path, "-") == 0 ? "standard input" : path);
      vd_secret_free (g_steal_pointer (&secret));
    }
  return secret;
}

/* ---- processes ----------------------------------------------------- */

/* xfreerdp (FreeRDP 2) exits with the reason the session ended, below
 * 128 (0 success, 1 disconnected, 2 logged off, 11 disconnected by the
 * user...), and with 128 or more when it could not connect. */
#define XFREERDP_FAILURE_MIN 128

static const char *
failure_hint (int status)
{
  switch (status)
    {
    case 131: case 141:
      return ": it could not connect (is the RDP server up, and the address right?)";
    case 132: case 134: case 147:
      return ": the connection failed or was refused (a wrong user or password?)";
    case 143:
      return ": TLS failed (has the guest's certificate changed? see --cert)";
    default:
      return "";
    }
}

/* Wait for the client to exit when it is attached (LOG_PATH NULL), else
 * return once it runs, saying so; LOG_PATH is where it writes then. */
static gboolean
finish_client (GSubprocess *client, const char *program, const char *name,
               const VdRdpViewerOptions *viewer, const char *log_path, GError **error)
{
  if (log_path == NULL)
    {
      int status;

      if (!g_subprocess_wait (client, NULL, error))
        return FALSE;
      status = vd_subprocess_exit_status (client);
      if (status < 0 || status >= XFREERDP_FAILURE_MIN)
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                            "%s exited with status %d%s", program, status,
                            failure_hint (status)), FALSE;
      return TRUE;
    }
  if (vd_subprocess_exits_within (client, STARTUP_CHECK_MS))
    {
      int status = vd_subprocess_exit_status (client);

      if (status != 0)
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                            "%s exited at once (status %d%s); its output is in %s, "
                            "or try 'vdctl connect --rdp --wait --debug'",
                            program, status, failure_hint (status), log_path), FALSE;
    }
  vd_info ("RDP client for '%s' started (pid %s)\n", name,
           g_subprocess_get_identifier (client) ? g_subprocess_get_identifier (client) : "?");
  if (viewer->debug)
    vd_info ("Its output goes to %s\n", log_path);
  return TRUE;
}

/* ---- the command --------------------------------------------------- */

static VdRdpSettings *
recorded_settings (VdVirtDomain *dom, GError **error)
{
  g_autoptr(xmlDoc) doc = vd_virt_domain_get_doc (dom, TRUE, error);
  VdRdpSettings *s = NULL;

  if (doc == NULL)
    return NULL;
  if (!vd_rdp_metadata_read (doc, &s, error))
    {
      g_prefix_error (error, "desktop '%s': ", vd_virt_domain_get_name (dom));
      return NULL;
    }
  if (s == NULL)
    {
      /* Nothing recorded: the default port, and nothing redirected. */
      s = g_new0 (VdRdpSettings, 1);
      vd_rdp_settings_init (s);
    }
  return s;
}

/* Everything in the options that can be checked before dialing anything. */
static gboolean
check_options (const VdRdpConnectOptions *o, VdRdpClient *spec, char **address_host,
               int *address_port, GError **error)
{
  spec->cert = VD_RDP_CERT_TOFU;
  if (o->cert && !vd_rdp_parse_cert (o->cert, &spec->cert, error))
    return FALSE;
  if (o->address &&
      !vd_rdp_parse_address ("--rdp-address", o->address, address_host, address_port, error))
    return FALSE;
  if (o->user && !vd_rdp_check_name ("--rdp-user", o->user, error))
    return FALSE;
  return o->domain == NULL || vd_rdp_check_name ("--rdp-domain", o->domain, error);
}

gboolean
vd_rdp_connect_check (const VdRdpConnectOptions *options, GError **error)
{
  VdRdpClient spec = { 0, };
  g_autofree char *host = NULL;
  int port = -1;

  return check_options (options, &spec, &host, &port, error);
}

static void
print_command_line (GPtrArray *argv)
{
  g_autofree char *line = vd_argv_to_shell_line ((const char * const *) argv->pdata);

  printf ("%s\n", line);
}

/* PASSWORD, one line on the client's standard input; wiped and freed. */
static gboolean
hand_password (GSubprocess *client, char *password, const char *program, GError **error)
{
  GOutputStream *in = g_subprocess_get_stdin_pipe (client);
  gsize len = strlen (password);
  g_autofree char *line = g_malloc (len + 2);
  gboolean ok;

  memcpy (line, password, len);
  line[len] = '\n';
  line[len + 1] = '\0';
  vd_secret_free (password);
  ok = g_output_stream_write_all (in, line, len + 1, NULL, NULL, error) &&
       g_output_stream_close (in, NULL, error);
  explicit_bzero (line, len + 2);
  if (!ok)
    g_prefix_error (error, "cannot hand the password to %s: ", program);
  return ok;
}

/* Start the tunnel (SSH_ARGV, when given) and the client ARGV for
 * desktop NAME, hand it the password of PASSWORD_FILE (when given), and
 * wait or not as VIEWER says. */
static gboolean
run_client (GPtrArray *argv, GPtrArray *ssh_argv, const char *tunnel_socket,
            const VdSshTarget *target, const char *guest, const char *name,
            const char *password_file, const VdRdpViewerOptions *viewer, GError **error)
{
  const char *program = viewer->viewer ? viewer->viewer : DEFAULT_CLIENT;
  g_autoptr(VdSshTunnel) ssh = NULL;
  g_autoptr(GSubprocess) client = NULL;
  g_autofree char *log_path = NULL;
  char *password = NULL;
  gboolean ok;

  if (password_file)
    {
      password = read_password (password_file, error);
      if (password == NULL)
        return FALSE;
    }

  if (ssh_argv)
    {
      vd_info ("Opening an SSH tunnel to %s for %s\n", target->host, guest);
      ssh = vd_ssh_tunnel_start (ssh_argv, tunnel_socket, TUNNEL_WAIT_S, error);
      if (ssh == NULL)
        {
          vd_secret_free (password);
          return FALSE;
        }
    }

  /* The tunnel lives as long as the client, so vdctl waits for it then;
   * otherwise the client runs detached, its output in a log (viewer.h),
   * where a password prompt of its own goes too. */
  client = vd_viewer_start ((const char * const *) argv->pdata, name,
                            viewer->wait || ssh != NULL, password != NULL, &log_path, error);
  if (client == NULL)
    {
      vd_secret_free (password);
      g_clear_pointer (&ssh, vd_ssh_tunnel_stop);
      return FALSE;
    }
  if (password && !hand_password (client, password, program, error))
    {
      g_subprocess_force_exit (client);
      g_clear_pointer (&ssh, vd_ssh_tunnel_stop);
      return FALSE;
    }

  ok = finish_client (client, program, name, viewer, log_path, error);
  g_clear_pointer (&ssh, vd_ssh_tunnel_stop);
  return ok;
}

gboolean
vd_rdp_connect (VdConnection              *conn,
                const char                *uri,
                const char                *name,
                const VdRdpConnectOptions *o,
                const VdRdpViewerOptions  *viewer,
                GError                   **error)
{
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(VdRdpSettings) s = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GPtrArray) ssh_argv = NULL;
  g_autofree char *tunnel_socket = NULL;
  g_auto(VdSshTarget) target = { 0, };
  g_autofree char *address_host = NULL;
  g_autofree char *guest = NULL;
  const char *program = viewer->viewer ? viewer->viewer : DEFAULT_CLIENT;
  VdRdpClient spec = { 0, };
  int address_port = -1;
  int port;

  if (!check_options (o, &spec, &address_host, &address_port, error))
    return FALSE;
  /* The URI as given (libvirt may report the server's own URI instead). */
  if (o->ssh_tunnel &&
      !vd_ssh_target_from_uri (uri ? uri : vd_connection_get_uri (conn), &target, error))
    return FALSE;
  dom = vd_virt_domain_lookup (conn, name, error);
  if (dom == NULL)
    return FALSE;
  s = recorded_settings (dom, error);
  if (s == NULL)
    return FALSE;
  if (!viewer->print)
    vd_unattend_cd_tidy (conn, dom, FALSE);

  spec.user = o->user ? o->user : s->user;
  spec.domain = o->domain ? o->domain : s->domain;
  if (o->password_file && spec.user == NULL)
    return vd_value_invalid (error, "a password needs a user: give --rdp-user, or record "
                             "one with 'vdctl edit %s --rdp-user USER'", name);

  if (address_host)
    guest = g_steal_pointer (&address_host);
  else
    {
      g_auto(GStrv) addresses = vd_virt_domain_guest_addresses (dom, error);

      if (addresses == NULL)
        return FALSE;
      guest = g_strdup (addresses[0]);
    }
  port = address_port > 0 ? address_port : s->port;

  spec.program = program;
  spec.policy = &s->policy;
  spec.password_on_stdin = o->password_file != NULL;
  spec.fullscreen = viewer->fullscreen;
  spec.debug = viewer->debug;
  spec.host = guest;
  spec.port = port;
  if (o->ssh_tunnel)
    {
      tunnel_socket = vd_ssh_tunnel_socket_path (vd_connection_get_uri (conn), name, error);
      if (tunnel_socket == NULL)
        return FALSE;
      ssh_argv = vd_ssh_tunnel_argv (&target, tunnel_socket, guest, port);
      spec.host = tunnel_socket;
      spec.port = -1;
    }
  argv = vd_rdp_client_argv (&spec);

  if (viewer->print)
    {
      /* The password is never in these lines: it would go on stdin. */
      if (ssh_argv)
        print_command_line (ssh_argv);
      print_command_line (argv);
      return TRUE;
    }

  return run_client (argv, ssh_argv, tunnel_socket, &target, guest, name, o->password_file,
                     viewer, error);
}
