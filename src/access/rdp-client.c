/* rdp-client.c: the xfreerdp and ssh command lines of 'connect --rdp'.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rdp-client.h"
#include "values.h"

gboolean
vd_rdp_parse_cert (const char *text, VdRdpCert *out, GError **error)
{
  static const char * const choices[] = { "tofu", "ignore", "deny", NULL };

  if (!vd_parse_choice ("--cert", text, choices, error))
    return FALSE;
  if (strcmp (text, "ignore") == 0)
    *out = VD_RDP_CERT_IGNORE;
  else if (strcmp (text, "deny") == 0)
    *out = VD_RDP_CERT_DENY;
  else
    *out = VD_RDP_CERT_TOFU;
  return TRUE;
}

static void
add (GPtrArray *argv, const char *word)
{
  g_ptr_array_add (argv, g_strdup (word));
}

static void
add_printf (GPtrArray *argv, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_printf (GPtrArray *argv, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (argv, g_strdup_vprintf (format, args));
  va_end (args);
}

GPtrArray *
vd_rdp_client_argv (const VdRdpClient *c)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  const VdRdpPolicy *p = c->policy;
  /* FreeRDP dials a unix socket when the host is a path. */
  g_autofree char *address = c->host[0] == '/' ? g_strdup (c->host)
                                               : vd_rdp_format_address (c->host, c->port);

  add (argv, c->program);
  add_printf (argv, "/v:%s", address);
  if (c->user)
    add_printf (argv, "/u:%s", c->user);
  if (c->domain)
    add_printf (argv, "/d:%s", c->domain);
  switch (c->cert)
    {
    case VD_RDP_CERT_IGNORE:
      add (argv, "/cert:ignore");
      break;
    case VD_RDP_CERT_DENY:
      add (argv, "/cert:deny");
      break;
    case VD_RDP_CERT_TOFU:
    default:
      add (argv, "/cert:tofu");
      break;
    }
  /* ":force" reads the password, and only the password, from standard
   * input before connecting: one line, whatever security the server
   * negotiates. */
  if (c->password_on_stdin)
    add (argv, "/from-stdin:force");

  /* FreeRDP redirects the clipboard unless told not to; everything else
   * only when asked. */
  add (argv, p->clipboard ? "+clipboard" : "-clipboard");
  for (guint i = 0; i < p->drives->len; i++)
    {
      const VdRdpDrive *d = g_ptr_array_index (p->drives, i);

      add_printf (argv, "/drive:%s,%s", d->name, d->path);
    }
  if (p->printers)
    add (argv, "/printer");
  if (p->smartcards)
    add (argv, "/smartcard");
  if (p->serial)
    add (argv, "/serial");
  if (p->parallel)
    add (argv, "/parallel");
  if (p->audio)
    add (argv, "/sound:sys:alsa");
  if (p->microphone)
    add (argv, "/microphone:sys:alsa");
  if (p->usb->len > 0)
    {
      GString *ids = g_string_new ("/usb:id,dev:");

      for (guint i = 0; i < p->usb->len; i++)
        {
          const VdRdpUsbDevice *d = &g_array_index (p->usb, VdRdpUsbDevice, i);

          g_string_append_printf (ids, "%s%04x:%04x", i > 0 ? "#" : "", d->vendor, d->product);
        }
      g_ptr_array_add (argv, g_string_free (ids, FALSE));
    }
  add (argv, "/dynamic-resolution");
  if (c->fullscreen)
    add (argv, "/f");
  if (c->debug)
    add (argv, "/log-level:DEBUG");
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* ---- the SSH tunnel ------------------------------------------------ */

void
vd_ssh_target_clear (VdSshTarget *t)
{
  g_clear_pointer (&t->host, g_free);
  g_clear_pointer (&t->user, g_free);
  g_clear_pointer (&t->keyfile, g_free);
  t->port = -1;
}

gboolean
vd_ssh_target_from_uri (const char *uri, VdSshTarget *t, GError **error)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme, *plus, *host, *user, *query;

  memset (t, 0, sizeof *t);
  t->port = -1;
  if (uri == NULL)
    return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                        "--ssh-tunnel needs an SSH connection URI such as "
                        "qemu+ssh://user@host/system; give it with --connect"), FALSE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_HAS_PASSWORD, NULL);
  scheme = parsed ? g_uri_get_scheme (parsed) : NULL;
  plus = scheme ? strchr (scheme, '+') : NULL;
  if (plus == NULL || (strcmp (plus, "+ssh") != 0 && strcmp (plus, "+libssh") != 0 &&
                       strcmp (plus, "+libssh2") != 0))
    return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                        "--ssh-tunnel goes through the SSH connection of the libvirt URI, "
                        "and '%s' is not one; connect with -c qemu+ssh://USER@HOST/system",
                        uri), FALSE;
  host = g_uri_get_host (parsed);
  if (host == NULL || *host == '\0' || host[0] == '-')
    return g_set_error (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID,
                        "the URI '%s' names no host to open an SSH tunnel to", uri), FALSE;
  t->host = g_strdup (host);
  user = g_uri_get_user (parsed);
  if (user && *user)
    t->user = g_strdup (user);
  t->port = g_uri_get_port (parsed);
  query = g_uri_get_query (parsed);
  if (query)
    {
      g_autoptr(GHashTable) params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      const char *keyfile = params ? g_hash_table_lookup (params, "keyfile") : NULL;

      if (keyfile && *keyfile)
        t->keyfile = g_strdup (keyfile);
    }
  return TRUE;
}

GPtrArray *
vd_ssh_tunnel_argv (const VdSshTarget *t, const char *local_socket, const char *guest,
                    int guest_port)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *target = vd_rdp_format_address (guest, guest_port);

  add (argv, "ssh");
  add (argv, "-N");
  add (argv, "-o");
  add (argv, "ExitOnForwardFailure=yes");
  add (argv, "-o");
  add (argv, "ServerAliveInterval=30");
  /* A connection of its own: the forward's socket must belong to this
   * ssh, not to a master process that ControlMaster would hand it to. */
  add (argv, "-o");
  add (argv, "ControlPath=none");
  add (argv, "-o");
  add (argv, "StreamLocalBindUnlink=no");
  add (argv, "-L");
  add_printf (argv, "%s:%s", local_socket, target);
  if (t->port > 0)
    {
      add (argv, "-p");
      add_printf (argv, "%d", t->port);
    }
  if (t->user)
    {
      add (argv, "-l");
      add (argv, t->user);
    }
  if (t->keyfile)
    {
      add (argv, "-i");
      add (argv, t->keyfile);
    }
  add (argv, "--");
  add (argv, t->host);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static gboolean
shell_safe (const char *word)
{
  if (*word == '\0')
    return FALSE;
  for (const char *p = word; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_@%+=:,./-", *p) == NULL)
      return FALSE;
  return TRUE;
}

char *
vd_argv_to_shell_line (const char * const *argv)
{
  GString *out = g_string_new (NULL);

  for (const char * const *w = argv; *w; w++)
    {
      if (w != argv)
        g_string_append_c (out, ' ');
      if (shell_safe (*w))
        g_string_append (out, *w);
      else
        {
          g_autofree char *quoted = g_shell_quote (*w);

          g_string_append (out, quoted);
        }
    }
  return g_string_free (out, FALSE);
}
