/* progress.c: a one-line progress bar on standard error.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"

#define BAR_WIDTH 20
#define REDRAW_USEC (100 * 1000)

struct _VdProgress {
  char *label;
  guint64 total;
  guint64 done;
  gint64 start;
  gint64 last_draw;
  gboolean drawn;
  int last_width;
};

/* BYTES in binary units with one decimal, locale-free. */
static char *
format_bytes (double bytes)
{
  static const char * const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
  guint unit = 0;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  while (bytes >= 1024 && unit + 1 < G_N_ELEMENTS (units))
    {
      bytes /= 1024;
      unit++;
    }
  if (unit == 0)
    return g_strdup_printf ("%.0f B", bytes);
  g_ascii_formatd (buf, sizeof buf, "%.1f", bytes);
  return g_strdup_printf ("%s %s", buf, units[unit]);
}

char *
vd_progress_format (const char *label, guint64 done, guint64 total, double elapsed)
{
  g_autofree char *done_text = NULL;
  g_autofree char *total_text = format_bytes ((double) total);
  g_autofree char *rate_text = NULL;
  char bar[BAR_WIDTH + 1];
  guint percent, filled;

  if (done > total)
    done = total;
  done_text = format_bytes ((double) done);
  percent = total ? (guint) ((double) done * 100 / (double) total) : 100;
  filled = total ? (guint) ((double) done * BAR_WIDTH / (double) total) : BAR_WIDTH;
  for (guint i = 0; i < BAR_WIDTH; i++)
    bar[i] = i < filled ? '#' : ' ';
  bar[BAR_WIDTH] = '\0';
  if (elapsed >= 0.1)
    {
      g_autofree char *rate = format_bytes ((double) done / elapsed);

      rate_text = g_strdup_printf ("  %s/s", rate);
    }
  return g_strdup_printf ("%s %3u%% [%s] %s / %s%s", label, percent, bar, done_text,
                          total_text, rate_text ? rate_text : "");
}

VdProgress *
vd_progress_new (const char *label, guint64 total, gboolean enabled)
{
  VdProgress *progress;

  if (!enabled || !isatty (2))
    return NULL;
  progress = g_new0 (VdProgress, 1);
  progress->label = g_strdup (label);
  progress->total = total;
  progress->start = g_get_monotonic_time ();
  return progress;
}

static void
draw (VdProgress *progress, gint64 now)
{
  g_autofree char *line = vd_progress_format (progress->label, progress->done, progress->total,
                                              (double) (now - progress->start) / G_USEC_PER_SEC);
  int width = (int) strlen (line);

  /* Spaces over what a longer line before left behind. */
  fprintf (stderr, "\r%s%*s", line, MAX (progress->last_width - width, 0), "");
  fflush (stderr);
  progress->last_width = width;
  progress->last_draw = now;
  progress->drawn = TRUE;
}

void
vd_progress_update (VdProgress *progress, guint64 done)
{
  gint64 now;

  if (progress == NULL)
    return;
  progress->done = done;
  now = g_get_monotonic_time ();
  if (!progress->drawn || now - progress->last_draw >= REDRAW_USEC || done >= progress->total)
    draw (progress, now);
}

void
vd_progress_free (VdProgress *progress)
{
  if (progress == NULL)
    return;
  if (progress->drawn)
    {
      fputc ('\n', stderr);
      fflush (stderr);
    }
  g_free (progress->label);
  g_free (progress);
}

void
vd_progress_callback (guint64 done, guint64 total, gpointer progress)
{
  (void) total;
  vd_progress_update (progress, done);
}
