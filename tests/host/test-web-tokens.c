/* test-web-tokens.c: the browser client's directories (web-tokens.c):
 * the base directory from VDCTL_WEB_DIR, private; token files written
 * whole, mode 0600; the sweep of stale ones; fresh random tokens; the
 * web directory of links.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "test-util.h"
#include "web-token.h"
#include "web-tokens.h"

static char *tmpdir;
static char *base;

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *want = NULL;

  tmpdir = g_dir_make_tmp ("vdctl-web-tokens-XXXXXX", NULL);
  want = g_build_filename (tmpdir, "state", "web", NULL);
  g_setenv ("VDCTL_WEB_DIR", want, TRUE);
  base = vd_web_base_dir (&error);
  ck_assert_msg (base != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (base, want);
}

static void
teardown (void)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);

  ck_assert_int_eq (system (cmd), 0);
  g_clear_pointer (&tmpdir, g_free);
  g_clear_pointer (&base, g_free);
}

static int
mode_of (const char *path)
{
  struct stat st;

  ck_assert_int_eq (g_lstat (path, &st), 0);
  return st.st_mode & 0777;
}

START_TEST (test_generate)
{
  g_autofree char *a = vd_web_token_generate (NULL);
  g_autofree char *b = vd_web_token_generate (NULL);

  ck_assert_uint_eq (strlen (a), 32);
  ck_assert (vd_web_token_name_ok (a));
  ck_assert_str_ne (a, b);
}
END_TEST

START_TEST (test_write)
{
  g_autofree char *token = vd_web_token_generate (NULL);
  g_autofree char *tokens = g_build_filename (base, "tokens", NULL);
  g_autofree char *path = g_build_filename (tokens, token, NULL);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_msg (vd_web_token_write (base, token, "127.0.0.1", 5901, 2000000000, &error),
                 "%s", error ? error->message : "");
  ck_assert_int_eq (mode_of (base), 0700);
  ck_assert_int_eq (mode_of (tokens), 0700);
  ck_assert_int_eq (mode_of (path), 0600);
  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  expected = g_strdup_printf ("# expires: 2000000000\n%s: 127.0.0.1:5901\n", token);
  ck_assert_str_eq (text, expected);
  /* A host websockify could not read back: no file at all. */
  ck_assert (!vd_web_token_write (base, "0123456789abcdef0123456789abcdef", "::1", 5901,
                                  2000000000, &error));
  ck_assert (!vd_web_token_write (base, "../escape", "127.0.0.1", 5901, 1, NULL));
  vd_web_token_remove (base, token);
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
  /* Nothing left behind, in the token directory or beside it. */
  ck_assert (g_rmdir (tokens) == 0);
  ck_assert (g_rmdir (base) == 0);
}
END_TEST

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d))
    n++;
  return n;
}

START_TEST (test_sweep)
{
  g_autofree char *tokens = g_build_filename (base, "tokens", NULL);
  g_autofree char *stray = NULL;
  g_autofree char *live = vd_web_token_generate (NULL);
  g_autofree char *old = vd_web_token_generate (NULL);
  g_autofree char *live_path = NULL;

  ck_assert (vd_web_token_write (base, live, "127.0.0.1", 5900, 1000, NULL));
  ck_assert (vd_web_token_write (base, old, "127.0.0.1", 5901, 500, NULL));
  stray = g_build_filename (tokens, "hand-written", NULL);
  ck_assert (g_file_set_contents (stray, "tok: 127.0.0.1:5902\n", -1, NULL));
  ck_assert_uint_eq (count_files (tokens), 3);
  /* At 499 only the file without an expiry goes, */
  ck_assert_int_eq (vd_web_tokens_sweep (base, 499, NULL), 1);
  ck_assert_uint_eq (count_files (tokens), 2);
  /* at 500 the old token, */
  ck_assert_int_eq (vd_web_tokens_sweep (base, 500, NULL), 1);
  live_path = g_build_filename (tokens, live, NULL);
  ck_assert (g_file_test (live_path, G_FILE_TEST_EXISTS));
  /* and at 1000 the last one. */
  ck_assert_int_eq (vd_web_tokens_sweep (base, 999, NULL), 0);
  ck_assert_int_eq (vd_web_tokens_sweep (base, 1000, NULL), 1);
  ck_assert_uint_eq (count_files (tokens), 0);
}
END_TEST

START_TEST (test_www)
{
  g_autofree char *spice = g_build_filename (tmpdir, "spice", NULL);
  g_autofree char *page = g_build_filename (tmpdir, "page", NULL);
  g_autofree char *main_js = g_build_filename (spice, "main.js", NULL);
  g_autofree char *html = g_build_filename (page, "vdctl.html", NULL);
  g_autofree char *www = NULL;
  g_autofree char *link = NULL;
  g_autofree char *target = NULL;
  g_autofree char *gone = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_int_eq (g_mkdir (spice, 0755), 0);
  ck_assert_int_eq (g_mkdir (page, 0755), 0);
  ck_assert (g_file_set_contents (main_js, "//", -1, NULL));
  ck_assert (g_file_set_contents (html, "<html>", -1, NULL));
  www = vd_web_www_prepare (base, spice, page, &error);
  ck_assert_msg (www != NULL, "%s", error ? error->message : "");
  link = g_build_filename (www, "main.js", NULL);
  target = g_file_read_link (link, NULL);
  ck_assert_str_eq (target, main_js);
  /* Made again: a link to a file gone since goes too. */
  ck_assert_int_eq (g_unlink (main_js), 0);
  g_clear_pointer (&www, g_free);
  www = vd_web_www_prepare (base, spice, page, NULL);
  ck_assert (www != NULL);
  ck_assert (!g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  gone = g_build_filename (www, "vdctl.html", NULL);
  ck_assert (g_file_test (gone, G_FILE_TEST_IS_SYMLINK));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("web-tokens");
  TCase *tc = tcase_create ("files");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_generate);
  tcase_add_test (tc, test_write);
  tcase_add_test (tc, test_sweep);
  tcase_add_test (tc, test_www);
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
