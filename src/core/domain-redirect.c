/* domain-redirect.c: the SPICE redirection policy in the domain XML:
 * which redirections the domain has (usbredir channels, the spicevmc
 * smartcard, the webdav port, the sound device and its input, the
 * display's clipboard and file transfer) and the <redirfilter> rules.
 * USB channels and the sound device themselves are domain-usb.c's and
 * domain-devices.c's: a redirection change only says how many and which
 * model (vd_domain_redirect_resolve).  Monitors and the display profile
 * are in domain-display.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "device-xml.h"
#include "domain-xml-private.h"
#include "values.h"
#include "xml-util.h"

#define WEBDAV_CHANNEL "org.spice-space.webdav.0"

/* The redirections that live in the SPICE display alone. */
#define SPICE_ONLY (VD_REDIRECT_SMARTCARD | VD_REDIRECT_FOLDERS | VD_REDIRECT_CLIPBOARD | \
                    VD_REDIRECT_FILES)

/* The order libvirt writes the children of these elements in. */
const char * const vd_graphics_child_order[] = {
  "listen", "channel", "image", "jpeg", "zlib", "playback", "streaming", "clipboard",
  "mouse", "filetransfer", "gl", NULL,
};
static const char * const sound_child_order[] = { "codec", "audio", "alias", "address", NULL };

/* ---- what the domain has ------------------------------------------- */

gboolean
vd_domain_sound_is_hda (const char *model)
{
  return g_strcmp0 (model, "ich6") == 0 || g_strcmp0 (model, "ich7") == 0 ||
         g_strcmp0 (model, "ich9") == 0;
}

/* Whether SOUND offers the guest no input: exactly one codec, an output
 * one. */
static gboolean
sound_output_only (xmlNode *sound)
{
  xmlNode *codec = vd_xml_first_element (sound, "codec");

  return codec && vd_xml_prop_equals (codec, "type", "output") &&
         vd_xml_next_element (codec, "codec") == NULL;
}

static gboolean
is_spice_smartcard (xmlNode *n)
{
  return vd_xml_prop_equals (n, "type", "spicevmc");
}

/* The SPICE display's CHILD (clipboard, filetransfer) says NAME='no'. */
static gboolean
graphics_says_no (xmlNode *graphics, const char *child, const char *name)
{
  return vd_xml_prop_equals (vd_xml_first_element (graphics, child), name, "no");
}

guint
vd_domain_redirect_current (xmlNode *devices)
{
  xmlNode *graphics = devices ? vd_domain_spice_graphics (devices) : NULL;
  g_autoptr(GPtrArray) redirdevs = NULL;
  guint set = 0;

  if (devices == NULL)
    return 0;
  redirdevs = vd_domain_spice_redirdevs (devices);
  if (redirdevs->len > 0)
    set |= VD_REDIRECT_USB;
  for (xmlNode *n = vd_xml_first_element (devices, "smartcard"); n;
       n = vd_xml_next_element (n, "smartcard"))
    if (is_spice_smartcard (n))
      set |= VD_REDIRECT_SMARTCARD;
  if (vd_domain_channel_named (devices, WEBDAV_CHANNEL))
    set |= VD_REDIRECT_FOLDERS;
  for (xmlNode *n = vd_xml_first_element (devices, "sound"); n;
       n = vd_xml_next_element (n, "sound"))
    {
      set |= VD_REDIRECT_AUDIO;
      if (!sound_output_only (n))
        set |= VD_REDIRECT_MICROPHONE;
    }
  if (graphics && !graphics_says_no (graphics, "clipboard", "copypaste"))
    set |= VD_REDIRECT_CLIPBOARD;
  if (graphics && !graphics_says_no (graphics, "filetransfer", "enable"))
    set |= VD_REDIRECT_FILES;
  return set;
}

/* The set S asks for on the domain that has CURRENT. */
static guint
target_set (const VdDesktopSettings *s, guint current)
{
  return vd_redirect_change_apply (&s->redirect, current);
}

