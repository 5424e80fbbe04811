/* test-session.c: SPICE sessions from socket-table entries and watch's
 * records (session.c), with made-up entries: grouping by client address,
 * channels, TLS, the first connection's port, which connections count,
 * the order, and what a record adds (or does not, when stale or of
 * another desktop).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "session.h"
#include "tcp-table.h"

#define UUID_A "4dea22b3-1d52-d8f3-2516-782e98ab3fa0"
#define UUID_B "0b0a8d5c-3f6e-4c4b-9d3e-6a1f2e7c9b10"
#define TIME_ALICE G_GINT64_CONSTANT (1764745929123456)
#define TIME_OTHER G_GINT64_CONSTANT (1764745000000000)

static const VdSessionDesktop desktops[] = {
  { "lab-01", UUID_A, 5900, -1 },
  { "lab-02", UUID_B, 5930, 5931 },
  { "headless", "6c2d1a4e-5b7f-4e8a-9c0d-1e2f3a4b5c6d", -1, -1 },
};

static void
add_entry (GPtrArray *entries, guint local_port, const char *remote, guint remote_port,
           guint state, guint64 inode)
{
  VdTcpEntry *e = g_new0 (VdTcpEntry, 1);

  e->local_address = g_strdup (strchr (remote, ':') ? "::1" : "127.0.0.1");
  e->local_port = local_port;
  e->remote_address = g_strdup (remote);
  e->remote_port = remote_port;
  e->state = state;
  e->inode = inode;
  g_ptr_array_add (entries, e);
}

static GPtrArray *
make_entries (void)
{
  GPtrArray *entries = vd_tcp_table_new ();

  /* lab-01: QEMU listening, a viewer on this host with three channels
   * (inodes not in order), its own ends of them, a closed one, a client
   * from 192.0.2.7 that came first. */
  add_entry (entries, 5900, "0.0.0.0", 0, VD_TCP_STATE_LISTEN, 50);
  add_entry (entries, 5900, "127.0.0.1", 50002, VD_TCP_STATE_ESTABLISHED, 105);
  add_entry (entries, 5900, "127.0.0.1", 50001, VD_TCP_STATE_ESTABLISHED, 101);
  add_entry (entries, 5900, "127.0.0.1", 50003, VD_TCP_STATE_ESTABLISHED, 103);
  add_entry (entries, 50001, "127.0.0.1", 5900, VD_TCP_STATE_ESTABLISHED, 100);
  add_entry (entries, 50002, "127.0.0.1", 5900, VD_TCP_STATE_ESTABLISHED, 104);
  add_entry (entries, 5900, "127.0.0.1", 50009, 6 /* TIME_WAIT */, 0);
  add_entry (entries, 5900, "192.0.2.7", 40000, VD_TCP_STATE_ESTABLISHED, 99);
  add_entry (entries, 5900, "192.0.2.7", 40001, VD_TCP_STATE_ESTABLISHED, 120);
  /* Some other service's port. */
  add_entry (entries, 22, "192.0.2.7", 40100, VD_TCP_STATE_ESTABLISHED, 10);
  /* lab-02: one client over TLS only, one partly. */
  add_entry (entries, 5931, "2001:db8::5", 443, VD_TCP_STATE_ESTABLISHED, 200);
  add_entry (entries, 5931, "2001:db8::5", 444, VD_TCP_STATE_ESTABLISHED, 201);
  add_entry (entries, 5930, "198.51.100.3", 6000, VD_TCP_STATE_ESTABLISHED, 210);
  add_entry (entries, 5931, "198.51.100.3", 6001, VD_TCP_STATE_ESTABLISHED, 211);
  return entries;
}

static VdSession *
record (const char *desktop, const char *uuid, const char *address, guint port,
        gint64 since, const char *dname, const char *sasl)
{
  VdSession *s = vd_session_new ();

  s->desktop = g_strdup (desktop);
  s->uuid = g_strdup (uuid);
  s->address = g_strdup (address);
  s->port = port;
  s->since = since;
  s->x509_dname = g_strdup (dname);
  s->sasl_username = g_strdup (sasl);
  s->channels = 1;
  s->user = g_strdup ("ignored");
  return s;
}

