/* squid-conf.c: the gateway's squid.conf, one checked line at a time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "squid-conf.h"
#include "values.h"

struct _VdSquidConf {
  GString *text;
};

VdSquidConf *
vd_squid_conf_new (void)
{
  VdSquidConf *conf = g_new0 (VdSquidConf, 1);

  conf->text = g_string_new (NULL);
  return conf;
}

void
vd_squid_conf_free (VdSquidConf *conf)
{
  if (conf == NULL)
    return;
  g_string_free (conf->text, TRUE);
  g_free (conf);
}

const char *
vd_squid_conf_get_text (VdSquidConf *conf)
{
  return conf->text->str;
}

static gboolean
check_directive (const char *directive, GError **error)
{
  if (directive == NULL || *directive == '\0')
    return vd_value_invalid (error, "a squid.conf directive cannot be empty");
  for (const char *p = directive; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return vd_value_invalid (error, "'%s' is not a squid.conf directive", directive);
  return TRUE;
}

/* A single squid.conf word: printable ASCII, no space, no quote (squid
 * reads quoted strings and "parameters(...)" files), no comment, no
 * escape. */
static gboolean
check_argument (const char *directive, const char *arg, GError **error)
{
  g_autofree char *shown = NULL;

  if (*arg == '\0')
    return vd_value_invalid (error, "an empty argument of squid.conf's %s", directive);
  for (const char *p = arg; *p; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f || strchr ("\"'#\\", *p))
      {
        shown = g_strescape (arg, NULL);
        return vd_value_invalid (error, "squid.conf's %s cannot take '%s': it must be one "
                               "word without spaces, quotes, '#' or '\\'",
                                 directive, shown);
      }
  return TRUE;
}

gboolean
vd_squid_conf_add (VdSquidConf *conf, const char *directive, const char * const *args,
                   GError **error)
{
  if (!check_directive (directive, error))
    return FALSE;
  for (gsize i = 0; args && args[i]; i++)
    if (!check_argument (directive, args[i], error))
      return FALSE;
  g_string_append (conf->text, directive);
  for (gsize i = 0; args && args[i]; i++)
    {
      g_string_append_c (conf->text, ' ');
      g_string_append (conf->text, args[i]);
    }
  g_string_append_c (conf->text, '\n');
  return TRUE;
}

gboolean
vd_squid_conf_comment (VdSquidConf *conf, const char *text, GError **error)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < ' ' || (guchar) *p == 0x7f)
      return vd_value_invalid (error, "a squid.conf comment must be one line");
  g_string_append_printf (conf->text, "# %s\n", text);
  return TRUE;
}

/* Add DIRECTIVE with the NULL-terminated arguments that follow. */
static gboolean
add (VdSquidConf *conf, GError **error, const char *directive, ...) G_GNUC_NULL_TERMINATED;

static gboolean
add (VdSquidConf *conf, GError **error, const char *directive, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, directive);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return vd_squid_conf_add (conf, directive, (const char * const *) args->pdata, error);
}

/* "ADDR:PORT", IPv6 addresses in brackets. */
static char *
listen_word (const char *address, guint port)
{
  if (strchr (address, ':'))
    return g_strdup_printf ("[%s]:%u", address, port);
  return g_strdup_printf ("%s:%u", address, port);
}

/* acl SPICE_PORTS port N M ...; nothing, and *ANY FALSE, when there is no port. */
static gboolean
add_ports (VdSquidConf *conf, const GArray *ports, gboolean *any, GError **error)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  *any = FALSE;
  g_ptr_array_add (args, g_strdup ("SPICE_PORTS"));
  g_ptr_array_add (args, g_strdup ("port"));
  for (guint i = 0; ports && i < ports->len; i++)
    {
      guint port = g_array_index (ports, guint, i);

      if (port == 0 || port > 65535)
        return vd_value_invalid (error, "%u is no TCP port", port);
      g_ptr_array_add (args, g_strdup_printf ("%u", port));
    }
  if (args->len == 2)
    return TRUE;
  *any = TRUE;
  g_ptr_array_add (args, NULL);
  return vd_squid_conf_add (conf, "acl", (const char * const *) args->pdata, error);
}

static gboolean
add_self (VdSquidConf *conf, const char * const *addresses, GError **error)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (gpointer) "to_self");
  g_ptr_array_add (args, (gpointer) "dst");
  g_ptr_array_add (args, (gpointer) "127.0.0.1/32");
  g_ptr_array_add (args, (gpointer) "::1");
  for (gsize i = 0; addresses && addresses[i]; i++)
    g_ptr_array_add (args, (gpointer) addresses[i]);
  g_ptr_array_add (args, NULL);
  return vd_squid_conf_add (conf, "acl", (const char * const *) args->pdata, error);
}

/* The files squid writes, all in GW->dir; no cache directory. */
static gboolean
add_files (VdSquidConf *conf, const char *dir, GError **error)
{
  g_autofree char *access_log = g_build_filename (dir, "access.log", NULL);
  g_autofree char *access_arg = g_strconcat ("stdio:", access_log, NULL);
  g_autofree char *cache_log = g_build_filename (dir, "cache.log", NULL);
  g_autofree char *pid = g_build_filename (dir, "squid.pid", NULL);

  return add (conf, error, "access_log", access_arg, NULL) &&
         add (conf, error, "cache_log", cache_log, NULL) &&
         add (conf, error, "cache_store_log", "none", NULL) &&
         add (conf, error, "pid_filename", pid, NULL) &&
         add (conf, error, "coredump_dir", dir, NULL);
}

char *
vd_gateway_conf_build (const VdGatewayConf *gw, GError **error)
{
  g_autoptr(VdSquidConf) conf = vd_squid_conf_new ();
  g_autofree char *http_port = listen_word (gw->listen, gw->port);
  gboolean any_port;

  if (!vd_squid_conf_comment (conf, "Written by vdctl gateway serve; rewritten as desktops "
                              "start and stop.", error) ||
      !add (conf, error, "http_port", http_port, NULL) ||
      !add_ports (conf, gw->ports, &any_port, error) ||
      !add (conf, error, "acl", "CONNECT", "method", "CONNECT", NULL) ||
      !add_self (conf, gw->self_addresses, error))
    return NULL;
  /* CONNECT to a desktop's SPICE port on this host, and nothing else. */
  if (any_port &&
      !add (conf, error, "http_access", "allow", "CONNECT", "SPICE_PORTS", "to_self", NULL))
    return NULL;
  if (!add (conf, error, "http_access", "deny", "all", NULL) ||
      !add (conf, error, "icp_access", "deny", "all", NULL) ||
      !add (conf, error, "cache", "deny", "all", NULL) ||
      !add (conf, error, "cache_mem", "0", "MB", NULL) ||
      !add_files (conf, gw->dir, error) ||
      !add (conf, error, "pinger_enable", "off", NULL) ||
      !add (conf, error, "shutdown_lifetime", "1", "seconds", NULL))
    return NULL;
  if (gw->effective_user &&
      !add (conf, error, "cache_effective_user", gw->effective_user, NULL))
    return NULL;
  return g_strdup (vd_squid_conf_get_text (conf));
}