void
vd_domain_redirect_resolve (xmlNode *devices, const VdDesktopSettings *s,
                            VdDesktopSettings *out)
{
  guint current, target;

  *out = *s;
  if (!s->redirect.given)
    return;
  current = vd_domain_redirect_current (devices);
  target = target_set (s, current);
  if ((target & ~current & VD_REDIRECT_USB) && s->usbredir < 0)
    {
      g_autoptr(GPtrArray) controllers =
        devices ? vd_domain_all_with_prop (devices, "controller", "type", "usb")
                : g_ptr_array_new ();
      /* Without a USB controller, vdctl adds a qemu-xhci one. */
      gboolean xhci = s->usb3 == VD_TRISTATE_YES ||
                      (s->usb3 == VD_TRISTATE_UNSET && controllers->len == 0);

      for (guint i = 0; s->usb3 == VD_TRISTATE_UNSET && i < controllers->len; i++)
        {
          g_autofree char *model = vd_xml_get_prop (controllers->pdata[i], "model");

          xhci |= g_strcmp0 (model, "qemu-xhci") == 0;
        }
      out->usbredir = xhci ? VD_DEFAULT_USBREDIR_USB3 : VD_DEFAULT_USBREDIR_USB2;
    }
  if ((current & ~target & VD_REDIRECT_USB) && s->usbredir < 0)
    out->usbredir = 0;
  if ((target & ~current & VD_REDIRECT_AUDIO) && s->sound == NULL)
    out->sound = (char *) VD_DEFAULT_SOUND;
  if ((current & ~target & VD_REDIRECT_AUDIO) && s->sound == NULL)
    out->sound = (char *) "none";
}

/* ---- checks before any change -------------------------------------- */

gboolean
vd_desktop_settings_check_redirect (const VdDesktopSettings *s, GError **error)
{
  const VdRedirectChange *c = &s->redirect;
  gboolean sound_none = g_strcmp0 (s->sound, "none") == 0;

  if (vd_redirect_change_turns_off (c, VD_REDIRECT_USB) && s->usbredir > 0)
    return vd_value_invalid (error, "--redirect turns USB redirection off, and --usbredir %d "
                             "asks for its channels; give one or the other", s->usbredir);
  if (vd_redirect_change_turns_on (c, VD_REDIRECT_USB) && s->usbredir == 0)
    return vd_value_invalid (error, "--redirect usb asks for USB redirection, and --usbredir "
                             "0 leaves it no channel; give one or the other");
  /* Only where --redirect alone takes the channels: create's defaults
   * turn usb off for --usbredir 0 too, and a filter may wait for them. */
  if (vd_redirect_change_turns_off (c, VD_REDIRECT_USB) && s->usbredir < 0 && s->usb_rules &&
      s->usb_rules->len > 0)
    return vd_value_invalid (error, "--redirect turns USB redirection off, so --usb-allow and "
                             "--usb-deny have nothing to filter; give one or the other");
  if (vd_redirect_change_turns_off (c, VD_REDIRECT_AUDIO) && s->sound && !sound_none)
    return vd_value_invalid (error, "--redirect turns audio off, and --sound %s asks for a "
                             "sound device; give one or the other", s->sound);
  if (sound_none && (vd_redirect_change_turns_on (c, VD_REDIRECT_AUDIO) ||
                     vd_redirect_change_turns_on (c, VD_REDIRECT_MICROPHONE)))
    return vd_value_invalid (error, "--redirect %s needs a sound device, and --sound none "
                             "removes it; give one or the other",
                             vd_redirect_change_turns_on (c, VD_REDIRECT_AUDIO)
                             ? "audio" : "microphone");
  return TRUE;
}

static gboolean
check_usb_rules (const GArray *rules, GError **error)
{
  for (guint i = 0; rules && i < rules->len; i++)
    {
      const VdUsbRule *r = &g_array_index (rules, VdUsbRule, i);

      if (!vd_usb_version_is_bcd (r->version))
        {
          g_autofree char *text = vd_usb_rule_to_string (r);

          return vd_domain_fail_setting (error, "USB rule '%s': libvirt keeps a device "
                                         "version only as decimal digits major.minor (0x%04x "
                                         "is not); give it as in 2.00", text, r->version);
        }
    }
  return TRUE;
}

/* The first sound model that is not HDA among those the domain will
 * have once EFF applies, or NULL. */
