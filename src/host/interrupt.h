/* interrupt.h: SIGINT, SIGTERM and SIGHUP as requests to stop at the next
 * step boundary, for the commands that change a host.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A signal that killed vdctl in the middle of a libvirt call could leave a
 * volume without its desktop, or a desktop without its password on
 * anyone's screen.  Once vd_interrupt_catch() ran, those signals only
 * record which one came (the handler does nothing else); the command
 * asks vd_interrupt_check() between its steps (and the upload between
 * chunks), stops there, undoes what it made (undo.h) and main exits with
 * 128 + the signal's number, as a shell reports a process that died of it.
 * Signals that come while undoing are recorded too, so they cannot cut the
 * undo short.
 */
#pragma once

#include <glib.h>

#define VD_INTERRUPT_ERROR (vd_interrupt_error_quark ())
GQuark vd_interrupt_error_quark (void);
/* A VD_INTERRUPT_ERROR's code is the signal's number. */

/* Catch SIGINT, SIGTERM and SIGHUP as above, and ignore SIGPIPE, so that
 * a write to a closed pipe is an EPIPE error vdctl reports. */
void vd_interrupt_catch (void);

/* The first signal caught, or 0. */
int vd_interrupt_signal (void);

/* FALSE with a VD_INTERRUPT_ERROR ("interrupted by SIGINT") once a signal
 * was caught; TRUE otherwise. */
gboolean vd_interrupt_check (GError **error);

/* The signal's name: "SIGINT", ... */
const char *vd_interrupt_signal_name (int signo);
