/* test-spice-policy.c: the parsers, formatters and filter arithmetic of
 * spice-policy.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"
#include "spice-policy.h"
#include "values.h"

#define ANY VD_USB_ANY

static void
assert_invalid (const GError *error, const char *message)
{
  ck_assert_ptr_nonnull (error);
  ck_assert (g_error_matches (error, VD_VALUE_ERROR, VD_VALUE_ERROR_INVALID));
  ck_assert_str_eq (error->message, message);
}

/* ---- --redirect -------------------------------------------------------- */

static const struct { const char *values[3]; guint base; guint expect; } redirect_cases[] = {
  { { "usb", NULL }, 0, VD_REDIRECT_USB },
  { { "none,usb", NULL }, VD_REDIRECT_DEFAULT, VD_REDIRECT_USB },
  { { "none", "usb" }, VD_REDIRECT_ALL, VD_REDIRECT_USB },
  { { "usb,none", NULL }, VD_REDIRECT_DEFAULT, 0 },
  { { "-clipboard", NULL }, VD_REDIRECT_DEFAULT, VD_REDIRECT_DEFAULT & ~VD_REDIRECT_CLIPBOARD },
  { { "-clipboard", NULL }, 0, 0 },
  { { "smartcard,folders", NULL }, VD_REDIRECT_DEFAULT, VD_REDIRECT_ALL },
  { { "usb,usb,usb", NULL }, 0, VD_REDIRECT_USB },
  { { "-usb,-usb", NULL }, VD_REDIRECT_ALL, VD_REDIRECT_ALL & ~VD_REDIRECT_USB },
  { { "usb,-usb", NULL }, 0, 0 },
  { { "-usb,usb", NULL }, VD_REDIRECT_ALL, VD_REDIRECT_ALL },
  { { "audio", "-audio" }, VD_REDIRECT_AUDIO, 0 },
  { { "-files", "files" }, 0, VD_REDIRECT_FILES },
  { { "none", NULL }, VD_REDIRECT_ALL, 0 },
  { { "none,smartcard,-smartcard,microphone", NULL }, VD_REDIRECT_ALL, VD_REDIRECT_MICROPHONE },
};

