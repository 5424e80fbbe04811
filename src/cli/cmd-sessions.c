/* cmd-sessions.c: vdctl sessions [NAME...] — the SPICE clients connected
 * to running desktops now.
 *
 * What is connected comes from this host's socket table: the established
 * TCP connections to a running desktop's SPICE port or TLS port, where
 * only its QEMU listens.  Since when and who authenticated come from the
 * state files of 'vdctl watch' (session-state.h), when it runs; the seat's
 * user from the pool record in the desktop's metadata.  Nothing is asked
 * of QEMU's monitor, so no domain is marked tainted.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "dial.h"
#include "domain-xml.h"
#include "pool-record.h"
#include "session-json.h"
#include "session-state.h"
#include "socket-table.h"
#include "xml-util.h"

static gboolean opt_json;

const GOptionEntry vd_sessions_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print the sessions as a JSON array", NULL },
  { NULL }
};

/* A running desktop with a SPICE port, and its domain. */
typedef struct {
  VdVirtDomain *dom;
  VdDesktopInfo info;
} Desktop;

static void
desktop_free (Desktop *d)
{
  vd_virt_domain_free (d->dom);
  vd_desktop_info_clear (&d->info);
  g_free (d);
}

/* The socket table is this host's: a remote host's sessions are in its
 * own, which only a vdctl running there reads. */
static gboolean
check_local (const char *uri, GError **error)
{
  g_autofree char *host = vd_uri_remote_host (uri);
  g_autoptr(GUri) parsed = NULL;
  const char *user;

  if (host == NULL)
    return TRUE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
  user = parsed ? g_uri_get_user (parsed) : NULL;
  return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                      "sessions are read from the socket table of the host the desktops run "
                      "on, and %s is another host; run it there: ssh %s%s%s vdctl sessions",
                      host, user ? user : "", user ? "@" : "", host), FALSE;
}

/* The domains asked for: NAMES, each looked up (an unknown one is an
 * error), else every running one. */
static GPtrArray *
asked_domains (VdInvocation *inv, GError **error)
{
  g_autoptr(GPtrArray) domains = NULL;
  g_autoptr(GHashTable) seen = NULL;

  if (inv->n_args == 0)
    return vd_virt_domain_list_active (inv->conn, error);
  domains = g_ptr_array_new_with_free_func ((GDestroyNotify) vd_virt_domain_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (int i = 0; i < inv->n_args; i++)
    {
      VdVirtDomain *dom;

      if (!g_hash_table_add (seen, inv->args[i]))
        continue;
      dom = vd_virt_domain_lookup (inv->conn, inv->args[i], error);
      if (dom == NULL)
        return NULL;
      g_ptr_array_add (domains, dom);
    }
  return g_steal_pointer (&domains);
}

/* The running desktops among DOMAINS with a SPICE port, by their live
 * definitions; a domain that stopped or vanished meanwhile has none. */
static GPtrArray *
spice_desktops (GPtrArray *domains)
{
  GPtrArray *desktops = g_ptr_array_new_with_free_func ((GDestroyNotify) desktop_free);

  for (guint i = 0; i < domains->len; i++)
    {
      g_autoptr(xmlDoc) doc = NULL;
      Desktop *d;

      if (!vd_virt_domain_is_active (domains->pdata[i]))
        continue;
      doc = vd_virt_domain_get_public_doc (domains->pdata[i], FALSE, NULL);
      if (doc == NULL)
        continue;
      d = g_new0 (Desktop, 1);
      if (!vd_domain_read (doc, &d->info, NULL) || g_strcmp0 (d->info.graphics, "spice") != 0 ||
          (d->info.port <= 0 && d->info.tls_port <= 0))
        {
          desktop_free (d);
          continue;
        }
      d->dom = vd_virt_domain_ref (domains->pdata[i]);
      g_ptr_array_add (desktops, d);
    }
  return desktops;
}

/* What watch recorded; without it (not running, or its files unreadable)
 * since and identity stay unknown. */
static GPtrArray *
watch_records (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GPtrArray *records = vd_session_state_read_all (problems, &error);

  if (records == NULL)
    {
      g_printerr ("vdctl: warning: %s; since when and who is unknown\n", error->message);
      return vd_session_array_new ();
    }
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("vdctl: warning: ignoring a session state file: %s\n",
                (const char *) problems->pdata[i]);
  return records;
}

/* The user the pool seat DOM is assigned to, from its persistent
 * definition (where 'pool assign' records it), or NULL. */
static char *
seat_user (VdVirtDomain *dom)
{
  g_autoptr(xmlDoc) doc = vd_virt_domain_get_public_doc (dom, TRUE, NULL);
  g_autoptr(VdSeatRecord) seat = NULL;
  g_autoptr(VdPoolRecord) pool = NULL;

  if (doc == NULL || !vd_pool_record_read (doc, &seat, &pool, NULL) || seat == NULL)
    return NULL;
  return g_strdup (seat->user);
}

static void
add_users (GPtrArray *sessions, GPtrArray *desktops)
{
  g_autoptr(GHashTable) users = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < sessions->len; i++)
    {
      VdSession *s = sessions->pdata[i];

      for (guint d = 0; d < desktops->len; d++)
        {
          Desktop *desktop = desktops->pdata[d];

          if (g_strcmp0 (desktop->info.name, s->desktop) != 0)
            continue;
          if (!g_hash_table_contains (users, desktop->info.name))
            g_hash_table_insert (users, desktop->info.name, seat_user (desktop->dom));
          s->user = g_strdup (g_hash_table_lookup (users, desktop->info.name));
          break;
        }
    }
}