static char *
first_non_hda_model (xmlNode *devices, const VdDesktopSettings *eff)
{
  gboolean first = TRUE;

  if (eff->sound && strcmp (eff->sound, "none") == 0)
    return NULL;
  for (xmlNode *n = vd_xml_first_element (devices, "sound"); n;
       n = vd_xml_next_element (n, "sound"), first = FALSE)
    {
      g_autofree char *model = vd_xml_get_prop (n, "model");
      const char *after = first && eff->sound ? eff->sound : model;

      if (!vd_domain_sound_is_hda (after))
        return g_strdup (after ? after : "(none)");
    }
  if (first && eff->sound && !vd_domain_sound_is_hda (eff->sound))
    return g_strdup (eff->sound);
  return NULL;
}

static const char *
spice_only_name (guint bits)
{
  for (guint i = 0; vd_redirect_names[i]; i++)
    if (bits & (1u << i))
      return vd_redirect_names[i];
  return NULL;
}

gboolean
vd_domain_check_redirect (xmlNode *devices, const VdDesktopSettings *s, GError **error)
{
  gboolean has_spice = devices && vd_domain_spice_graphics (devices) != NULL;
  gboolean spice_after = s->spice == VD_TRISTATE_YES || (has_spice && s->spice != VD_TRISTATE_NO);
  guint current = vd_domain_redirect_current (devices);
  guint target = target_set (s, current);
  g_autoptr(GArray) closed = s->usb_rules ? vd_usb_rules_close (s->usb_rules) : NULL;
  VdDesktopSettings eff;
  g_autofree char *bad_model = NULL;

  /* Before the contradictions: create's defaults say --sound none where
   * the redirections leave no audio. */
  if ((s->redirect.add & VD_REDIRECT_MICROPHONE) && !(target & VD_REDIRECT_AUDIO))
    return vd_domain_fail_setting (error, "--redirect asks for the microphone but the "
                                   "desktop would have no audio; ask for both: --redirect "
                                   "audio,microphone");
  if (!vd_desktop_settings_check_redirect (s, error) || !check_usb_rules (s->usb_rules, error))
    return FALSE;
  if (!spice_after && (target & ~current & SPICE_ONLY))
    return vd_domain_fail_unsupported (error, "%s redirection needs a SPICE display; add "
                                       "one with --spice",
                                       spice_only_name (target & ~current & SPICE_ONLY));
  if (!spice_after && closed && closed->len > 0)
    return vd_domain_fail_unsupported (error, "USB filter rules apply to SPICE USB "
                                       "redirection and the domain has no SPICE display; "
                                       "add one with --spice");
  if (!spice_after && s->display_profile != VD_DISPLAY_PROFILE_UNSET)
    return vd_domain_fail_unsupported (error, "a display profile needs a SPICE display; "
                                       "add one with --spice");
  if (!s->redirect.given || !(target & VD_REDIRECT_AUDIO) || (target & VD_REDIRECT_MICROPHONE))
    return TRUE;
  vd_domain_redirect_resolve (devices, s, &eff);
  bad_model = first_non_hda_model (devices, &eff);
  if (bad_model)
    return vd_domain_fail_unsupported (error, "turning the microphone off needs an HDA "
                                       "sound device (ich6, ich7 or ich9), and the domain's "
                                       "is '%s'; use --sound ich9", bad_model);
  return TRUE;
}

/* ---- changes ------------------------------------------------------- */

static void
apply_smartcard (xmlNode *devices, gboolean on)
{
  g_autoptr(GPtrArray) cards = vd_domain_all_with_prop (devices, "smartcard", "type",
                                                        "spicevmc");
  g_autoptr(GPtrArray) ccids = vd_domain_all_with_prop (devices, "controller", "type", "ccid");

  if (on)
    {
      if (cards->len > 0)
        return;
      if (ccids->len == 0)
        vd_device_insert (devices, vd_device_ccid_controller (devices->doc));
      vd_device_insert (devices, vd_device_spice_smartcard (devices->doc));
      return;
    }
  vd_domain_remove_nodes (cards);
  /* The CCID controller goes with the last smartcard on it. */
  if (vd_xml_first_element (devices, "smartcard") == NULL)
    vd_domain_remove_nodes (ccids);
}

static void
apply_folders (xmlNode *devices, gboolean on)
{
  xmlNode *channel = vd_domain_channel_named (devices, WEBDAV_CHANNEL);

  if (on && channel == NULL)
    vd_device_insert (devices, vd_device_spiceport_channel (devices->doc, WEBDAV_CHANNEL));
  else if (!on && channel)
    vd_xml_remove (channel);
}