START_TEST (test_redirect_apply)
{
  VdRedirectChange change = { 0 };

  for (guint i = 0; redirect_cases[_i].values[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert_msg (vd_redirect_change_parse (&change, redirect_cases[_i].values[i], &error),
                     "%s: %s", redirect_cases[_i].values[i], error ? error->message : "");
    }
  ck_assert (change.given);
  ck_assert_uint_eq (vd_redirect_change_apply (&change, redirect_cases[_i].base),
                     redirect_cases[_i].expect);
}
END_TEST

#define CHOICES "usb, smartcard, folders, audio, microphone, clipboard, files, none, " \
  "or -NAME to remove one"

static const struct { const char *text; const char *message; } bad_redirects[] = {
  { "usbb", "invalid --redirect item 'usbb': choose from " CHOICES },
  { "usb,printer", "invalid --redirect item 'printer': choose from " CHOICES },
  { "-foo", "invalid --redirect item '-foo': choose from " CHOICES },
  { "USB", "invalid --redirect item 'USB': choose from " CHOICES },
  { "--usb", "invalid --redirect item '--usb': choose from " CHOICES },
  { "-", "invalid --redirect item '-': choose from " CHOICES },
  { "usb,,audio", "invalid --redirect 'usb,,audio': an empty item; give a comma-separated "
    "list of " CHOICES },
  { "usb,", "invalid --redirect 'usb,': an empty item; give a comma-separated list of "
    CHOICES },
  { "", "invalid --redirect '': give a comma-separated list of " CHOICES },
  { "-none", "invalid --redirect item '-none': 'none' takes no '-'; give none, or -NAME "
    "to remove one" },
  { "usb, audio", "invalid --redirect item ' audio': choose from " CHOICES },
};

START_TEST (test_redirect_bad)
{
  g_autoptr(GError) error = NULL;
  VdRedirectChange change = { 0 };

  ck_assert (vd_redirect_change_parse (&change, "smartcard,-clipboard", NULL));
  ck_assert (!vd_redirect_change_parse (&change, bad_redirects[_i].text, &error));
  assert_invalid (error, bad_redirects[_i].message);
  /* unchanged by the failure */
  ck_assert (change.given);
  ck_assert_uint_eq (change.add, VD_REDIRECT_SMARTCARD);
  ck_assert_uint_eq (change.remove, VD_REDIRECT_CLIPBOARD);
}
END_TEST

START_TEST (test_redirect_names)
{
  VdRedirectChange none = { 0 };
  g_autofree char *all = vd_redirect_to_string (VD_REDIRECT_ALL);
  g_autofree char *def = vd_redirect_to_string (VD_REDIRECT_DEFAULT);
  g_autofree char *nothing = vd_redirect_to_string (0);
  g_autofree char *two = vd_redirect_to_string (VD_REDIRECT_FILES | VD_REDIRECT_USB);

  ck_assert_str_eq (all, "usb,smartcard,folders,audio,microphone,clipboard,files");
  ck_assert_str_eq (def, "usb,audio,microphone,clipboard,files");
  ck_assert_str_eq (nothing, "none");
  ck_assert_str_eq (two, "usb,files");
  for (guint i = 0; vd_redirect_names[i] != NULL; i++)
    ck_assert_uint_eq (vd_redirect_from_name (vd_redirect_names[i]), 1u << i);
  ck_assert_uint_eq (vd_redirect_from_name ("none"), 0);
  ck_assert_uint_eq (vd_redirect_from_name (""), 0);
  ck_assert_uint_eq (vd_redirect_change_apply (&none, VD_REDIRECT_AUDIO), VD_REDIRECT_AUDIO);
}
END_TEST

/* ---- USB rules ------------------------------------------------------- */

static const struct { const char *text; VdUsbRule rule; const char *shown; } good_rules[] = {
  { "storage", { 0x08, ANY, ANY, ANY, FALSE }, "deny storage" },
  { "hid", { 0x03, ANY, ANY, ANY, FALSE }, "deny hid" },
  { "printer", { 0x07, ANY, ANY, ANY, FALSE }, "deny printer" },
  { "audio", { 0x01, ANY, ANY, ANY, FALSE }, "deny audio" },
  { "video", { 0x0e, ANY, ANY, ANY, FALSE }, "deny video" },
  { "smartcard-reader", { 0x0b, ANY, ANY, ANY, FALSE }, "deny smartcard-reader" },
  { "wireless", { 0xe0, ANY, ANY, ANY, FALSE }, "deny wireless" },
  { "hub", { 0x09, ANY, ANY, ANY, FALSE }, "deny hub" },
  { "any", { ANY, ANY, ANY, ANY, FALSE }, "deny any" },
  { "any:any:any:any", { ANY, ANY, ANY, ANY, FALSE }, "deny any" },
  { "-1:-1:-1:-1", { ANY, ANY, ANY, ANY, FALSE }, "deny any" },
  { "0x08:any:any:any", { 0x08, ANY, ANY, ANY, FALSE }, "deny storage" },
  { "0x03:0x046d:any:any", { 0x03, 0x046d, ANY, ANY, FALSE }, "deny 0x03:0x046d:any:any" },
  { "3:1133:-1:any", { 0x03, 0x046d, ANY, ANY, FALSE }, "deny 0x03:0x046d:any:any" },
  { "any:0x2B23:0xcdcd:2.00", { ANY, 0x2b23, 0xcdcd, 0x0200, FALSE },
    "deny any:0x2b23:0xcdcd:0x0200" },
  { "0xff:0xffff:0xffff:0x9999", { 0xff, 0xffff, 0xffff, 0x9999, FALSE },
    "deny 0xff:0xffff:0xffff:0x9999" },
  { "0:0:0:0", { 0, 0, 0, 0, FALSE }, "deny 0x00:0x0000:0x0000:0x0000" },
  { "any:any:any:12.34", { ANY, ANY, ANY, 0x1234, FALSE }, "deny any:any:any:0x1234" },
  { "any:any:any:1.10", { ANY, ANY, ANY, 0x0110, FALSE }, "deny any:any:any:0x0110" },
  { "any:any:any:0x0110", { ANY, ANY, ANY, 0x0110, FALSE }, "deny any:any:any:0x0110" },
};

START_TEST (test_usb_rule_good)
{
  g_autoptr(GError) error = NULL;
  VdUsbRule rule;
  const VdUsbRule *want = &good_rules[_i].rule;
  g_autofree char *shown = NULL;
  g_autofree char *allowed = NULL;
  VdUsbRule again;

  ck_assert_msg (vd_usb_rule_parse ("--usb-deny", good_rules[_i].text, FALSE, &rule, &error),
                 "%s: %s", good_rules[_i].text, error ? error->message : "");
  ck_assert_int_eq (rule.usb_class, want->usb_class);
  ck_assert_int_eq (rule.vendor, want->vendor);
  ck_assert_int_eq (rule.product, want->product);
  ck_assert_int_eq (rule.version, want->version);
  ck_assert (!rule.allow);
  shown = vd_usb_rule_to_string (&rule);
  ck_assert_str_eq (shown, good_rules[_i].shown);
  /* what is shown parses back to the same rule */
  ck_assert (vd_usb_rule_parse ("--usb-allow", strchr (shown, ' ') + 1, TRUE, &again, NULL));
  ck_assert (again.allow);
  again.allow = FALSE;
  ck_assert (memcmp (&again, &rule, sizeof rule) == 0);
  allowed = vd_usb_rule_to_string (&(VdUsbRule) { rule.usb_class, rule.vendor, rule.product,
                                                   rule.version, TRUE });
  ck_assert_str_eq (allowed + strlen ("allow"), shown + strlen ("deny"));
}
END_TEST

#define CLASSES "storage, hid, printer, audio, video, smartcard-reader, wireless, hub"
#define SHAPE(opt, text) "invalid " opt " rule '" text "': give a class (" CLASSES "), any, " \
  "or CLASS:VENDOR:PRODUCT:VERSION with any for a field, as in 0x08:0x0781:any:any"

static const struct { const char *text; const char *message; } bad_rules[] = {
  { "storag", SHAPE ("--usb-allow", "storag") },
  { "", SHAPE ("--usb-allow", "") },
  { "Storage", SHAPE ("--usb-allow", "Storage") },
  { "0x08", SHAPE ("--usb-allow", "0x08") },
  { "0x08:any:any", SHAPE ("--usb-allow", "0x08:any:any") },
  { "0x08:any:any:any:1", SHAPE ("--usb-allow", "0x08:any:any:any:1") },
  { "0x100:any:any:any", "invalid --usb-allow rule '0x100:any:any:any': class '0x100' is "
    "not a number in 0x00-0xff or any" },
  { "256:any:any:any", "invalid --usb-allow rule '256:any:any:any': class '256' is not a "
    "number in 0x00-0xff or any" },
  { "storage:any:any:any", "invalid --usb-allow rule 'storage:any:any:any': class "
    "'storage' is not a number in 0x00-0xff or any" },
  { "0x08:0x10000:any:any", "invalid --usb-allow rule '0x08:0x10000:any:any': vendor "
    "'0x10000' is not a number in 0x0000-0xffff or any" },
  { "any:zz:any:any", "invalid --usb-allow rule 'any:zz:any:any': vendor 'zz' is not a "
    "number in 0x0000-0xffff or any" },
  { "any:any::any", "invalid --usb-allow rule 'any:any::any': product '' is not a number "
    "in 0x0000-0xffff or any" },
  { "any:any:-2:any", "invalid --usb-allow rule 'any:any:-2:any': product '-2' is not a "
    "number in 0x0000-0xffff or any" },
  { "any:any:0x:any", "invalid --usb-allow rule 'any:any:0x:any': product '0x' is not a "
    "number in 0x0000-0xffff or any" },
  { "any:any:0x0x10:any", "invalid --usb-allow rule 'any:any:0x0x10:any': product "
    "'0x0x10' is not a number in 0x0000-0xffff or any" },
  { "any:any:any:200", "invalid --usb-allow rule 'any:any:any:200': version '200' is "
    "0x00c8, not a device version: every hex digit is 0-9 (0x0200 is 2.00); write it as 2.00" },
  { "any:any:any:2.0", "invalid --usb-allow rule 'any:any:any:2.0': version '2.0' is not "
    "a number in 0x0000-0xffff or as 2.00 or any" },
  { "any:any:any:100.00", "invalid --usb-allow rule 'any:any:any:100.00': version "
    "'100.00' is not a number in 0x0000-0xffff or as 2.00 or any" },
  { "any:any:any:2.0a", "invalid --usb-allow rule 'any:any:any:2.0a': version '2.0a' is "
    "not a number in 0x0000-0xffff or as 2.00 or any" },
  { "any:any:any: 1", "invalid --usb-allow rule 'any:any:any: 1': version ' 1' is not a "
    "number in 0x0000-0xffff or as 2.00 or any" },
  { "any:+1:any:any", "invalid --usb-allow rule 'any:+1:any:any': vendor '+1' is not a "
    "number in 0x0000-0xffff or any" },
};

START_TEST (test_usb_rule_bad)
{
  g_autoptr(GError) error = NULL;
  VdUsbRule rule = { 7, 7, 7, 7, FALSE };

  ck_assert (!vd_usb_rule_parse ("--usb-allow", bad_rules[_i].text, TRUE, &rule, &error));
  assert_invalid (error, bad_rules[_i].message);
  ck_assert_int_eq (rule.usb_class, 7);
}
END_TEST

START_TEST (test_usb_rule_allow)
{
  VdUsbRule rule;
  g_autofree char *shown = NULL;

  ck_assert (vd_usb_rule_parse ("--usb-allow", "hid", TRUE, &rule, NULL));
  ck_assert (rule.allow);
  shown = vd_usb_rule_to_string (&rule);
  ck_assert_str_eq (shown, "allow hid");
}
END_TEST

/* ---- closing a user's list ------------------------------------------- */

static GArray *
rules_of (const VdUsbRule *rules, guint n)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (VdUsbRule));

  g_array_append_vals (a, rules, n);
  return a;
}

