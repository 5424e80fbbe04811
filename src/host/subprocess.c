/* subprocess.c: waiting for the programs vdctl starts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "subprocess.h"

typedef struct {
  gboolean done;              /* the wait finished, or was cancelled */
  gboolean exited;
} Wait;

static void
on_wait_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;

  wait->exited = g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  wait->done = TRUE;
}

static gboolean
on_time_up (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

gboolean
vd_subprocess_exits_within (GSubprocess *process, guint ms)
{
  /* A context of its own: no callback can outlive this frame. */
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new (ms);
  Wait wait = { FALSE, FALSE };

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (process, cancellable, on_wait_done, &wait);
  g_source_set_callback (timeout, on_time_up, cancellable, NULL);
  g_source_attach (timeout, context);
  /* Time up cancels the wait, which then finishes too. */
  while (!wait.done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);
  return wait.exited;
}

int
vd_subprocess_exit_status (GSubprocess *process)
{
  if (g_subprocess_get_if_exited (process))
    return g_subprocess_get_exit_status (process);
  return -1;
}
