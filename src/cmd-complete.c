/* cmd-complete.c: vdctl complete — candidates for the bash completion,
 * read from the command table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "commands.h"

const GOptionEntry vd_complete_entries[] = {
  { NULL }
};

gboolean
vd_cmd_complete (VdInvocation *inv, GError **error)
{
  return vd_usage_error (error, "completion is not built yet");
}
