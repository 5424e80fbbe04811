/* daemon-child.c: a packaged server run by vdctl as its child.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "daemon-child.h"
#include "subprocess.h"

/* How long a stopped child may take before SIGKILL. */
#define STOP_GRACE_MS 5000

struct _VdDaemonChild {
  GSubprocess *process;
  char *log_path;
  char *program;
};

char *
vd_daemon_find (const char *program, const char *package, GError **error)
{
  char *path = strchr (program, '/') ? g_strdup (program) : g_find_program_in_path (program);

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_free (path);
      return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                          "%s is not installed (Debian: %s)", program, package), NULL;
    }
  return path;
}

static GSocketAddress *
socket_address (const char *address, guint port, GError **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  if (inet == NULL)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "'%s' is not a numeric IP address", address), NULL;
  return g_inet_socket_address_new (inet, port);
}

gboolean
vd_listen_port_free (const char *address, guint port, GError **error)
{
  g_autoptr(GSocketAddress) where = socket_address (address, port, error);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;

  if (where == NULL)
    return FALSE;
  socket = g_socket_new (g_socket_address_get_family (where), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  if (!g_socket_bind (socket, where, TRUE, &local_error))
    return g_set_error (error, G_IO_ERROR, local_error->code, "port %u on %s is in use: %s",
                        port, address, local_error->message), FALSE;
  return TRUE;
}

/* In the child, before exec: a process group of its own, so that the
 * terminal's Ctrl-C reaches vdctl alone, which then stops the child; a
 * child that got it too could end first and make the run fail. */
static void
own_process_group (gpointer data G_GNUC_UNUSED)
{
  setpgid (0, 0);
}

VdDaemonChild *
vd_daemon_child_spawn (const char * const *argv, const char *log_path, GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autoptr(VdDaemonChild) child = g_new0 (VdDaemonChild, 1);
  int fd;

  fd = open (log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
  if (fd < 0)
    {
      int saved = errno;

      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                          "cannot open the log %s: %s", log_path, g_strerror (saved)), NULL;
    }
  g_subprocess_launcher_take_stdout_fd (launcher, fd);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                             G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_child_setup (launcher, own_process_group, NULL, NULL);
  child->log_path = g_strdup (log_path);
  child->program = g_path_get_basename (argv[0]);
  child->process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (child->process == NULL)
    return NULL;
  /* Its standard input is a pipe nobody writes to: close our end. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (child->process), NULL, NULL);
  return g_steal_pointer (&child);
}

int
vd_daemon_child_pid (VdDaemonChild *child)
{
  const char *id = g_subprocess_get_identifier (child->process);

  return id ? atoi (id) : -1;
}

/* The last lines of the child's log, for an error. */
static char *
log_tail (VdDaemonChild *child)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n, first;

  if (!g_file_get_contents (child->log_path, &text, NULL, NULL))
    return g_strdup ("");
  g_strstrip (text);
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  first = n > 3 ? n - 3 : 0;
  return g_strjoinv (" | ", lines + first);
}

static gboolean
accepts (const char *address, guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) where = NULL;

  if (inet && g_inet_address_get_is_any (inet))
    {
      g_clear_object (&inet);
      inet = g_inet_address_new_loopback (g_str_has_prefix (address, ":")
                                          ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4);
    }
  if (inet == NULL)
    return FALSE;
  where = g_inet_socket_address_new (inet, port);
  g_socket_client_set_timeout (client, 1);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (where), NULL, NULL);
  return connection != NULL;
}

gboolean
vd_daemon_child_wait_listening (VdDaemonChild *child, const char *address, guint port,
                                guint timeout, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout * G_USEC_PER_SEC;

  for (;;)
    {
      if (accepts (address, port))
        return TRUE;
      if (vd_subprocess_exits_within (child->process, 100))
        {
          g_autofree char *tail = log_tail (child);

          return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                              "%s exited before it listened on %s port %u: %s",
                              child->program, address, port, tail), FALSE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *tail = log_tail (child);

          vd_daemon_child_stop (child);
          return g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                              "%s did not listen on %s port %u within %u s: %s",
                              child->program, address, port, timeout, tail), FALSE;
        }
    }
}

typedef struct {
  GMainLoop *loop;
  gboolean signalled;
  gboolean exited;
} RunState;

static gboolean
on_signal (gpointer data)
{
  RunState *state = data;

  state->signalled = TRUE;
  g_main_loop_quit (state->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_child_exit (GObject *source G_GNUC_UNUSED, GAsyncResult *result G_GNUC_UNUSED, gpointer data)
{
  RunState *state = data;

  state->exited = TRUE;
  g_main_loop_quit (state->loop);
}

gboolean
vd_daemon_child_run (VdDaemonChild *child, guint interval, GSourceFunc tick, gpointer data,
                     GError **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  RunState state = { .loop = loop };
  guint sources[3] = { 0, };
  int status;

  sources[0] = g_unix_signal_add (SIGINT, on_signal, &state);
  sources[1] = g_unix_signal_add (SIGTERM, on_signal, &state);
  if (tick && interval)
    sources[2] = g_timeout_add_seconds (interval, tick, data);
  g_subprocess_wait_async (child->process, cancel, on_child_exit, &state);
  g_main_loop_run (loop);
  /* A tick that returned G_SOURCE_REMOVE has gone already. */
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (sources[i] && g_main_context_find_source_by_id (NULL, sources[i]))
      g_source_remove (sources[i]);
  g_cancellable_cancel (cancel);
  /* The cancelled wait still reports back once, maybe not at once: wait
   * for it, or its callback would later write to STATE, gone by then. */
  while (!state.exited)
    g_main_context_iteration (NULL, TRUE);
  if (state.signalled)
    {
      vd_daemon_child_stop (child);
      return TRUE;
    }
  status = vd_subprocess_exit_status (child->process);
  if (status == 0)
    return TRUE;
  {
    g_autofree char *tail = log_tail (child);

    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s ended (%s %d): %s",
                        child->program, status < 0 ? "signal" : "exit status",
                        status < 0 ? g_subprocess_get_term_sig (child->process) : status,
                        tail), FALSE;
  }
}

void
vd_daemon_child_stop (VdDaemonChild *child)
{
  if (child->process == NULL || g_subprocess_get_identifier (child->process) == NULL)
    return;
  g_subprocess_send_signal (child->process, SIGTERM);
  if (!vd_subprocess_exits_within (child->process, STOP_GRACE_MS))
    {
      g_subprocess_force_exit (child->process);
      g_subprocess_wait (child->process, NULL, NULL);
    }
}

void
vd_daemon_child_free (VdDaemonChild *child)
{
  if (child == NULL)
    return;
  vd_daemon_child_stop (child);
  g_clear_object (&child->process);
  g_free (child->log_path);
  g_free (child->program);
  g_free (child);
}
