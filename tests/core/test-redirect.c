/* test-redirect.c: the SPICE redirection policy in the domain XML:
 * reading it back out of hand-written domains, the edits it refuses
 * (exact messages, the document untouched), and what domain-verify.c
 * says when libvirt did not keep it.
 *
 * (Edits that succeed are golden cases under tests/core/golden/.)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "domain-verify.h"
#include "domain-xml.h"
#include "values.h"
#include "xml-util.h"

#define SPICE "<graphics type='spice' autoport='yes'/>"
#define DOMAIN(devices) "<domain type='kvm'><name>d</name><devices>" devices \
  "</devices></domain>"

/* ---- reading back ---------------------------------------------------- */

START_TEST (test_read_everything)
{
  g_auto(VdDesktopInfo) info = { 0, };
  const VdUsbRule *r;

  vd_test_read_info (DOMAIN ("<controller type='ccid' index='0'/>"
                     "<smartcard mode='passthrough' type='spicevmc'/>"
                     "<channel type='spiceport'><source channel='org.spice-space.webdav.0'/>"
                     "<target type='virtio' name='org.spice-space.webdav.0'/></channel>"
                     "<graphics type='spice' autoport='yes'>"
                     "<image compression='auto_glz'/><jpeg compression='always'/>"
                     "<zlib compression='always'/><playback compression='on'/>"
                     "<streaming mode='all'/><clipboard copypaste='yes'/></graphics>"
                     "<sound model='ich9'><codec type='duplex'/></sound>"
                     "<video><model type='qxl' heads='3'/></video>"
                     "<redirdev bus='usb' type='spicevmc'/>"
                     "<redirfilter><usbdev class='0x08' allow='no'/>"
                     "<usbdev vendor='0x046D' product='c52b' version='1.1' allow='yes'/>"
                     "<usbdev class='-1' vendor='-1' product='-1' version='-1' allow='yes'/>"
                     "</redirfilter>"), &info);
  ck_assert_uint_eq (info.redirect, VD_REDIRECT_ALL);
  ck_assert_uint_eq (info.monitors, 3);
  ck_assert_int_eq (info.display_profile, VD_DISPLAY_PROFILE_WAN);
  ck_assert_ptr_nonnull (info.usb_rules);
  ck_assert_uint_eq (info.usb_rules->len, 3);
  r = &g_array_index (info.usb_rules, VdUsbRule, 0);
  ck_assert (r->usb_class == 0x08 && r->vendor == VD_USB_ANY && !r->allow);
  r = &g_array_index (info.usb_rules, VdUsbRule, 1);
  ck_assert (r->usb_class == VD_USB_ANY && r->vendor == 0x046d && r->product == 0xc52b &&
             r->version == 0x0110 && r->allow);
  r = &g_array_index (info.usb_rules, VdUsbRule, 2);
  ck_assert (r->usb_class == VD_USB_ANY && r->version == VD_USB_ANY && r->allow);
}
END_TEST

START_TEST (test_read_nothing)
{
  g_auto(VdDesktopInfo) info = { 0, };

  vd_test_read_info (DOMAIN ("<graphics type='spice' autoport='yes'>"
                     "<clipboard copypaste='no'/><filetransfer enable='no'/></graphics>"
                     "<video><model type='qxl'/></video>"), &info);
  ck_assert_uint_eq (info.redirect, 0);
  ck_assert_ptr_null (info.usb_rules);
  ck_assert_uint_eq (info.monitors, 1);
  ck_assert_int_eq (info.display_profile, VD_DISPLAY_PROFILE_UNSET);
}
END_TEST

START_TEST (test_read_without_spice)
{
  g_auto(VdDesktopInfo) info = { 0, };

  vd_test_read_info (DOMAIN ("<graphics type='vnc' port='-1'/><sound model='ich9'/>"
                     "<video><model type='vga'/></video>"), &info);
  ck_assert_uint_eq (info.redirect, 0);
  ck_assert_uint_eq (info.monitors, 1);
  ck_assert_int_eq (info.display_profile, VD_DISPLAY_PROFILE_UNSET);
}
END_TEST

