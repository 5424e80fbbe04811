/* test-session-merge.c: SPICE client sessions out of per-channel events
 * (one connect, one authenticated, one disconnect per client however many
 * channels it opens), sessions ended by a desktop that stops, the sync
 * with the socket table, and the stream's line of text and JSON.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "desktop-event.h"
#include "session-merge.h"
#include "test-util.h"

#define UUID "4dea22b3-1d52-d8f3-2516-782e98ab3fa0"

static VdDesktopEvent *
channel (VdEventKind kind, const char *address, guint port, gint64 time)
{
  VdDesktopEvent *event = vd_desktop_event_new (kind, "lab-01", UUID);

  event->address = g_strdup (address);
  event->port = port;
  event->local_port = 5900;
  event->time = time;
  return event;
}

/* Feed KIND for ADDRESS; the kinds of what came out, joined by spaces. */
static char *
feed (VdSessionTracker *tracker, VdEventKind kind, const char *address, guint port,
      gint64 time, GPtrArray *all)
{
  g_autoptr(VdDesktopEvent) event = channel (kind, address, port, time);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (
      (GDestroyNotify) vd_desktop_event_free);
  GString *kinds = g_string_new (NULL);

  vd_session_tracker_feed (tracker, event, out);
  for (guint i = 0; i < out->len; i++)
    {
      g_string_append_printf (kinds, "%s%s", i ? " " : "",
                              vd_event_kind_to_string (((VdDesktopEvent *) out->pdata[i])->kind));
      if (all)
        g_ptr_array_add (all, vd_desktop_event_copy (out->pdata[i]));
    }
  return g_string_free (kinds, FALSE);
}

#define FEED_IS(kind, address, port, time, expected) \
  do { \
    g_autofree char *got_ = feed (tracker, kind, address, port, time, all); \
    ck_assert_str_eq (got_, expected); \
  } while (0)

START_TEST (test_one_viewer)
{
  g_autoptr(VdSessionTracker) tracker = vd_session_tracker_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (
      (GDestroyNotify) vd_desktop_event_free);
  const VdDesktopEvent *gone;

  /* remote-viewer: main first, then display, inputs, cursor, playback. */
  FEED_IS (VD_EVENT_CHANNEL_CONNECT, "127.0.0.1", 40000, 1000000, "connected");
  FEED_IS (VD_EVENT_CHANNEL_INITIALIZE, "127.0.0.1", 40000, 1000100, "authenticated");
  for (guint i = 1; i <= 4; i++)
    {
      FEED_IS (VD_EVENT_CHANNEL_CONNECT, "127.0.0.1", 40000 + i, 1000200, "");
      FEED_IS (VD_EVENT_CHANNEL_INITIALIZE, "127.0.0.1", 40000 + i, 1000300, "");
    }
  ck_assert_uint_eq (vd_session_tracker_count (tracker, UUID), 1);
  for (guint i = 4; i >= 1; i--)
    FEED_IS (VD_EVENT_CHANNEL_DISCONNECT, "127.0.0.1", 40000 + i, 9000000, "");
  FEED_IS (VD_EVENT_CHANNEL_DISCONNECT, "127.0.0.1", 40000, 9500000, "disconnected");
  ck_assert_uint_eq (vd_session_tracker_count (tracker, UUID), 0);

  /* The disconnect tells the session's first port, start and channels. */
  gone = all->pdata[2];
  ck_assert_int_eq (gone->kind, VD_EVENT_DISCONNECTED);
  ck_assert_uint_eq (gone->port, 40000);
  ck_assert_uint_eq (gone->channels, 5);
  ck_assert_int_eq (gone->since, 1000000);
  /* A channel of no known session says nothing. */
  FEED_IS (VD_EVENT_CHANNEL_DISCONNECT, "127.0.0.1", 40000, 9600000, "");
  FEED_IS (VD_EVENT_CHANNEL_INITIALIZE, "127.0.0.1", 40000, 9600000, "");
}
END_TEST

START_TEST (test_two_clients)
{
  g_autoptr(VdSessionTracker) tracker = vd_session_tracker_new ();
  GPtrArray *all = NULL;

  FEED_IS (VD_EVENT_CHANNEL_CONNECT, "192.0.2.10", 50000, 1, "connected");
  FEED_IS (VD_EVENT_CHANNEL_CONNECT, "192.0.2.11", 50000, 2, "connected");
  FEED_IS (VD_EVENT_CHANNEL_CONNECT, "192.0.2.10", 50001, 3, "");
  ck_assert_uint_eq (vd_session_tracker_count (tracker, UUID), 2);
  FEED_IS (VD_EVENT_CHANNEL_DISCONNECT, "192.0.2.11", 50000, 4, "disconnected");
  FEED_IS (VD_EVENT_CHANNEL_DISCONNECT, "192.0.2.10", 50001, 5, "");
  ck_assert_uint_eq (vd_session_tracker_count (tracker, UUID), 1);
  /* The desktop stops: its last session ends with it. */
  FEED_IS (VD_EVENT_STOPPED, NULL, 0, 6, "disconnected");
  ck_assert_uint_eq (vd_session_tracker_count (tracker, UUID), 0);
  FEED_IS (VD_EVENT_CHANNEL_DISCONNECT, "192.0.2.10", 50000, 7, "");
}
END_TEST

