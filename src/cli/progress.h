/* progress.h: a one-line progress bar on standard error, for long work
 * such as uploading an ISO image.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

typedef struct _VdProgress VdProgress;

/* The line drawn for LABEL with DONE of TOTAL bytes after ELAPSED seconds:
 * "LABEL  42% [#####     ] 1.2 GiB / 3.0 GiB  56.3 MiB/s".  The rate is
 * left out before a tenth of a second has passed.  Pure. */
char *vd_progress_format (const char *label, guint64 done, guint64 total, double elapsed);

/* A bar for TOTAL bytes, drawn only when ENABLED (the caller's --quiet)
 * and standard error is a terminal; otherwise every call below does
 * nothing and nothing is written. */
VdProgress *vd_progress_new (const char *label, guint64 total, gboolean enabled);
/* Redraws at most every 100 ms, and always at 100%. */
void vd_progress_update (VdProgress *progress, guint64 done);
/* Ends the line (with a newline) if one was drawn, and frees. */
void vd_progress_free (VdProgress *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdProgress, vd_progress_free)

/* A callback shape for work that reports progress (see virt.h). */
void vd_progress_callback (guint64 done, guint64 total, gpointer progress);
