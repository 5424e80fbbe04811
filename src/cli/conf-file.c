/* conf-file.c: vdctl.conf, the per-host and per-user defaults.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "conf-file.h"
#include "leave-policy.h"
#include "values.h"
#include "vvfile.h"

#define SYSTEM_CONFIG "/etc/vdctl/vdctl.conf"

struct _VdConfig {
  char *values[VD_CONFIG_N_KEYS];
  char *sources[VD_CONFIG_N_KEYS];
  GPtrArray *files;
};

static const struct {
  const char *name;
  const char *fallback;      /* what applies when no file sets it */
  const char *group;         /* NULL: [defaults] */
} keys[VD_CONFIG_N_KEYS] = {
  [VD_CONFIG_CONNECT] = { "connect", "LIBVIRT_DEFAULT_URI, then libvirt's default" },
  [VD_CONFIG_LISTEN] = { "listen", "127.0.0.1" },
  [VD_CONFIG_PUBLIC_HOST] = { "public-host", "the URI's host, then this host's name" },
  [VD_CONFIG_USBREDIR] = { "usbredir", "4 with --usb3, else 2" },
  [VD_CONFIG_PROFILE] = { "profile", "linux" },
  [VD_CONFIG_TTL] = { "ttl", "none: the desktop's own password" },
  [VD_CONFIG_PROXY] = { "proxy", "none" },
  [VD_CONFIG_VIEWER] = { "viewer", "remote-viewer" },
  [VD_CONFIG_TEMPLATES_DIR] = { "templates-dir", "$XDG_CONFIG_HOME/vdctl/templates" },
  [VD_CONFIG_AUDIT_LOG] = { "audit-log",
                            "/var/log/vdctl/audit.log as root, else "
                            "$XDG_STATE_HOME/vdctl/audit.log", VD_CONFIG_GROUP_WATCH },
  [VD_CONFIG_SHUTDOWN_GRACE] = { "shutdown-grace", "2m", VD_CONFIG_GROUP_WATCH },
  [VD_CONFIG_WEB_LISTEN] = { "web-listen", "127.0.0.1", VD_CONFIG_GROUP_WEB },
  [VD_CONFIG_WEB_PORT] = { "web-port", "6080", VD_CONFIG_GROUP_WEB },
  [VD_CONFIG_WEB_CERT] = { "web-cert", "none: plain HTTP", VD_CONFIG_GROUP_WEB },
  [VD_CONFIG_WEB_KEY] = { "web-key", "none: plain HTTP", VD_CONFIG_GROUP_WEB },
  [VD_CONFIG_GATEWAY_URL] = { "url", "none: viewers dial the desktops", VD_CONFIG_GROUP_GATEWAY },
  [VD_CONFIG_GATEWAY_LISTEN] = { "gateway-listen", "127.0.0.1", VD_CONFIG_GROUP_GATEWAY },
  [VD_CONFIG_GATEWAY_PORT] = { "gateway-port", "3128", VD_CONFIG_GROUP_GATEWAY },
};

static const char *const known_groups[] = { VD_CONFIG_GROUP, VD_CONFIG_GROUP_WATCH,
                                            VD_CONFIG_GROUP_WEB, VD_CONFIG_GROUP_GATEWAY };

const char *
vd_config_key_name (VdConfigKey key)
{
  return keys[key].name;
}

const char *
vd_config_key_group (VdConfigKey key)
{
  return keys[key].group ? keys[key].group : VD_CONFIG_GROUP;
}

const char *
vd_config_key_default (VdConfigKey key)
{
  return keys[key].fallback;
}

void
vd_config_free (VdConfig *config)
{
  if (config == NULL)
    return;
  for (int i = 0; i < VD_CONFIG_N_KEYS; i++)
    {
      g_free (config->values[i]);
      g_free (config->sources[i]);
    }
  g_ptr_array_unref (config->files);
  g_free (config);
}

/* GKeyFile names no line for a bad key or group; find it in the text. */
static int
line_of (const char *text, const char *needle, gboolean group)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (int i = 0; lines[i]; i++)
    {
      const char *l = lines[i];

      while (*l == ' ' || *l == '\t')
        l++;
      if (group)
        {
          if (l[0] == '[' && strncmp (l + 1, needle, strlen (needle)) == 0 &&
              l[1 + strlen (needle)] == ']')
            return i + 1;
        }
      else if (strncmp (l, needle, strlen (needle)) == 0)
        {
          const char *rest = l + strlen (needle);

          while (*rest == ' ' || *rest == '\t')
            rest++;
          if (*rest == '=' || *rest == '[')
            return i + 1;
        }
    }
  return 0;
}

