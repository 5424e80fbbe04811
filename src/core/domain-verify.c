/* domain-verify.c: did libvirt keep what vdctl wrote?
 *
 * Each setting is described in words ("listen 0.0.0.0", "automatic
 * ports"); a setting of the written definition came through when its
 * words are the same in the stored one, and an asked setting when the
 * stored value is the one asked.  A difference is reported once, in the
 * words of what was wanted and of what libvirt stored.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "domain-verify.h"

G_DEFINE_QUARK (vd-verify-error-quark, vd_verify_error)

typedef enum {
  FIELD_GRAPHICS = 1 << 0,
  FIELD_LISTEN = 1 << 1,
  FIELD_PORTS = 1 << 2,
  FIELD_PASSWORD = 1 << 3,
  FIELD_TLS = 1 << 4,
  FIELD_USB = 1 << 5,
  FIELD_USBREDIR = 1 << 6,
  FIELD_VIDEO = 1 << 7,
  FIELD_SOUND = 1 << 8,
  FIELD_MEMORY = 1 << 9,
  FIELD_VCPUS = 1 << 10,
  FIELD_VCPUS_MAX = 1 << 11,
  FIELD_VDAGENT = 1 << 12,
  FIELD_GUEST_AGENT = 1 << 13,
  FIELD_REDIRECT = 1 << 14,
  FIELD_USB_RULES = 1 << 15,
  FIELD_MONITORS = 1 << 16,
  FIELD_DISPLAY_PROFILE = 1 << 17,
} Field;

typedef struct {
  GString *message;
  guint reported;              /* Fields already in the message */
} Differences;

static void compare_values (Differences *d, Field field, gboolean equal, char *wanted,
                            char *stored);

static void
differ (Differences *d, Field field, const char *wanted, const char *stored)
{
  if (d->reported & field)
    return;
  d->reported |= field;
  g_string_append_printf (d->message, "%slibvirt did not keep %s: it stored %s",
                          d->message->len ? "; " : "", wanted, stored);
}

/* ---- settings in words --------------------------------------------- */

static char *
graphics_words (const VdDesktopInfo *i)
{
  if (i->graphics == NULL)
    return g_strdup ("no display");
  if (strcmp (i->graphics, "spice") == 0)
    return g_strdup ("a SPICE display");
  if (strcmp (i->graphics, "vnc") == 0)
    return g_strdup ("a VNC display");
  return g_strdup_printf ("a '%s' display", i->graphics);
}

static char *
listen_words (const VdDesktopInfo *i)
{
  const char *type = i->listen_type;

  if (i->graphics == NULL)
    return g_strdup ("no display");
  if (g_strcmp0 (type, "network") == 0)
    return g_strdup_printf ("a listen on libvirt network '%s'",
                            i->listen_network ? i->listen_network : "");
  if (type && strcmp (type, "address") != 0)
    return g_strdup_printf ("listen type '%s'", type);
  if (i->listen == NULL)
    return g_strdup ("no listen address");
  return g_strdup_printf ("listen %s", i->listen);
}

static char *
ports_words (const VdDesktopInfo *i)
{
  if (i->graphics == NULL)
    return g_strdup ("no display");
  if (i->autoport)
    return g_strdup ("automatic ports");
  if (i->port > 0 && i->tls_port > 0)
    return g_strdup_printf ("port %d and TLS port %d", i->port, i->tls_port);
  if (i->port > 0)
    return g_strdup_printf ("port %d", i->port);
  if (i->tls_port > 0)
    return g_strdup_printf ("TLS port %d only", i->tls_port);
  return g_strdup ("no port");
}

static char *
tls_words (const VdDesktopInfo *i)
{
  if (i->tls)
    return g_strdup ("TLS on every channel");
  if (i->tls_plain_channels)
    return g_strdup_printf ("TLS but for channels %s", i->tls_plain_channels);
  return g_strdup ("no TLS");
}

static char *
usb_words (const char *model)
{
  return model ? g_strdup_printf ("a %s USB controller", model) : g_strdup ("no USB controller");
}

static char *
model_words (const char *what, const char *model)
{
  return model ? g_strdup_printf ("%s %s", what, model) : g_strdup_printf ("no %s", what);
}

static char *
yes_no_words (gboolean yes, const char *what)
{
  return g_strdup_printf ("%s%s", yes ? "" : "no ", what);
}

/* ---- what was asked ------------------------------------------------ */

