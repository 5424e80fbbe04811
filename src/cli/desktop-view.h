/* desktop-view.h: a desktop as show and list present it: the settings
 * read from its definition (live when running) and its state.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "desktop.h"
#include "rdp-policy.h"
#include "unattend-cleanup.h"
#include "virt.h"

typedef struct {
  VdDesktopInfo info;
  const char *state;          /* "running", "shut off", ... */
  gboolean running;
  VdRdpSettings *rdp;         /* recorded RDP settings, or NULL */
  char *rdp_problem;          /* why recorded settings could not be read */
  VdUnattendCdState unattend_cd;  /* the answer-file CD of --unattend */
} VdDesktopView;

gboolean vd_desktop_view_load (VdVirtDomain *dom, VdDesktopView *view, GError **error);
void vd_desktop_view_clear (VdDesktopView *view);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdDesktopView, vd_desktop_view_clear)

/* spice://HOST:PORT, or NULL when there is nothing to dial. */
char *vd_desktop_view_display (const VdDesktopView *view);
JsonNode *vd_desktop_view_to_json (const VdDesktopView *view);
/* Whether the display has a password: "set", "none", or "unknown" for a
 * SPICE display whose password vdctl never set (libvirt shows passwords
 * only to readers with its secure flag). */
const char *vd_desktop_view_password (const VdDesktopView *view);
