/* rdp-metadata.h: vdctl's RDP settings in a domain's <metadata>, under
 * vdctl's own namespace:
 *
 *   <metadata>
 *     <vdctl:desktop xmlns:vdctl="https://vdctl.org/xmlns/desktop/1.0">
 *       <vdctl:rdp port="3389" user="alice" domain="CORP">
 *         <vdctl:redirect type="clipboard"/>
 *         <vdctl:redirect type="drive" name="share" path="/home/alice/Share"/>
 *         <vdctl:redirect type="usb" vendor="054c" product="0268"/>
 *       </vdctl:rdp>
 *     </vdctl:desktop>
 *   </metadata>
 *
 * The settings live inside <vdctl:desktop> (desktop-metadata.h), next to
 * whatever else vdctl records there.  Other
 * applications' metadata, comments and the document's indentation are
 * never touched: writing then removing the settings gives back the
 * document it started from, byte for byte.  Pure: libxml2 only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "rdp-policy.h"

#define VD_RDP_METADATA_ERROR (vd_rdp_metadata_error_quark ())
GQuark vd_rdp_metadata_error_quark (void);

typedef enum {
  VD_RDP_METADATA_ERROR_INVALID,   /* the recorded settings are not valid */
  VD_RDP_METADATA_ERROR_DOCUMENT,  /* not a domain document */
} VdRdpMetadataError;

/* The recorded settings in *SETTINGS, or NULL when the domain has none.
 * Fails when they are there but not valid. */
gboolean vd_rdp_metadata_read (xmlDoc *doc, VdRdpSettings **settings, GError **error);

/* Record SETTINGS, replacing settings recorded before in place. */
gboolean vd_rdp_metadata_write (xmlDoc *doc, const VdRdpSettings *settings,
                                GError **error);

/* Remove the recorded settings, and the <vdctl:desktop> and <metadata>
 * elements when they are left with nothing in them.  Returns whether
 * there was anything to remove. */
gboolean vd_rdp_metadata_remove (xmlDoc *doc);