#define RULES(...) rules_of ((VdUsbRule[]) { __VA_ARGS__ }, \
                             sizeof ((VdUsbRule[]) { __VA_ARGS__ }) / sizeof (VdUsbRule))
#define R(c, v, p, n, a) ((VdUsbRule) { c, v, p, n, a })

static char *
rules_text (const GArray *rules)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; rules && i < rules->len; i++)
    g_ptr_array_add (parts, vd_usb_rule_to_string (&g_array_index (rules, VdUsbRule, i)));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("; ", (char **) parts->pdata);
}

static void
assert_closed (GArray *in, const char *expect)
{
  g_autoptr(GArray) input = in;
  g_autoptr(GArray) closed = vd_usb_rules_close (input);
  g_autofree char *text = rules_text (closed);

  ck_assert_str_eq (text, expect);
}

START_TEST (test_usb_close)
{
  g_autoptr(GArray) empty = g_array_new (FALSE, TRUE, sizeof (VdUsbRule));
  g_autoptr(GArray) from_null = vd_usb_rules_close (NULL);
  g_autoptr(GArray) from_empty = vd_usb_rules_close (empty);

  ck_assert_uint_eq (from_null->len, 0);
  ck_assert_uint_eq (from_empty->len, 0);
  assert_closed (RULES (R (0x08, ANY, ANY, ANY, FALSE)), "deny storage; allow any");
  assert_closed (RULES (R (0x08, ANY, ANY, ANY, FALSE), R (0x0e, ANY, ANY, ANY, FALSE)),
                 "deny storage; deny video; allow any");
  assert_closed (RULES (R (0x03, ANY, ANY, ANY, TRUE)), "allow hid");
  assert_closed (RULES (R (0x08, ANY, ANY, ANY, FALSE), R (0x03, ANY, ANY, ANY, TRUE)),
                 "deny storage; allow hid");
  assert_closed (RULES (R (0x03, ANY, ANY, ANY, TRUE), R (0x08, ANY, ANY, ANY, FALSE)),
                 "allow hid; deny storage; allow any");
  assert_closed (RULES (VD_USB_RULE_ANY_ALLOW), "");
  assert_closed (RULES (VD_USB_RULE_ANY_ALLOW, R (0x08, ANY, ANY, ANY, FALSE)), "");
  assert_closed (RULES (R (ANY, ANY, ANY, ANY, FALSE)), "deny any");
  assert_closed (RULES (R (0x08, ANY, ANY, ANY, FALSE), VD_USB_RULE_ANY_ALLOW,
                        R (0x03, ANY, ANY, ANY, FALSE)), "deny storage; allow any");
}
END_TEST

