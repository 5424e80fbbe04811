/* guest-session.h: the user's session inside a running guest, through
 * its QEMU guest agent: lock the screen, log the user off.  What
 * `vdctl watch --act` does for the on-disconnect actions lock and logoff.
 *
 * The agent says which OS the guest runs (guest-get-osinfo); then:
 *   Windows  lock:   tsdiscon.exe console  (the console session is
 *                    disconnected: its user must sign in again)
 *            logoff: logoff.exe console
 *   Linux    lock:   loginctl lock-sessions  (systemd-logind asks each
 *                    session's locker, as the desktop's own lock does)
 *            logoff: loginctl terminate-seat seat0  (the graphical
 *                    sessions on the SPICE display's seat)
 * The agent runs them as the guest's administrator (SYSTEM, root).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "virt.h"

gboolean vd_guest_session_lock (VdVirtDomain *dom, GError **error);
gboolean vd_guest_session_logoff (VdVirtDomain *dom, GError **error);
