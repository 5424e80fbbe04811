/* cmd-export-rdp.c: vdctl export-rdp NAME — a Remote Desktop connection
 * file (.rdp) for the guest's own RDP server, with the desktop's recorded
 * user, domain and redirection policy.  It never holds a password.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <gio/gio.h>

#include "commands.h"
#include "rdp-metadata.h"
#include "rdpfile.h"
#include "values.h"
#include "xml-util.h"

static char *opt_output;
static char *opt_address;
static char *opt_user;
static char *opt_domain;
static gboolean opt_fullscreen;

const GOptionEntry vd_export_rdp_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    "Write the file to FILE (mode 0600) instead of standard output", "FILE" },
  { "rdp-address", 0, 0, G_OPTION_ARG_STRING, &opt_address,
    "The address users dial, HOST[:PORT], instead of the one the guest reports", "HOST[:PORT]" },
  { "rdp-user", 0, 0, G_OPTION_ARG_STRING, &opt_user,
    "The user name to put in the file instead of the recorded one", "USER" },
  { "rdp-domain", 0, 0, G_OPTION_ARG_STRING, &opt_domain,
    "The Windows domain to put in the file instead of the recorded one", "DOMAIN" },
  { "fullscreen", 0, 0, G_OPTION_ARG_NONE, &opt_fullscreen,
    "Ask the client to open full screen", NULL },
  { NULL }
};

gboolean
vd_cmd_export_rdp (VdInvocation *inv, GError **error)
{
  const char *name = inv->args[0];
  g_autoptr(VdVirtDomain) dom = NULL;
  g_autoptr(VdRdpSettings) s = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *host = NULL;
  g_autofree char *data = NULL;
  int port = -1;
  gsize len = 0;

  if (opt_address && !vd_rdp_parse_address ("--rdp-address", opt_address, &host, &port, error))
    return FALSE;
  if (opt_user && !vd_rdp_check_name ("--rdp-user", opt_user, error))
    return FALSE;
  if (opt_domain && !vd_rdp_check_name ("--rdp-domain", opt_domain, error))
    return FALSE;

  dom = vd_invocation_lookup (inv, name, error);
  if (dom == NULL)
    return FALSE;
  doc = vd_virt_domain_get_doc (dom, TRUE, error);
  if (doc == NULL)
    return FALSE;
  if (!vd_rdp_metadata_read (doc, &s, error))
    {
      g_prefix_error (error, "desktop '%s': ", name);
      return FALSE;
    }
  if (s == NULL)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' has no RDP settings; record them with "
                        "'vdctl edit %s --rdp'", name, name), FALSE;
  if (opt_user)
    {
      g_free (s->user);
      s->user = g_strdup (opt_user);
    }
  if (opt_domain)
    {
      g_free (s->domain);
      s->domain = g_strdup (opt_domain);
    }
  if (host == NULL)
    {
      g_auto(GStrv) addresses = vd_virt_domain_guest_addresses (dom, error);

      if (addresses == NULL)
        return FALSE;
      host = g_strdup (addresses[0]);
    }

  data = vd_rdp_file_for_desktop (s, host, port > 0 ? port : s->port, opt_fullscreen,
                                  &len, error);
  if (data == NULL)
    return FALSE;
  if (opt_output)
    {
      /* A temporary file created 0600, renamed over FILE. */
      if (!g_file_set_contents_full (opt_output, data, len, G_FILE_SET_CONTENTS_CONSISTENT,
                                     0600, error))
        return FALSE;
      if (!vd_is_quiet ())
        g_printerr ("%s: %s\n", name, opt_output);
      return TRUE;
    }
  if (fwrite (data, 1, len, stdout) != len || fflush (stdout) != 0)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                        "cannot write the connection file to standard output"), FALSE;
  return TRUE;
}
