/* qemu-conf.c: SPICE TLS settings from libvirt's qemu.conf.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "dial.h"
#include "qemu-conf.h"

#define DEFAULT_TLS_DIR "/etc/pki/qemu"
#define DEFAULT_SPICE_TLS_DIR "/etc/pki/libvirt-spice"

char *
vd_libvirt_conf_get (const char *text, const char *key)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  char *value = NULL;

  for (char **l = lines; *l; l++)
    {
      char *line = g_strstrip (*l);
      char *eq;
      g_autofree char *name = NULL;

      if (*line == '#' || (eq = strchr (line, '=')) == NULL)
        continue;
      name = g_strstrip (g_strndup (line, eq - line));
      if (strcmp (name, key) != 0)
        continue;
      {
        char *v = g_strstrip (eq + 1);
        char *hash;

        if (*v == '"')
          {
            char *end = strchr (v + 1, '"');
            g_free (value);
            value = end ? g_strndup (v + 1, end - v - 1) : NULL;
          }
        else
          {
            if ((hash = strchr (v, '#')) != NULL)
              *hash = '\0';
            g_free (value);
            value = g_strdup (g_strstrip (v));
          }
      }
    }
  return value;
}

void
vd_spice_tls_config_clear (VdSpiceTlsConfig *config)
{
  g_free (config->cert_dir);
  memset (config, 0, sizeof *config);
}

gboolean
vd_spice_tls_config_load (const char *path, VdSpiceTlsConfig *config, GError **error)
{
  g_autofree char *text = NULL;
  g_autofree char *tls = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) local_error = NULL;

  memset (config, 0, sizeof *config);
  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          config->cert_dir = g_strdup (g_file_test (DEFAULT_SPICE_TLS_DIR, G_FILE_TEST_IS_DIR)
                                       ? DEFAULT_SPICE_TLS_DIR : DEFAULT_TLS_DIR);
          return TRUE;
        }
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "cannot read %s: ", path);
      return FALSE;
    }
  tls = vd_libvirt_conf_get (text, "spice_tls");
  config->spice_tls = tls && strcmp (tls, "1") == 0;
  dir = vd_libvirt_conf_get (text, "spice_tls_x509_cert_dir");
  if (dir == NULL)
    {
      /* As libvirt does: /etc/pki/libvirt-spice when it exists, else the
       * default TLS directory. */
      g_autofree char *def = vd_libvirt_conf_get (text, "default_tls_x509_cert_dir");

      if (g_file_test (DEFAULT_SPICE_TLS_DIR, G_FILE_TEST_IS_DIR))
        dir = g_strdup (DEFAULT_SPICE_TLS_DIR);
      else
        dir = g_strdup (def ? def : DEFAULT_TLS_DIR);
    }
  config->cert_dir = g_steal_pointer (&dir);
  return TRUE;
}

gboolean
vd_spice_tls_check_host (const char *uri, GError **error)
{
  g_auto(VdSpiceTlsConfig) config = { 0, };
  g_autofree char *remote = vd_uri_remote_host (uri);
  static const char * const files[] = { "ca-cert.pem", "server-cert.pem", "server-key.pem" };

  if (remote || (uri && !g_str_has_prefix (uri, "qemu")))
    return TRUE;
  if (!vd_spice_tls_config_load (VD_QEMU_CONF, &config, error))
    return FALSE;
  if (!config.spice_tls)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                        "SPICE TLS is not set up on this host: set 'spice_tls = 1' "
                        "in %s, put ca-cert.pem, server-cert.pem and server-key.pem "
                        "in %s (or set spice_tls_x509_cert_dir), and restart libvirtd",
                        VD_QEMU_CONF, config.cert_dir), FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (config.cert_dir, files[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                            "SPICE TLS is on in %s but %s is missing; put the CA "
                            "certificate, the server certificate and its key in %s",
                            VD_QEMU_CONF, path, config.cert_dir), FALSE;
    }
  return TRUE;
}

char *
vd_qemu_conf_describe_spice_listen (const char *uri)
{
  g_autofree char *remote = vd_uri_remote_host (uri);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *value = NULL;

  if (remote)
    return g_strdup_printf ("set in the qemu.conf of %s, which vdctl cannot read from here",
                            remote);
  if (uri == NULL || !g_str_has_prefix (uri, "qemu"))
    return g_strdup_printf ("unknown, as %s is no QEMU driver", uri ? uri : "the connection");
  path = g_str_has_suffix (uri, "/session")
         ? g_build_filename (g_get_user_config_dir (), "libvirt", "qemu.conf", NULL)
         : g_strdup (VD_QEMU_CONF);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup_printf ("not set, as %s cannot be read, so libvirt's default %s for now",
                            path, VD_QEMU_DEFAULT_LISTEN);
  value = vd_libvirt_conf_get (text, "spice_listen");
  if (value == NULL)
    return g_strdup_printf ("not set in %s, so libvirt's default %s for now", path,
                            VD_QEMU_DEFAULT_LISTEN);
  return g_strdup_printf ("%s in %s", value, path);
}