/* ---- the .vv file's usb-filter --------------------------------------- */

START_TEST (test_vv_round_trip)
{
  g_autoptr(GArray) rules = RULES (R (0x08, ANY, ANY, ANY, FALSE),
                                   R (0x03, 0x046d, 0xc52b, 0x1211, TRUE),
                                   R (ANY, 0x2b23, ANY, 0x0200, FALSE),
                                   VD_USB_RULE_ANY_ALLOW);
  g_autoptr(GArray) empty = g_array_new (FALSE, TRUE, sizeof (VdUsbRule));
  g_autofree char *text = vd_usb_rules_to_vv (rules);
  g_autofree char *none = vd_usb_rules_to_vv (empty);
  g_autofree char *none2 = vd_usb_rules_to_vv (NULL);
  g_autoptr(GArray) back = NULL;
  g_autoptr(GArray) back_empty = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_str_eq (text, "0x08,-1,-1,-1,0|0x03,0x046d,0xc52b,0x1211,1|"
                    "-1,0x2b23,-1,0x0200,0|-1,-1,-1,-1,1");
  ck_assert_str_eq (none, "");
  ck_assert_str_eq (none2, "");
  back = vd_usb_rules_from_vv (text, &error);
  ck_assert_ptr_nonnull (back);
  ck_assert_uint_eq (back->len, rules->len);
  ck_assert (memcmp (back->data, rules->data, rules->len * sizeof (VdUsbRule)) == 0);
  back_empty = vd_usb_rules_from_vv ("", &error);
  ck_assert_ptr_nonnull (back_empty);
  ck_assert_uint_eq (back_empty->len, 0);
}
END_TEST