static gboolean
same_address (const char *a, const char *b)
{
  g_autoptr(GInetAddress) x = NULL;
  g_autoptr(GInetAddress) y = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  x = g_inet_address_new_from_string (a);
  y = g_inet_address_new_from_string (b);
  if (x && y)
    return g_inet_address_equal (x, y);
  return strcmp (a, b) == 0;
}

static void
check_asked_display (Differences *d, const VdDesktopSettings *s, const VdDesktopInfo *k)
{
  gboolean spice = g_strcmp0 (k->graphics, "spice") == 0;
  g_autofree char *stored_graphics = graphics_words (k);
  g_autofree char *stored_listen = listen_words (k);
  g_autofree char *stored_ports = ports_words (k);

  if (s->spice == VD_TRISTATE_YES && !spice)
    differ (d, FIELD_GRAPHICS, "a SPICE display", stored_graphics);
  if (s->spice == VD_TRISTATE_NO && spice)
    differ (d, FIELD_GRAPHICS, "no SPICE display", stored_graphics);
  if (s->listen &&
      !(g_strcmp0 (k->listen_type, "address") == 0 && same_address (s->listen, k->listen)))
    {
      g_autofree char *wanted = g_strdup_printf ("listen %s", s->listen);

      differ (d, FIELD_LISTEN, wanted, stored_listen);
    }
  if (s->port == VD_PORT_AUTO && !k->autoport)
    differ (d, FIELD_PORTS, "automatic ports", stored_ports);
  if (s->port > 0 && (k->autoport || k->port != s->port))
    {
      g_autofree char *wanted = g_strdup_printf ("port %d", s->port);

      differ (d, FIELD_PORTS, wanted, stored_ports);
    }
  if (s->password == VD_TRISTATE_YES && !k->password_set)
    differ (d, FIELD_PASSWORD, "the password", "none");
  if (s->password == VD_TRISTATE_NO && k->password_set)
    differ (d, FIELD_PASSWORD, "no password", "one");
  if ((s->tls == VD_TRISTATE_YES && !k->tls) || (s->tls == VD_TRISTATE_NO && k->tls))
    {
      g_autofree char *stored = tls_words (k);

      differ (d, FIELD_TLS, s->tls == VD_TRISTATE_YES ? "TLS on every channel" : "no TLS",
              stored);
    }
}

static void
check_asked_devices (Differences *d, const VdDesktopSettings *s, const VdDesktopInfo *k)
{
  if ((s->usb3 == VD_TRISTATE_YES && !k->usb3) || (s->usb3 == VD_TRISTATE_NO && k->usb3))
    {
      g_autofree char *stored = usb_words (k->usb_model);

      differ (d, FIELD_USB, s->usb3 == VD_TRISTATE_YES ? "a qemu-xhci USB controller"
                                                       : "USB2 controllers", stored);
    }
  if (s->usbredir >= 0 && k->usbredir != s->usbredir)
    {
      g_autofree char *wanted = g_strdup_printf ("%d USB redirection channels", s->usbredir);
      g_autofree char *stored = g_strdup_printf ("%d", k->usbredir);

      differ (d, FIELD_USBREDIR, wanted, stored);
    }
  if (s->video && g_strcmp0 (s->video, k->video) != 0)
    {
      g_autofree char *wanted = model_words ("video", s->video);
      g_autofree char *stored = model_words ("video", k->video);

      differ (d, FIELD_VIDEO, wanted, stored);
    }
  if (s->sound)
    {
      const char *want = strcmp (s->sound, "none") == 0 ? NULL : s->sound;

      if (g_strcmp0 (want, k->sound) != 0)
        {
          g_autofree char *wanted = model_words ("sound", want);
          g_autofree char *stored = model_words ("sound", k->sound);

          differ (d, FIELD_SOUND, wanted, stored);
        }
    }
  if (s->agents && !k->guest_agent)
    differ (d, FIELD_GUEST_AGENT, "the guest agent channel", "none");
  if (s->agents && !k->vdagent && g_strcmp0 (k->graphics, "spice") == 0)
    differ (d, FIELD_VDAGENT, "the SPICE agent channel", "none");
}

