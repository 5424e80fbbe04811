/* edit-preview.c: what 'vdctl edit --print-xml' and '--diff' print
 * instead of changing anything.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "domain-secrets.h"
#include "edit-preview.h"
#include "xml-util.h"

/* XML without its secrets. */
static char *
printable_xml (const char *xml, GError **error)
{
  g_autoptr(xmlDoc) doc = vd_xml_parse (xml, -1, "the domain definition", error);

  if (doc == NULL)
    return NULL;
  vd_domain_strip_secrets (doc);
  return vd_xml_serialize (doc);
}

gboolean
vd_edit_print_xml (const char *xml, GError **error)
{
  g_autofree char *printable = printable_xml (xml, error);

  if (printable == NULL)
    return FALSE;
  fputs (printable, stdout);
  return TRUE;
}

static gboolean
write_private_file (const char *dir, const char *name, const char *contents,
                    char **path_out, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0600, error))
    return FALSE;
  *path_out = g_steal_pointer (&path);
  return TRUE;
}

gboolean
vd_edit_print_diff (const char *name, const char *current, const char *updated,
                    GError **error)
{
  g_autofree char *a = printable_xml (current, error);
  g_autofree char *b = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  g_autofree char *label_a = g_strdup_printf ("%s (current)", name);
  g_autofree char *label_b = g_strdup_printf ("%s (new)", name);
  g_autoptr(GSubprocess) diff = NULL;
  gboolean ok;

  if (a == NULL || (b = printable_xml (updated, error)) == NULL)
    return FALSE;
  dir = g_dir_make_tmp ("vdctl-diff-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  ok = write_private_file (dir, "current.xml", a, &path_a, error) &&
       write_private_file (dir, "new.xml", b, &path_b, error);
  if (ok)
    {
      fflush (stdout);
      diff = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, error, "diff", "-u",
                               "--label", label_a, "--label", label_b,
                               path_a, path_b, NULL);
      ok = diff != NULL && g_subprocess_wait (diff, NULL, error);
      /* diff exits 1 when the files differ: that is the point. */
      if (ok && g_subprocess_get_if_exited (diff) && g_subprocess_get_exit_status (diff) > 1)
        ok = (g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "diff failed"), FALSE);
    }
  if (path_a)
    g_unlink (path_a);
  if (path_b)
    g_unlink (path_b);
  g_rmdir (dir);
  return ok;
}