START_TEST (test_read_microphone_and_monitors)
{
  g_auto(VdDesktopInfo) a = { 0, };
  g_auto(VdDesktopInfo) b = { 0, };
  g_auto(VdDesktopInfo) c = { 0, };

  /* Output only: audio without the microphone; two video devices: two
   * monitors; LAN but one setting: custom. */
  vd_test_read_info (DOMAIN (SPICE "<sound model='ich9'><codec type='output'/></sound>"
                     "<video><model type='qxl' primary='yes'/></video>"
                     "<video><model type='qxl'/></video>"), &a);
  ck_assert_uint_eq (a.redirect & (VD_REDIRECT_AUDIO | VD_REDIRECT_MICROPHONE),
                     VD_REDIRECT_AUDIO);
  ck_assert_uint_eq (a.monitors, 2);
  vd_test_read_info (DOMAIN ("<graphics type='spice' autoport='yes'><image compression='auto_glz'/>"
                     "<jpeg compression='never'/><zlib compression='never'/>"
                     "<playback compression='off'/><streaming mode='filter'/></graphics>"
                     "<sound model='ich9'><codec type='output'/><codec type='micro'/></sound>"),
             &b);
  ck_assert_uint_eq (b.redirect & VD_REDIRECT_MICROPHONE, VD_REDIRECT_MICROPHONE);
  ck_assert_int_eq (b.display_profile, VD_DISPLAY_PROFILE_LAN);
  ck_assert_uint_eq (b.monitors, 0);
  vd_test_read_info (DOMAIN ("<graphics type='spice' autoport='yes'><image compression='off'/>"
                     "</graphics>"), &c);
  ck_assert_int_eq (c.display_profile, VD_DISPLAY_PROFILE_CUSTOM);
}
END_TEST

/* ---- refusals ---------------------------------------------------------- */

typedef struct {
  const char *xml;
  const char *redirect;
  int usbredir;
  const char *sound;
  const char *video;
  const char *rule;             /* --usb-deny RULE */
  guint monitors;
  VdDisplayProfile profile;
  VdDomainError code;
  const char *message;
} Refusal;

#define LINUX_SPICE DOMAIN (SPICE "<sound model='ich9'/><video><model type='qxl'/></video>")
#define WINDOWS_VIRTIO "<domain type='kvm'><name>w</name><features><hyperv mode='custom'>" \
  "<relaxed state='on'/></hyperv></features><devices>" SPICE \
  "<video><model type='virtio'/></video></devices></domain>"
#define OSINFO_WINDOWS "<domain type='kvm'><name>w</name><metadata>" \
  "<libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>" \
  "<libosinfo:os id='http://microsoft.com/win/10'/></libosinfo:libosinfo></metadata>" \
  "<devices>" SPICE "<video><model type='virtio'/></video></devices></domain>"
#define VNC DOMAIN ("<graphics type='vnc' port='-1'/><video><model type='vga'/></video>")

