/* undo.h: one undo journal for the commands that change a host.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each step that changes the host (an upload, a volume, a definition, a
 * start, a ticket) records, right after it succeeded, how to undo itself:
 * a description for messages, a function and its data.  When a later step
 * fails, or a signal asks vdctl to stop, the journal runs backward, the
 * newest step first; an undo that fails is reported on standard error
 * ("vdctl: warning: could not undo ...: why") and the others still run, so the
 * error that made vdctl roll back stays the one main prints.  When every
 * step is done the journal is committed: the records are dropped and
 * nothing is undone.
 *
 * A journal freed with steps left (an early return) rolls them back:
 * forgetting to commit undoes, it never leaves half a change behind.
 */
#pragma once

#include <glib.h>

typedef struct _VdUndo VdUndo;

/* Undo one step; FALSE with ERROR set when that failed. */
typedef gboolean (*VdUndoFunc) (gpointer data, GError **error);

VdUndo *vd_undo_new (void);
/* Rolls back the steps still recorded, then frees. */
void vd_undo_free (VdUndo *undo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdUndo, vd_undo_free)

/* Record a step just done.  DESCRIPTION names what the step made, for
 * the message when undoing it fails ("could not undo DESCRIPTION: why"):
 * "volume 'lab.qcow2' in pool 'default'", "the start of desktop 'lab'".
 * FREE_DATA (may be NULL) frees DATA once the step is undone or
 * committed. */
void vd_undo_push (VdUndo *undo, const char *description, VdUndoFunc func,
                   gpointer data, GDestroyNotify free_data);

/* How many steps are recorded. */
guint vd_undo_length (const VdUndo *undo);

/* Undo every recorded step, newest first, and drop them.  Each failure
 * is reported on standard error; the number of failures is returned (0:
 * everything this run made is gone). */
guint vd_undo_roll_back (VdUndo *undo);

/* The steps are done for good: drop the records without undoing. */
void vd_undo_commit (VdUndo *undo);

/* Writing a step, as create-storage.c does:
 *
 *   path = vd_volume_create (conn, pool, name, size, "qcow2", error);
 *   if (path == NULL)
 *     return FALSE;              // nothing made: nothing to record
 *   push_volume (undo, conn, pool, name);   // vd_undo_push with its data
 *
 * Record only what this run made (a volume that was there already is not
 * this run's to delete), right after making it, and check for a signal
 * (vd_interrupt_check) before the next step. */