static void
check_asked_machine (Differences *d, const VdDesktopSettings *s, const VdDesktopInfo *k)
{
  if (s->memory_mib > 0 && k->memory_mib != s->memory_mib)
    {
      g_autofree char *wanted = g_strdup_printf ("%" G_GUINT64_FORMAT " MiB of memory",
                                                 s->memory_mib);
      g_autofree char *stored = g_strdup_printf ("%" G_GUINT64_FORMAT " MiB",
                                                 k->memory_mib);

      differ (d, FIELD_MEMORY, wanted, stored);
    }
  if (s->vcpus > 0 && k->vcpus != s->vcpus)
    {
      g_autofree char *wanted = g_strdup_printf ("%u vCPUs at boot", s->vcpus);
      g_autofree char *stored = g_strdup_printf ("%u (of at most %u)", k->vcpus,
                                                 k->vcpus_max);

      differ (d, FIELD_VCPUS, wanted, stored);
    }
}

/* ---- the SPICE redirection policy ---------------------------------- */

static char *
redirect_words (guint set)
{
  g_autofree char *list = vd_redirect_to_string (set);

  return g_strdup_printf ("redirections %s", list);
}

static char *
rules_words (const GArray *rules)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;

  if (rules == NULL || rules->len == 0)
    return g_strdup ("no USB filter");
  for (guint i = 0; i < rules->len; i++)
    g_ptr_array_add (parts, vd_usb_rule_to_string (&g_array_index (rules, VdUsbRule, i)));
  g_ptr_array_add (parts, NULL);
  list = g_strjoinv (", ", (char **) parts->pdata);
  return g_strdup_printf ("the USB filter %s", list);
}

static gboolean
same_rules (const GArray *a, const GArray *b)
{
  guint la = a ? a->len : 0, lb = b ? b->len : 0;

  return la == lb && (la == 0 || memcmp (a->data, b->data, la * sizeof (VdUsbRule)) == 0);
}

static char *
profile_words (VdDisplayProfile profile)
{
  const char *name = vd_display_profile_name (profile);

  return name ? g_strdup_printf ("the %s display profile", name)
              : g_strdup ("no display profile");
}

/* What was asked came through: the redirections named (the microphone
 * only where there is sound), the filter, the monitors, the profile. */
static void
check_asked_policy (Differences *d, const VdDesktopSettings *s, const VdDesktopInfo *k)
{
  guint mask = (k->redirect & VD_REDIRECT_AUDIO) ? VD_REDIRECT_ALL
                                                 : VD_REDIRECT_ALL & ~VD_REDIRECT_MICROPHONE;
  guint named = (s->redirect.add | s->redirect.remove) & mask;

  if (s->redirect.given && g_strcmp0 (k->graphics, "spice") == 0 &&
      (k->redirect & named) != (s->redirect.add & named))
    {
      g_autofree char *wanted = redirect_words ((k->redirect & ~named) | (s->redirect.add & named));
      g_autofree char *stored = redirect_words (k->redirect);

      differ (d, FIELD_REDIRECT, wanted, stored);
    }
  if (s->usb_rules)
    {
      g_autoptr(GArray) closed = vd_usb_rules_close (s->usb_rules);

      compare_values (d, FIELD_USB_RULES, same_rules (closed, k->usb_rules),
                      rules_words (closed), rules_words (k->usb_rules));
    }
  if (s->monitors > 0 && k->monitors != s->monitors)
    compare_values (d, FIELD_MONITORS, FALSE, g_strdup_printf ("%u monitors", s->monitors),
                    g_strdup_printf ("%u", k->monitors));
  if (s->display_profile != VD_DISPLAY_PROFILE_UNSET &&
      s->display_profile != k->display_profile)
    compare_values (d, FIELD_DISPLAY_PROFILE, FALSE, profile_words (s->display_profile),
                    profile_words (k->display_profile));
}

static void
check_written_policy (Differences *d, const VdDesktopInfo *w, const VdDesktopInfo *k)
{
  compare_values (d, FIELD_REDIRECT, w->redirect == k->redirect, redirect_words (w->redirect),
                  redirect_words (k->redirect));
  compare_values (d, FIELD_USB_RULES, same_rules (w->usb_rules, k->usb_rules),
                  rules_words (w->usb_rules), rules_words (k->usb_rules));
  /* libvirt adds a video device where there was none. */
  if (w->video)
    compare_values (d, FIELD_MONITORS, w->monitors == k->monitors,
                    g_strdup_printf ("%u monitors", w->monitors),
                    g_strdup_printf ("%u", k->monitors));
  compare_values (d, FIELD_DISPLAY_PROFILE, w->display_profile == k->display_profile,
                  profile_words (w->display_profile), profile_words (k->display_profile));
}

