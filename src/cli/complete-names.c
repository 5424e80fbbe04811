/* complete-names.c: the names 'vdctl complete' offers from the
 * connection: domains, pools and seats, each query in a thread of its own
 * under a time limit.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "complete-names.h"
#include "pool-scan.h"

/* ssh would ask on the terminal for a password or a host key; no_tty=1
 * makes libvirt run it in batch mode.  The query the user wrote is kept
 * as it is; only the fixed parameter is added. */
static char *
uri_without_prompts (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *scheme, *query;
  g_autofree char *new_query = NULL;
  g_autoptr(GUri) built = NULL;

  if (uri == NULL)
    return NULL;
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL)
    return g_strdup (uri);
  scheme = g_uri_get_scheme (parsed);
  if (!g_str_has_suffix (scheme, "+ssh"))
    return g_strdup (uri);
  query = g_uri_get_query (parsed);
  if (query)
    {
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      if (params && g_hash_table_contains (params, "no_tty"))
        return g_strdup (uri);
    }
  new_query = query && *query ? g_strconcat (query, "&no_tty=1", NULL) : g_strdup ("no_tty=1");
  built = g_uri_build (g_uri_get_flags (parsed), scheme, g_uri_get_userinfo (parsed),
                       g_uri_get_host (parsed), g_uri_get_port (parsed),
                       g_uri_get_path (parsed), new_query, g_uri_get_fragment (parsed));
  return g_uri_to_string (built);
}

typedef struct {
  GMutex lock;
  GCond cond;
  gboolean done;
  char *uri;
  VdNameKind kind;
  char *pool;       /* VD_NAMES_SEATS: only this pool's, when given */
  char **names;
} NameQuery;

/* The pools, or their seats, from the seats' metadata: read-only, as
 * 'pool list' reads them. */
static char **
list_pool_names (VdConnection *conn, VdNameKind kind, const char *only)
{
  g_autoptr(GPtrArray) pools = vd_pool_scan (conn, only, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  if (pools == NULL)
    return NULL;
  for (guint i = 0; i < pools->len; i++)
    {
      VdPool *pool = pools->pdata[i];

      if (kind == VD_NAMES_POOLS)
        g_strv_builder_add (names, pool->name);
      else
        for (guint j = 0; j < pool->seats->len; j++)
          g_strv_builder_add (names, ((VdSeat *) pool->seats->pdata[j])->name);
    }
  return g_strv_builder_end (names);
}

static gpointer
list_names_thread (gpointer data)
{
  NameQuery *q = data;
  g_autoptr(VdConnection) conn = NULL;
  char **names = NULL;

  if (q->kind == VD_NAMES_DOMAINS)
    {
      conn = vd_connection_open (q->uri, NULL);
      names = conn ? vd_connection_list_domain_names (conn, NULL) : NULL;
    }
  else
    {
      conn = vd_connection_open_read_only (q->uri, NULL);
      names = conn ? list_pool_names (conn, q->kind, q->pool) : NULL;
    }

  g_mutex_lock (&q->lock);
  q->names = names;
  q->done = TRUE;
  g_cond_signal (&q->cond);
  g_mutex_unlock (&q->lock);
  return NULL;
}

char **
vd_complete_list_names (const char *uri, VdNameKind kind, const char *pool, int timeout_s,
                        gboolean *timed_out)
{
  NameQuery *q = g_new0 (NameQuery, 1);
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_TIME_SPAN_SECOND;
  char **names;

  g_mutex_init (&q->lock);
  g_cond_init (&q->cond);
  q->uri = uri_without_prompts (uri);
  q->kind = kind;
  q->pool = g_strdup (pool);
  g_thread_unref (g_thread_new ("complete-names", list_names_thread, q));

  g_mutex_lock (&q->lock);
  while (!q->done)
    if (!g_cond_wait_until (&q->cond, &q->lock, deadline))
      break;
  *timed_out = !q->done;
  names = g_steal_pointer (&q->names);
  g_mutex_unlock (&q->lock);
  if (*timed_out)
    return NULL;

  g_mutex_clear (&q->lock);
  g_cond_clear (&q->cond);
  g_free (q->uri);
  g_free (q->pool);
  g_free (q);
  return names;
}
