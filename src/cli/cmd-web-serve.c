/* cmd-web-serve.c: vdctl web serve — websockify, as vdctl's child, in
 * front of the desktops' SPICE ports: it serves vdctl's page with
 * spice-html5 and lets through the WebSocket of a token export-web made.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "commands.h"
#include "daemon-child.h"
#include "web-options.h"
#include "web-tokens.h"

#define SPICE_HTML5_DIR "/usr/share/spice-html5"
/* How often expired tokens are swept, in seconds. */
#define SWEEP_INTERVAL 1
/* How long websockify may take to listen. */
#define LISTEN_TIMEOUT 20

static char *opt_listen;
static char *opt_port;
static char *opt_cert;
static char *opt_key;

const GOptionEntry vd_web_serve_entries[] = {
  { "listen", 0, 0, G_OPTION_ARG_STRING, &opt_listen,
    "The address to listen on (default: [web] web-listen, else 127.0.0.1)", "ADDRESS" },
  { "port", 0, 0, G_OPTION_ARG_STRING, &opt_port,
    "The port to listen on (default: [web] web-port, else 6080)", "PORT" },
  { "cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_cert,
    "Serve HTTPS and WSS only, with this certificate (PEM)", "FILE" },
  { "key", 0, 0, G_OPTION_ARG_FILENAME, &opt_key,
    "The private key of --cert (PEM)", "FILE" },
  { NULL }
};

/* Where vdctl's own page is: $VDCTL_WEB_PAGE_DIR (tests), else the
 * installed copy. */
static const char *
page_dir (void)
{
  const char *env = g_getenv ("VDCTL_WEB_PAGE_DIR");

  return env && *env ? env : VDCTL_PKGDATADIR "/web";
}

static const char *
spice_dir (void)
{
  const char *env = g_getenv ("VDCTL_SPICE_HTML5_DIR");

  return env && *env ? env : SPICE_HTML5_DIR;
}

static gboolean
check_inputs (const VdWebSettings *web, GError **error)
{
  g_autofree char *page = g_build_filename (page_dir (), "vdctl.html", NULL);
  g_autofree char *main_js = g_build_filename (spice_dir (), "main.js", NULL);

  if (web->cert && g_access (web->cert, R_OK) != 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        "cannot read the certificate %s: %s", web->cert,
                        g_strerror (errno)), FALSE;
  if (web->key && g_access (web->key, R_OK) != 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        "cannot read the key %s: %s", web->key, g_strerror (errno)), FALSE;
  if (!g_file_test (main_js, G_FILE_TEST_EXISTS))
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        "spice-html5 is not installed (Debian: spice-html5): no %s",
                        main_js), FALSE;
  if (!g_file_test (page, G_FILE_TEST_EXISTS))
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        "vdctl's web page %s is missing; reinstall vdctl", page), FALSE;
  return TRUE;
}

static gboolean
sweep (gpointer data)
{
  g_autoptr(GError) error = NULL;

  if (vd_web_tokens_sweep (data, g_get_real_time () / G_USEC_PER_SEC, &error) < 0)
    g_printerr ("vdctl: warning: cannot sweep expired tokens: %s\n", error->message);
  return G_SOURCE_CONTINUE;
}

/* websockify's command line: an argv array, never a shell line. */
static GPtrArray *
websockify_argv (const char *program, const VdWebSettings *web, const char *tokens,
                 const char *www)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup ("--token-plugin=TokenFile"));
  g_ptr_array_add (argv, g_strdup ("--token-source"));
  g_ptr_array_add (argv, g_strdup (tokens));
  g_ptr_array_add (argv, g_strdup ("--web"));
  g_ptr_array_add (argv, g_strdup (www));
  if (web->cert)
    {
      g_ptr_array_add (argv, g_strdup ("--cert"));
      g_ptr_array_add (argv, g_strdup (web->cert));
      g_ptr_array_add (argv, g_strdup ("--key"));
      g_ptr_array_add (argv, g_strdup (web->key));
      g_ptr_array_add (argv, g_strdup ("--ssl-only"));
    }
  /* websockify's one word for where it listens: [ADDRESS]:PORT for IPv6. */
  g_ptr_array_add (argv, g_strdup_printf (strchr (web->listen, ':') ? "[%s]:%u" : "%s:%u",
                                          web->listen, web->port));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* A warning, once, when the page and the one-time passwords in its links
 * would cross the network in the clear. */
static void
warn_plain (const VdWebSettings *web)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (web->listen);

  if (web->cert || (inet && g_inet_address_get_is_loopback (inet)))
    return;
  g_printerr ("vdctl: warning: serving plain HTTP on %s, beyond loopback: the one-time "
              "passwords of the links cross the network in the clear; give --cert and "
              "--key (or [web] web-cert and web-key)\n", web->listen);
}

static gboolean
serve (const VdWebSettings *web, const char *program, GError **error)
{
  g_autofree char *base = vd_web_base_dir (error);
  g_autofree char *tokens = NULL;
  g_autofree char *www = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(VdDaemonChild) child = NULL;

  if (base == NULL || (tokens = vd_web_tokens_dir (base, error)) == NULL)
    return FALSE;
  if (vd_web_tokens_sweep (base, g_get_real_time () / G_USEC_PER_SEC, error) < 0)
    return FALSE;
  www = vd_web_www_prepare (base, spice_dir (), page_dir (), error);
  if (www == NULL)
    return FALSE;
  log = g_build_filename (base, "websockify.log", NULL);
  argv = websockify_argv (program, web, tokens, www);
  child = vd_daemon_child_spawn ((const char * const *) argv->pdata, log, error);
  if (child == NULL ||
      !vd_daemon_child_wait_listening (child, web->listen, web->port, LISTEN_TIMEOUT, error))
    return FALSE;
  vd_info ("serving %s://%s:%u/ (websockify, pid %d; log %s)\n", web->cert ? "https" : "http",
             web->listen, web->port, vd_daemon_child_pid (child), log);
  return vd_daemon_child_run (child, SWEEP_INTERVAL, sweep, base, error);
}

gboolean
vd_cmd_web_serve (VdInvocation *inv, GError **error)
{
  VdWebSettings web = { 0, };
  g_autofree char *program = NULL;

  if (!vd_web_settings_resolve (inv->config, opt_listen, opt_port, opt_cert, opt_key, &web,
                                error))
    return FALSE;
  if (!check_inputs (&web, error))
    return FALSE;
  program = vd_daemon_find ("websockify", "websockify", error);
  if (program == NULL || !vd_listen_port_free (web.listen, web.port, error))
    return FALSE;
  warn_plain (&web);
  return serve (&web, program, error);
}
