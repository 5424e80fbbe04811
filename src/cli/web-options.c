/* web-options.c: the browser client's settings.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "commands.h"
#include "values.h"
#include "web-options.h"

gboolean
vd_web_settings_resolve (VdConfig *config, const char *listen, const char *port,
                         const char *cert, const char *key, VdWebSettings *settings,
                         GError **error)
{
  guint64 number = 0;

  settings->listen = listen ? listen : vd_config_get (config, VD_CONFIG_WEB_LISTEN);
  if (settings->listen == NULL)
    settings->listen = "127.0.0.1";
  if (port == NULL)
    port = vd_config_get (config, VD_CONFIG_WEB_PORT);
  if (port == NULL)
    port = "6080";
  if (!vd_parse_count ("--port", port, 1, 65535, &number, error))
    return FALSE;
  settings->port = (guint) number;
  /* The command line's pair wins whole over the file's. */
  if (cert == NULL && key == NULL)
    {
      cert = vd_config_get (config, VD_CONFIG_WEB_CERT);
      key = vd_config_get (config, VD_CONFIG_WEB_KEY);
    }
  if ((cert == NULL) != (key == NULL))
    return vd_usage_error (error, "--cert and --key go together; give both (or neither, "
                           "for plain HTTP)");
  settings->cert = cert;
  settings->key = key;
  return TRUE;
}
