/* desktop-options.c: the desktop options that create and edit share.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "commands.h"
#include "desktop-options.h"
#include "domain-xml.h"
#include "pool-record.h"
#include "secret.h"
#include "values.h"
#include "xml-util.h"

VdDesktopOptions vd_desktop_opts;

/* --on-disconnect and --idle-shutdown. */
static gboolean
parse_leave (VdDesktopSettings *s, GError **error)
{
  const VdDesktopOptions *o = &vd_desktop_opts;
  VdLeaveAction action;
  guint seconds;

  if (o->on_disconnect)
    {
      if (!vd_leave_action_parse (o->on_disconnect, &action, &s->on_disconnect_delay, error))
        {
          g_prefix_error (error, "--on-disconnect: ");
          return FALSE;
        }
      s->on_disconnect = (int) action;
      /* They are done through the guest agent. */
      if (action == VD_LEAVE_LOCK || action == VD_LEAVE_LOGOFF)
        s->agents = TRUE;
    }
  if (o->idle_shutdown)
    {
      if (!vd_idle_shutdown_parse (o->idle_shutdown, &seconds, error))
        {
          g_prefix_error (error, "--idle-shutdown: ");
          return FALSE;
        }
      s->idle_shutdown = (int) seconds;
    }
  return TRUE;
}

gboolean
vd_desktop_options_parse (VdDesktopSettings *s, GError **error)
{
  const VdDesktopOptions *o = &vd_desktop_opts;
  guint64 n;

  if (o->listen && !vd_parse_listen_address (o->listen, &s->listen, error))
    return FALSE;
  if (o->port && !vd_parse_port ("--port", o->port, TRUE, &s->port, error))
    return FALSE;
  if (o->usb3)
    s->usb3 = VD_TRISTATE_YES;
  if (o->usbredir)
    {
      if (!vd_parse_count ("--usbredir", o->usbredir, 0, VD_USBREDIR_MAX, &n, error))
        return FALSE;
      s->usbredir = (int) n;
    }
  if (o->video)
    {
      if (!vd_parse_choice ("--video", o->video, vd_video_models, error))
        return FALSE;
      s->video = g_strdup (o->video);
    }
  if (o->sound)
    {
      if (!vd_parse_choice ("--sound", o->sound, vd_sound_models, error))
        return FALSE;
      s->sound = g_strdup (o->sound);
    }
  if (o->memory && !vd_parse_memory_mib ("--memory", o->memory, &s->memory_mib, error))
    return FALSE;
  if (o->vcpus)
    {
      if (!vd_parse_count ("--vcpus", o->vcpus, 1, VD_VCPUS_MAX, &n, error))
        return FALSE;
      s->vcpus = (guint) n;
    }
  if (o->tls)
    s->tls = VD_TRISTATE_YES;
  if (!parse_leave (s, error))
    return FALSE;
  if (o->password_file && o->no_password)
    return vd_usage_error (error, "--password-file and --no-password are alternatives");
  if (o->insecure && !o->no_password)
    return vd_usage_error (error, "--insecure only goes with --no-password");
  return vd_redirect_options_parse (s, error);
}

gboolean
vd_desktop_options_check_reset (const VdDesktopSettings *s, xmlDoc *doc, GError **error)
{
  g_autoptr(VdSeatRecord) seat = NULL;
  g_autoptr(VdPoolRecord) pool = NULL;
  g_autofree char *name = NULL;

  if (s->on_disconnect != VD_LEAVE_RESET)
    return TRUE;
  if (doc == NULL)
    return vd_usage_error (error, "--on-disconnect reset is for pool seats, which go back "
                           "to their golden state; give it to 'vdctl pool create'");
  if (!vd_pool_record_read (doc, &seat, &pool, error))
    return FALSE;
  if (seat)
    return TRUE;
  name = vd_xml_get_content (vd_xml_first_element (xmlDocGetRootElement (doc), "name"));
  return g_set_error (error, VD_DOMAIN_ERROR, VD_DOMAIN_ERROR_UNSUPPORTED,
                      "--on-disconnect reset: desktop '%s' is no pool seat: it has no "
                      "golden state to go back to", name ? name : "?"), FALSE;
}

gboolean
vd_desktop_options_resolve_password (VdDesktopSettings *s,
                                     const char        *listen,
                                     gboolean           has_password,
                                     gboolean          *generate,
                                     GError           **error)
{
  g_autofree char *where = g_strdup_printf ("on %s, which is reachable beyond this host",
                                            listen);

  return vd_desktop_options_password_rule (s, !vd_address_is_loopback (listen), where,
                                           has_password, TRUE, generate, error);
}

gboolean
vd_desktop_options_password_rule (VdDesktopSettings *s,
                                  gboolean           reachable,
                                  const char        *where,
                                  gboolean           has_password,
                                  gboolean           may_generate,
                                  gboolean          *generate,
                                  GError           **error)
{
  const VdDesktopOptions *o = &vd_desktop_opts;

  *generate = FALSE;
  if (o->no_password && reachable && !o->insecure)
    return vd_usage_error (error, "refusing a SPICE display without a password %s; "
                           "give --password-file, listen on 127.0.0.1, or add "
                           "--insecure if you really mean it", where);
  if (o->no_password)
    vd_desktop_settings_set_password (s, NULL);
  else if (o->password_file)
    {
      g_autofree char *secret = vd_secret_read_file (o->password_file, error);

      if (secret == NULL)
        return FALSE;
      vd_desktop_settings_set_password (s, secret);
      explicit_bzero (secret, strlen (secret));
    }
  else if (reachable && !has_password && may_generate)
    *generate = TRUE;
  return TRUE;
}