/* What other writers put there: usbredir's own strings, decimal, octal
 * (strtol base 0), empty rules between separators. */
static const struct { const char *text; const char *shown; } good_vv[] = {
  { "-1,-1,-1,-1,1", "allow any" },
  { "8,-1,-1,-1,0|-1,-1,-1,-1,1", "deny storage; allow any" },
  { "0x03,-1,-1,-1,1||", "allow hid" },
  { "|0X0e,-1,-1,-1,0", "deny video" },
  { "010,-1,-1,-1,0", "deny storage" },
  { "-1,1133,0xC52B,-1,1", "allow any:0x046d:0xc52b:any" },
};

START_TEST (test_vv_good)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rules = vd_usb_rules_from_vv (good_vv[_i].text, &error);
  g_autofree char *shown = NULL;

  ck_assert_msg (rules != NULL, "%s: %s", good_vv[_i].text, error ? error->message : "");
  shown = rules_text (rules);
  ck_assert_str_eq (shown, good_vv[_i].shown);
}
END_TEST

#define VV_BAD(rule) "invalid usb-filter rule '" rule "': give class,vendor,product,version," \
  "allow with -1 for any and allow 0 or 1, as in 0x08,-1,-1,-1,0"

static const struct { const char *text; const char *message; } bad_vv[] = {
  { "0x08,-1,-1,-1", VV_BAD ("0x08,-1,-1,-1") },
  { "0x08,-1,-1,-1,0,1", VV_BAD ("0x08,-1,-1,-1,0,1") },
  { "-1,-1,-1,-1,1|0x100,-1,-1,-1,0", VV_BAD ("0x100,-1,-1,-1,0") },
  { "-2,-1,-1,-1,0", VV_BAD ("-2,-1,-1,-1,0") },
  { "-1,0x10000,-1,-1,0", VV_BAD ("-1,0x10000,-1,-1,0") },
  { "-1,-1,-1,-1,2", VV_BAD ("-1,-1,-1,-1,2") },
  { "-1,-1,-1,-1,yes", VV_BAD ("-1,-1,-1,-1,yes") },
  { "storage,-1,-1,-1,0", VV_BAD ("storage,-1,-1,-1,0") },
  { "-1,,-1,-1,0", VV_BAD ("-1,,-1,-1,0") },
  { "-1, 1,-1,-1,0", VV_BAD ("-1, 1,-1,-1,0") },
  { "08,-1,-1,-1,0", VV_BAD ("08,-1,-1,-1,0") },
};

