/* desktop-batch.c: one command over several desktops (desktop-batch.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "commands.h"
#include "desktop-batch.h"
#include "interrupt.h"
#include "pool-scan.h"

static void
add_once (GPtrArray *names, GHashTable *seen, const char *name)
{
  char *copy;

  if (g_hash_table_contains (seen, name))
    return;
  copy = g_strdup (name);
  g_ptr_array_add (names, copy);
  g_hash_table_add (seen, copy);
}

char **
vd_desktop_batch_names (VdInvocation *inv, const char *pool, GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (inv->n_args == 0 && pool == NULL)
    return vd_usage_error (error, "'%s' needs %s or --pool POOL", inv->command->name,
                           inv->command->args), NULL;
  if (pool && *pool == '\0')
    return vd_usage_error (error, "--pool needs the name of a desktop pool"), NULL;
  for (int i = 0; i < inv->n_args; i++)
    add_once (names, seen, inv->args[i]);
  if (pool)
    {
      g_autoptr(VdPool) found = NULL;

      if (vd_invocation_connect (inv, error) == NULL)
        return NULL;
      found = vd_pool_lookup (inv->conn, pool, error);
      if (found == NULL)
        return NULL;
      for (guint i = 0; i < found->seats->len; i++)
        add_once (names, seen, ((VdSeat *) found->seats->pdata[i])->name);
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* MESSAGE about desktop NAME, with the name in front unless it says it. */
static void
append_about (GString *text, const char *name, const char *message)
{
  g_autofree char *quoted = g_strdup_printf ("'%s'", name);

  if (!strstr (message, quoted))
    g_string_append_printf (text, "desktop %s: ", quoted);
  g_string_append (text, message);
}

/* The error of a batch that a signal stopped at NAMES[I]: CAUSE is what
 * that desktop failed with, or NULL when it was not begun; FAILED of the
 * desktops before it failed. */
static void
interrupted_error (GError **error, const GError *cause, char **names, guint i, guint failed)
{
  int signo = vd_interrupt_signal ();
  const char *signal_name = vd_interrupt_signal_name (signo);
  guint done = i - failed;
  guint left = g_strv_length (names) - i - 1;
  g_autoptr(GString) text = g_string_new (NULL);

  if (cause == NULL)
    g_string_printf (text, "desktop '%s' was not begun: interrupted by %s", names[i],
                     signal_name);
  else if (cause->domain == VD_INTERRUPT_ERROR)
    append_about (text, names[i], cause->message);
  else
    {
      g_autofree char *why = g_strdup_printf ("interrupted by %s (%s)", signal_name,
                                              cause->message);

      append_about (text, names[i], why);
    }
  if (done > 0)
    g_string_append_printf (text, "; the %u desktop%s before it %s done", done,
                            done == 1 ? "" : "s", done == 1 ? "was" : "were");
  if (failed > 0)
    g_string_append_printf (text, "; %u before it failed", failed);
  if (left > 0)
    g_string_append_printf (text, "; the %u after it %s not tried", left,
                            left == 1 ? "was" : "were");
  g_set_error_literal (error, VD_INTERRUPT_ERROR, signo, text->str);
}

gboolean
vd_desktop_batch_run_names (VdInvocation *inv, char **names, VdBatchFunc func,
                            gpointer data, GError **error)
{
  guint n = g_strv_length (names);
  guint failed = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;

      /* Only commands that catch signals see one here; a signal ends the
       * others at once.  A desktop is whole or not begun: the command
       * itself decides where it may stop within one. */
      if (i > 0 && vd_interrupt_signal () != 0)
        return interrupted_error (error, NULL, names, i, failed), FALSE;
      if (func (inv, names[i], data, &local_error))
        continue;
      if (n == 1)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (vd_interrupt_signal () != 0)
        return interrupted_error (error, local_error, names, i, failed), FALSE;
      failed++;
      vd_print_desktop_error (names[i], local_error);
    }
  if (failed > 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "%u of %u desktops failed", failed, n), FALSE;
  return TRUE;
}

gboolean
vd_desktop_batch_run (VdInvocation *inv, const char *pool, VdBatchFunc func, gpointer data,
                      GError **error)
{
  g_auto(GStrv) names = vd_desktop_batch_names (inv, pool, error);

  if (names == NULL)
    return FALSE;
  return vd_desktop_batch_run_names (inv, names, func, data, error);
}
