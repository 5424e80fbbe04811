/* watch-act.h: what `vdctl watch --act` does when a user leaves.
 *
 * Each desktop's policy (leave-policy.h: on-disconnect ACTION[:DELAY],
 * idle-shutdown) is read from its definition when it is needed, so an
 * `vdctl edit` counts from the next disconnect on.  When a desktop's last
 * client session ends, its action is scheduled DELAY seconds later; a
 * client that comes back before then cancels it.  A running desktop
 * with no client for its idle-shutdown time is shut down.  A shutdown is
 * ACPI first, then a power-off when the guest is still running after the
 * grace period ([watch] shutdown-grace).  Each action runs once, and is
 * reported in the stream ("action-scheduled", "action-cancelled",
 * "action") and, with every connect and disconnect, in the audit log
 * ([watch] audit-log; audit-log.h).
 *
 * While the connection to libvirt is down, a due action waits for the
 * next one.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "conf-file.h"
#include "desktop-event.h"
#include "session-merge.h"
#include "virt.h"

typedef struct _VdWatchAct VdWatchAct;

/* Hands an event of the engine's own to the stream. */
typedef void (*VdWatchActReport) (const VdDesktopEvent *event, gpointer user_data);

/* An engine that reads the session counts from TRACKER (kept by the
 * caller) and reports to REPORT.  Fails when the audit log of CONFIG
 * cannot be written or its shutdown-grace is not a duration. */
VdWatchAct *vd_watch_act_new (VdConfig *config, VdSessionTracker *tracker,
                              VdWatchActReport report, gpointer user_data, GError **error);
void vd_watch_act_free (VdWatchAct *act);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdWatchAct, vd_watch_act_free)

/* The audit log's path. */
const char *vd_watch_act_audit_path (VdWatchAct *act);

/* The connection to act through, or NULL while there is none. */
void vd_watch_act_set_connection (VdWatchAct *act, VdConnection *conn);

/* A session event (connected, disconnected) or a lifecycle event, after
 * the tracker took it in. */
void vd_watch_act_event (VdWatchAct *act, const VdDesktopEvent *event);

/* Arm the idle timers of the running desktops without a client: when
 * watch starts, and once connected again. */
void vd_watch_act_scan_idle (VdWatchAct *act);
