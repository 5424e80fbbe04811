/* test-event-json.c: the JSON of watch's stream and audit log: the five
 * keys, null for watch's own events, what a session's details say, and
 * an engine's own details after them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <stdlib.h>

#include "event-json.h"
#include "test-util.h"

#define UUID "4dea22b3-1d52-d8f3-2516-782e98ab3fa0"

START_TEST (test_session_line)
{
  g_autoptr(VdDesktopEvent) event = vd_desktop_event_new (VD_EVENT_DISCONNECTED, "lab-01",
                                                          UUID);
  g_autofree char *json = NULL;

  event->time = G_GINT64_CONSTANT (1796256000123456);
  event->since = event->time - 90 * G_USEC_PER_SEC;
  event->address = g_strdup ("127.0.0.1");
  event->port = 43210;
  event->channels = 6;
  event->user = g_strdup ("alice");
  json = vd_desktop_event_to_json_line (event);
  ck_assert_str_eq (json, "{\"time\":\"2026-12-03T00:00:00.123Z\",\"desktop\":\"lab-01\","
                          "\"uuid\":\"" UUID "\",\"event\":\"disconnected\",\"details\":"
                          "{\"address\":\"127.0.0.1\",\"port\":43210,\"tls\":false,"
                          "\"channels\":6,\"seconds\":90,\"user\":\"alice\"}}");
}
END_TEST

START_TEST (test_own_line)
{
  g_autoptr(VdDesktopEvent) own = vd_desktop_event_new (VD_EVENT_CONNECTION_LOST, NULL, NULL);
  g_autoptr(VdDesktopEvent) action = vd_desktop_event_new (VD_EVENT_ACTION, "lab-01", UUID);
  g_autofree char *own_json = NULL;
  g_autofree char *action_json = NULL;

  own->time = G_GINT64_CONSTANT (1796256000000000);
  vd_desktop_event_set_string (own, "reason", "libvirt's daemon closed the connection");
  own_json = vd_desktop_event_to_json_line (own);
  ck_assert_str_eq (own_json, "{\"time\":\"2026-12-03T00:00:00.000Z\",\"desktop\":null,"
                              "\"uuid\":null,\"event\":\"connection-lost\",\"details\":"
                              "{\"reason\":\"libvirt's daemon closed the connection\"}}");
  action->time = own->time;
  action->user = g_strdup ("bob");
  vd_desktop_event_set_string (action, "action", "poweroff");
  vd_desktop_event_set_string (action, "message", NULL);
  vd_desktop_event_set_boolean (action, "retried", FALSE);
  action_json = vd_desktop_event_to_json_line (action);
  ck_assert_str_eq (action_json, "{\"time\":\"2026-12-03T00:00:00.000Z\",\"desktop\":\"lab-01\","
                                 "\"uuid\":\"" UUID "\",\"event\":\"action\",\"details\":"
                                 "{\"user\":\"bob\",\"action\":\"poweroff\",\"message\":null,"
                                 "\"retried\":false}}");
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("event-json");
  TCase *tc = tcase_create ("event-json");

  tcase_add_test (tc, test_session_line);
  tcase_add_test (tc, test_own_line);
  suite_add_tcase (suite, tc);
  return vd_test_run_suite (suite);
}
