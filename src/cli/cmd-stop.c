/* cmd-stop.c: vdctl stop NAME... [--pool POOL] — ACPI shutdown, or power
 * off with --force.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "commands.h"
#include "desktop-batch.h"
#include "values.h"

static gboolean opt_force;
static char *opt_wait;
static char *opt_pool;

const GOptionEntry vd_stop_entries[] = {
  { "wait", 0, 0, G_OPTION_ARG_STRING, &opt_wait,
    "Wait up to SECONDS for the guests to shut down", "SECONDS" },
  { "force", 0, 0, G_OPTION_ARG_NONE, &opt_force,
    "Power off at once instead of asking the guest", NULL },
  VD_DESKTOP_BATCH_POOL_ENTRY (opt_pool),
  { NULL }
};

#define POLL_INTERVAL_MS 200

/* Power NAME off (--force) or ask its guest to shut down.  With ASKED,
 * the desktop asked goes there, to be waited for, and nothing is said. */
static gboolean
stop_or_ask (VdInvocation *inv, const char *name, VdVirtDomain **asked, GError **error)
{
  g_autoptr(VdVirtDomain) dom = NULL;

  dom = vd_invocation_lookup (inv, name, error);
  if (dom == NULL)
    return FALSE;
  if (!vd_virt_domain_is_active (dom))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is not running", name), FALSE;

  if (opt_force)
    {
      if (!vd_virt_domain_destroy (dom, error))
        return FALSE;
      vd_info ("Desktop '%s' powered off\n", name);
      return TRUE;
    }

  if (!vd_virt_domain_shutdown (dom, error))
    return FALSE;
  if (asked)
    *asked = g_steal_pointer (&dom);
  else
    vd_info ("Desktop '%s' is shutting down\n", name);
  return TRUE;
}

static gboolean
stop_desktop (VdInvocation *inv, const char *name, gpointer data, GError **error)
{
  return stop_or_ask (inv, name, NULL, error);
}

/* How asking one desktop to shut down went, for --wait. */
typedef struct {
  VdVirtDomain *dom;          /* asked, or NULL */
  GError *error;              /* why it was not */
} Request;

static void
request_free (Request *r)
{
  g_clear_pointer (&r->dom, vd_virt_domain_free);
  g_clear_error (&r->error);
  g_free (r);
}

typedef struct {
  GHashTable *requests;       /* name → Request */
  gint64 deadline;            /* monotonic, one for every desktop */
  guint64 wait_s;
} Waiting;

/* Wait for NAME, asked before, until the common deadline; or fail as
 * asking it failed. */
static gboolean
wait_desktop (VdInvocation *inv, const char *name, gpointer data, GError **error)
{
  Waiting *w = data;
  Request *r = g_hash_table_lookup (w->requests, name);

  if (r->error)
    {
      g_propagate_error (error, g_steal_pointer (&r->error));
      return FALSE;
    }
  for (;;)
    {
      if (!vd_virt_domain_is_active (r->dom))
        {
          vd_info ("Desktop '%s' shut down\n", name);
          return TRUE;
        }
      if (g_get_monotonic_time () >= w->deadline)
        break;
      g_usleep (POLL_INTERVAL_MS * 1000);
    }
  return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                      "desktop '%s' did not shut down within %" G_GUINT64_FORMAT
                      " seconds; power it off with 'vdctl stop %s --force'",
                      name, w->wait_s, name), FALSE;
}

/* --wait: every desktop is asked first, then all are waited for with one
 * deadline, so that several take as long as the slowest. */
static gboolean
stop_and_wait (VdInvocation *inv, guint64 wait_s, GError **error)
{
  g_auto(GStrv) names = vd_desktop_batch_names (inv, opt_pool, error);
  g_autoptr(GHashTable) requests = NULL;
  Waiting w = { 0, };

  if (names == NULL)
    return FALSE;
  requests = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                    (GDestroyNotify) request_free);
  for (char **name = names; *name; name++)
    {
      Request *r = g_new0 (Request, 1);

      stop_or_ask (inv, *name, &r->dom, &r->error);
      g_hash_table_insert (requests, *name, r);
    }
  w.requests = requests;
  w.wait_s = wait_s;
  w.deadline = g_get_monotonic_time () + (gint64) wait_s * G_USEC_PER_SEC;
  return vd_desktop_batch_run_names (inv, names, wait_desktop, &w, error);
}

gboolean
vd_cmd_stop (VdInvocation *inv, GError **error)
{
  guint64 wait_s = 0;

  if (opt_wait && !vd_parse_count ("--wait", opt_wait, 0, 86400, &wait_s, error))
    return FALSE;
  if (opt_wait && opt_force)
    return vd_usage_error (error, "--force powers off at once; there is nothing to --wait for");
  if (opt_wait)
    return stop_and_wait (inv, wait_s, error);
  return vd_desktop_batch_run (inv, opt_pool, stop_desktop, NULL, error);
}