/* The input of every HDA sound device: a single output codec hides it. */
static void
apply_microphone (xmlNode *devices, gboolean on)
{
  for (xmlNode *n = vd_xml_first_element (devices, "sound"); n;
       n = vd_xml_next_element (n, "sound"))
    {
      g_autoptr(GPtrArray) codecs = vd_domain_all_with_prop (n, "codec", NULL, NULL);
      g_autofree char *model = vd_xml_get_prop (n, "model");
      xmlNode *codec;

      if (on == !sound_output_only (n) || !vd_domain_sound_is_hda (model))
        continue;
      vd_domain_remove_nodes (codecs);
      if (on)
        continue;
      codec = xmlNewDocNode (n->doc, NULL, (const xmlChar *) "codec", NULL);
      vd_xml_set_prop (codec, "type", "output");
      vd_domain_insert_child (n, codec, sound_child_order);
    }
}

/* <clipboard copypaste='no'/>, <filetransfer enable='no'/>: present when
 * off, gone when on. */
static void
apply_graphics_switch (xmlNode *graphics, const char *child, const char *name, gboolean on)
{
  xmlNode *node = vd_xml_first_element (graphics, child);

  if (on)
    {
      if (vd_xml_prop_equals (node, name, "no"))
        vd_xml_remove (node);
      return;
    }
  if (node == NULL)
    {
      node = xmlNewDocNode (graphics->doc, NULL, (const xmlChar *) child, NULL);
      vd_domain_insert_child (graphics, node, vd_graphics_child_order);
    }
  if (!vd_xml_prop_equals (node, name, "no"))
    vd_xml_set_prop (node, name, "no");
}

/* ---- the USB filter ------------------------------------------------ */

static xmlNode *
new_usbdev (xmlDoc *doc, const VdUsbRule *r)
{
  xmlNode *node = xmlNewDocNode (doc, NULL, (const xmlChar *) "usbdev", NULL);

  /* As libvirt writes them: any is an attribute left out. */
  if (r->usb_class != VD_USB_ANY)
    {
      g_autofree char *text = g_strdup_printf ("0x%02X", r->usb_class);
      vd_xml_set_prop (node, "class", text);
    }
  if (r->vendor != VD_USB_ANY)
    {
      g_autofree char *text = g_strdup_printf ("0x%04X", r->vendor);
      vd_xml_set_prop (node, "vendor", text);
    }
  if (r->product != VD_USB_ANY)
    {
      g_autofree char *text = g_strdup_printf ("0x%04X", r->product);
      vd_xml_set_prop (node, "product", text);
    }
  if (r->version != VD_USB_ANY)
    {
      g_autofree char *text = g_strdup_printf ("%x.%02x", (guint) r->version >> 8,
                                               (guint) r->version & 0xff);
      vd_xml_set_prop (node, "version", text);
    }
  vd_xml_set_prop (node, "allow", r->allow ? "yes" : "no");
  return node;
}

static gboolean
same_rules (const GArray *a, const GArray *b)
{
  guint la = a ? a->len : 0, lb = b ? b->len : 0;

  return la == lb && (la == 0 || memcmp (a->data, b->data, la * sizeof (VdUsbRule)) == 0);
}

static void
apply_usb_rules (xmlNode *devices, const GArray *rules)
{
  g_autoptr(GArray) closed = vd_usb_rules_close (rules);
  g_autoptr(GPtrArray) filters = vd_domain_all_with_prop (devices, "redirfilter", NULL, NULL);
  g_autoptr(GArray) current = filters->len == 1 ? vd_domain_read_usb_rules (filters->pdata[0])
                                                 : NULL;
  xmlNode *filter;

  if (filters->len == 1 && current && same_rules (current, closed))
    return;
  if (filters->len == 0 && closed->len == 0)
    return;
  vd_domain_remove_nodes (filters);
  if (closed->len == 0)
    return;
  filter = xmlNewDocNode (devices->doc, NULL, (const xmlChar *) "redirfilter", NULL);
  for (guint i = 0; i < closed->len; i++)
    xmlAddChild (filter, new_usbdev (devices->doc, &g_array_index (closed, VdUsbRule, i)));
  vd_device_insert (devices, filter);
}

