/* test-session-state.c: SPICE sessions as JSON (session-json.c), the
 * schema of 'sessions --json' and of watch's state files, there and back;
 * what is refused; and the state files themselves (session-state.c):
 * where they go, their modes, replacing, removing, reading one and all.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "test-util.h"
#include "session-json.h"
#include "session-state.h"

#define UUID_A "4dea22b3-1d52-d8f3-2516-782e98ab3fa0"
#define UUID_B "0b0a8d5c-3f6e-4c4b-9d3e-6a1f2e7c9b10"

static VdSession *
make (const char *desktop, const char *uuid, const char *address, guint port, gint64 since)
{
  VdSession *s = vd_session_new ();

  s->desktop = g_strdup (desktop);
  s->uuid = g_strdup (uuid);
  s->address = g_strdup (address);
  s->port = port;
  s->since = since;
  s->channels = 6;
  return s;
}

static GPtrArray *
sample (void)
{
  GPtrArray *sessions = vd_session_array_new ();
  VdSession *s;

  s = make ("lab-01", UUID_A, "192.0.2.7", 50412, G_GINT64_CONSTANT (1764745929123456));
  s->tls = TRUE;
  s->x509_dname = g_strdup ("C=GB,O=Lab,CN=alice \"the\" admin");
  s->sasl_username = g_strdup ("alice");
  s->user = g_strdup ("alice");
  g_ptr_array_add (sessions, s);
  /* Whole seconds; nothing known but what the socket table says. */
  g_ptr_array_add (sessions, make ("lab-01", UUID_A, "2001:db8::5", 443,
                                   G_GINT64_CONSTANT (1764745929000000)));
  g_ptr_array_add (sessions, make ("lab 02 ünï", NULL, "127.0.0.1", 0, 0));
  return sessions;
}

static void
assert_same (GPtrArray *a, GPtrArray *b)
{
  ck_assert_uint_eq (a->len, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const VdSession *x = a->pdata[i], *y = b->pdata[i];

      ck_assert_str_eq (x->desktop, y->desktop);
      ck_assert_pstr_eq (x->uuid, y->uuid);
      ck_assert_str_eq (x->address, y->address);
      ck_assert_uint_eq (x->port, y->port);
      ck_assert_int_eq (x->since, y->since);
      ck_assert_int_eq (x->tls, y->tls);
      ck_assert_pstr_eq (x->x509_dname, y->x509_dname);
      ck_assert_pstr_eq (x->sasl_username, y->sasl_username);
      ck_assert_uint_eq (x->channels, y->channels);
      ck_assert_pstr_eq (x->user, y->user);
    }
}

START_TEST (test_round_trip)
{
  g_autoptr(GPtrArray) sessions = sample ();
  g_autofree char *text = vd_sessions_to_json_text (sessions);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) back = vd_sessions_from_json_text (text, -1, &error);

  ck_assert_msg (back != NULL, "%s", error ? error->message : "");
  assert_same (sessions, back);
}
END_TEST

