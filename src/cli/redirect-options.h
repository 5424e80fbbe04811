/* redirect-options.h: the SPICE redirection policy options that create
 * and edit share (through desktop-options.h): --redirect, --usb-allow,
 * --usb-deny, --monitors and --display-profile.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "desktop.h"

typedef struct {
  char **redirect;            /* --redirect, each a comma-separated list */
  GPtrArray *usb_rules;       /* --usb-allow RULE as "+RULE", --usb-deny as
                                 "-RULE", in the order given */
  char *monitors;
  char *display_profile;
} VdRedirectOptions;

extern VdRedirectOptions vd_redirect_opts;

/* The callback of --usb-allow and --usb-deny: one list, so that their
 * order on the command line is kept. */
gboolean vd_redirect_options_add_usb_rule (const char *option_name, const char *value,
                                           gpointer data, GError **error);

#define VD_REDIRECT_OPTION_ENTRIES \
  { "redirect", 0, 0, G_OPTION_ARG_STRING_ARRAY, &vd_redirect_opts.redirect, \
    "What the SPICE client may share (repeatable, comma-separated): usb, smartcard, " \
    "folders, audio, microphone, clipboard, files, or none; -NAME turns one off", "LIST" }, \
  { "usb-allow", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) vd_redirect_options_add_usb_rule, \
    "USB devices that may be redirected (repeatable, in order with --usb-deny): a class " \
    "such as hid, any, or CLASS:VENDOR:PRODUCT:VERSION", "RULE" }, \
  { "usb-deny", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) vd_redirect_options_add_usb_rule, \
    "USB devices that may not be redirected (repeatable): a class such as storage, " \
    "or CLASS:VENDOR:PRODUCT:VERSION", "RULE" }, \
  { "monitors", 0, 0, G_OPTION_ARG_STRING, &vd_redirect_opts.monitors, \
    "Monitors the guest may use, 1-4 (default 1)", "N" }, \
  { "display-profile", 0, 0, G_OPTION_ARG_STRING, &vd_redirect_opts.display_profile, \
    "Display compression: lan (lossless) or wan (lossy, for slow links)", "lan|wan" }

/* The options into S: redirect, usb_rules, monitors, display_profile;
 * only what was given is set.  A contradiction with the other desktop
 * settings already in S (--redirect -usb with --usbredir 2, --redirect
 * -audio with --sound ich9) is a usage error. */
gboolean vd_redirect_options_parse (VdDesktopSettings *s, GError **error);

/* Whether any of these options was given. */
gboolean vd_redirect_options_given (const VdDesktopSettings *s);

/* For the completion: the whole values of --redirect that may follow
 * VALUE, the part typed so far ("usb,mi" gives "usb,microphone"). */
char **vd_redirect_options_complete (const char *value);
