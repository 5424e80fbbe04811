/* fuzz-tcp-table.c: the socket-table parser (tcp-table.c) with any text,
 * and sessions grouped from what it accepts (session.c).
 *
 * The input is the text of /proc/net/tcp or tcp6 (up to its first NUL).
 * Checked: a refusal comes with a message; every entry taken has
 * addresses that are IP addresses in their canonical text (IPv4-mapped
 * ones as IPv4: normalising them changes nothing), ports within 16 bits
 * and a state within 8.  Grouped for two desktops (5900 with TLS port
 * 5901, and the first entry's local port), the sessions hold every
 * established connection to those ports once: their channels add up to
 * that count, each has at least one, its port is one of its client's, and
 * no desktop has two sessions from one address.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "fuzz-util.h"
#include "session.h"
#include "tcp-table.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

static void
check_address (const char *address)
{
  g_autoptr(GInetAddress) parsed = NULL;
  g_autofree char *normal = NULL;

  fuzz_check (address != NULL, "an entry without an address");
  parsed = g_inet_address_new_from_string (address);
  fuzz_check (parsed != NULL, "'%s' is no IP address", address);
  normal = vd_session_address_normalize (address);
  fuzz_check (g_strcmp0 (normal, address) == 0, "'%s' is not canonical ('%s')", address,
              normal);
}

static gboolean
matches (const VdTcpEntry *e, const VdSessionDesktop *d)
{
  return e->state == VD_TCP_STATE_ESTABLISHED &&
         ((d->port > 0 && e->local_port == (guint) d->port) ||
          (d->tls_port > 0 && e->local_port == (guint) d->tls_port));
}

static void
check_sessions (GPtrArray *entries)
{
  VdSessionDesktop desktops[2] = {
    { "a", "4dea22b3-1d52-d8f3-2516-782e98ab3fa0", 5900, 5901 },
    { "b", NULL, -1, -1 },
  };
  g_autoptr(GPtrArray) sessions = NULL;

  if (entries->len)
    desktops[1].port = (int) ((VdTcpEntry *) entries->pdata[0])->local_port;
  sessions = vd_sessions_collect (desktops, 2, entries, NULL);
  for (guint d = 0; d < 2; d++)
    {
      g_autoptr(GHashTable) addresses = g_hash_table_new (g_str_hash, g_str_equal);
      guint expected = 0, channels = 0;

      for (guint i = 0; i < entries->len; i++)
        expected += matches (entries->pdata[i], &desktops[d]);
      for (guint i = 0; i < sessions->len; i++)
        {
          const VdSession *s = sessions->pdata[i];
          gboolean port_seen = FALSE;

          if (g_strcmp0 (s->desktop, desktops[d].name) != 0)
            continue;
          fuzz_check (s->channels > 0, "a session without channels");
          fuzz_check (g_hash_table_add (addresses, s->address), "two sessions from %s",
                      s->address);
          channels += s->channels;
          for (guint j = 0; j < entries->len; j++)
            {
              const VdTcpEntry *e = entries->pdata[j];

              port_seen |= matches (e, &desktops[d]) && e->remote_port == s->port &&
                           g_strcmp0 (e->remote_address, s->address) == 0;
            }
          fuzz_check (port_seen, "port %u of %s is none of its connections", s->port,
                      s->address);
        }
      fuzz_check (channels == expected, "desktop %s: %u channels for %u connections",
                  desktops[d].name, channels, expected);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GPtrArray) entries = vd_tcp_table_new ();
  g_autoptr(GError) error = NULL;

  if (!vd_tcp_table_parse (text, entries, &error))
    {
      fuzz_check (error != NULL && error->message[0], "refused without a message");
      return 0;
    }
  fuzz_check (error == NULL, "an error on success");
  for (guint i = 0; i < entries->len; i++)
    {
      const VdTcpEntry *e = entries->pdata[i];

      check_address (e->local_address);
      check_address (e->remote_address);
      fuzz_check (e->local_port <= G_MAXUINT16 && e->remote_port <= G_MAXUINT16,
                  "ports %u, %u", e->local_port, e->remote_port);
      fuzz_check (e->state <= 0xff, "state %u", e->state);
    }
  check_sessions (entries);
  return 0;
}