/* The keys and their values as 'sessions --json' documents them. */
START_TEST (test_schema)
{
  g_autoptr(GPtrArray) sessions = sample ();
  g_autofree char *text = vd_sessions_to_json_text (sessions);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;
  JsonObject *o;
  static const char *const keys[] = {
    "desktop", "uuid", "address", "port", "since", "tls", "x509_dname", "sasl_username",
    "channels", "user",
  };

  ck_assert (json_parser_load_from_data (parser, text, -1, NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  ck_assert_uint_eq (json_array_get_length (array), 3);
  o = json_array_get_object_element (array, 0);
  ck_assert_uint_eq (json_object_get_size (o), G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    ck_assert_msg (json_object_has_member (o, keys[i]), "no '%s'", keys[i]);
  ck_assert_str_eq (json_object_get_string_member (o, "since"), "2025-12-03T07:12:09.123456Z");
  ck_assert_int_eq (json_object_get_int_member (o, "port"), 50412);
  ck_assert (json_object_get_boolean_member (o, "tls"));
  ck_assert_int_eq (json_object_get_int_member (o, "channels"), 6);

  o = json_array_get_object_element (array, 1);
  ck_assert_str_eq (json_object_get_string_member (o, "since"), "2025-12-03T07:12:09Z");
  ck_assert (json_object_get_null_member (o, "x509_dname"));
  ck_assert (json_object_get_null_member (o, "sasl_username"));
  ck_assert (json_object_get_null_member (o, "user"));

  o = json_array_get_object_element (array, 2);
  ck_assert (json_object_get_null_member (o, "port"));
  ck_assert (json_object_get_null_member (o, "since"));
  ck_assert (json_object_get_null_member (o, "uuid"));
}
END_TEST

START_TEST (test_empty)
{
  g_autoptr(GPtrArray) none = vd_session_array_new ();
  g_autofree char *text = vd_sessions_to_json_text (none);
  g_autoptr(GPtrArray) back = vd_sessions_from_json_text (text, -1, NULL);

  ck_assert_str_eq (g_strstrip (text), "[]");
  ck_assert_ptr_nonnull (back);
  ck_assert_uint_eq (back->len, 0);
}
END_TEST

/* Members it does not know are someone else's; missing ones are unknown. */
START_TEST (test_lenient)
{
  g_autoptr(GPtrArray) back = vd_sessions_from_json_text (
    "[{\"desktop\": \"d\", \"address\": \"192.0.2.1\", \"later\": {\"x\": 1}}]", -1, NULL);
  const VdSession *s;

  ck_assert_ptr_nonnull (back);
  ck_assert_uint_eq (back->len, 1);
  s = back->pdata[0];
  ck_assert_str_eq (s->desktop, "d");
  ck_assert_uint_eq (s->port, 0);
  ck_assert_int_eq (s->since, 0);
  ck_assert (!s->tls);
}
END_TEST

static const struct {
  const char *json;
  const char *message;
} refused[] = {
  { "{}", "not a JSON array" },
  { "[1]", "session 1 is not a JSON object" },
  { "[{\"address\": \"192.0.2.1\"}]", "session 1 has no desktop" },
  { "[{\"desktop\": \"d\"}]", "session 1 has no address" },
  { "[{\"desktop\": 5, \"address\": \"a\"}]", "'desktop' is not a string" },
  { "[{\"desktop\": \"d\", \"address\": \"a\", \"port\": 70000}]", "'port' is not in range" },
  { "[{\"desktop\": \"d\", \"address\": \"a\", \"port\": \"1\"}]", "'port' is not a whole number" },
  { "[{\"desktop\": \"d\", \"address\": \"a\", \"channels\": -1}]", "'channels' is not in range" },
  { "[{\"desktop\": \"d\", \"address\": \"a\", \"tls\": 1}]", "'tls' is not true or false" },
  { "[{\"desktop\": \"d\", \"address\": \"a\", \"since\": \"yesterday\"}]", "'since' is not an ISO" },
  { "[{\"desktop\": \"d\", \"address\": \"a\"}, {\"desktop\": \"d\"}]", "session 2 has no address" },
  { "[", "" },
};

START_TEST (test_refused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) back = vd_sessions_from_json_text (refused[_i].json, -1, &error);

  ck_assert_ptr_null (back);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (strstr (error->message, refused[_i].message), "%s", error->message);
}
END_TEST

/* ---- the state files ------------------------------------------------ */

static char *state_dir;

static void
setup_state (void)
{
  g_autofree char *base = g_dir_make_tmp ("vdctl-session-state-XXXXXX", NULL);

  ck_assert_ptr_nonnull (base);
  /* Not there yet: the writer makes it. */
  state_dir = g_build_filename (base, "sessions", NULL);
  g_setenv ("VDCTL_STATE_DIR", state_dir, TRUE);
}

static void
teardown_state (void)
{
  g_autofree char *base = g_path_get_dirname (state_dir);
  g_autoptr(GDir) dir = g_dir_open (state_dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (state_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (state_dir);
  g_rmdir (base);
  g_clear_pointer (&state_dir, g_free);
  g_unsetenv ("VDCTL_STATE_DIR");
}

static guint
file_mode (const char *path)
{
  struct stat st;

  ck_assert_int_eq (g_stat (path, &st), 0);
  return st.st_mode & 07777;
}

START_TEST (test_state_dir)
{
  g_autofree char *dir = NULL;

  g_unsetenv ("VDCTL_STATE_DIR");
  dir = vd_session_state_dir ();
  if (geteuid () == 0)
    ck_assert_str_eq (dir, "/run/vdctl/sessions");
  else
    {
      g_autofree char *expected = g_build_filename (g_get_user_runtime_dir (), "vdctl",
                                                    "sessions", NULL);

      ck_assert_str_eq (dir, expected);
    }
}
END_TEST

START_TEST (test_state_write_read)
{
  g_autoptr(GPtrArray) sessions = sample ();
  g_autoptr(GPtrArray) one = vd_session_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *dir = vd_session_state_dir ();
  g_autofree char *path_a = g_build_filename (state_dir, UUID_A ".json", NULL);

  ck_assert_str_eq (dir, state_dir);
  /* Nothing recorded: empty, no error. */
  back = vd_session_state_read (UUID_A, &error);
  ck_assert_ptr_nonnull (back);
  ck_assert_uint_eq (back->len, 0);
  g_clear_pointer (&back, g_ptr_array_unref);
  all = vd_session_state_read_all (NULL, &error);
  ck_assert_ptr_nonnull (all);
  ck_assert_uint_eq (all->len, 0);
  g_clear_pointer (&all, g_ptr_array_unref);

  ck_assert_msg (vd_session_state_write (UUID_A, sessions, &error), "%s",
                 error ? error->message : "");
  ck_assert_uint_eq (file_mode (state_dir), 0700);
  ck_assert_uint_eq (file_mode (path_a), 0600);
  back = vd_session_state_read (UUID_A, &error);
  ck_assert_ptr_nonnull (back);
  assert_same (sessions, back);
  g_clear_pointer (&back, g_ptr_array_unref);

  /* Replaced, not appended to. */
  g_ptr_array_add (one, vd_session_copy (sessions->pdata[1]));
  ck_assert (vd_session_state_write (UUID_A, one, &error));
  back = vd_session_state_read (UUID_A, &error);
  assert_same (one, back);
  g_clear_pointer (&back, g_ptr_array_unref);

  ck_assert (vd_session_state_write (UUID_B, sessions, &error));
  all = vd_session_state_read_all (NULL, &error);
  ck_assert_ptr_nonnull (all);
  ck_assert_uint_eq (all->len, 4);
  /* By file name: UUID_B (0b0a...) before UUID_A (4dea...). */
  ck_assert_str_eq (((VdSession *) all->pdata[0])->address, "192.0.2.7");
  ck_assert_str_eq (((VdSession *) all->pdata[3])->address, "2001:db8::5");
  g_clear_pointer (&all, g_ptr_array_unref);

  /* No session left: no file. */
  g_ptr_array_set_size (one, 0);
  ck_assert (vd_session_state_write (UUID_A, one, &error));
  ck_assert (!g_file_test (path_a, G_FILE_TEST_EXISTS));
  ck_assert (vd_session_state_write (UUID_A, NULL, &error));
  ck_assert (vd_session_state_remove (UUID_B, &error));
  all = vd_session_state_read_all (NULL, &error);
  ck_assert_uint_eq (all->len, 0);
}
END_TEST

START_TEST (test_state_refused)
{
  g_autoptr(GPtrArray) sessions = sample ();
  g_autoptr(GError) error = NULL;

  ck_assert (!vd_session_state_write ("../../etc/passwd", sessions, &error));
  ck_assert (strstr (error->message, "no desktop UUID"));
  g_clear_error (&error);
  ck_assert_ptr_null (vd_session_state_read ("lab-01", &error));
  g_clear_error (&error);
  ck_assert (!vd_session_state_write (NULL, sessions, &error));
}
END_TEST

/* A broken file is left out and named; the others are still read, and
 * files of other names are not looked at. */
START_TEST (test_state_broken_file)
{
  g_autoptr(GPtrArray) sessions = sample ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *broken = g_build_filename (state_dir, UUID_B ".json", NULL);
  g_autofree char *other = g_build_filename (state_dir, "notes.json", NULL);
  g_autofree char *temp = g_build_filename (state_dir, UUID_A ".json.ABC123", NULL);

  ck_assert (vd_session_state_write (UUID_A, sessions, &error));
  ck_assert (g_file_set_contents (broken, "[{\"desktop\": 1}]", -1, NULL));
  ck_assert (g_file_set_contents (other, "nonsense", -1, NULL));
  ck_assert (g_file_set_contents (temp, "nonsense", -1, NULL));
  all = vd_session_state_read_all (problems, &error);
  ck_assert_ptr_nonnull (all);
  ck_assert_uint_eq (all->len, 3);
  ck_assert_uint_eq (problems->len, 1);
  ck_assert_msg (strstr (problems->pdata[0], UUID_B ".json"), "%s",
                 (char *) problems->pdata[0]);
  ck_assert_ptr_null (vd_session_state_read (UUID_B, &error));
  ck_assert (strstr (error->message, "'desktop' is not a string"));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("session-state");
  TCase *json = tcase_create ("json");
  TCase *files = tcase_create ("files");

  tcase_add_test (json, test_round_trip);
  tcase_add_test (json, test_schema);
  tcase_add_test (json, test_empty);
  tcase_add_test (json, test_lenient);
  tcase_add_loop_test (json, test_refused, 0, G_N_ELEMENTS (refused));
  suite_add_tcase (suite, json);

  tcase_add_checked_fixture (files, setup_state, teardown_state);
  tcase_add_test (files, test_state_dir);
  tcase_add_test (files, test_state_write_read);
  tcase_add_test (files, test_state_refused);
  tcase_add_test (files, test_state_broken_file);
  suite_add_tcase (suite, files);
  return vd_test_run_suite (suite);
}
