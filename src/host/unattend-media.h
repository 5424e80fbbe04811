/* unattend-media.h: the small CD image that carries an answer file
 * (Autounattend.xml) to Windows Setup, which looks for one at the root of
 * every removable and CD drive.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* An ISO 9660 image with Joliet names holding FILE_NAME, with CONTENTS,
 * at its root.  Made by genisoimage (or xorrisofs, or mkisofs) in a
 * private temporary directory that is removed before returning, whatever
 * happens. */
GBytes *vd_unattend_media_make (const char *file_name, const char *contents,
                                gsize length, GError **error);
