/* desktop-metadata.h: vdctl's own element in a domain's <metadata>.
 *
 *   <metadata>
 *     <vdctl:desktop xmlns:vdctl="https://vdctl.org/xmlns/desktop/1.0" profile="linux">
 *       ...
 *     </vdctl:desktop>
 *   </metadata>
 *
 * libvirt keeps one element per namespace in <metadata> (what
 * virDomainSetMetadata replaces), so everything vdctl records goes inside
 * <vdctl:desktop>: the profile a desktop was made from (domain-new.c), its
 * RDP settings (rdp-metadata.c), what happens when the user leaves
 * (<vdctl:leave on-disconnect="logoff" delay="300" idle-shutdown="3600"/>,
 * seconds: leave-policy.c), a pool seat's records (pool-record.c); a
 * profile template's hints for create
 * (profile.c); whether vdctl last gave the SPICE display a password
 * (password="set" or "none": libvirt shows the password itself only to
 * readers with the secure flag, and show and list read without it).
 * Pure: libxml2 only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "desktop.h"

#define VD_XMLNS_DESKTOP        "https://vdctl.org/xmlns/desktop/1.0"
#define VD_XMLNS_DESKTOP_PREFIX "vdctl"

/* Whether NODE is the element <vdctl:NAME>, whatever its prefix. */
gboolean vd_desktop_metadata_is (xmlNode *node, const char *name);
/* The first <vdctl:NAME> child of PARENT, or NULL. */
xmlNode *vd_desktop_metadata_child (xmlNode *parent, const char *name);

/* <vdctl:desktop> of the domain whose root element is ROOT, or NULL. */
xmlNode *vd_desktop_metadata_find (xmlNode *root);
/* The same, made when missing (and <metadata> with it, where libvirt puts
 * it), indented like the document around it. */
xmlNode *vd_desktop_metadata_ensure (xmlNode *root);
/* Take DESKTOP out when nothing is left in it, and its <metadata> when
 * nothing is left in that either: what _ensure made, it takes back. */
void vd_desktop_metadata_prune (xmlNode *desktop);

/* Record in the domain whose root element is ROOT whether vdctl gave its
 * SPICE display a password (YES), none (NO), or forget it (UNSET, when
 * the display goes). */
void vd_desktop_metadata_set_password (xmlNode *root, VdTristate state);
/* What was recorded; UNSET when nothing was. */
VdTristate vd_desktop_metadata_get_password (xmlNode *root);
