/* complete-values.h: the option values 'vdctl complete' offers that no
 * argument description spells out (cmd-complete.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* The values of the option LONG_NAME that may follow VALUE, the part of
 * it typed so far, each a whole value: the video and sound models, kvm
 * and qemu for --virt-type, the USB class names and 'any' for
 * --usb-allow and --usb-deny, the actions of --on-disconnect, the items
 * of --redirect after the last comma, the profiles for --profile.
 * NULL-terminated; empty for an option with none. */
char **vd_complete_option_values (const char *long_name, const char *value);
