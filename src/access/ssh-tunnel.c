/* ssh-tunnel.c: the SSH tunnel of 'connect --rdp --ssh-tunnel'.
 *
 * A forward from a TCP port on loopback can be taken by anyone on the
 * host: any local user may bind the port first (a predictable one, or one
 * found free a moment before ssh binds it), and any local user may dial
 * the forward once it is up.  So ssh forwards a unix socket instead, in a
 * directory only this user can enter, and FreeRDP dials the socket's path
 * (it takes '/v:/PATH').  Before the client starts, the socket must be
 * listening and held by the very ssh process vdctl started (/proc/net/unix
 * gives the listening socket's inode, /proc/PID/fd the sockets ssh holds):
 * a listener of any other process, even one of this user's, is refused.
 * ssh runs with ControlPath=none, so that no master process of an
 * existing ControlMaster connection takes the forward over.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ssh-tunnel.h"
#include "subprocess.h"

#define POLL_MS          50
#define MAX_NAMES        16
/* __SO_ACCEPTCON in /proc/net/unix's Flags: a listening socket. */
#define UNIX_ACCEPTCON   0x10000

struct _VdSshTunnel {
  GSubprocess *ssh;
  char *socket_path;
};

/* ---- the socket's directory and name ------------------------------ */

/* DIR, made when missing, must be this user's own directory that nobody
 * else may enter. */
static gboolean
private_dir (const char *dir, GError **error)
{
  struct stat st;

  if (g_mkdir_with_parents (dir, 0700) < 0 || lstat (dir, &st) < 0)
    {
      int saved = errno;

      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                          "cannot make the directory %s for the SSH tunnel: %s", dir,
                          g_strerror (saved)), FALSE;
    }
  if (!S_ISDIR (st.st_mode) || st.st_uid != geteuid ())
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                        "%s is not a directory of your own; the SSH tunnel's socket "
                        "cannot go there: remove it", dir), FALSE;
  if ((st.st_mode & 0077) != 0 && chmod (dir, 0700) < 0)
    {
      int saved = errno;

      return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                          "cannot make %s private: %s", dir, g_strerror (saved)), FALSE;
    }
  return TRUE;
}

/* Whether a process listens on the unix socket PATH: /proc/net/unix
 * says without dialing it, else a connection tells. */
static gboolean
socket_answers (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_autofree char *text = NULL;
  gboolean answers;
  int fd;

  if (g_file_get_contents ("/proc/net/unix", &text, NULL, NULL))
    {
      g_autoptr(GArray) inodes = vd_unix_listeners (text, path);

      return inodes->len > 0;
    }
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return TRUE;    /* cannot tell: do not take it */
  g_strlcpy (addr.sun_path, path, sizeof addr.sun_path);
  answers = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0 || errno != ECONNREFUSED;
  close (fd);
  return answers;
}

/* PATH is free for a new socket: nothing there, or a socket nobody
 * listens on any more (left by a tunnel that was killed), removed. */
static gboolean
path_is_free (const char *path)
{
  struct stat st;

  if (lstat (path, &st) < 0)
    return errno == ENOENT;
  if (!S_ISSOCK (st.st_mode) || socket_answers (path))
    return FALSE;
  return g_unlink (path) == 0;
}

char *
vd_ssh_tunnel_socket_path (const char *uri, const char *name, GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "vdctl", "tunnels", NULL);
  g_autofree char *seed = g_strconcat (uri ? uri : "", "\n", name, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);

  if (!private_dir (dir, error))
    return NULL;
  hash[16] = '\0';
  for (int i = 0; i < MAX_NAMES; i++)
    {
      g_autofree char *file = i == 0 ? g_strdup_printf ("rdp-%s.sock", hash)
                                     : g_strdup_printf ("rdp-%s-%d.sock", hash, i);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      if (strlen (path) >= sizeof ((struct sockaddr_un *) NULL)->sun_path)
        return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG,
                            "the SSH tunnel's socket path %s is too long for a unix "
                            "socket; set XDG_RUNTIME_DIR to a shorter directory", path), NULL;
      if (path_is_free (path))
        return g_steal_pointer (&path);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
               "%d SSH tunnels to desktop '%s' are open already (in %s)", MAX_NAMES, name, dir);
  return NULL;
}

/* ---- whose socket it is ------------------------------------------- */