/* ---- what was written ---------------------------------------------- */

typedef char *(*Words) (const VdDesktopInfo *info);

static void
compare_words (Differences *d, Field field, Words words, const VdDesktopInfo *w,
               const VdDesktopInfo *k)
{
  g_autofree char *wanted = words (w);
  g_autofree char *stored = words (k);

  if (strcmp (wanted, stored) != 0)
    differ (d, field, wanted, stored);
}

/* EQUAL: whether the written value came through; WANTED and STORED
 * describe it (and are freed). */
static void
compare_values (Differences *d, Field field, gboolean equal, char *wanted, char *stored)
{
  if (!equal)
    differ (d, field, wanted, stored);
  g_free (wanted);
  g_free (stored);
}

static char *
password_words (const VdDesktopInfo *i)
{
  return yes_no_words (i->password_set, "password");
}

static void
check_written (Differences *d, const VdDesktopInfo *w, const VdDesktopInfo *k)
{
  compare_words (d, FIELD_GRAPHICS, graphics_words, w, k);
  /* The rest of a display is compared only on the same kind of display:
   * the graphics difference says it all. */
  if (g_strcmp0 (w->graphics, k->graphics) == 0)
    {
      compare_words (d, FIELD_LISTEN, listen_words, w, k);
      compare_words (d, FIELD_PORTS, ports_words, w, k);
      compare_words (d, FIELD_PASSWORD, password_words, w, k);
      compare_words (d, FIELD_TLS, tls_words, w, k);
    }
  if (w->usb_model)
    compare_values (d, FIELD_USB, g_strcmp0 (w->usb_model, k->usb_model) == 0,
                    usb_words (w->usb_model), usb_words (k->usb_model));
  compare_values (d, FIELD_USBREDIR, w->usbredir == k->usbredir,
                  g_strdup_printf ("%d USB redirection channels", w->usbredir),
                  g_strdup_printf ("%d", k->usbredir));
  if (w->video)
    compare_values (d, FIELD_VIDEO, g_strcmp0 (w->video, k->video) == 0,
                    model_words ("video", w->video), model_words ("video", k->video));
  compare_values (d, FIELD_SOUND, g_strcmp0 (w->sound, k->sound) == 0,
                  model_words ("sound", w->sound), model_words ("sound", k->sound));
  compare_values (d, FIELD_VDAGENT, w->vdagent == k->vdagent,
                  yes_no_words (w->vdagent, "SPICE agent channel"),
                  yes_no_words (k->vdagent, "SPICE agent channel"));
  compare_values (d, FIELD_GUEST_AGENT, w->guest_agent == k->guest_agent,
                  yes_no_words (w->guest_agent, "guest agent channel"),
                  yes_no_words (k->guest_agent, "guest agent channel"));
  compare_values (d, FIELD_MEMORY, w->memory_mib == k->memory_mib,
                  g_strdup_printf ("%" G_GUINT64_FORMAT " MiB of memory", w->memory_mib),
                  g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", k->memory_mib));
  compare_values (d, FIELD_VCPUS, w->vcpus == k->vcpus,
                  g_strdup_printf ("%u vCPUs at boot", w->vcpus),
                  g_strdup_printf ("%u", k->vcpus));
  compare_values (d, FIELD_VCPUS_MAX, w->vcpus_max == k->vcpus_max,
                  g_strdup_printf ("at most %u vCPUs", w->vcpus_max),
                  g_strdup_printf ("%u", k->vcpus_max));
}

gboolean
vd_domain_verify (const VdDesktopSettings *asked,
                  const VdDesktopInfo     *written,
                  const VdDesktopInfo     *kept,
                  GError                 **error)
{
  Differences d = { g_string_new (NULL), 0 };

  if (asked)
    {
      check_asked_display (&d, asked, kept);
      check_asked_devices (&d, asked, kept);
      check_asked_machine (&d, asked, kept);
      check_asked_policy (&d, asked, kept);
    }
  if (written)
    {
      check_written (&d, written, kept);
      check_written_policy (&d, written, kept);
    }
  if (d.message->len == 0)
    {
      g_string_free (d.message, TRUE);
      return TRUE;
    }
  g_set_error_literal (error, VD_VERIFY_ERROR, VD_VERIFY_ERROR_NOT_KEPT, d.message->str);
  g_string_free (d.message, TRUE);
  return FALSE;
}
