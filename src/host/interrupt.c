/* interrupt.c: SIGINT, SIGTERM and SIGHUP as requests to stop at the next
 * step boundary.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "interrupt.h"

G_DEFINE_QUARK (vd-interrupt-error-quark, vd_interrupt_error)

static volatile sig_atomic_t caught;

/* Async-signal-safe: it only records the first signal. */
static void
on_signal (int signo)
{
  if (caught == 0)
    caught = signo;
}

void
vd_interrupt_catch (void)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction action;

  memset (&action, 0, sizeof action);
  sigemptyset (&action.sa_mask);
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaddset (&action.sa_mask, signals[i]);
  /* Calls in progress (libvirt's RPC, a file read) go on; the command
   * stops after them. */
  action.sa_flags = SA_RESTART;
  action.sa_handler = on_signal;
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &action, NULL);

  action.sa_handler = SIG_IGN;
  action.sa_flags = 0;
  sigaction (SIGPIPE, &action, NULL);
}

int
vd_interrupt_signal (void)
{
  return caught;
}

const char *
vd_interrupt_signal_name (int signo)
{
  switch (signo)
    {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "a signal";
    }
}

gboolean
vd_interrupt_check (GError **error)
{
  int signo = caught;

  if (signo == 0)
    return TRUE;
  g_set_error (error, VD_INTERRUPT_ERROR, signo, "interrupted by %s",
               vd_interrupt_signal_name (signo));
  return FALSE;
}
