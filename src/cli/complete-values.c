/* complete-values.c: the option values 'vdctl complete' offers that no
 * argument description spells out.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "complete-values.h"
#include "desktop.h"
#include "profile-store.h"
#include "redirect-options.h"

static const char * const virt_types[] = { "kvm", "qemu", NULL };
static const char * const usb_any[] = { "any", NULL };

static const struct {
  const char *option;
  const char * const *values;
} value_lists[] = {
  { "video", vd_video_models },
  { "sound", vd_sound_models },
  { "virt-type", virt_types },
  { "usb-allow", vd_usb_class_names },
  { "usb-allow", usb_any },
  { "usb-deny", vd_usb_class_names },
  { "usb-deny", usb_any },
  { "on-disconnect", vd_leave_action_names },
};

static void
add_all (GPtrArray *out, char **values)
{
  for (char **v = values; v && *v; v++)
    g_ptr_array_add (out, g_strdup (*v));
}

char **
vd_complete_option_values (const char *long_name, const char *value)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (value_lists); i++)
    if (strcmp (long_name, value_lists[i].option) == 0)
      add_all (out, (char **) value_lists[i].values);
  if (strcmp (long_name, "redirect") == 0)
    {
      /* A comma-separated list: the item after the last comma. */
      g_auto(GStrv) values = vd_redirect_options_complete (value);

      add_all (out, values);
    }
  if (strcmp (long_name, "profile") == 0)
    {
      /* Shipped and the user's own (in the default directory). */
      g_auto(GStrv) profiles = vd_profile_list (NULL);

      add_all (out, profiles);
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}
