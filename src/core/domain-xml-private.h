/* domain-xml-private.h: what the files of the desktop core share.
 *
 * domain-xml.c holds the entry points and the checks; domain-nodes.c
 * the finding and changing of elements every file uses;
 * domain-graphics.c the display, domain-usb.c USB, domain-devices.c the
 * other devices, domain-redirect.c the SPICE redirection policy,
 * domain-display.c monitors and the display profile, domain-new.c new
 * domains and domain-read.c the reading back.  Nothing outside those
 * files includes this header.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "desktop.h"
#include "domain-xml.h"

#define VDAGENT_CHANNEL     "com.redhat.spice.0"
#define GUEST_AGENT_CHANNEL "org.qemu.guest_agent.0"

/* ---- domain-nodes.c: finding and changing elements ---------------- */

/* The <domain> root of DOC, or NULL and ERROR set. */
xmlNode *vd_domain_root (xmlDoc *doc, GError **error);

/* The first ELEMENT child of PARENT whose PROP is VALUE. */
xmlNode *vd_domain_first_with_prop (xmlNode *parent, const char *element,
                                    const char *prop, const char *value);

/* Every ELEMENT child of PARENT whose PROP is VALUE (any when VALUE is
 * NULL). */
GPtrArray *vd_domain_all_with_prop (xmlNode *parent, const char *element,
                                    const char *prop, const char *value);

void vd_domain_remove_nodes (GPtrArray *nodes);

/* Insert NODE among PARENT's children where ORDER (the order libvirt
 * writes them in, NULL-terminated) puts it. */
void vd_domain_insert_child (xmlNode *parent, xmlNode *node, const char * const *order);

gboolean vd_domain_fail_with (GError **error, VdDomainError code,
                              const char *format, ...) G_GNUC_PRINTF (3, 4);

#define vd_domain_fail_unsupported(error, ...) \
  vd_domain_fail_with ((error), VD_DOMAIN_ERROR_UNSUPPORTED, __VA_ARGS__)
#define vd_domain_fail_setting(error, ...) \
  vd_domain_fail_with ((error), VD_DOMAIN_ERROR_SETTING, __VA_ARGS__)

/* ---- domain-xml.c: the entry points and the checks ------------------ */

/* The size an element such as <memory> holds, in KiB rounded up. */
gboolean vd_domain_memory_to_kib (xmlNode *node, guint64 *kib);

/* Whether SETTINGS can apply to the domain at ROOT, all of them. */
gboolean vd_domain_check_settings (xmlNode *root, const VdDesktopSettings *s,
                                   GError **error);

/* ---- domain-graphics.c: the display -------------------------------- */

xmlNode *vd_domain_spice_graphics (xmlNode *devices);

/* The video device the guest shows first. */
xmlNode *vd_domain_primary_video (xmlNode *devices);

/* The SPICE display as S asks (added, changed or removed, with its TLS),
 * LISTEN being S's listen address as parsed; returns the display, NULL
 * when there is none. */
xmlNode *vd_domain_apply_spice (xmlNode *devices, const VdDesktopSettings *s,
                                const char *listen);

void vd_domain_apply_video (xmlNode *devices, const char *model);

/* ---- domain-usb.c: USB --------------------------------------------- */

gboolean vd_domain_is_xhci (const char *model);

/* The SPICE USB redirection channels. */
GPtrArray *vd_domain_spice_redirdevs (xmlNode *devices);

/* Whether the USB redirection channels S asks for fit the controllers
 * the domain will have. */
gboolean vd_domain_check_usb (xmlNode *devices, const VdDesktopSettings *s,
                              GError **error);

/* The USB controllers and redirection channels as S asks. */
void vd_domain_apply_usb (xmlNode *devices, const VdDesktopSettings *s);

/* ---- domain-devices.c: the other devices --------------------------- */

xmlNode *vd_domain_channel_named (xmlNode *devices, const char *name);

/* The agents' channels as S asks, GRAPHICS being the SPICE display. */
void vd_domain_apply_agents (xmlNode *devices, const VdDesktopSettings *s,
                             xmlNode *graphics);

void vd_domain_apply_sound (xmlNode *devices, const char *model);

/* ---- domain-redirect.c: the SPICE redirection policy --------------- */

extern const char * const vd_graphics_child_order[];

gboolean vd_domain_sound_is_hda (const char *model);

/* The redirections the devices give, SPICE display or not (VdRedirect
 * bits). */
guint vd_domain_redirect_current (xmlNode *devices);

/* OUT: S (a shallow copy, never to be cleared) with the USB channels and
 * the sound model that S's redirection change implies where S leaves
 * them unset: +usb gives channels, -usb none, +audio a sound device,
 * -audio none. */
void vd_domain_redirect_resolve (xmlNode *devices, const VdDesktopSettings *s,
                                 VdDesktopSettings *out);

/* Whether S's redirection policy can apply: no contradiction with
 * --usbredir or --sound, a SPICE display for what needs one, an HDA
 * sound device for a microphone turned off, rules libvirt can store. */
gboolean vd_domain_check_redirect (xmlNode *devices, const VdDesktopSettings *s,
                                   GError **error);

/* The smartcard, folders, microphone, clipboard, file transfer and USB
 * rules as S asks, GRAPHICS being the SPICE display (or NULL); USB
 * channels and sound are applied before, from the resolved settings. */
void vd_domain_apply_redirect (xmlNode *devices, const VdDesktopSettings *s,
                               xmlNode *graphics);

/* The rules of a <redirfilter>, in order; a rule libvirt would refuse is
 * left out. */
GArray *vd_domain_read_usb_rules (xmlNode *filter);

void vd_domain_read_redirect (xmlNode *devices, VdDesktopInfo *info);

/* ---- domain-display.c: monitors and the display profile ------------ */

/* vdctl's profile says windows, or libosinfo's os id, or Hyper-V. */
gboolean vd_domain_guest_is_windows (xmlNode *root);

gboolean vd_domain_check_monitors (xmlNode *root, xmlNode *devices,
                                   const VdDesktopSettings *s, GError **error);
void vd_domain_apply_monitors (xmlNode *root, xmlNode *devices, guint monitors);
/* The number of video devices when there are several, else the primary
 * one's heads; 0 without video. */
guint vd_domain_read_monitors (xmlNode *devices);

void vd_domain_apply_display_profile (xmlNode *graphics, VdDisplayProfile profile);
VdDisplayProfile vd_domain_read_display_profile (xmlNode *graphics);
