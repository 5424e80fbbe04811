/* gateway.c: the host's side of the SPICE gateway.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "desktop.h"
#include "domain-xml.h"
#include "xml-util.h"
#include "gateway.h"

char *
vd_gateway_dir (void)
{
  const char *dir = g_getenv ("VDCTL_GATEWAY_DIR");

  if (dir && *dir)
    return g_strdup (dir);
  if (geteuid () == 0)
    return g_strdup ("/var/lib/vdctl/gateway");
  return g_build_filename (g_get_user_state_dir (), "vdctl", "gateway", NULL);
}

static gboolean
errno_error (GError **error, const char *what, const char *path)
{
  int errsv = errno;

  return g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                      "cannot %s %s: %s", what, path, g_strerror (errsv)), FALSE;
}

/* Whether user UID (group GID) may pass through every directory above DIR:
 * squid opens its files there after it has become that user. */
static gboolean
check_reachable (const char *dir, uid_t uid, gid_t gid, const char *user, GError **error)
{
  g_autofree char *parent = g_path_get_dirname (dir);

  while (TRUE)
    {
      struct stat st;
      g_autofree char *up = NULL;
      mode_t need = S_IXOTH;

      if (g_stat (parent, &st) != 0)
        return errno_error (error, "read", parent);
      if (st.st_uid == uid)
        need = S_IXUSR;
      else if (st.st_gid == gid)
        need = S_IXGRP;
      if (!(st.st_mode & need))
        return g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                            "squid runs as user '%s', who cannot reach %s: %s is mode "
                            "%04o; choose another gateway directory, or open it "
                            "(chmod o+x %s)", user, dir, parent,
                            (unsigned) (st.st_mode & 07777), parent), FALSE;
      up = g_path_get_dirname (parent);
      if (strcmp (up, parent) == 0)
        return TRUE;
      g_free (parent);
      parent = g_steal_pointer (&up);
    }
}

gboolean
vd_gateway_prepare_dir (const char *dir, const char *user, GError **error)
{
  static const char * const owned[] = { "access.log", "cache.log", "squid.pid", NULL };
  struct passwd *pw;

  g_autofree char *parent = g_path_get_dirname (dir);

  /* The directories above it are made as reachable as /var/lib is. */
  if (g_mkdir_with_parents (parent, 0755) != 0)
    return errno_error (error, "make the directory", parent);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return errno_error (error, "make the gateway directory", dir);
  if (user == NULL)
    return TRUE;
  pw = getpwnam (user);
  if (pw == NULL)
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        "squid runs as user '%s', which does not exist", user), FALSE;
  if (!check_reachable (dir, pw->pw_uid, pw->pw_gid, user, error))
    return FALSE;
  /* squid opens its logs and pid file after it has become USER. */
  if (chown (dir, pw->pw_uid, pw->pw_gid) != 0 || chmod (dir, 0700) != 0)
    return errno_error (error, "hand the gateway directory to squid's user:", dir);
  for (gsize i = 0; owned[i]; i++)
    {
      g_autofree char *path = g_build_filename (dir, owned[i], NULL);

      if (chown (path, pw->pw_uid, pw->pw_gid) != 0 && errno != ENOENT)
        return errno_error (error, "hand to squid's user:", path);
    }
  return TRUE;
}

static gint
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
add_port (GArray *ports, int port)
{
  guint value = (guint) port;

  if (port <= 0 || port > 65535)
    return;
  for (guint i = 0; i < ports->len; i++)
    if (g_array_index (ports, guint, i) == value)
      return;
  g_array_append_val (ports, value);
}

GArray *
vd_gateway_spice_ports (VdConnection *conn, GError **error)
{
  g_autoptr(GPtrArray) domains = vd_virt_domain_list_all (conn, error);
  g_autoptr(GArray) ports = g_array_new (FALSE, FALSE, sizeof (guint));

  if (domains == NULL)
    return NULL;
  for (guint i = 0; i < domains->len; i++)
    {
      VdVirtDomain *dom = domains->pdata[i];
      gboolean active = vd_virt_domain_is_active (dom);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(xmlDoc) doc = vd_virt_domain_get_public_doc (dom, !active, &local_error);
      g_auto(VdDesktopInfo) info = { 0, };

      /* A domain gone meanwhile, or unreadable: it has no port to open. */
      if (doc == NULL || !vd_domain_read (doc, &info, NULL))
        continue;
      if (g_strcmp0 (info.graphics, "spice") != 0)
        continue;
      add_port (ports, info.port);
      add_port (ports, info.tls_port);
    }
  g_array_sort (ports, compare_uint);
  return g_steal_pointer (&ports);
}

/* g_ptr_array_sort passes pointers to the elements. */
static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
numeric_address (const struct sockaddr *sa)
{
  char text[INET6_ADDRSTRLEN];

  if (sa->sa_family == AF_INET)
    {
      const struct sockaddr_in *in = (const struct sockaddr_in *) sa;

      if (ntohl (in->sin_addr.s_addr) == INADDR_LOOPBACK)
        return NULL;
      return g_strdup (inet_ntop (AF_INET, &in->sin_addr, text, sizeof text));
    }
  if (sa->sa_family == AF_INET6)
    {
      const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) sa;

      if (IN6_IS_ADDR_LOOPBACK (&in6->sin6_addr) || IN6_IS_ADDR_LINKLOCAL (&in6->sin6_addr))
        return NULL;
      return g_strdup (inet_ntop (AF_INET6, &in6->sin6_addr, text, sizeof text));
    }
  return NULL;
}

char **
vd_gateway_self_addresses (void)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) == 0)
    {
      for (struct ifaddrs *i = list; i; i = i->ifa_next)
        {
          g_autofree char *text = i->ifa_addr ? numeric_address (i->ifa_addr) : NULL;

          if (text && !g_ptr_array_find_with_equal_func (found, text, g_str_equal, NULL))
            g_ptr_array_add (found, g_steal_pointer (&text));
        }
      freeifaddrs (list);
    }
  g_ptr_array_sort (found, compare_strings);
  g_ptr_array_add (found, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&found), FALSE);
}

gboolean
vd_gateway_write_conf (const char *path, const char *text, gboolean *changed,
                       GError **error)
{
  g_autofree char *old = NULL;

  *changed = FALSE;
  if (g_file_get_contents (path, &old, NULL, NULL) && strcmp (old, text) == 0)
    return TRUE;
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return FALSE;
  *changed = TRUE;
  return TRUE;
}