static GPtrArray *
find_sessions (GPtrArray *desktops, GError **error)
{
  g_autoptr(GArray) wanted = g_array_new (FALSE, TRUE, sizeof (VdSessionDesktop));
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *sessions;

  if (desktops->len == 0)
    return vd_session_array_new ();
  for (guint i = 0; i < desktops->len; i++)
    {
      const VdDesktopInfo *info = &((Desktop *) desktops->pdata[i])->info;
      VdSessionDesktop d = { info->name, info->uuid, info->port, info->tls_port };

      g_array_append_val (wanted, d);
    }
  entries = vd_socket_table_read (error);
  if (entries == NULL)
    return NULL;
  records = watch_records ();
  sessions = vd_sessions_collect ((VdSessionDesktop *) wanted->data, wanted->len, entries,
                                  records);
  add_users (sessions, desktops);
  return sessions;
}

static char *
client_text (const VdSession *s)
{
  gboolean v6 = strchr (s->address, ':') != NULL;

  if (s->port == 0)
    return g_strdup (s->address);
  return g_strdup_printf (v6 ? "[%s]:%u" : "%s:%u", s->address, s->port);
}

static char *
since_text (gint64 since)
{
  g_autoptr(GDateTime) time = since > 0 ? g_date_time_new_from_unix_utc (since / G_USEC_PER_SEC)
                                        : NULL;

  return time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("-");
}

static void
print_text (GPtrArray *sessions)
{
  printf ("%-24s %-28s %-20s %-3s %-24s %-8s %s\n", "DESKTOP", "CLIENT", "SINCE", "TLS",
          "IDENTITY", "CHANNELS", "USER");
  for (guint i = 0; i < sessions->len; i++)
    {
      const VdSession *s = sessions->pdata[i];
      g_autofree char *client = client_text (s);
      g_autofree char *since = since_text (s->since);
      const char *identity = s->sasl_username ? s->sasl_username
                             : s->x509_dname ? s->x509_dname : "-";

      printf ("%-24s %-28s %-20s %-3s %-24s %-8u %s\n", s->desktop, client, since,
              s->tls ? "yes" : "no", identity, s->channels, s->user ? s->user : "-");
    }
}

gboolean
vd_cmd_sessions (VdInvocation *inv, GError **error)
{
  g_autoptr(GPtrArray) domains = NULL;
  g_autoptr(GPtrArray) desktops = NULL;
  g_autoptr(GPtrArray) sessions = NULL;

  if (!check_local (inv->uri ? inv->uri : g_getenv ("LIBVIRT_DEFAULT_URI"), error) ||
      vd_invocation_connect (inv, error) == NULL ||
      !check_local (vd_connection_get_uri (inv->conn), error))
    return FALSE;
  domains = asked_domains (inv, error);
  if (domains == NULL)
    return FALSE;
  desktops = spice_desktops (domains);
  sessions = find_sessions (desktops, error);
  if (sessions == NULL)
    return FALSE;
  if (opt_json)
    {
      g_autoptr(JsonNode) root = vd_sessions_to_json (sessions);

      vd_print_json (root);
    }
  else
    print_text (sessions);
  return vd_stdout_flush (error);
}
