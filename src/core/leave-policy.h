/* leave-policy.h: what happens when the user leaves a desktop, as vdctl
 * records it in the domain's metadata, inside <vdctl:desktop>
 * (desktop-metadata.h):
 *
 *   <vdctl:leave on-disconnect="poweroff" delay="300" idle-shutdown="1800"/>
 *
 * on-disconnect is the action once the last client has gone for delay
 * seconds; idle-shutdown the seconds a running desktop may go without any
 * client before it is shut down.  An attribute that is missing, or that
 * holds a value this version does not know, counts as none or 0; a
 * policy of nothing at all (NONE, 0, 0) is no element.  'vdctl watch
 * --act' carries the policy out; create, edit and pool create set it.
 * Read it from the persistent definition (VIR_DOMAIN_XML_INACTIVE), as
 * show does: an edit of a running desktop changes only that one.
 * Pure: glib and libxml2, no I/O.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

/* The longest delay or idle time: one day. */
#define VD_LEAVE_MAX_SECONDS (24u * 60 * 60)

typedef enum {
  VD_LEAVE_NONE = 0,
  VD_LEAVE_LOCK,
  VD_LEAVE_LOGOFF,
  VD_LEAVE_SHUTDOWN,
  VD_LEAVE_POWEROFF,
  VD_LEAVE_RESET,
} VdLeaveAction;

typedef struct {
  VdLeaveAction action;      /* on disconnect */
  guint delay;               /* seconds after the disconnect */
  guint idle_shutdown;       /* seconds without a client; 0: never */
} VdLeavePolicy;

/* The action names, in enum order, NULL-terminated: for messages and
 * completion. */
extern const char * const vd_leave_action_names[];

const char *vd_leave_action_to_string (VdLeaveAction action);
/* The action named TEXT, exactly; FALSE when there is none. */
gboolean vd_leave_action_from_string (const char *text, VdLeaveAction *action);
/* "ACTION[:DELAY]"; without a DELAY, 0 (at once).  'none' takes no
 * delay.  Fails with VD_VALUE_ERROR, a message that names TEXT. */
gboolean vd_leave_action_parse (const char *text, VdLeaveAction *action, guint *delay,
                                GError **error);
/* "30s", "5m", "1h", "90" (seconds): 0 to VD_LEAVE_MAX_SECONDS.  Fails
 * with VD_VALUE_ERROR. */
gboolean vd_duration_parse (const char *text, guint *seconds, GError **error);
/* A duration, or "0", "none" or "off" for never (0). */
gboolean vd_idle_shutdown_parse (const char *text, guint *seconds, GError **error);
/* SECONDS in words, exactly: "0 s", "30 s", "5 min", "1 h 30 min",
 * "1 min 30 s". */
char *vd_duration_to_string (guint seconds);

/* What the domain whose root element is ROOT records; all zero (NONE, 0, 0) when nothing. */
void vd_leave_policy_read (xmlNode *root, VdLeavePolicy *policy);
/* Record POLICY in ROOT's <vdctl:desktop>; an all-zero policy removes the record.
 * (The delay of NONE means nothing, and is not recorded.) */
void vd_leave_policy_write (xmlNode *root, const VdLeavePolicy *policy);
/* Whether POLICY asks for nothing: action NONE and no idle shutdown. */
gboolean vd_leave_policy_is_empty (const VdLeavePolicy *policy);
