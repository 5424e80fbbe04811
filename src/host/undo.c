/* undo.c: one undo journal for the commands that change a host.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "undo.h"

typedef struct {
  char *description;
  VdUndoFunc func;
  gpointer data;
  GDestroyNotify free_data;
} UndoStep;

struct _VdUndo {
  GArray *steps;              /* of UndoStep, oldest first */
};

static void
undo_step_clear (UndoStep *step)
{
  if (step->free_data)
    step->free_data (step->data);
  g_free (step->description);
}

VdUndo *
vd_undo_new (void)
{
  VdUndo *undo = g_new0 (VdUndo, 1);

  undo->steps = g_array_new (FALSE, TRUE, sizeof (UndoStep));
  return undo;
}

void
vd_undo_free (VdUndo *undo)
{
  if (undo == NULL)
    return;
  vd_undo_roll_back (undo);
  g_array_unref (undo->steps);
  g_free (undo);
}

void
vd_undo_push (VdUndo *undo, const char *description, VdUndoFunc func,
              gpointer data, GDestroyNotify free_data)
{
  UndoStep step = {
    .description = g_strdup (description),
    .func = func,
    .data = data,
    .free_data = free_data,
  };

  g_return_if_fail (undo != NULL && description != NULL && func != NULL);
  g_array_append_val (undo->steps, step);
}

guint
vd_undo_length (const VdUndo *undo)
{
  return undo->steps->len;
}

guint
vd_undo_roll_back (VdUndo *undo)
{
  guint failed = 0;

  /* A second signal while undoing must not leave the undo half done:
   * it is only recorded (interrupt.c), and every step still runs. */
  while (undo->steps->len > 0)
    {
      UndoStep step = g_array_index (undo->steps, UndoStep, undo->steps->len - 1);
      g_autoptr(GError) error = NULL;

      g_array_set_size (undo->steps, undo->steps->len - 1);
      if (!step.func (step.data, &error))
        {
          g_printerr ("vdctl: warning: could not undo %s: %s\n", step.description,
                      error ? error->message : "unknown error");
          failed++;
        }
      undo_step_clear (&step);
    }
  return failed;
}

void
vd_undo_commit (VdUndo *undo)
{
  for (guint i = 0; i < undo->steps->len; i++)
    undo_step_clear (&g_array_index (undo->steps, UndoStep, i));
  g_array_set_size (undo->steps, 0);
}
