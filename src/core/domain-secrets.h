/* domain-secrets.h: keep secrets out of what vdctl prints.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

/* Drop every graphics password from DOC, as 'virsh dumpxml' does without
 * --security-info. */
void vd_domain_strip_secrets (xmlDoc *doc);

/* The first SPICE <graphics> element of DOC with its password set to
 * PASSWORD (NULL: none), serialised for a live update; NULL when DOC has
 * no SPICE display. */
char *vd_domain_spice_graphics_xml (xmlDoc *doc, const char *password);

/* The same, with the password valid until VALID_TO (libvirt's
 * passwdValidTo, UTC): a one-time ticket. */
char *vd_domain_spice_ticket_xml (xmlDoc *doc, const char *password,
                                  GDateTime *valid_to);

/* The SPICE password of DOC (read with libvirt's secure flag), or NULL. */
char *vd_domain_spice_password (xmlDoc *doc);

/* When the SPICE password of DOC stops being valid (passwdValidTo), or
 * NULL when it does not expire. */
GDateTime *vd_domain_spice_password_valid_to (xmlDoc *doc);
