/* desktop-batch.h: one command over several desktops, the names of the
 * command line and the seats of a desktop pool, over one connection.
 *
 * Each desktop is tried once, in order; one that fails gets its error line
 * (vd_print_desktop_error) and the others are still tried.  The batch then
 * fails with "N of M desktops failed".  A batch of one desktop is the
 * command as it was for one NAME: its error is the batch's, as it is.
 * A command that catches signals (VD_COMMAND_FLAG_UNDOABLE, interrupt.h)
 * stops between desktops once one came, with an error that says what was
 * done and what was not tried.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "commands.h"

/* The --pool option of a batch command, into the string VAR. */
#define VD_DESKTOP_BATCH_POOL_ENTRY(var) \
  { "pool", 0, 0, G_OPTION_ARG_STRING, &(var), \
    "Every seat of the desktop pool POOL too, in seat order", "POOL" }

/* What a batch command does to one desktop. */
typedef gboolean (*VdBatchFunc) (VdInvocation *inv, const char *name, gpointer data,
                                 GError **error);

/* The names of the command line, then with POOL (may be NULL) the seats of
 * that pool, each once; FUNC on each in order over INV's one connection;
 * one error line per failure; FALSE with "N of M desktops failed" when any
 * failed, or the interrupt error. */
gboolean vd_desktop_batch_run (VdInvocation *inv, const char *pool, VdBatchFunc func,
                               gpointer data, GError **error);

/* The same names without running anything (for callers that need them
 * first): a usage error when there is no name and no POOL, an error when
 * there is no pool POOL. */
char **vd_desktop_batch_names (VdInvocation *inv, const char *pool, GError **error);

/* vd_desktop_batch_run on NAMES, as vd_desktop_batch_names gave them. */
gboolean vd_desktop_batch_run_names (VdInvocation *inv, char **names, VdBatchFunc func,
                                     gpointer data, GError **error);
