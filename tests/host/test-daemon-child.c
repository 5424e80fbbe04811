/* test-daemon-child.c: a packaged server run as vdctl's child
 * (daemon-child.c): a missing program, a port in use, a child that exits
 * before it listens (its log makes the error), one that listens, a signal
 * that stops the run and the child with it, a child that fails later.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "daemon-child.h"
#include "test-util.h"

static char *tmpdir;

static void
setup (void)
{
  tmpdir = g_dir_make_tmp ("vdctl-daemon-child-XXXXXX", NULL);
  ck_assert (tmpdir != NULL);
}

static void
teardown (void)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);

  ck_assert_int_eq (system (cmd), 0);
  g_clear_pointer (&tmpdir, g_free);
}

/* A listener on 127.0.0.1 at a port the kernel picks. */
static GSocket *
listener (guint *port)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, NULL);

  ck_assert (socket != NULL);
  ck_assert (g_socket_bind (socket, any_port, TRUE, NULL));
  ck_assert (g_socket_listen (socket, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* A port free now: one the kernel picked, closed again. */
static guint
free_port (void)
{
  guint port;
  g_autoptr(GSocket) socket = listener (&port);

  g_socket_close (socket, NULL);
  return port;
}

static VdDaemonChild *
spawn_sh (const char *script, char **log)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/sh", "-c", script, NULL };
  VdDaemonChild *child;

  *log = g_build_filename (tmpdir, "child.log", NULL);
  child = vd_daemon_child_spawn (argv, *log, &error);
  ck_assert_msg (child != NULL, "%s", error ? error->message : "");
  return child;
}

START_TEST (test_missing_program)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = vd_daemon_find ("vdctl-no-such-program", "some-package", &error);
  g_autofree char *sh = vd_daemon_find ("sh", "dash", NULL);

  ck_assert (found == NULL);
  ck_assert_str_eq (error->message, "vdctl-no-such-program is not installed (Debian: "
                    "some-package)");
  ck_assert (sh != NULL && g_path_is_absolute (sh));
  g_clear_error (&error);
  ck_assert (vd_daemon_find ("/nonexistent/websockify", "websockify", &error) == NULL);
  ck_assert (strstr (error->message, "(Debian: websockify)") != NULL);
}
END_TEST

START_TEST (test_port_in_use)
{
  guint port;
  g_autoptr(GSocket) socket = listener (&port);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("port %u on 127.0.0.1 is in use", port);

  ck_assert (!vd_listen_port_free ("127.0.0.1", port, &error));
  ck_assert_msg (g_str_has_prefix (error->message, expected), "%s", error->message);
  g_clear_error (&error);
  ck_assert (!vd_listen_port_free ("lab.example.com", 6080, &error));
  ck_assert (strstr (error->message, "not a numeric IP address") != NULL);
  g_socket_close (socket, NULL);
  ck_assert (vd_listen_port_free ("127.0.0.1", port, NULL));
}
END_TEST

START_TEST (test_exits_early)
{
  g_autofree char *log = NULL;
  g_autoptr(VdDaemonChild) child =
    spawn_sh ("echo starting; echo 'cannot open the certificate: no such file' >&2; exit 3",
              &log);
  g_autoptr(GError) error = NULL;
  struct stat st;

  ck_assert (!vd_daemon_child_wait_listening (child, "127.0.0.1", free_port (), 10, &error));
  ck_assert_msg (strstr (error->message, "sh exited before it listened on 127.0.0.1") != NULL,
                 "%s", error->message);
  ck_assert_msg (strstr (error->message, "starting | cannot open the certificate") != NULL,
                 "%s", error->message);
  ck_assert_int_eq (g_stat (log, &st), 0);
  ck_assert_int_eq (st.st_mode & 0777, 0600);
}
END_TEST

START_TEST (test_never_listens)
{
  g_autofree char *log = NULL;
  g_autoptr(VdDaemonChild) child = spawn_sh ("echo waiting; exec sleep 60", &log);
  g_autoptr(GError) error = NULL;
  int pid = vd_daemon_child_pid (child);

  ck_assert (!vd_daemon_child_wait_listening (child, "127.0.0.1", free_port (), 1, &error));
  ck_assert_msg (strstr (error->message, "did not listen") != NULL, "%s", error->message);
  ck_assert (strstr (error->message, "waiting") != NULL);
  /* Stopped and reaped: nothing is left running. */
  ck_assert_int_eq (kill (pid, 0), -1);
  ck_assert_int_eq (errno, ESRCH);
}
END_TEST

static gboolean
signal_self (gpointer data)
{
  int *ticks = data;

  if (++*ticks == 2)
    kill (getpid (), SIGTERM);
  return G_SOURCE_CONTINUE;
}

/* A listening child, then SIGTERM: the run ends with success and the
 * child is gone. */
START_TEST (test_signal_stops)
{
  guint port = free_port ();
  g_autofree char *script = g_strdup_printf (
    "exec python3 -c 'import socket,time; s=socket.socket(); "
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); "
    "s.bind((\"127.0.0.1\", %u)); s.listen(); time.sleep(60)'", port);
  g_autofree char *log = NULL;
  g_autoptr(VdDaemonChild) child = spawn_sh (script, &log);
  g_autoptr(GError) error = NULL;
  int ticks = 0, pid = vd_daemon_child_pid (child);

  ck_assert_msg (vd_daemon_child_wait_listening (child, "127.0.0.1", port, 20, &error),
                 "%s", error ? error->message : "");
  ck_assert (!vd_listen_port_free ("127.0.0.1", port, NULL));
  /* A process group of its own: a terminal's Ctrl-C is not for it. */
  ck_assert_int_eq (getpgid (pid), pid);
  ck_assert_msg (vd_daemon_child_run (child, 1, signal_self, &ticks, &error), "%s",
                 error ? error->message : "");
  ck_assert_int_eq (ticks, 2);
  ck_assert_int_eq (kill (pid, 0), -1);
  ck_assert_int_eq (errno, ESRCH);
  ck_assert (vd_listen_port_free ("127.0.0.1", port, NULL));
}
END_TEST

/* The child failing on its own ends the run with its status and log. */
START_TEST (test_child_fails)
{
  g_autofree char *log = NULL;
  g_autoptr(VdDaemonChild) child = spawn_sh ("sleep 0.3; echo 'lost the socket'; exit 4",
                                             &log);
  g_autoptr(GError) error = NULL;

  ck_assert (!vd_daemon_child_run (child, 0, NULL, NULL, &error));
  ck_assert_str_eq (error->message, "sh ended (exit status 4): lost the socket");
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("daemon-child");
  TCase *tc = tcase_create ("child");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_missing_program);
  tcase_add_test (tc, test_port_in_use);
  tcase_add_test (tc, test_exits_early);
  tcase_add_test (tc, test_never_listens);
  tcase_add_test (tc, test_signal_stops);
  tcase_add_test (tc, test_child_fails);
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
