/* test-tcp-table.c: /proc/net/tcp and /proc/net/tcp6 text read into
 * entries (tcp-table.c): addresses of both families, IPv4-mapped IPv6
 * addresses as IPv4, ports, states, inodes, and lines refused.
 *
 * The samples are as a little-endian host prints them (the words of an
 * address in the host's byte order): the tests skip elsewhere.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "tcp-table.h"

#define HEADER4 \
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
#define HEADER6 \
  "  sl  local_address                         remote_address                        st tx_queue " \
  "rx_queue tr tm->when retrnsmt   uid  timeout inode\n"

/* QEMU listening on 127.0.0.1:5900 (0x170C), a viewer on this host
 * connected twice (its own ends are the lines with remote port 5900), a
 * client from 192.0.2.7 and a closed connection without inode. */
static const char tcp4[] =
  HEADER4
  "   0: 0100007F:170C 00000000:0000 0A 00000000:00000000 00:00000000 00000000 64055        0 82870 1 00000000b0598f4f 100 0 0 10 0\n"
  "   1: 0100007F:170C 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000 64055        0 90001 1 0000000000000000 20 4 30 10 -1\n"
  "   2: 0100007F:D2F0 0100007F:170C 01 00000000:00000000 00:00000000 00000000     0        0 90000 1 0000000000000000 20 4 30 10 -1\n"
  "   3: 0100007F:170C 0100007F:D2F2 01 00000000:00000000 00:00000000 00000000 64055        0 90005 1 0000000000000000 20 4 30 10 -1\n"
  "   4: 0100007F:170C 070200C0:C350 01 00000000:00000000 00:00000000 00000000 64055        0 91000 1 0000000000000000 20 4 30 10 -1\n"
  "   5: 0100007F:170C 0100007F:D2E0 06 00000000:00000000 03:00000ECB 00000000     0        0 0 3 0000000000000000\n";

/* QEMU listening on :: port 5930 (0x172A); a client from ::ffff:127.0.0.1,
 * one from ::1 and one from 2001:db8::5. */
static const char tcp6[] =
  HEADER6
  "   0: 00000000000000000000000000000000:172A 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 64055        0 70000 1 0000000000000000 100 0 0 10 0\n"
  "   1: 0000000000000000FFFF00000100007F:172A 0000000000000000FFFF00000100007F:9C40 01 00000000:00000000 00:00000000 00000000 64055        0 70010 1 0000000000000000 20 4 30 10 -1\n"
  "   2: 00000000000000000000000001000000:172A 00000000000000000000000001000000:9C41 01 00000000:00000000 00:00000000 00000000 64055        0 70011 1 0000000000000000 20 4 30 10 -1\n"
  "   3: 00000000000000000000000000000000:172A B80D0120000000000000000005000000:01BB 01 00000000:00000000 00:00000000 00000000 64055        0 70012 1 0000000000000000 20 4 30 10 -1\n";

static gboolean
little_endian (void)
{
  return G_BYTE_ORDER == G_LITTLE_ENDIAN;
}

static const VdTcpEntry *
entry (GPtrArray *entries, guint i)
{
  ck_assert_uint_lt (i, entries->len);
  return entries->pdata[i];
}

