/* display-reach.c: how far a desktop's display reaches.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "display-reach.h"
#include "values.h"

VdReach
vd_display_reach (const VdDesktopInfo *info)
{
  const char *type = info->listen_type;

  if (info->graphics == NULL || g_strcmp0 (type, "none") == 0 ||
      g_strcmp0 (type, "socket") == 0)
    return VD_REACH_NOWHERE;
  if (g_strcmp0 (type, "network") == 0)
    return VD_REACH_NETWORK;
  if (info->listen == NULL)
    return VD_REACH_HOST_DEFAULT;
  return vd_address_is_loopback (info->listen) ? VD_REACH_LOOPBACK : VD_REACH_ADDRESS;
}

gboolean
vd_reach_beyond_loopback (VdReach reach)
{
  return reach == VD_REACH_ADDRESS || reach == VD_REACH_NETWORK ||
         reach == VD_REACH_HOST_DEFAULT;
}

gboolean
vd_display_is_insecure (const VdDesktopInfo *info)
{
  return !info->password_set && info->password == VD_TRISTATE_NO &&
         vd_reach_beyond_loopback (vd_display_reach (info));
}

gboolean
vd_display_may_be_insecure (const VdDesktopInfo *info)
{
  return info->graphics && !info->password_set && info->password == VD_TRISTATE_UNSET &&
         vd_reach_beyond_loopback (vd_display_reach (info));
}

char *
vd_display_reach_describe (const VdDesktopInfo *info)
{
  switch (vd_display_reach (info))
    {
    case VD_REACH_NOWHERE:
      if (info->graphics == NULL)
        return g_strdup ("nowhere (no display)");
      return g_strdup_printf ("nowhere on the network (listen type '%s')", info->listen_type);
    case VD_REACH_NETWORK:
      if (info->listen)
        return g_strdup_printf ("on libvirt network '%s' (%s)",
                                info->listen_network ? info->listen_network : "?",
                                info->listen);
      return g_strdup_printf ("on libvirt network '%s'",
                              info->listen_network ? info->listen_network : "?");
    case VD_REACH_HOST_DEFAULT:
      return g_strdup ("on no address of its own");
    case VD_REACH_LOOPBACK:
    case VD_REACH_ADDRESS:
    default:
      return g_strdup_printf ("on %s", info->listen);
    }
}

char *
vd_display_insecure_warning (const VdDesktopInfo *info, const char *name)
{
  g_autofree char *where = vd_display_reach_describe (info);
  gboolean spice = g_strcmp0 (info->graphics, "spice") == 0;
  g_autofree char *kind = spice ? g_strdup ("SPICE") : g_ascii_strup (info->graphics, -1);

  if (vd_display_reach (info) == VD_REACH_HOST_DEFAULT)
    {
      g_free (where);
      where = g_strdup_printf ("on no address of its own (qemu.conf's %s_listen decides)",
                               spice ? "spice" : info->graphics);
    }
  if (spice)
    return g_strdup_printf ("desktop '%s' has a SPICE display without a password that "
                            "listens %s: anyone who reaches it can open it; give it one "
                            "with 'vdctl edit %s --password-file FILE'", name, where, name);
  return g_strdup_printf ("desktop '%s' has a %s display without a password that listens "
                          "%s: anyone who reaches it can open it", name, kind, where);
}
