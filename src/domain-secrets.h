/* domain-secrets.h: keep secrets out of what vdctl prints.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <libxml/tree.h>

/* Drop every graphics password from DOC, as 'virsh dumpxml' does without
 * --security-info. */
void vd_domain_strip_secrets (xmlDoc *doc);

/* The first SPICE <graphics> element of DOC with its password set to
 * PASSWORD (NULL: none), serialised for a live update; NULL when DOC has
 * no SPICE display. */
char *vd_domain_spice_graphics_xml (xmlDoc *doc, const char *password);