static const VdSession *
session (GPtrArray *sessions, guint i)
{
  ck_assert_uint_lt (i, sessions->len);
  return sessions->pdata[i];
}

START_TEST (test_grouping)
{
  g_autoptr(GPtrArray) entries = make_entries ();
  g_autoptr(GPtrArray) sessions = vd_sessions_collect (desktops, G_N_ELEMENTS (desktops),
                                                       entries, NULL);
  const VdSession *s;

  ck_assert_uint_eq (sessions->len, 4);

  /* lab-01, the clients in the order they connected. */
  s = session (sessions, 0);
  ck_assert_str_eq (s->desktop, "lab-01");
  ck_assert_str_eq (s->uuid, UUID_A);
  ck_assert_str_eq (s->address, "192.0.2.7");
  ck_assert_uint_eq (s->port, 40000);
  ck_assert_uint_eq (s->channels, 2);
  ck_assert (!s->tls);

  s = session (sessions, 1);
  ck_assert_str_eq (s->address, "127.0.0.1");
  ck_assert_uint_eq (s->channels, 3);        /* not the viewer's ends, nor TIME_WAIT */
  ck_assert_uint_eq (s->port, 50001);        /* the lowest inode's */
  ck_assert (!s->tls);
  ck_assert_int_eq (s->since, 0);
  ck_assert_ptr_null (s->x509_dname);
  ck_assert_ptr_null (s->sasl_username);
  ck_assert_ptr_null (s->user);

  s = session (sessions, 2);
  ck_assert_str_eq (s->desktop, "lab-02");
  ck_assert_str_eq (s->address, "2001:db8::5");
  ck_assert_uint_eq (s->channels, 2);
  ck_assert_uint_eq (s->port, 443);
  ck_assert (s->tls);

  /* One channel in plain text: not TLS. */
  s = session (sessions, 3);
  ck_assert_str_eq (s->address, "198.51.100.3");
  ck_assert_uint_eq (s->channels, 2);
  ck_assert_uint_eq (s->port, 6000);
  ck_assert (!s->tls);
}
END_TEST

START_TEST (test_nothing)
{
  g_autoptr(GPtrArray) entries = make_entries ();
  g_autoptr(GPtrArray) none = vd_sessions_collect (desktops + 2, 1, entries, NULL);
  g_autoptr(GPtrArray) no_desktops = vd_sessions_collect (desktops, 0, entries, NULL);
  g_autoptr(GPtrArray) empty = vd_tcp_table_new ();
  g_autoptr(GPtrArray) no_entries = vd_sessions_collect (desktops, 2, empty, NULL);

  ck_assert_uint_eq (none->len, 0);
  ck_assert_uint_eq (no_desktops->len, 0);
  ck_assert_uint_eq (no_entries->len, 0);
}
END_TEST