static gboolean
validate (VdConfigKey key, const char *value, GError **error)
{
  g_autofree char *listen = NULL;
  guint64 n;
  guint seconds;

  switch (key)
    {
    case VD_CONFIG_LISTEN:
      return vd_parse_listen_address (value, &listen, error);
    case VD_CONFIG_USBREDIR:
      return vd_parse_count ("usbredir", value, 0, 15, &n, error);
    case VD_CONFIG_TTL:
      return vd_parse_count ("ttl", value, 1, 7 * 24 * 3600, &n, error);
    case VD_CONFIG_PROXY:
      return vd_vv_check_proxy (value, error);
    case VD_CONFIG_SHUTDOWN_GRACE:
      return vd_duration_parse (value, &seconds, error);
    case VD_CONFIG_WEB_LISTEN:
    case VD_CONFIG_GATEWAY_LISTEN:
      return vd_parse_listen_address (value, &listen, error);
    case VD_CONFIG_WEB_PORT:
    case VD_CONFIG_GATEWAY_PORT:
      return vd_parse_count (keys[key].name, value, 1, 65535, &n, error);
    case VD_CONFIG_GATEWAY_URL:
      return vd_vv_check_proxy (value, error);
    default:
      if (*value == '\0')
        return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                            "empty value for %s", keys[key].name), FALSE;
      return TRUE;
    }
}

/* The keys of GROUP in KF, read from PATH (whose TEXT names lines). */
static gboolean
load_group (VdConfig *config, const char *path, const char *text, GKeyFile *kf,
            const char *group, GError **error)
{
  g_auto(GStrv) names = g_key_file_get_keys (kf, group, NULL, NULL);
  g_autoptr(GError) local_error = NULL;

  for (char **k = names; k && *k; k++)
    {
      g_autofree char *value = NULL;
      int key = -1;

      for (int i = 0; i < VD_CONFIG_N_KEYS; i++)
        if (strcmp (keys[i].name, *k) == 0 && strcmp (vd_config_key_group (i), group) == 0)
          key = i;
      if (key < 0)
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                            "%s:%d: unknown key '%s' in [%s]", path,
                            line_of (text, *k, FALSE), *k, group), FALSE;
      value = g_key_file_get_string (kf, group, *k, &local_error);
      if (value == NULL)
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%d: %s",
                            path, line_of (text, *k, FALSE), local_error->message), FALSE;
      g_strstrip (value);
      if (!validate (key, value, &local_error))
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%d: %s",
                            path, line_of (text, *k, FALSE), local_error->message), FALSE;
      g_free (config->values[key]);
      g_free (config->sources[key]);
      config->values[key] = g_steal_pointer (&value);
      config->sources[key] = g_strdup (path);
    }
  return TRUE;
}

static gboolean
load_one (VdConfig *config, const char *path, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) groups = NULL;
  gsize len;

  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
                   local_error->message);
      return FALSE;
    }
  {
    /* GKeyFile names the bad line's text but not its number. */
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

    for (int i = 0; lines[i]; i++)
      {
        const char *l = g_strstrip (lines[i]);

        if (*l && *l != '#' && *l != '[' && strchr (l, '=') == NULL)
          return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                              "%s:%d: not a key=value line, a [group] or a #comment",
                              path, i + 1), FALSE;
      }
  }
  if (!g_key_file_load_from_data (kf, text, len, G_KEY_FILE_NONE, &local_error))
    {
      /* GKeyFile's messages name the offending line's text. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", path,
                   local_error->message);
      return FALSE;
    }

  groups = g_key_file_get_groups (kf, NULL);
  for (char **g = groups; *g; g++)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (known_groups); i++)
        known = known || strcmp (*g, known_groups[i]) == 0;
      if (!known)
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                            "%s:%d: unknown group [%s]; vdctl.conf has [%s], [%s], [%s] "
                            "and [%s]", path, line_of (text, *g, TRUE), *g, VD_CONFIG_GROUP,
                            VD_CONFIG_GROUP_WATCH, VD_CONFIG_GROUP_WEB,
                            VD_CONFIG_GROUP_GATEWAY), FALSE;
      if (!load_group (config, path, text, kf, *g, error))
        return FALSE;
    }
  return TRUE;
}

VdConfig *
vd_config_load_files (const char * const *paths, GError **error)
{
  g_autoptr(VdConfig) config = g_new0 (VdConfig, 1);

  config->files = g_ptr_array_new_with_free_func (g_free);
  for (const char * const *p = paths; *p; p++)
    {
      g_ptr_array_add (config->files, g_strdup (*p));
      if (!load_one (config, *p, error))
        return NULL;
    }
  g_ptr_array_add (config->files, NULL);
  return g_steal_pointer (&config);
}

VdConfig *
vd_config_load (GError **error)
{
  const char *system = g_getenv ("VDCTL_SYSTEM_CONFIG");
  g_autofree char *user = g_build_filename (g_get_user_config_dir (), "vdctl",
                                            "vdctl.conf", NULL);
  const char *paths[] = { system ? system : SYSTEM_CONFIG, user, NULL };

  return vd_config_load_files (paths, error);
}

const char *
vd_config_get (VdConfig *config, VdConfigKey key)
{
  return config ? config->values[key] : NULL;
}

const char *
vd_config_source (VdConfig *config, VdConfigKey key)
{
  return config ? config->sources[key] : NULL;
}

const char * const *
vd_config_files (VdConfig *config)
{
  return (const char * const *) config->files->pdata;
}