/* One attribute of a <usbdev>: absent or -1 is any; hex, 0x optional. */
static gboolean
read_usbdev_id (xmlNode *node, const char *name, int max, int *out)
{
  g_autofree char *text = vd_xml_get_prop (node, name);
  const char *digits;
  guint64 v;

  *out = VD_USB_ANY;
  if (text == NULL || strcmp (text, "-1") == 0)
    return TRUE;
  digits = g_ascii_strncasecmp (text, "0x", 2) == 0 ? text + 2 : text;
  if (!g_ascii_string_to_unsigned (digits, 16, 0, (guint64) max, &v, NULL))
    return FALSE;
  *out = (int) v;
  return TRUE;
}

/* version='M.m' as libvirt reads it: a decimal fraction, "1.1" is 1.10. */
static gboolean
read_usbdev_version (xmlNode *node, int *out)
{
  g_autofree char *text = vd_xml_get_prop (node, "version");
  g_auto(GStrv) parts = NULL;
  guint64 major, minor;
  gsize minor_len;

  *out = VD_USB_ANY;
  if (text == NULL || strcmp (text, "-1") == 0)
    return TRUE;
  parts = g_strsplit (text, ".", -1);
  if (g_strv_length (parts) != 2 || (minor_len = strlen (parts[1])) < 1 || minor_len > 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, 99, &major, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, 99, &minor, NULL))
    return FALSE;
  if (minor_len == 1)
    minor *= 10;
  *out = (int) (((major / 10) << 12) | ((major % 10) << 8) | ((minor / 10) << 4) | (minor % 10));
  return TRUE;
}

GArray *
vd_domain_read_usb_rules (xmlNode *filter)
{
  GArray *rules = g_array_new (FALSE, TRUE, sizeof (VdUsbRule));

  for (xmlNode *n = vd_xml_first_element (filter, "usbdev"); n;
       n = vd_xml_next_element (n, "usbdev"))
    {
      VdUsbRule r;

      if (!read_usbdev_id (n, "class", 0xff, &r.usb_class) ||
          !read_usbdev_id (n, "vendor", 0xffff, &r.vendor) ||
          !read_usbdev_id (n, "product", 0xffff, &r.product) ||
          !read_usbdev_version (n, &r.version))
        continue;     /* libvirt would refuse it: it filters nothing */
      r.allow = vd_xml_prop_equals (n, "allow", "yes");
      g_array_append_val (rules, r);
    }
  return rules;
}

/* ---- the policy as the settings ask -------------------------------- */

void
vd_domain_apply_redirect (xmlNode *devices, const VdDesktopSettings *s, xmlNode *graphics)
{
  /* USB channels and the sound device have been made as the resolved
   * settings say: what is left is read from the document as it is now. */
  guint current = vd_domain_redirect_current (devices);
  guint target = s->redirect.given ? target_set (s, current) : current;
  guint change = current ^ target;

  if (change & VD_REDIRECT_SMARTCARD)
    apply_smartcard (devices, target & VD_REDIRECT_SMARTCARD);
  if (change & VD_REDIRECT_FOLDERS)
    apply_folders (devices, target & VD_REDIRECT_FOLDERS);
  /* The codecs change only when the microphone is named (or "none"
   * said), or when a sound device made just now has one it should not. */
  if (s->redirect.given && (target & VD_REDIRECT_AUDIO) &&
      (((s->redirect.add | s->redirect.remove) & VD_REDIRECT_MICROPHONE) ||
       (change & VD_REDIRECT_MICROPHONE)))
    apply_microphone (devices, (target & VD_REDIRECT_MICROPHONE) != 0);
  if (graphics && (change & VD_REDIRECT_CLIPBOARD))
    apply_graphics_switch (graphics, "clipboard", "copypaste", target & VD_REDIRECT_CLIPBOARD);
  if (graphics && (change & VD_REDIRECT_FILES))
    apply_graphics_switch (graphics, "filetransfer", "enable", target & VD_REDIRECT_FILES);
  if (s->usb_rules)
    apply_usb_rules (devices, s->usb_rules);
}

void
vd_domain_read_redirect (xmlNode *devices, VdDesktopInfo *info)
{
  xmlNode *filter = vd_xml_first_element (devices, "redirfilter");

  if (vd_domain_spice_graphics (devices))
    info->redirect = vd_domain_redirect_current (devices);
  if (filter)
    info->usb_rules = vd_domain_read_usb_rules (filter);
}
