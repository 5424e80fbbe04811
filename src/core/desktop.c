/* desktop.c: the desktop settings of a domain.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop.h"

const char * const vd_video_models[] = { "qxl", "virtio", "vga", NULL };
const char * const vd_sound_models[] = { "ich9", "ich6", "ac97", "none", NULL };

void
vd_desktop_settings_init (VdDesktopSettings *settings)
{
  memset (settings, 0, sizeof *settings);
  settings->port = -1;
  settings->usbredir = -1;
  settings->on_disconnect = -1;
  settings->idle_shutdown = -1;
}

static void
wipe_string (char **s)
{
  if (*s)
    {
      explicit_bzero (*s, strlen (*s));
      g_clear_pointer (s, g_free);
    }
}

void
vd_desktop_settings_set_password (VdDesktopSettings *settings,
                                  const char        *password)
{
  wipe_string (&settings->password_value);
  if (password)
    {
      settings->password = VD_TRISTATE_YES;
      settings->password_value = g_strdup (password);
    }
  else
    settings->password = VD_TRISTATE_NO;
}

void
vd_desktop_settings_clear (VdDesktopSettings *settings)
{
  g_clear_pointer (&settings->listen, g_free);
  wipe_string (&settings->password_value);
  g_clear_pointer (&settings->video, g_free);
  g_clear_pointer (&settings->sound, g_free);
  g_clear_pointer (&settings->usb_rules, g_array_unref);
  vd_desktop_settings_init (settings);
}

void
vd_desktop_info_clear (VdDesktopInfo *info)
{
  g_free (info->name);
  g_free (info->uuid);
  g_free (info->virt_type);
  g_free (info->graphics);
  g_free (info->listen);
  g_free (info->listen_type);
  g_free (info->listen_network);
  g_free (info->tls_plain_channels);
  g_free (info->usb_model);
  g_free (info->video);
  g_free (info->sound);
  g_clear_pointer (&info->usb_rules, g_array_unref);
  memset (info, 0, sizeof *info);
}

gboolean
vd_video_model_is_valid (const char *model)
{
  return model && g_strv_contains (vd_video_models, model);
}

gboolean
vd_sound_model_is_valid (const char *model)
{
  return model && g_strv_contains (vd_sound_models, model);
}
