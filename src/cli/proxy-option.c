/* proxy-option.c: which HTTP proxy a viewer goes through.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "commands.h"
#include "proxy-option.h"
#include "vvfile.h"

gboolean
vd_proxy_choose (VdConfig *config, const char *opt_proxy, gboolean opt_no_proxy,
                 const char **proxy, GError **error)
{
  *proxy = NULL;
  if (opt_proxy && opt_no_proxy)
    return vd_usage_error (error, "--proxy and --no-proxy are alternatives; give one");
  if (opt_no_proxy)
    return TRUE;
  if (opt_proxy)
    *proxy = opt_proxy;
  else if (vd_config_get (config, VD_CONFIG_GATEWAY_URL))
    *proxy = vd_config_get (config, VD_CONFIG_GATEWAY_URL);
  else
    *proxy = vd_config_get (config, VD_CONFIG_PROXY);
  /* The file's values were checked when it was read. */
  return *proxy == NULL || vd_vv_check_proxy (*proxy, error);
}
