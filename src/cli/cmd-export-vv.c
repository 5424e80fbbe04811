/* cmd-export-vv.c: vdctl export-vv NAME... — virt-viewer connection files
 * to hand to users, optionally with a one-time ticket.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "access.h"
#include "commands.h"
#include "pool-common.h"
#include "proxy-option.h"
#include "desktop.h"
#include "secret.h"
#include "ticket-hand-out.h"
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
static gboolean opt_no_proxy;
static char *opt_ca;
static char *opt_user;
static char *opt_pool;

const GOptionEntry vd_export_vv_entries[] = {
  { "user", 0, 0, G_OPTION_ARG_STRING, &opt_user,
    "The seat assigned to USER (vdctl pool assign) instead of a NAME", "USER" },
  { "pool", 0, 0, G_OPTION_ARG_STRING, &opt_pool,
    "With --user: the pool of the seat, where USER has several", "POOL" },
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
    "Narrow the desktop's USB filter: rules CLASS,VENDOR,PRODUCT,VERSION,ALLOW separated "
    "by '|'", "RULES" },
  { "fullscreen", 0, 0, G_OPTION_ARG_NONE, &opt_fullscreen,
    "Open the viewer full screen", NULL },
  { "proxy", 0, 0, G_OPTION_ARG_STRING, &opt_proxy,
    "An HTTP proxy or vdctl gateway the viewer connects through (default: vdctl.conf's "
    "[gateway] url)", "URL" },
  { "no-proxy", 0, 0, G_OPTION_ARG_NONE, &opt_no_proxy,
    "Dial the desktop directly, even when vdctl.conf names a gateway", NULL },
  { "ca", 0, 0, G_OPTION_ARG_FILENAME, &opt_ca,
    "The SPICE CA certificate, for TLS desktops on a remote host", "FILE" },
  { NULL }
};

#define VD_TTL_MAX (7 * 24 * 3600)

static gboolean
write_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t done = write (fd, data, len);

      if (done < 0 && errno == EINTR)
        continue;
      if (done <= 0)
        return FALSE;
      data += done;
      len -= (gsize) done;
    }
  return TRUE;
}

static gboolean
file_error (GError **error, const char *path, int errsv)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               "cannot write the connection file %s: %s", path, g_strerror (errsv));
  return FALSE;
}

typedef struct {
  const char *tmp;
  const char *path;
} RenameIn;

static gboolean
rename_in (gpointer data, GError **error)
{
  RenameIn *r = data;
  int errsv;

  if (rename (r->tmp, r->path) == 0)
    return TRUE;
  errsv = errno;
  g_unlink (r->tmp);
  return file_error (error, r->path, errsv);
}

/* DATA to PATH, for DOM: first a temporary file beside PATH (mode 0600),
 * then the one-time ticket when TTL asks for one, then the rename.  When
 * the file cannot be written, the desktop keeps its password; when the
 * ticket cannot be set, no file is left. */
static gboolean
write_file (VdVirtDomain *dom, const VdVvFile *vv, guint ttl, const char *path,
            const char *data, gsize len, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = NULL;
  RenameIn rename_data;
  gboolean ok;
  int fd, errsv;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return file_error (error, path, EISDIR);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return file_error (error, path, errno);
  ok = write_all (fd, data, len) && fsync (fd) == 0;
  errsv = errno;
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      errsv = errno;
    }
  if (!ok)
    {
      g_unlink (tmp);
      return file_error (error, path, errsv);
    }
  rename_data = (RenameIn) { .tmp = tmp, .path = path };
  if (vd_ticket_hand_out (dom, vv, ttl, rename_in, &rename_data, error))
    return TRUE;
  g_unlink (tmp);
  return FALSE;
}

typedef struct {
  const char *data;
  gsize len;
} StdoutData;

static gboolean
print_data (gpointer data, GError **error)
{
  StdoutData *out = data;

  if (fwrite (out->data, 1, out->len, stdout) == out->len && fflush (stdout) == 0)
    return TRUE;
  return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                      "cannot write the connection file to standard output"), FALSE;
}

/* Standard output cannot be written aside first: the ticket is set, the
 * file written, and the desktop's password put back when that fails. */
static gboolean
write_stdout (VdVirtDomain *dom, const VdVvFile *vv, guint ttl, const char *data,
              gsize len, GError **error)
{
  StdoutData out = { data, len };

  return vd_ticket_hand_out (dom, vv, ttl, print_data, &out, error);
}

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
  vv.proxy = g_strdup (options->proxy);

  /* A file that could not be written never leaves the desktop with a
   * password nobody has. */
  data = vd_vv_file_to_data (&vv, &len);
  if (path)
    {
      ok = write_file (dom, &vv, options->ttl, path, data, len, error);
      if (ok && !vd_is_quiet ())
        g_printerr ("%s: %s\n", name, path);
    }
  else
    ok = write_stdout (dom, &vv, options->ttl, data, len, error);
  explicit_bzero (data, len);
  return ok;
}

gboolean
vd_cmd_export_vv (VdInvocation *inv, GError **error)
{
  VdAccessOptions options = { 0, };
  g_autoptr(GArray) usb_filter = NULL;
  VdConnection *conn;
  guint64 ttl = 0;
  int failed = 0;

  if (!vd_pool_resolve_user (inv, opt_user, opt_pool, error))
    return FALSE;
  if (opt_output && opt_dir)
    return vd_usage_error (error, "-o and --dir are alternatives; give one");
  if (inv->n_args > 1 && opt_dir == NULL)
    return vd_usage_error (error, "several desktops need --dir DIR, one file each");
  /* vdctl.conf's defaults, where the command line gave none; the file's
   * values were checked when it was read. */
  if (opt_ttl == NULL)
    opt_ttl = (char *) vd_config_get (inv->config, VD_CONFIG_TTL);
  if (opt_ttl && !vd_parse_count ("--ttl", opt_ttl, 1, VD_TTL_MAX, &ttl, error))
    return FALSE;
  if (opt_usb_filter && !vd_vv_check_usb_filter (opt_usb_filter, error))
    return FALSE;
  if (opt_usb_filter)
    {
      usb_filter = vd_usb_rules_from_vv (opt_usb_filter, error);
      if (usb_filter == NULL)
        return FALSE;
    }
  if (!vd_proxy_choose (inv->config, opt_proxy, opt_no_proxy, &options.proxy, error))
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
  options.defer_ticket = TRUE;
  options.usb_filter = usb_filter;

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