START_TEST (test_ipv4)
{
  g_autoptr(GPtrArray) entries = vd_tcp_table_new ();
  g_autoptr(GError) error = NULL;
  const VdTcpEntry *e;

  if (!little_endian ())
    return;
  ck_assert_msg (vd_tcp_table_parse (tcp4, entries, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (entries->len, 6);

  e = entry (entries, 0);
  ck_assert_str_eq (e->local_address, "127.0.0.1");
  ck_assert_uint_eq (e->local_port, 5900);
  ck_assert_str_eq (e->remote_address, "0.0.0.0");
  ck_assert_uint_eq (e->remote_port, 0);
  ck_assert_uint_eq (e->state, VD_TCP_STATE_LISTEN);
  ck_assert_uint_eq (e->inode, 82870);

  e = entry (entries, 1);
  ck_assert_uint_eq (e->state, VD_TCP_STATE_ESTABLISHED);
  ck_assert_str_eq (e->remote_address, "127.0.0.1");
  ck_assert_uint_eq (e->remote_port, 0xD2F0);
  ck_assert_uint_eq (e->inode, 90001);

  e = entry (entries, 4);
  ck_assert_str_eq (e->remote_address, "192.0.2.7");
  ck_assert_uint_eq (e->remote_port, 50000);

  e = entry (entries, 5);
  ck_assert_uint_eq (e->state, 6);
  ck_assert_uint_eq (e->inode, 0);
}
END_TEST

START_TEST (test_ipv6)
{
  g_autoptr(GPtrArray) entries = vd_tcp_table_new ();
  g_autoptr(GError) error = NULL;
  const VdTcpEntry *e;

  if (!little_endian ())
    return;
  ck_assert_msg (vd_tcp_table_parse (tcp6, entries, &error), "%s", error ? error->message : "");
  ck_assert_uint_eq (entries->len, 4);

  e = entry (entries, 0);
  ck_assert_str_eq (e->local_address, "::");
  ck_assert_uint_eq (e->local_port, 5930);
  ck_assert_uint_eq (e->state, VD_TCP_STATE_LISTEN);

  /* IPv4-mapped: shown as IPv4, on both ends. */
  e = entry (entries, 1);
  ck_assert_str_eq (e->local_address, "127.0.0.1");
  ck_assert_str_eq (e->remote_address, "127.0.0.1");
  ck_assert_uint_eq (e->remote_port, 40000);
  ck_assert_uint_eq (e->inode, 70010);

  e = entry (entries, 2);
  ck_assert_str_eq (e->remote_address, "::1");
  ck_assert_uint_eq (e->remote_port, 40001);

  e = entry (entries, 3);
  ck_assert_str_eq (e->remote_address, "2001:db8::5");
  ck_assert_uint_eq (e->remote_port, 443);
}
END_TEST

/* Both files into one array, as the host reads them. */
START_TEST (test_both)
{
  g_autoptr(GPtrArray) entries = vd_tcp_table_new ();

  ck_assert (vd_tcp_table_parse (tcp4, entries, NULL));
  ck_assert (vd_tcp_table_parse (tcp6, entries, NULL));
  ck_assert_uint_eq (entries->len, 10);
}
END_TEST

START_TEST (test_empty)
{
  g_autoptr(GPtrArray) entries = vd_tcp_table_new ();

  ck_assert (vd_tcp_table_parse ("", entries, NULL));
  ck_assert (vd_tcp_table_parse (HEADER4, entries, NULL));
  ck_assert (vd_tcp_table_parse (HEADER6 "\n\n", entries, NULL));
  ck_assert_uint_eq (entries->len, 0);
}
END_TEST

static const struct {
  const char *text;
  const char *message;
} broken[] = {
  { "0: 0100007F:170C 00000000:0000 0A\n", "line 1 is not the header" },
  { HEADER4 "   0: 0100007F:170C 00000000:0000 0A 00000000:00000000\n", "line 2 is not" },
  { HEADER4 "   0: 0100007:170C 00000000:0000 0A 0:0 00:0 0 0 0 1\n", "line 2" },
  { HEADER4 "   0: 0100007F:1G0C 00000000:0000 0A 0:0 00:0 0 0 0 1\n", "line 2" },
  { HEADER4 "   0: 0100007F:170C1 00000000:0000 0A 0:0 00:0 0 0 0 1\n", "line 2" },
  { HEADER4 "   0: 0100007F 00000000:0000 0A 0:0 00:0 0 0 0 1\n", "line 2" },
  { HEADER4 "   0: 0100007F:170C 00000000:0000 0A 0:0 00:0 0 0 0 -1\n", "line 2" },
  { HEADER4 "   0: 0100007F:170C 00000000:0000 XY 0:0 00:0 0 0 0 1\n", "line 2" },
  { HEADER4 "   0  0100007F:170C 00000000:0000 0A 0:0 00:0 0 0 0 1\n", "line 2" },
  { HEADER6 "   0: 000000000000000000000000000000:172A 00000000000000000000000000000000:0000 0A 0:0 00:0 0 0 0 1\n",
    "line 2" },
};

START_TEST (test_broken)
{
  g_autoptr(GPtrArray) entries = vd_tcp_table_new ();
  g_autoptr(GError) error = NULL;

  ck_assert (!vd_tcp_table_parse (broken[_i].text, entries, &error));
  ck_assert (error != NULL);
  ck_assert_msg (strstr (error->message, broken[_i].message), "%s", error->message);
  ck_assert_uint_eq (entries->len, 0);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("tcp-table");
  TCase *tc = tcase_create ("tcp-table");

  tcase_add_test (tc, test_ipv4);
  tcase_add_test (tc, test_ipv6);
  tcase_add_test (tc, test_both);
  tcase_add_test (tc, test_empty);
  tcase_add_loop_test (tc, test_broken, 0, G_N_ELEMENTS (broken));
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