GArray *
vd_unix_listeners (const char *proc_net_unix, const char *path)
{
  GArray *inodes = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_auto(GStrv) lines = g_strsplit (proc_net_unix ? proc_net_unix : "", "\n", -1);

  /* "Num: RefCount Protocol Flags Type St Inode Path": seven fields, a
   * space, then the path to the end of the line. */
  for (char **l = lines; *l; l++)
    {
      const char *f[7];
      const char *p = *l;
      int n = 0;

      while (n < 7)
        {
          while (*p == ' ')
            p++;
          if (*p == '\0')
            break;
          f[n++] = p;
          while (*p != '\0' && *p != ' ')
            p++;
        }
      if (n < 7 || *p != ' ' || strcmp (p + 1, path) != 0 ||
          (strtoul (f[3], NULL, 16) & UNIX_ACCEPTCON) == 0)
        continue;
      {
        guint64 inode = g_ascii_strtoull (f[6], NULL, 10);

        g_array_append_val (inodes, inode);
      }
    }
  return inodes;
}

gboolean
vd_process_holds_socket (int pid, guint64 inode)
{
  g_autofree char *fd_dir = g_strdup_printf ("/proc/%d/fd", pid);
  g_autofree char *want = g_strdup_printf ("socket:[%" G_GUINT64_FORMAT "]", inode);
  g_autoptr(GDir) dir = g_dir_open (fd_dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (fd_dir, name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (g_strcmp0 (target, want) == 0)
        return TRUE;
    }
  return FALSE;
}

typedef enum {
  LISTENER_NONE,
  LISTENER_OURS,
  LISTENER_FOREIGN,
} Listener;

static Listener
find_listener (const char *path, int pid)
{
  g_autofree char *text = NULL;
  g_autoptr(GArray) inodes = NULL;

  if (!g_file_get_contents ("/proc/net/unix", &text, NULL, NULL))
    return LISTENER_NONE;
  inodes = vd_unix_listeners (text, path);
  for (guint i = 0; i < inodes->len; i++)
    if (vd_process_holds_socket (pid, g_array_index (inodes, guint64, i)))
      return LISTENER_OURS;
  return inodes->len > 0 ? LISTENER_FOREIGN : LISTENER_NONE;
}

/* ---- the ssh process ---------------------------------------------- */

/* The tunnel must not outlive vdctl, however vdctl ends. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
vd_ssh_tunnel_stop (VdSshTunnel *tunnel)
{
  struct stat st;

  if (tunnel == NULL)
    return;
  if (tunnel->ssh && g_subprocess_get_identifier (tunnel->ssh) != NULL)
    {
      g_subprocess_send_signal (tunnel->ssh, SIGTERM);
      g_subprocess_wait (tunnel->ssh, NULL, NULL);
    }
  if (lstat (tunnel->socket_path, &st) == 0 && S_ISSOCK (st.st_mode))
    g_unlink (tunnel->socket_path);
  g_clear_object (&tunnel->ssh);
  g_free (tunnel->socket_path);
  g_free (tunnel);
}

/* Wait until ssh's own listener is up; FALSE with ERROR otherwise. */
static gboolean
wait_for_listener (GSubprocess *ssh, const char *path, guint wait_s, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) wait_s * G_USEC_PER_SEC;
  int pid = atoi (g_subprocess_get_identifier (ssh));

  while (g_get_monotonic_time () < deadline)
    {
      if (g_subprocess_get_identifier (ssh) == NULL)
        {
          g_subprocess_wait (ssh, NULL, NULL);
          return g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                              "ssh exited (status %d) before the tunnel was up; see its "
                              "message above", vd_subprocess_exit_status (ssh)), FALSE;
        }
      switch (find_listener (path, pid))
        {
        case LISTENER_OURS:
          return TRUE;
        case LISTENER_FOREIGN:
          return g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                              "another process than the ssh vdctl started (pid %d) listens "
                              "on the tunnel's socket %s; the session does not go through "
                              "it", pid, path), FALSE;
        case LISTENER_NONE:
        default:
          break;
        }
      g_usleep (POLL_MS * 1000);
    }
  return g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                      "the SSH tunnel was not up after %u seconds", wait_s), FALSE;
}

VdSshTunnel *
vd_ssh_tunnel_start (GPtrArray *argv, const char *socket_path, guint wait_s, GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(VdSshTunnel) tunnel = g_new0 (VdSshTunnel, 1);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  tunnel->socket_path = g_strdup (socket_path);
  tunnel->ssh = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                              error);
  if (tunnel->ssh == NULL)
    {
      g_prefix_error (error, "cannot start ssh: ");
      return NULL;
    }
  if (!wait_for_listener (tunnel->ssh, socket_path, wait_s, error))
    return NULL;
  return g_steal_pointer (&tunnel);
}
