/* conf-file.h: vdctl.conf, the per-host and per-user defaults.
 *
 * GKeyFile files read in order, the later winning:
 *   /etc/vdctl/vdctl.conf (VDCTL_SYSTEM_CONFIG overrides the path)
 *   $XDG_CONFIG_HOME/vdctl/vdctl.conf (default ~/.config)
 * and the command line wins over both.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#define VD_CONFIG_GROUP "defaults"
#define VD_CONFIG_GROUP_WATCH "watch"
#define VD_CONFIG_GROUP_WEB "web"
#define VD_CONFIG_GROUP_GATEWAY "gateway"

typedef enum {
  VD_CONFIG_CONNECT,
  VD_CONFIG_LISTEN,
  VD_CONFIG_PUBLIC_HOST,
  VD_CONFIG_USBREDIR,
  VD_CONFIG_PROFILE,
  VD_CONFIG_TTL,
  VD_CONFIG_PROXY,
  VD_CONFIG_VIEWER,
  VD_CONFIG_TEMPLATES_DIR,
  /* [watch] */
  VD_CONFIG_AUDIT_LOG,
  VD_CONFIG_SHUTDOWN_GRACE,
  /* [web] */
  VD_CONFIG_WEB_LISTEN,
  VD_CONFIG_WEB_PORT,
  VD_CONFIG_WEB_CERT,
  VD_CONFIG_WEB_KEY,
  /* [gateway] */
  VD_CONFIG_GATEWAY_URL,
  VD_CONFIG_GATEWAY_LISTEN,
  VD_CONFIG_GATEWAY_PORT,
  VD_CONFIG_N_KEYS
} VdConfigKey;

typedef struct _VdConfig VdConfig;

VdConfig *vd_config_load (GError **error);
/* Load from explicit files (NULL entries are skipped); for tests. */
VdConfig *vd_config_load_files (const char * const *paths, GError **error);
void vd_config_free (VdConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdConfig, vd_config_free)

/* The value, or NULL when no file sets it. */
const char *vd_config_get (VdConfig *config, VdConfigKey key);
/* The file that set it, or NULL. */
const char *vd_config_source (VdConfig *config, VdConfigKey key);
const char *vd_config_key_name (VdConfigKey key);
/* The [group] KEY belongs to. */
const char *vd_config_key_group (VdConfigKey key);
const char *vd_config_key_default (VdConfigKey key);
/* The files read, in order (existing or not). */
const char * const *vd_config_files (VdConfig *config);
