/* test-progress.c: the progress line, from done/total/elapsed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <check.h>
#include <glib.h>
#include <unistd.h>

#include "test-util.h"
#include "progress.h"

static void
check_line (const char *label, guint64 done, guint64 total, double elapsed, const char *want)
{
  g_autofree char *line = vd_progress_format (label, done, total, elapsed);

  ck_assert_str_eq (line, want);
}

START_TEST (test_start)
{
  /* No rate before a tenth of a second. */
  check_line ("Uploading a.iso", 0, 3ULL << 30, 0.0,
              "Uploading a.iso   0% [                    ] 0 B / 3.0 GiB");
}
END_TEST

START_TEST (test_middle)
{
  /* 1.5 GiB of 3 GiB in 10 s: 50%, half the bar, 153.6 MiB/s. */
  check_line ("Uploading a.iso", 3ULL << 29, 3ULL << 30, 10.0,
              "Uploading a.iso  50% [##########          ] 1.5 GiB / 3.0 GiB  153.6 MiB/s");
}
END_TEST

START_TEST (test_rounds_down)
{
  /* 999 of 1000 bytes is not done yet. */
  check_line ("x", 999, 1000, 1.0, "x  99% [################### ] 999 B / 1000 B  999 B/s");
}
END_TEST

START_TEST (test_done)
{
  check_line ("x", 2048, 2048, 2.0, "x 100% [####################] 2.0 KiB / 2.0 KiB  1.0 KiB/s");
  /* More than the total is the total. */
  check_line ("x", 4096, 2048, 2.0, "x 100% [####################] 2.0 KiB / 2.0 KiB  1.0 KiB/s");
}
END_TEST

START_TEST (test_empty)
{
  check_line ("x", 0, 0, 0.5, "x 100% [####################] 0 B / 0 B  0 B/s");
}
END_TEST

START_TEST (test_not_a_terminal)
{
  /* Under meson, standard error is a pipe or a file: no bar at all. */
  if (isatty (2))
    return;
  ck_assert_ptr_null (vd_progress_new ("x", 10, TRUE));
}
END_TEST

START_TEST (test_disabled)
{
  /* --quiet: no bar, terminal or not; the calls accept NULL. */
  VdProgress *p = vd_progress_new ("x", 10, FALSE);

  ck_assert_ptr_null (p);
  vd_progress_update (p, 5);
  vd_progress_free (p);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("progress");
  TCase *tc = tcase_create ("format");

  tcase_add_test (tc, test_start);
  tcase_add_test (tc, test_middle);
  tcase_add_test (tc, test_rounds_down);
  tcase_add_test (tc, test_done);
  tcase_add_test (tc, test_empty);
  tcase_add_test (tc, test_not_a_terminal);
  tcase_add_test (tc, test_disabled);
  suite_add_tcase (s, tc);
  return vd_test_run_suite (s);
}
