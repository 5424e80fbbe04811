/* guest-exec.h: the QEMU guest agent's guest-exec and guest-exec-status
 * commands, as JSON in and out.  Pure: no I/O.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#define VD_GUEST_EXEC_ERROR (vd_guest_exec_error_quark ())
GQuark vd_guest_exec_error_quark (void);

typedef enum {
  VD_GUEST_EXEC_ERROR_REPLY,     /* not the reply the command expects */
  VD_GUEST_EXEC_ERROR_AGENT,     /* the agent answered with an error */
} VdGuestExecError;

typedef struct {
  gboolean exited;
  int exit_code;             /* when exited */
  char *out;                 /* standard output and error, UTF-8 (invalid */
  char *err;                 /* bytes replaced), or NULL when none */
} VdGuestExecStatus;

void vd_guest_exec_status_clear (VdGuestExecStatus *status);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdGuestExecStatus, vd_guest_exec_status_clear)

/* {"execute":"guest-exec","arguments":{"path":ARGV[0],"arg":[ARGV[1]...],
 * "capture-output":true}} */
char *vd_guest_exec_request (const char * const *argv);
/* The pid in guest-exec's reply. */
gboolean vd_guest_exec_parse_pid (const char *reply, gint64 *pid, GError **error);

/* {"execute":"guest-exec-status","arguments":{"pid":PID}} */
char *vd_guest_exec_status_request (gint64 pid);
gboolean vd_guest_exec_parse_status (const char *reply, VdGuestExecStatus *status,
                                     GError **error);

/* {"execute":"guest-get-osinfo"} */
char *vd_guest_osinfo_request (void);
/* The "id" of guest-get-osinfo's reply ("mswindows", "debian", ...). */
char *vd_guest_osinfo_parse_id (const char *reply, GError **error);
