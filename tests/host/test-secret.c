/* test-secret.c: passwords read from files and pipes (secret.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "secret.h"
#include "test-util.h"
#include "values.h"

/* A scratch directory, the working directory while a test runs (Check
 * runs each test in a process of its own). */
static char *scratch;

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  scratch = g_dir_make_tmp ("vdctl-secret-XXXXXX", &error);
  ck_assert_msg (scratch != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (chdir (scratch), 0);
}

static void
teardown (void)
{
  g_autoptr(GDir) dir = g_dir_open (scratch, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (scratch, name, NULL);

      g_unlink (path);
    }
  g_rmdir (scratch);
  g_clear_pointer (&scratch, g_free);
}

static void
write_file (const char *name, const char *data, gssize len)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (g_file_set_contents (name, data, len, &error), "%s",
                 error ? error->message : "");
}

static char *
read_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *secret = vd_secret_read_file (path, &error);

  ck_assert_msg (secret != NULL, "%s: %s", path, error ? error->message : "");
  return secret;
}

/* What create --print-xml no longer shows: the password arrives intact. */
START_TEST (test_intact)
{
  static const struct { const char *file; const char *password; } cases[] = {
    { "p&ss <w> \"q\" 'é'\n", "p&ss <w> \"q\" 'é'" },
    { "crlf-secret\r\n", "crlf-secret" },
    { "no-newline", "no-newline" },
    { "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcde\n",
      "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcde" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *secret = NULL;

      write_file ("pw", cases[i].file, -1);
      secret = read_ok ("pw");
      ck_assert_str_eq (secret, cases[i].password);
    }
}
END_TEST

/* A path, never a URI. */
START_TEST (test_colon_is_a_path)
{
  g_autofree char *secret = NULL;

  write_file ("desk:pw", "colon\n", -1);
  secret = read_ok ("desk:pw");
  ck_assert_str_eq (secret, "colon");
}
END_TEST

START_TEST (test_nul_refused)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  write_file ("pw", "se\0cret\n", 8);
  secret = vd_secret_read_text ("pw", "Windows password", &error);
  ck_assert (secret == NULL);
  ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
  ck_assert_str_eq (error->message,
                    "the Windows password in pw holds a NUL byte; write it as one line of text");
}
END_TEST

/* Up to 1 MiB, and no more. */
START_TEST (test_size_cap)
{
  g_autofree char *big = g_malloc (VD_SECRET_MAX_BYTES + 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  memset (big, 'a', VD_SECRET_MAX_BYTES + 1);
  write_file ("pw", big, VD_SECRET_MAX_BYTES);
  secret = vd_secret_read_text ("pw", "password", &error);
  ck_assert_msg (secret != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (strlen (secret), VD_SECRET_MAX_BYTES);

  write_file ("pw", big, VD_SECRET_MAX_BYTES + 1);
  ck_assert (vd_secret_read_text ("pw", "password", &error) == NULL);
  ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
  ck_assert (strstr (error->message, "more than 1048576 bytes") != NULL);
}
END_TEST

typedef struct {
  int fd;
  const char * const *pieces;
} Writer;

static gpointer
write_pieces (gpointer data)
{
  Writer *w = data;

  for (int i = 0; w->pieces[i]; i++)
    {
      if (i > 0)
        g_usleep (100 * 1000);
      ck_assert_int_eq (write (w->fd, w->pieces[i], strlen (w->pieces[i])),
                        (ssize_t) strlen (w->pieces[i]));
    }
  close (w->fd);
  return NULL;
}

/* A pipe hands the password over in pieces: all of them count. */
START_TEST (test_pipe_in_pieces)
{
  static const char * const pieces[] = { "first-", "second-", "third\n", NULL };
  int fds[2];
  Writer w = { 0, pieces };
  g_autoptr(GThread) thread = NULL;
  g_autofree char *path = NULL;
  g_autofree char *secret = NULL;

  ck_assert_int_eq (pipe (fds), 0);
  w.fd = fds[1];
  path = g_strdup_printf ("/dev/fd/%d", fds[0]);
  thread = g_thread_new ("writer", write_pieces, &w);
  secret = read_ok (path);
  g_thread_join (g_steal_pointer (&thread));
  close (fds[0]);
  ck_assert_str_eq (secret, "first-second-third");
}
END_TEST

/* Once a secret is read or made, the process is not dumpable. */
START_TEST (test_not_dumpable)
{
  g_autofree char *secret = NULL;
  g_autofree char *generated = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_int_eq (prctl (PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
  write_file ("pw", "secret\n", -1);
  secret = read_ok ("pw");
  ck_assert_int_eq (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), 0);

  ck_assert_int_eq (prctl (PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
  generated = vd_secret_generate (&error);
  ck_assert (generated != NULL);
  ck_assert_int_eq (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("secret");
  TCase *tc = tcase_create ("read");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_intact);
  tcase_add_test (tc, test_colon_is_a_path);
  tcase_add_test (tc, test_nul_refused);
  tcase_add_test (tc, test_size_cap);
  tcase_add_test (tc, test_pipe_in_pieces);
  tcase_add_test (tc, test_not_dumpable);
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