static const Refusal refusals[] = {
  { LINUX_SPICE, "-microphone", -1, "ac97", NULL, NULL, 0, 0, VD_DOMAIN_ERROR_UNSUPPORTED,
    "turning the microphone off needs an HDA sound device (ich6, ich7 or ich9), and the "
    "domain's is 'ac97'; use --sound ich9" },
  { VNC, "folders", -1, NULL, NULL, NULL, 0, 0, VD_DOMAIN_ERROR_UNSUPPORTED,
    "folders redirection needs a SPICE display; add one with --spice" },
  { VNC, "clipboard", -1, NULL, NULL, NULL, 0, 0, VD_DOMAIN_ERROR_UNSUPPORTED,
    "clipboard redirection needs a SPICE display; add one with --spice" },
  { VNC, NULL, -1, NULL, NULL, "storage", 0, 0, VD_DOMAIN_ERROR_UNSUPPORTED,
    "USB filter rules apply to SPICE USB redirection and the domain has no SPICE display; "
    "add one with --spice" },
  { VNC, NULL, -1, NULL, NULL, NULL, 0, VD_DISPLAY_PROFILE_LAN, VD_DOMAIN_ERROR_UNSUPPORTED,
    "a display profile needs a SPICE display; add one with --spice" },
  { LINUX_SPICE, NULL, -1, NULL, NULL, "any:any:any:0x00ab", 0, 0, VD_DOMAIN_ERROR_SETTING,
    "USB rule 'deny any:any:any:0x00ab': libvirt keeps a device version only as decimal "
    "digits major.minor (0x00ab is not); give it as in 2.00" },
  { LINUX_SPICE, NULL, -1, NULL, NULL, NULL, 5, 0, VD_DOMAIN_ERROR_SETTING,
    "invalid number of monitors 5: give 1 to 4" },
  { LINUX_SPICE, NULL, -1, NULL, "vga", NULL, 2, 0, VD_DOMAIN_ERROR_UNSUPPORTED,
    "2 monitors need a QXL or virtio video device, and the domain's video is 'vga'; use "
    "--video qxl" },
  { WINDOWS_VIRTIO, NULL, -1, NULL, NULL, NULL, 3, 0, VD_DOMAIN_ERROR_UNSUPPORTED,
    "3 monitors need a QXL device per monitor on a Windows guest, and the domain's video is "
    "'virtio'; use --video qxl" },
  { OSINFO_WINDOWS, NULL, -1, NULL, NULL, NULL, 2, 0, VD_DOMAIN_ERROR_UNSUPPORTED,
    "2 monitors need a QXL device per monitor on a Windows guest, and the domain's video is "
    "'virtio'; use --video qxl" },
  { DOMAIN (SPICE), NULL, -1, NULL, NULL, NULL, 2, 0, VD_DOMAIN_ERROR_UNSUPPORTED,
    "2 monitors need a video device and the domain has none; add one with --video qxl" },
};

START_TEST (test_refusals)
{
  const Refusal *t = &refusals[_i];
  g_autoptr(xmlDoc) doc = vd_test_parse (t->xml);
  g_autofree char *before = vd_xml_serialize (doc);
  g_autofree char *after = NULL;
  g_auto(VdDesktopSettings) s = { 0, };
  g_autoptr(GError) error = NULL;

  vd_desktop_settings_init (&s);
  if (t->redirect)
    ck_assert (vd_redirect_change_parse (&s.redirect, t->redirect, NULL));
  s.usbredir = t->usbredir;
  s.sound = g_strdup (t->sound);
  s.video = g_strdup (t->video);
  if (t->rule)
    {
      VdUsbRule rule;

      /* A version the parser refuses is still refused by the core, for
       * rules that come from elsewhere. */
      if (!vd_usb_rule_parse ("--usb-deny", t->rule, FALSE, &rule, NULL))
        rule = (VdUsbRule) { VD_USB_ANY, VD_USB_ANY, VD_USB_ANY,
                             (int) g_ascii_strtoll (strrchr (t->rule, ':') + 1, NULL, 16), FALSE };
      s.usb_rules = g_array_new (FALSE, TRUE, sizeof (VdUsbRule));
      g_array_append_val (s.usb_rules, rule);
    }
  s.monitors = t->monitors;
  s.display_profile = t->profile;
  ck_assert (!vd_domain_apply (doc, &s, &error));
  ck_assert (g_error_matches (error, VD_DOMAIN_ERROR, t->code));
  ck_assert_str_eq (error->message, t->message);
  after = vd_xml_serialize (doc);
  ck_assert_str_eq (after, before);
}
END_TEST

/* -microphone on a domain without sound: nothing to turn off. */
/* --redirect against --usbredir or --sound: the same usage error the
 * options give, also from the core, with nothing changed. */
