/* profile-store.c: where desktop profiles are found: the user's templates
 * directory, the installed data directory and the copy built into vdctl.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "profile-store.h"

#define RESOURCE_DIR "/org/vdctl/templates/"
#define SUFFIX ".xml"

const char *
vd_profile_default_name (VdConfig *config)
{
  const char *name = vd_config_get (config, VD_CONFIG_PROFILE);

  return name ? name : VD_PROFILE_DEFAULT;
}

char *
vd_profile_user_dir (VdConfig *config)
{
  const char *dir = vd_config_get (config, VD_CONFIG_TEMPLATES_DIR);

  if (dir == NULL)
    return g_build_filename (g_get_user_config_dir (), "vdctl", "templates", NULL);
  /* "~/x" as a shell would read it; anything else as it is. */
  if (dir[0] == '~' && (dir[1] == '/' || dir[1] == '\0'))
    return g_build_filename (g_get_home_dir (), dir + 1, NULL);
  return g_strdup (dir);
}

static char *
data_dir (void)
{
  return g_build_filename (VDCTL_PKGDATADIR, "templates", NULL);
}

static void
add_dir_names (GHashTable *names, const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;

  if (d == NULL)
    return;
  while ((entry = g_dir_read_name (d)))
    if (g_str_has_suffix (entry, SUFFIX))
      {
        g_autofree char *name = g_strndup (entry, strlen (entry) - strlen (SUFFIX));

        if (vd_profile_check_name (name, NULL))
          g_hash_table_add (names, g_steal_pointer (&name));
      }
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char **
vd_profile_list (VdConfig *config)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *user_dir = vd_profile_user_dir (config);
  g_autofree char *installed = data_dir ();
  g_auto(GStrv) builtin = g_resources_enumerate_children (RESOURCE_DIR,
                                                          G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  GPtrArray *result = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  add_dir_names (names, user_dir);
  add_dir_names (names, installed);
  for (char **b = builtin; b && *b; b++)
    if (g_str_has_suffix (*b, SUFFIX))
      g_hash_table_add (names, g_strndup (*b, strlen (*b) - strlen (SUFFIX)));

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (result, g_strdup (key));
  g_ptr_array_sort (result, compare_strings);
  g_ptr_array_add (result, NULL);
  return (char **) g_ptr_array_free (result, FALSE);
}

/* The template NAME in DIR: TRUE with *PROFILE NULL when DIR has none. */
static gboolean
load_from_dir (const char *dir, const char *name, VdProfile **profile, GError **error)
{
  g_autofree char *file = g_strconcat (name, SUFFIX, NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) xml = NULL;
  char *text = NULL;
  gsize len;

  *profile = NULL;
  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      return g_set_error (error, VD_PROFILE_ERROR, VD_PROFILE_ERROR_INVALID,
                          "cannot read profile '%s': %s", name, local_error->message), FALSE;
    }
  xml = g_bytes_new_take (text, len);
  *profile = vd_profile_new_from_data (name, path, xml, error);
  return *profile != NULL;
}

VdProfile *
vd_profile_load (VdConfig *config, const char *name, GError **error)
{
  g_autofree char *user_dir = vd_profile_user_dir (config);
  g_autofree char *installed = data_dir ();
  const char *dirs[] = { user_dir, installed };
  g_autofree char *resource = NULL;
  g_autoptr(GBytes) builtin = NULL;
  VdProfile *profile = NULL;

  if (!vd_profile_check_name (name, error))
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      if (!load_from_dir (dirs[i], name, &profile, error))
        return NULL;
      if (profile)
        return profile;
    }

  resource = g_strconcat (RESOURCE_DIR, name, SUFFIX, NULL);
  builtin = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (builtin)
    return vd_profile_new_from_data (name, VD_PROFILE_BUILTIN, builtin, error);

  {
    g_auto(GStrv) names = vd_profile_list (config);
    g_autofree char *available = g_strjoinv (", ", names);

    g_set_error (error, VD_PROFILE_ERROR, VD_PROFILE_ERROR_UNKNOWN,
                 "no profile named '%s'; the available profiles are: %s "
                 "(add your own as %s/%s.xml)", name, available, user_dir, name);
  }
  return NULL;
}
