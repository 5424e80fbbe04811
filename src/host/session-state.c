/* session-state.c: watch's state files of live SPICE sessions.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "session-json.h"
#include "session-state.h"

#define STATE_SUFFIX ".json"

char *
vd_session_state_dir (void)
{
  const char *dir = g_getenv ("VDCTL_STATE_DIR");

  if (dir && *dir)
    return g_strdup (dir);
  if (geteuid () == 0)
    return g_strdup ("/run/vdctl/sessions");
  return g_build_filename (g_get_user_runtime_dir (), "vdctl", "sessions", NULL);
}

/* The file of the desktop UUID; an error for anything but a UUID, which
 * could name a file elsewhere. */
static char *
state_path (const char *uuid, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;

  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "'%s' is no desktop UUID", uuid ? uuid : "(null)"), NULL;
  dir = vd_session_state_dir ();
  name = g_strconcat (uuid, STATE_SUFFIX, NULL);
  return g_build_filename (dir, name, NULL);
}

gboolean
vd_session_state_remove (const char *uuid, GError **error)
{
  g_autofree char *path = state_path (uuid, error);
  int saved;

  if (path == NULL)
    return FALSE;
  if (g_unlink (path) == 0 || errno == ENOENT)
    return TRUE;
  saved = errno;
  return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                      "cannot remove %s: %s", path, g_strerror (saved)), FALSE;
}

gboolean
vd_session_state_write (const char *uuid, GPtrArray *sessions, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *text = NULL;
  int saved;

  if (sessions == NULL || sessions->len == 0)
    return vd_session_state_remove (uuid, error);
  path = state_path (uuid, error);
  if (path == NULL)
    return FALSE;
  dir = g_path_get_dirname (path);
  parent = g_path_get_dirname (dir);
  /* The parent (/run/vdctl) is shared with the locks that every user
   * reaches: only the sessions' own directory is private. */
  if (g_mkdir_with_parents (parent, 0755) != 0 || (g_mkdir (dir, 0700) != 0 && errno != EEXIST))
    {
      saved = errno;
      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                          "cannot make the session state directory %s: %s", dir,
                          g_strerror (saved)), FALSE;
    }
  text = vd_sessions_to_json_text (sessions);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

static GPtrArray *
read_file (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *sessions;

  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return vd_session_array_new ();
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  sessions = vd_sessions_from_json_text (text, (gssize) length, &local_error);
  if (sessions == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
  return sessions;
}

GPtrArray *
vd_session_state_read (const char *uuid, GError **error)
{
  g_autofree char *path = state_path (uuid, error);

  return path ? read_file (path, error) : NULL;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The UUID.json names in DIR, sorted; NULL with no error when DIR does
 * not exist. */
static GPtrArray *
state_files (const char *dir, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &local_error);
  GPtrArray *names;
  const char *name;

  if (d == NULL)
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    "cannot read the session state directory: ");
      return NULL;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *uuid = NULL;

      if (!g_str_has_suffix (name, STATE_SUFFIX))
        continue;
      uuid = g_strndup (name, strlen (name) - strlen (STATE_SUFFIX));
      if (g_uuid_string_is_valid (uuid))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

GPtrArray *
vd_session_state_read_all (GPtrArray *problems, GError **error)
{
  g_autofree char *dir = vd_session_state_dir ();
  g_autoptr(GPtrArray) all = vd_session_array_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) names = state_files (dir, &local_error);

  if (names == NULL)
    {
      if (local_error == NULL)
        return g_steal_pointer (&all);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autoptr(GError) file_error = NULL;
      g_autoptr(GPtrArray) sessions = read_file (path, &file_error);

      if (sessions == NULL)
        {
          if (problems)
            g_ptr_array_add (problems, g_strdup (file_error->message));
          continue;
        }
      for (guint j = 0; j < sessions->len; j++)
        g_ptr_array_add (all, vd_session_copy (sessions->pdata[j]));
    }
  return g_steal_pointer (&all);
}