static const struct {
  const char *redirect;
  int usbredir;
  const char *sound;
  const char *message;
} contradictions[] = {
  { "usb", 0, NULL, "--redirect usb asks for USB redirection, and --usbredir 0 leaves it no "
    "channel; give one or the other" },
  { "none", 2, NULL, "--redirect turns USB redirection off, and --usbredir 2 asks for its "
    "channels; give one or the other" },
  { "audio", -1, "none", "--redirect audio needs a sound device, and --sound none removes "
    "it; give one or the other" },
  { "-audio", -1, "ich9", "--redirect turns audio off, and --sound ich9 asks for a sound "
    "device; give one or the other" },
};

START_TEST (test_contradictions)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (LINUX_SPICE);
  g_autofree char *before = vd_xml_serialize (doc);
  g_autofree char *after = NULL;
  g_auto(VdDesktopSettings) s = { 0, };
  g_autoptr(GError) error = NULL;

  vd_desktop_settings_init (&s);
  ck_assert (vd_redirect_change_parse (&s.redirect, contradictions[_i].redirect, NULL));
  s.usbredir = contradictions[_i].usbredir;
  s.sound = g_strdup (contradictions[_i].sound);
  ck_assert (!vd_desktop_settings_check_redirect (&s, NULL));
  ck_assert (!vd_domain_apply (doc, &s, &error));
  ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
  ck_assert_str_eq (error->message, contradictions[_i].message);
  after = vd_xml_serialize (doc);
  ck_assert_str_eq (after, before);
}
END_TEST

/* A new desktop with --usbredir 0 and a filter keeps the filter for the
 * channels an edit may add later: no contradiction. */
START_TEST (test_filter_without_channels)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (LINUX_SPICE);
  g_auto(VdDesktopSettings) s = { 0, };
  g_autoptr(GError) error = NULL;
  VdUsbRule deny_storage = { 0x08, VD_USB_ANY, VD_USB_ANY, VD_USB_ANY, FALSE };

  vd_desktop_settings_init (&s);
  s.usbredir = 0;
  s.usb_rules = g_array_new (FALSE, FALSE, sizeof (VdUsbRule));
  g_array_append_val (s.usb_rules, deny_storage);
  vd_desktop_settings_fill (&s);
  ck_assert_msg (vd_domain_apply (doc, &s, &error), "%s", error ? error->message : "");
  ck_assert (vd_xml_first_element (vd_xml_first_element (xmlDocGetRootElement (doc), "devices"),
                                   "redirfilter") != NULL);
}
END_TEST

START_TEST (test_microphone_without_sound)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (DOMAIN (SPICE));
  g_autofree char *before = vd_xml_serialize (doc);
  g_autofree char *after = NULL;
  g_auto(VdDesktopSettings) s = { 0, };
  g_autoptr(GError) error = NULL;

  vd_desktop_settings_init (&s);
  ck_assert (vd_redirect_change_parse (&s.redirect, "-microphone,-usb,-smartcard", NULL));
  ck_assert_msg (vd_domain_apply (doc, &s, &error), "%s", error ? error->message : "");
  after = vd_xml_serialize (doc);
  ck_assert_str_eq (after, before);
}
END_TEST

/* A change that does not name the microphone leaves the sound devices'
 * codecs as they are, even where they disagree with one another. */
START_TEST (test_codecs_stay)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (DOMAIN (SPICE "<sound model='ich9'><codec "
                                                 "type='output'/></sound><sound model='ich9'/>"));
  g_auto(VdDesktopSettings) s = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  vd_desktop_settings_init (&s);
  ck_assert (vd_redirect_change_parse (&s.redirect, "smartcard,-clipboard", NULL));
  ck_assert_msg (vd_domain_apply (doc, &s, &error), "%s", error ? error->message : "");
  after = vd_xml_serialize (doc);
  ck_assert_msg (strstr (after, "<sound model=\"ich9\"><codec type=\"output\"/></sound>") &&
                 strstr (after, "<sound model=\"ich9\"/>"), "%s", after);
}
END_TEST

/* A microphone named where there will be no audio is refused, not
 * dropped. */
