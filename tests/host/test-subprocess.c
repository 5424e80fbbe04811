/* test-subprocess.c: waiting for the programs vdctl starts (subprocess.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>

#include "subprocess.h"
#include "test-util.h"

static GSubprocess *
spawn (const char *script)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *p = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sh", "-c", script, NULL);

  ck_assert_msg (p != NULL, "%s", error ? error->message : "");
  return p;
}

START_TEST (test_exits_at_once)
{
  g_autoptr(GSubprocess) ok = spawn ("exit 0");
  g_autoptr(GSubprocess) failed = spawn ("exit 3");
  g_autoptr(GSubprocess) killed = spawn ("kill -9 $$");

  ck_assert (vd_subprocess_exits_within (ok, 10000));
  ck_assert_int_eq (vd_subprocess_exit_status (ok), 0);
  ck_assert (vd_subprocess_exits_within (failed, 10000));
  ck_assert_int_eq (vd_subprocess_exit_status (failed), 3);
  ck_assert (vd_subprocess_exits_within (killed, 10000));
  ck_assert_int_eq (vd_subprocess_exit_status (killed), -1);
}
END_TEST

/* Still running when the time is up, and nothing of the wait is left
 * behind: the program's later exit reaches no callback of it. */
START_TEST (test_still_running)
{
  g_autoptr(GSubprocess) p = spawn ("sleep 0.5");
  gint64 start = g_get_monotonic_time ();

  ck_assert (!vd_subprocess_exits_within (p, 50));
  ck_assert_int_lt (g_get_monotonic_time () - start, 450 * 1000);
  ck_assert (!g_main_context_pending (NULL));
  ck_assert (g_subprocess_wait (p, NULL, NULL));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ck_assert_int_eq (vd_subprocess_exit_status (p), 0);
  /* And asked again once it has gone: at once. */
  ck_assert (vd_subprocess_exits_within (p, 10000));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("subprocess");
  TCase *tc = tcase_create ("wait");

  tcase_add_test (tc, test_exits_at_once);
  tcase_add_test (tc, test_still_running);
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