START_TEST (test_vv_bad)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rules = vd_usb_rules_from_vv (bad_vv[_i].text, &error);

  ck_assert_ptr_null (rules);
  assert_invalid (error, bad_vv[_i].message);
}
END_TEST

/* ---- narrowing, checked by brute force --------------------------------- */

typedef struct { int c, v, p, n; } Device;

static gboolean
field_matches (int rule, int value)
{
  return rule == ANY || rule == value;
}

/* QEMU's and usbredir's check: the first rule that matches decides, a
 * device that matches none is refused; no filter lets all through. */
static gboolean
passes (const GArray *rules, const Device *d)
{
  if (rules == NULL || rules->len == 0)
    return TRUE;
  for (guint i = 0; i < rules->len; i++)
    {
      const VdUsbRule *r = &g_array_index (rules, VdUsbRule, i);

      if (field_matches (r->usb_class, d->c) && field_matches (r->vendor, d->v)
          && field_matches (r->product, d->p) && field_matches (r->version, d->n))
        return r->allow;
    }
  return FALSE;
}

/* The user's list means what its closed form lets through. */
static gboolean
passes_user (const GArray *rules, const Device *d)
{
  g_autoptr(GArray) closed = vd_usb_rules_close (rules);

  return passes (closed, d);
}

static int
pick (GRand *rand, int n)
{
  int v = g_rand_int_range (rand, -1, n);

  return v < 0 ? ANY : v;
}

static GArray *
random_rules (GRand *rand)
{
  GArray *rules = g_array_new (FALSE, TRUE, sizeof (VdUsbRule));
  int n = g_rand_int_range (rand, 0, 5);

  for (int i = 0; i < n; i++)
    {
      VdUsbRule r = { pick (rand, 3), pick (rand, 2), pick (rand, 2), pick (rand, 2),
                      g_rand_boolean (rand) };

      g_array_append_val (rules, r);
    }
  return rules;
}

START_TEST (test_narrow_brute_force)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261202);

  for (guint round = 0; round < 4000; round++)
    {
      g_autoptr(GArray) server = random_rules (rand);
      g_autoptr(GArray) narrow = random_rules (rand);
      g_autoptr(GArray) result = vd_usb_rules_narrow (round % 7 == 0 ? NULL : server, narrow);

      for (int c = 0; c < 3; c++)
        for (int v = 0; v < 2; v++)
          for (int p = 0; p < 2; p++)
            for (int n = 0; n < 2; n++)
              {
                Device d = { c, v, p, n };
                gboolean want = (round % 7 == 0 || passes (server, &d))
                                && passes_user (narrow, &d);

                if (passes (result, &d) != want)
                  {
                    g_autofree char *s = rules_text (server), *u = rules_text (narrow);
                    g_autofree char *r = rules_text (result);

                    ck_abort_msg ("server [%s] narrow [%s] gave [%s]: device %d:%d:%d:%d %s",
                                  round % 7 == 0 ? "" : s, u, r, c, v, p, n,
                                  want ? "refused" : "let through");
                  }
              }
    }
}
END_TEST

