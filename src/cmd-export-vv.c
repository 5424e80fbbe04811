/* cmd-export-vv.c: vdctl export-vv NAME... — virt-viewer connection files
 * to hand to users, optionally with a one-time ticket.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>

#include "access.h"
#include "commands.h"
#include "values.h"

static char *opt_output;
static char *opt_dir;
static char *opt_host;
static char *opt_ttl;
static gboolean opt_keep_file;
static gboolean opt_usb_autoshare;
static char *opt_usb_filter;
static gboolean opt_fullscreen;
static char *opt_proxy;
static char *opt_ca;

const GOptionEntry vd_export_vv_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    "Write the file to FILE (mode 0600) instead of standard output", "FILE" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir,
    "Write DIR/NAME.vv for each desktop", "DIR" },
  { "host", 0, 0, G_OPTION_ARG_STRING, &opt_host,
    "The host name or address users dial", "NAME" },
  { "ttl", 0, 0, G_OPTION_ARG_STRING, &opt_ttl,
    "A one-time ticket: a fresh password valid for SECONDS", "SECONDS" },
  { "keep-file", 0, 0, G_OPTION_ARG_NONE, &opt_keep_file,
    "Do not ask the viewer to delete the file once read", NULL },
  { "usb-autoshare", 0, 0, G_OPTION_ARG_NONE, &opt_usb_autoshare,
    "Redirect USB devices as soon as they are plugged in", NULL },
  { "usb-filter", 0, 0, G_OPTION_ARG_STRING, &opt_usb_filter,
    "Which USB devices may be redirected", "RULES" },
  { "fullscreen", 0, 0, G_OPTION_ARG_NONE, &opt_fullscreen,
    "Open the viewer full screen", NULL },
  { "proxy", 0, 0, G_OPTION_ARG_STRING, &opt_proxy,
    "An HTTP proxy the viewer connects through", "URL" },
  { "ca", 0, 0, G_OPTION_ARG_FILENAME, &opt_ca,
    "The SPICE CA certificate, for TLS desktops on a remote host", "FILE" },
  { NULL }
};

#define VD_TTL_MAX (7 * 24 * 3600)

static gboolean
export_one (VdConnection *conn, const char *name, const VdAccessOptions *options,
            const char *path, GError **error)
{
  g_autoptr(VdVirtDomain) dom = vd_virt_domain_lookup (conn, name, error);
  g_auto(VdVvFile) vv = { 0, };
  g_autofree char *data = NULL;
  VdDialMode mode;
  gsize len = 0;
  gboolean ok = TRUE;

  if (dom == NULL)
    return FALSE;
  vd_vv_file_init (&vv);
  if (!vd_access_prepare (conn, dom, options, &vv, &mode, error))
    return FALSE;
  vv.delete_this_file = !opt_keep_file;
  vv.usb_autoshare = opt_usb_autoshare;
  vv.fullscreen = opt_fullscreen;
  vv.usb_filter = g_strdup (opt_usb_filter);
  vv.proxy = g_strdup (opt_proxy);

  data = vd_vv_file_to_data (&vv, &len);
  if (path)
    {
      /* A temporary file created 0600, renamed over PATH. */
      ok = g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT,
                                     0600, error);
      if (ok && !vd_is_quiet ())
        g_printerr ("%s: %s\n", name, path);
    }
  else
    {
      ok = fwrite (data, 1, len, stdout) == len && fflush (stdout) == 0;
      if (!ok)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "cannot write the connection file to standard output");
    }
  explicit_bzero (data, len);
  return ok;
}

gboolean
vd_cmd_export_vv (VdInvocation *inv, GError **error)
{
  VdAccessOptions options = { 0, };
  VdConnection *conn;
  guint64 ttl = 0;
  int failed = 0;

  if (opt_output && opt_dir)
    return vd_usage_error (error, "-o and --dir are alternatives; give one");
  if (inv->n_args > 1 && opt_dir == NULL)
    return vd_usage_error (error, "several desktops need --dir DIR, one file each");
  /* vdctl.conf's defaults, where the command line gave none; the file's
   * values were checked when it was read. */
  if (opt_ttl == NULL)
    opt_ttl = (char *) vd_config_get (inv->config, VD_CONFIG_TTL);
  if (opt_proxy == NULL)
    opt_proxy = (char *) vd_config_get (inv->config, VD_CONFIG_PROXY);
  if (opt_ttl && !vd_parse_count ("--ttl", opt_ttl, 1, VD_TTL_MAX, &ttl, error))
    return FALSE;
  if (opt_usb_filter && !vd_vv_check_usb_filter (opt_usb_filter, error))
    return FALSE;
  if (opt_proxy && !vd_vv_check_proxy (opt_proxy, error))
    return FALSE;
  if (opt_dir && !g_file_test (opt_dir, G_FILE_TEST_IS_DIR))
    return vd_usage_error (error, "--dir %s is not a directory", opt_dir);
  for (int i = 0; i < inv->n_args; i++)
    if (!vd_check_domain_name (inv->args[i], error))
      return FALSE;

  options.host = opt_host;
  options.public_host = vd_config_get (inv->config, VD_CONFIG_PUBLIC_HOST);
  options.ttl = (guint) ttl;
  options.ca_file = opt_ca;

  conn = vd_invocation_connect (inv, error);
  if (conn == NULL)
    return FALSE;

  for (int i = 0; i < inv->n_args; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *path = NULL;

      if (opt_dir)
        {
          g_autofree char *file = g_strconcat (inv->args[i], ".vv", NULL);
          path = g_build_filename (opt_dir, file, NULL);
        }
      else if (opt_output)
        path = g_strdup (opt_output);

      if (export_one (conn, inv->args[i], &options, path, &local_error))
        continue;
      failed++;
      if (inv->n_args == 1)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      vd_print_desktop_error (inv->args[i], local_error);
    }
  if (failed)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "%d of %d connection files could not be written",
                        failed, inv->n_args), FALSE;
  return TRUE;
}