START_TEST (test_merge)
{
  g_autoptr(GPtrArray) entries = make_entries ();
  g_autoptr(GPtrArray) records = vd_session_array_new ();
  g_autoptr(GPtrArray) sessions = NULL;
  const VdSession *s;

  /* Two records of the loopback client: the one of its main channel's
   * port wins; watch saw the address IPv4-mapped. */
  g_ptr_array_add (records, record ("lab-01", UUID_A, "127.0.0.1", 50077, TIME_OTHER,
                                    NULL, "mallory"));
  g_ptr_array_add (records, record ("lab-01", UUID_A, "::ffff:127.0.0.1", 50001, TIME_ALICE,
                                    "CN=alice,O=Lab", "alice"));
  /* Stale: nobody connected from there. */
  g_ptr_array_add (records, record ("lab-01", UUID_A, "203.0.113.9", 1, TIME_OTHER,
                                    NULL, "gone"));
  /* Another desktop's client from the same address. */
  g_ptr_array_add (records, record ("other", "11111111-2222-3333-4444-555555555555",
                                    "192.0.2.7", 40000, TIME_OTHER, NULL, "eve"));
  /* By name when there is no UUID, and by the short form of the IPv6
   * address. */
  g_ptr_array_add (records, record ("lab-02", NULL, "2001:0db8:0:0::5", 0, TIME_ALICE,
                                    "CN=bob", NULL));
  /* A UUID says more than a name: a domain renamed since. */
  g_ptr_array_add (records, record ("lab-01", UUID_B, "198.51.100.3", 0, TIME_OTHER,
                                    NULL, "carol"));

  sessions = vd_sessions_collect (desktops, G_N_ELEMENTS (desktops), entries, records);
  ck_assert_uint_eq (sessions->len, 4);

  s = session (sessions, 0);
  ck_assert_str_eq (s->address, "192.0.2.7");
  ck_assert_int_eq (s->since, 0);
  ck_assert_ptr_null (s->sasl_username);

  s = session (sessions, 1);
  ck_assert_str_eq (s->address, "127.0.0.1");
  ck_assert_int_eq (s->since, TIME_ALICE);
  ck_assert_str_eq (s->x509_dname, "CN=alice,O=Lab");
  ck_assert_str_eq (s->sasl_username, "alice");
  ck_assert_uint_eq (s->port, 50001);
  ck_assert_uint_eq (s->channels, 3);       /* from the socket table, not the record */
  ck_assert_ptr_null (s->user);

  s = session (sessions, 2);
  ck_assert_str_eq (s->address, "2001:db8::5");
  ck_assert_int_eq (s->since, TIME_ALICE);
  ck_assert_str_eq (s->x509_dname, "CN=bob");
  ck_assert_ptr_null (s->sasl_username);
  ck_assert_uint_eq (s->port, 443);

  s = session (sessions, 3);
  ck_assert_str_eq (s->address, "198.51.100.3");
  ck_assert_str_eq (s->sasl_username, "carol");
}
END_TEST

START_TEST (test_address_normalize)
{
  static const char *const cases[][2] = {
    { "127.0.0.1", "127.0.0.1" },
    { "::ffff:127.0.0.1", "127.0.0.1" },
    { "::FFFF:192.0.2.7", "192.0.2.7" },
    { "2001:0DB8:0000::0005", "2001:db8::5" },
    { "::1", "::1" },
    { "not an address", "not an address" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = vd_session_address_normalize (cases[i][0]);

      ck_assert_str_eq (got, cases[i][1]);
    }
  ck_assert_ptr_null (vd_session_address_normalize (NULL));
}
END_TEST

START_TEST (test_copy)
{
  g_autoptr(VdSession) r = record ("lab-01", UUID_A, "192.0.2.7", 4000, TIME_ALICE, "CN=a",
                                   "a");
  g_autoptr(VdSession) c = vd_session_copy (r);

  ck_assert_ptr_ne (c->desktop, r->desktop);
  ck_assert_str_eq (c->desktop, "lab-01");
  ck_assert_str_eq (c->uuid, UUID_A);
  ck_assert_str_eq (c->address, "192.0.2.7");
  ck_assert_uint_eq (c->port, 4000);
  ck_assert_int_eq (c->since, TIME_ALICE);
  ck_assert_str_eq (c->x509_dname, "CN=a");
  ck_assert_str_eq (c->sasl_username, "a");
  ck_assert_str_eq (c->user, "ignored");
  ck_assert_uint_eq (c->channels, 1);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("session");
  TCase *tc = tcase_create ("session");

  tcase_add_test (tc, test_grouping);
  tcase_add_test (tc, test_nothing);
  tcase_add_test (tc, test_merge);
  tcase_add_test (tc, test_address_normalize);
  tcase_add_test (tc, test_copy);
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
