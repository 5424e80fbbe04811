/* test-undo.c: the undo journal of undo.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "undo.h"

/* What the steps did, in order: "u1 u2 f3 ...". */
static GString *trail;
static GString *warnings;
static guint freed;

typedef struct {
  int id;
  gboolean fails;
} Step;

static gboolean
undo_step (gpointer data, GError **error)
{
  Step *step = data;

  g_string_append_printf (trail, "%s%d ", step->fails ? "f" : "u", step->id);
  if (step->fails)
    return g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "step %d refused", step->id),
           FALSE;
  return TRUE;
}

static void
step_free (gpointer data)
{
  freed++;
  g_free (data);
}

static void
push (VdUndo *undo, int id, gboolean fails)
{
  Step *step = g_new0 (Step, 1);
  g_autofree char *what = g_strdup_printf ("step %d", id);

  step->id = id;
  step->fails = fails;
  vd_undo_push (undo, what, undo_step, step, step_free);
}

static void
catch_printerr (const char *text)
{
  g_string_append (warnings, text);
}

static void
setup (void)
{
  trail = g_string_new (NULL);
  warnings = g_string_new (NULL);
  freed = 0;
  g_set_printerr_handler (catch_printerr);
}

static void
teardown (void)
{
  g_string_free (trail, TRUE);
  g_string_free (warnings, TRUE);
  g_set_printerr_handler (NULL);
}

START_TEST (test_backward)
{
  g_autoptr(VdUndo) undo = vd_undo_new ();

  push (undo, 1, FALSE);
  push (undo, 2, FALSE);
  push (undo, 3, FALSE);
  ck_assert_uint_eq (vd_undo_length (undo), 3);
  ck_assert_uint_eq (vd_undo_roll_back (undo), 0);
  ck_assert_str_eq (trail->str, "u3 u2 u1 ");
  ck_assert_uint_eq (freed, 3);
  ck_assert_uint_eq (vd_undo_length (undo), 0);
  ck_assert_str_eq (warnings->str, "");
  /* Nothing is undone twice. */
  ck_assert_uint_eq (vd_undo_roll_back (undo), 0);
  ck_assert_str_eq (trail->str, "u3 u2 u1 ");
}
END_TEST

START_TEST (test_failure_reported_rest_goes_on)
{
  g_autoptr(VdUndo) undo = vd_undo_new ();

  push (undo, 1, FALSE);
  push (undo, 2, TRUE);
  push (undo, 3, FALSE);
  ck_assert_uint_eq (vd_undo_roll_back (undo), 1);
  ck_assert_str_eq (trail->str, "u3 f2 u1 ");
  ck_assert_str_eq (warnings->str, "vdctl: warning: could not undo step 2: step 2 refused\n");
  ck_assert_uint_eq (freed, 3);
}
END_TEST

START_TEST (test_commit)
{
  VdUndo *undo = vd_undo_new ();

  push (undo, 1, FALSE);
  push (undo, 2, FALSE);
  vd_undo_commit (undo);
  ck_assert_uint_eq (freed, 2);
  ck_assert_uint_eq (vd_undo_length (undo), 0);
  vd_undo_free (undo);
  ck_assert_str_eq (trail->str, "");
}
END_TEST

/* A journal dropped without a commit undoes what it holds. */
START_TEST (test_free_rolls_back)
{
  VdUndo *undo = vd_undo_new ();

  push (undo, 1, FALSE);
  push (undo, 2, FALSE);
  vd_undo_free (undo);
  ck_assert_str_eq (trail->str, "u2 u1 ");
  ck_assert_uint_eq (freed, 2);
}
END_TEST

/* Steps recorded after a commit are undone alone. */
START_TEST (test_after_commit)
{
  g_autoptr(VdUndo) undo = vd_undo_new ();

  push (undo, 1, FALSE);
  vd_undo_commit (undo);
  push (undo, 2, FALSE);
  ck_assert_uint_eq (vd_undo_roll_back (undo), 0);
  ck_assert_str_eq (trail->str, "u2 ");
}
END_TEST

START_TEST (test_no_free_func)
{
  g_autoptr(VdUndo) undo = vd_undo_new ();
  Step step = { .id = 7 };

  vd_undo_push (undo, "step 7", undo_step, &step, NULL);
  ck_assert_uint_eq (vd_undo_roll_back (undo), 0);
  ck_assert_str_eq (trail->str, "u7 ");
  ck_assert_uint_eq (freed, 0);
}
END_TEST

static Suite *
undo_suite (void)
{
  Suite *s = suite_create ("undo");
  TCase *tc = tcase_create ("journal");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_backward);
  tcase_add_test (tc, test_failure_reported_rest_goes_on);
  tcase_add_test (tc, test_commit);
  tcase_add_test (tc, test_free_rolls_back);
  tcase_add_test (tc, test_after_commit);
  tcase_add_test (tc, test_no_free_func);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return vd_test_run_suite (undo_suite ());
}