START_TEST (test_narrow_examples)
{
  g_autoptr(GArray) server = RULES (R (0x08, ANY, ANY, ANY, FALSE), VD_USB_RULE_ANY_ALLOW);
  g_autoptr(GArray) hid = RULES (R (0x03, ANY, ANY, ANY, TRUE));
  g_autoptr(GArray) a = vd_usb_rules_narrow (server, hid);
  g_autoptr(GArray) b = vd_usb_rules_narrow (NULL, hid);
  g_autoptr(GArray) c = vd_usb_rules_narrow (server, NULL);
  g_autoptr(GArray) d = vd_usb_rules_narrow (NULL, NULL);
  g_autofree char *ta = rules_text (a), *tb = rules_text (b), *tc = rules_text (c);

  ck_assert_str_eq (ta, "allow hid");   /* "deny hid" after it would never decide */
  ck_assert_str_eq (tb, "allow hid");
  ck_assert_str_eq (tc, "deny storage; allow any");
  ck_assert_uint_eq (d->len, 0);
}
END_TEST

/* ---- the display profile ---------------------------------------------- */

START_TEST (test_display_profile)
{
  g_autoptr(GError) error = NULL;
  VdDisplayProfile p = VD_DISPLAY_PROFILE_UNSET;

  ck_assert (vd_display_profile_parse ("lan", &p, NULL));
  ck_assert_int_eq (p, VD_DISPLAY_PROFILE_LAN);
  ck_assert (vd_display_profile_parse ("wan", &p, NULL));
  ck_assert_int_eq (p, VD_DISPLAY_PROFILE_WAN);
  ck_assert (!vd_display_profile_parse ("custom", &p, &error));
  assert_invalid (error, "invalid --display-profile 'custom': choose lan (no lossy "
                  "compression) or wan (compressed for slow links)");
  ck_assert_int_eq (p, VD_DISPLAY_PROFILE_WAN);
  g_clear_error (&error);
  ck_assert (!vd_display_profile_parse ("", &p, &error));
  ck_assert_str_eq (vd_display_profile_name (VD_DISPLAY_PROFILE_LAN), "lan");
  ck_assert_str_eq (vd_display_profile_name (VD_DISPLAY_PROFILE_WAN), "wan");
  ck_assert_str_eq (vd_display_profile_name (VD_DISPLAY_PROFILE_CUSTOM), "custom");
  ck_assert_ptr_null (vd_display_profile_name (VD_DISPLAY_PROFILE_UNSET));
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("spice-policy");
  TCase *tc = tcase_create ("policy");

  tcase_add_loop_test (tc, test_redirect_apply, 0, G_N_ELEMENTS (redirect_cases));
  tcase_add_loop_test (tc, test_redirect_bad, 0, G_N_ELEMENTS (bad_redirects));
  tcase_add_test (tc, test_redirect_names);
  tcase_add_loop_test (tc, test_usb_rule_good, 0, G_N_ELEMENTS (good_rules));
  tcase_add_loop_test (tc, test_usb_rule_bad, 0, G_N_ELEMENTS (bad_rules));
  tcase_add_test (tc, test_usb_rule_allow);
  tcase_add_test (tc, test_usb_close);
  tcase_add_test (tc, test_vv_round_trip);
  tcase_add_loop_test (tc, test_vv_good, 0, G_N_ELEMENTS (good_vv));
  tcase_add_loop_test (tc, test_vv_bad, 0, G_N_ELEMENTS (bad_vv));
  tcase_add_test (tc, test_narrow_brute_force);
  tcase_add_test (tc, test_narrow_examples);
  tcase_add_test (tc, test_display_profile);
  suite_add_tcase (suite, tc);

  return vd_test_run_suite (suite);
}
