/* profile-store.h: where desktop profiles are found.
 *
 * A profile NAME is the file NAME.xml, looked for in order in
 *   the user's templates directory: vdctl.conf's templates-dir, else
 *     $XDG_CONFIG_HOME/vdctl/templates
 *   the installed data directory, VDCTL_PKGDATADIR/templates
 *   the copy built into vdctl (a GResource)
 * so that a user's own template overrides a shipped one of the same name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "conf-file.h"
#include "profile.h"

/* The profile NAME from the first place that has it.  An unknown NAME is
 * a VD_PROFILE_ERROR_UNKNOWN that lists the available profiles; a template
 * that is not a domain document is a VD_PROFILE_ERROR_INVALID that names
 * its file. */
VdProfile *vd_profile_load (VdConfig *config, const char *name, GError **error);

/* Every profile name any of the places holds, sorted, each once. */
char **vd_profile_list (VdConfig *config);

/* The profile 'create' uses without --profile: vdctl.conf's profile, else
 * VD_PROFILE_DEFAULT. */
const char *vd_profile_default_name (VdConfig *config);

/* The user's templates directory (see above). */
char *vd_profile_user_dir (VdConfig *config);