START_TEST (test_identity)
{
  g_autoptr(VdSessionTracker) tracker = vd_session_tracker_new ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (
      (GDestroyNotify) vd_desktop_event_free);
  g_autoptr(VdDesktopEvent) connect = channel (VD_EVENT_CHANNEL_CONNECT, "::1", 1, 1);
  g_autoptr(VdDesktopEvent) init = channel (VD_EVENT_CHANNEL_INITIALIZE, "::1", 1, 2);
  g_autoptr(GPtrArray) list = NULL;
  const VdDesktopEvent *auth;

  connect->tls = TRUE;
  init->x509_dname = g_strdup ("CN=alice,O=Example");
  init->auth_scheme = g_strdup ("spice");
  vd_session_tracker_feed (tracker, connect, out);
  vd_session_tracker_feed (tracker, init, out);
  ck_assert_uint_eq (out->len, 2);
  auth = out->pdata[1];
  ck_assert_int_eq (auth->kind, VD_EVENT_AUTHENTICATED);
  ck_assert_str_eq (auth->x509_dname, "CN=alice,O=Example");
  ck_assert (auth->tls);
  list = vd_session_tracker_list (tracker, UUID);
  ck_assert_uint_eq (list->len, 1);
  ck_assert_str_eq (((VdDesktopEvent *) list->pdata[0])->auth_scheme, "spice");
}
END_TEST

static VdDesktopEvent *
live (const char *address, guint channels)
{
  VdDesktopEvent *client = vd_desktop_event_new (VD_EVENT_CONNECTED, "lab-01", UUID);

  client->address = g_strdup (address);
  client->channels = channels;
  return client;
}

START_TEST (test_sync)
{
  g_autoptr(VdSessionTracker) tracker = vd_session_tracker_new ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (
      (GDestroyNotify) vd_desktop_event_free);
  g_autoptr(GPtrArray) now = g_ptr_array_new_with_free_func (
      (GDestroyNotify) vd_desktop_event_free);
  GPtrArray *all = NULL;

  /* When watch starts, what is there is no news. */
  g_ptr_array_add (now, live ("192.0.2.10", 6));
  vd_session_tracker_sync (tracker, UUID, "lab-01", now, TRUE, out);
  ck_assert_uint_eq (out->len, 0);
  ck_assert_uint_eq (vd_session_tracker_count (tracker, UUID), 1);
  /* Its six channels close one by one: one disconnect, at the last. */
  for (guint i = 0; i < 5; i++)
    FEED_IS (VD_EVENT_CHANNEL_DISCONNECT, "192.0.2.10", 1, 10, "");
  FEED_IS (VD_EVENT_CHANNEL_DISCONNECT, "192.0.2.10", 1, 11, "disconnected");

  /* Back from a lost connection: one client came, one went. */
  FEED_IS (VD_EVENT_CHANNEL_CONNECT, "192.0.2.20", 1, 12, "connected");
  g_ptr_array_set_size (now, 0);
  g_ptr_array_add (now, live ("192.0.2.30", 4));
  vd_session_tracker_sync (tracker, UUID, "lab-01", now, FALSE, out);
  ck_assert_uint_eq (out->len, 2);
  ck_assert_int_eq (((VdDesktopEvent *) out->pdata[0])->kind, VD_EVENT_DISCONNECTED);
  ck_assert_str_eq (((VdDesktopEvent *) out->pdata[0])->reason, "gone");
  ck_assert_int_eq (((VdDesktopEvent *) out->pdata[1])->kind, VD_EVENT_CONNECTED);
  ck_assert_str_eq (((VdDesktopEvent *) out->pdata[1])->address, "192.0.2.30");
  ck_assert_str_eq (((VdDesktopEvent *) out->pdata[1])->reason, "found");
  /* Nothing left: the desktop's sessions end. */
  g_ptr_array_set_size (out, 0);
  vd_session_tracker_sync (tracker, UUID, "lab-01", NULL, FALSE, out);
  ck_assert_uint_eq (out->len, 1);
  ck_assert_uint_eq (vd_session_tracker_count (tracker, UUID), 0);
}
END_TEST

START_TEST (test_stream_text)
{
  g_autoptr(VdDesktopEvent) event = channel (VD_EVENT_CONNECTED, "127.0.0.1", 43210,
                                             G_GINT64_CONSTANT (1796256000123456));
  g_autoptr(VdDesktopEvent) own = vd_desktop_event_new (VD_EVENT_CONNECTION_LOST, NULL, NULL);
  g_autofree char *text = NULL;
  g_autofree char *own_text = NULL;

  text = vd_desktop_event_to_text (event);
  ck_assert_str_eq (text, "2026-12-03T00:00:00.123Z  lab-01  connected  "
                          "address=127.0.0.1 port=43210 tls=false user=-");
  own->time = G_GINT64_CONSTANT (1796256000000000);
  vd_desktop_event_set_string (own, "reason", "libvirt's daemon closed the connection");
  vd_desktop_event_set_int (own, "retry_seconds", 2);
  vd_desktop_event_set_int (own, "retry_seconds", 3);
  own_text = vd_desktop_event_to_text (own);
  /* A value with spaces is quoted; a key set twice keeps its last value. */
  ck_assert_str_eq (own_text, "2026-12-03T00:00:00.000Z  -  connection-lost  "
                              "reason=\"libvirt's daemon closed the connection\" "
                              "retry_seconds=3");
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("session-merge");
  TCase *tc = tcase_create ("session-merge");

  tcase_add_test (tc, test_one_viewer);
  tcase_add_test (tc, test_two_clients);
  tcase_add_test (tc, test_identity);
  tcase_add_test (tc, test_sync);
  tcase_add_test (tc, test_stream_text);
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
