/* cmd-export-web.c: vdctl export-web NAME... --ttl SECONDS — a link to a
 * running desktop for a web browser: a one-time ticket on its display, a
 * token websockify (vdctl web serve) maps to its SPICE port, and the URL
 * of vdctl's page with both in the fragment.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "access.h"
#include "commands.h"
#include "desktop-batch.h"
#include "json-out.h"
#include "ticket-hand-out.h"
#include "values.h"
#include "web-options.h"
#include "web-token.h"
#include "web-tokens.h"

#define VD_WEB_TTL_MAX (7 * 24 * 3600)

static char *opt_ttl;
static char *opt_host;
static gboolean opt_json;

const GOptionEntry vd_export_web_entries[] = {
  { "ttl", 0, 0, G_OPTION_ARG_STRING, &opt_ttl,
    "How long the link opens the desktop: a fresh one-time password and token valid for "
    "SECONDS (required)", "SECONDS" },
  { "host", 0, 0, G_OPTION_ARG_STRING, &opt_host,
    "The host name in the link (default: [defaults] public-host, else this host's name)",
    "NAME" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    "Print a JSON array of {name, url, token, expires, host, port}", NULL },
  { NULL }
};

typedef struct {
  const char *base;           /* the web directory */
  const char *host;           /* the host of the URL */
  VdWebSettings web;
  guint ttl;
  JsonBuilder *json;
  gboolean several;
} ExportWeb;

typedef struct {
  const ExportWeb *ctx;
  const char *token;
  const VdVvFile *vv;
  gint64 expires;
} TokenWrite;

static gboolean
write_token (gpointer data, GError **error)
{
  TokenWrite *t = data;

  return vd_web_token_write (t->ctx->base, t->token, t->vv->host, (guint) t->vv->port,
                             t->expires, error);
}

static void
print_link (ExportWeb *ctx, const char *name, const char *url, const char *token,
            gint64 expires)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (expires);
  g_autofree char *iso = g_date_time_format_iso8601 (when);

  if (ctx->json == NULL)
    {
      if (ctx->several)
        printf ("%s: %s\n", name, url);
      else
        printf ("%s\n", url);
      return;
    }
  json_builder_begin_object (ctx->json);
  vd_json_add_string (ctx->json, "name", name);
  vd_json_add_string (ctx->json, "url", url);
  vd_json_add_string (ctx->json, "token", token);
  vd_json_add_string (ctx->json, "expires", iso);
  vd_json_add_string (ctx->json, "host", ctx->host);
  vd_json_add_int (ctx->json, "port", ctx->web.port, TRUE);
  json_builder_end_object (ctx->json);
}

static gboolean
export_one (VdInvocation *inv, const char *name, gpointer data, GError **error)
{
  ExportWeb *ctx = data;
  g_autoptr(VdVirtDomain) dom = vd_invocation_lookup (inv, name, error);
  VdAccessOptions options = { .ttl = ctx->ttl, .defer_ticket = TRUE, .local_target = TRUE };
  g_auto(VdVvFile) vv = { 0, };
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  TokenWrite write = { 0, };
  VdDialMode mode;

  if (dom == NULL)
    return FALSE;
  vd_vv_file_init (&vv);
  if (!vd_access_prepare (inv->conn, dom, &options, &vv, &mode, error))
    return FALSE;
  if (vv.port <= 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' has a TLS SPICE port only; the browser client needs "
                        "a plain one ('vdctl edit %s --port auto')", name, name), FALSE;
  token = vd_web_token_generate (error);
  if (token == NULL)
    return FALSE;
  write = (TokenWrite) { ctx, token, &vv, g_get_real_time () / G_USEC_PER_SEC + ctx->ttl };
  if (!vd_ticket_hand_out (dom, &vv, ctx->ttl, write_token, &write, error))
    return FALSE;
  url = vd_web_token_url (ctx->web.cert != NULL, ctx->host, ctx->web.port, token, vv.password);
  print_link (ctx, name, url, token, write.expires);
  explicit_bzero (url, strlen (url));
  return TRUE;
}

static gboolean
run_batch (VdInvocation *inv, ExportWeb *ctx, GError **error)
{
  g_autoptr(JsonBuilder) json = opt_json ? json_builder_new () : NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  ctx->json = json;
  if (json)
    json_builder_begin_array (json);
  ok = vd_desktop_batch_run (inv, NULL, export_one, ctx, &local_error);
  if (json)
    {
      g_autoptr(JsonNode) root = NULL;

      json_builder_end_array (json);
      root = json_builder_get_root (json);
      if (ok || inv->n_args > 1)
        vd_print_json (root);
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok && vd_stdout_flush (error);
}

gboolean
vd_cmd_export_web (VdInvocation *inv, GError **error)
{
  ExportWeb ctx = { 0, };
  g_autofree char *base = NULL;
  g_autofree char *fqdn = NULL;
  guint64 ttl = 0;

  if (opt_ttl == NULL)
    return vd_usage_error (error, "export-web needs --ttl SECONDS: how long the link "
                           "opens the desktop");
  if (!vd_parse_count ("--ttl", opt_ttl, 1, VD_WEB_TTL_MAX, &ttl, error))
    return FALSE;
  for (int i = 0; i < inv->n_args; i++)
    if (!vd_check_domain_name (inv->args[i], error))
      return FALSE;
  if (!vd_web_settings_resolve (inv->config, NULL, NULL, NULL, NULL, &ctx.web, error))
    return FALSE;
  ctx.host = opt_host ? opt_host : vd_config_get (inv->config, VD_CONFIG_PUBLIC_HOST);
  if (ctx.host == NULL)
    ctx.host = fqdn = vd_local_fqdn ();
  base = vd_web_base_dir (error);
  if (base == NULL || vd_web_tokens_sweep (base, g_get_real_time () / G_USEC_PER_SEC,
                                           error) < 0)
    return FALSE;
  ctx.base = base;
  ctx.ttl = (guint) ttl;
  ctx.several = inv->n_args > 1;
  return run_batch (inv, &ctx, error);
}
