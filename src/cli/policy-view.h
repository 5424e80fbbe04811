/* policy-view.h: the SPICE redirection policy of a desktop as show,
 * list, edit and --json present it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "desktop.h"

/* show's lines: Redirect:, USB filter:, Monitors:, Display profile:. */
void vd_policy_view_print (const VdDesktopInfo *info);

/* list's column: one letter a redirection, '-' for one that is off, in
 * the order usb, smartcard, folders (d), audio, microphone, clipboard,
 * files: "u--amcf"; "-" without a SPICE display. */
char *vd_policy_view_flags (const VdDesktopInfo *info);

/* The members redirect, usb_filter, monitors and display_profile. */
void vd_policy_view_add_json (JsonBuilder *b, const VdDesktopInfo *info);

/* edit's lines for what changed between A and B. */
void vd_policy_view_describe_changes (const VdDesktopInfo *a, const VdDesktopInfo *b,
                                      GString *out);