START_TEST (test_microphone_needs_audio)
{
  g_autoptr(xmlDoc) doc = vd_test_parse (LINUX_SPICE);
  g_autofree char *before = vd_xml_serialize (doc);
  g_autofree char *after = NULL;
  g_auto(VdDesktopSettings) s = { 0, };
  g_autoptr(GError) error = NULL;

  vd_desktop_settings_init (&s);
  ck_assert (vd_redirect_change_parse (&s.redirect, "-audio,microphone", NULL));
  ck_assert (!vd_domain_apply (doc, &s, &error));
  ck_assert (g_error_matches (error, VD_DOMAIN_ERROR, VD_DOMAIN_ERROR_SETTING));
  ck_assert_str_eq (error->message, "--redirect asks for the microphone but the desktop would "
                    "have no audio; ask for both: --redirect audio,microphone");
  after = vd_xml_serialize (doc);
  ck_assert_str_eq (after, before);
}
END_TEST

/* ---- what libvirt kept ------------------------------------------------- */

START_TEST (test_verify_policy)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_auto(VdDesktopInfo) kept = { 0, };
  g_autoptr(GError) error = NULL;
  VdUsbRule storage = { 0x08, VD_USB_ANY, VD_USB_ANY, VD_USB_ANY, FALSE };

  vd_desktop_settings_init (&s);
  ck_assert (vd_redirect_change_parse (&s.redirect, "smartcard,-clipboard", NULL));
  s.usb_rules = g_array_new (FALSE, TRUE, sizeof (VdUsbRule));
  g_array_append_val (s.usb_rules, storage);
  s.monitors = 2;
  s.display_profile = VD_DISPLAY_PROFILE_WAN;
  vd_test_read_info (DOMAIN (SPICE "<video><model type='qxl'/></video>"), &kept);
  ck_assert (!vd_domain_verify (&s, NULL, &kept, &error));
  ck_assert_str_eq (error->message,
                    "libvirt did not keep redirections smartcard,files: it stored "
                    "redirections clipboard,files; "
                    "libvirt did not keep the USB filter deny storage, allow any: it stored "
                    "no USB filter; "
                    "libvirt did not keep 2 monitors: it stored 1; "
                    "libvirt did not keep the wan display profile: it stored no display "
                    "profile");
}
END_TEST

START_TEST (test_verify_policy_kept)
{
  g_auto(VdDesktopSettings) s = { 0, };
  g_auto(VdDesktopInfo) kept = { 0, };
  g_autoptr(GError) error = NULL;

  vd_desktop_settings_init (&s);
  /* The microphone of a domain without sound is not asked of libvirt. */
  ck_assert (vd_redirect_change_parse (&s.redirect, "none,microphone,clipboard", NULL));
  vd_test_read_info (DOMAIN ("<graphics type='spice' autoport='yes'><filetransfer enable='no'/>"
                     "</graphics>"), &kept);
  ck_assert_msg (vd_domain_verify (&s, &kept, &kept, &error), "%s",
                 error ? error->message : "");
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("redirect");
  TCase *tc = tcase_create ("redirect");

  tcase_add_test (tc, test_read_everything);
  tcase_add_test (tc, test_read_nothing);
  tcase_add_test (tc, test_read_without_spice);
  tcase_add_test (tc, test_read_microphone_and_monitors);
  tcase_add_loop_test (tc, test_refusals, 0, G_N_ELEMENTS (refusals));
  tcase_add_loop_test (tc, test_contradictions, 0, G_N_ELEMENTS (contradictions));
  tcase_add_test (tc, test_filter_without_channels);
  tcase_add_test (tc, test_microphone_without_sound);
  tcase_add_test (tc, test_codecs_stay);
  tcase_add_test (tc, test_microphone_needs_audio);
  tcase_add_test (tc, test_verify_policy);
  tcase_add_test (tc, test_verify_policy_kept);
  suite_add_tcase (suite, tc);

  return vd_test_run_suite (suite);
}
