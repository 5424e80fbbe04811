/* cmd-pool-create.c: vdctl pool create POOL --from DOMAIN --seats N — copy
 * a shut-off golden domain's disks once into a base, then make N seats on
 * it: linked clones (qcow2 overlays), or stateless seats whose changes
 * go at power-off.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "desktop-options.h"
#include "domain-xml.h"
#include "interrupt.h"
#include "json-out.h"
#include "pool-common.h"
#include "pool-seat.h"
#include "values.h"
#include "xml-util.h"

static char *opt_from;
static char *opt_seats;
static gboolean opt_stateless;
static gboolean opt_json;

const GOptionEntry vd_pool_create_entries[] = {
  { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from,
    "The golden domain: shut off, with an installed system (left as it is)", "DOMAIN" },
  { "seats", 0, 0, G_OPTION_ARG_STRING, &opt_seats,
    "How many seats, 1-999: POOL-01 ... POOL-NN", "N" },
  { "stateless", 0, 0, G_OPTION_ARG_NONE, &opt_stateless,
    "Seats lose every change at power-off (virtio or SCSI disks)", NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    "Print the pool and its seats as JSON", NULL },
  VD_DESKTOP_OPTION_ENTRIES,
  { NULL }
};

typedef struct {
  VdDesktopSettings settings;
  gboolean generate_password;
  guint seats;
  const char *name;
} PoolPlan;

static void
pool_plan_clear (PoolPlan *plan)
{
  vd_desktop_settings_clear (&plan->settings);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PoolPlan, pool_plan_clear)

/* Everything that needs no hypervisor. */
static gboolean
plan_from_options (PoolPlan *plan, VdInvocation *inv, GError **error)
{
  VdDesktopSettings *s = &plan->settings;
  guint64 seats;

  plan->name = inv->args[0];
  if (!vd_pool_check_name (plan->name, error))
    return FALSE;
  if (opt_from == NULL || *opt_from == '\0')
    return vd_usage_error (error, "give the golden domain with --from DOMAIN");
  if (opt_seats == NULL)
    return vd_usage_error (error, "give the number of seats with --seats N");
  if (!vd_parse_count ("--seats", opt_seats, 1, VD_POOL_MAX_SEATS, &seats, error))
    return FALSE;
  plan->seats = (guint) seats;
  vd_desktop_settings_init (s);
  if (!vd_desktop_options_parse (s, error))
    return FALSE;
  if (s->port >= 0 && s->port != VD_PORT_AUTO)
    return vd_usage_error (error, "seats cannot share one --port; they take automatic ports");
  if (s->listen == NULL && vd_config_get (inv->config, VD_CONFIG_LISTEN) &&
      !vd_parse_listen_address (vd_config_get (inv->config, VD_CONFIG_LISTEN), &s->listen, error))
    return FALSE;
  /* A seat is a desktop: a SPICE display with its agents, its own
   * password unless --no-password or --password-file says otherwise. */
  s->spice = VD_TRISTATE_YES;
  s->agents = TRUE;
  if (!vd_desktop_options_resolve_password (s, s->listen ? s->listen : "127.0.0.1", FALSE,
                                            &plan->generate_password, error))
    return FALSE;
  if (s->password == VD_TRISTATE_UNSET)
    plan->generate_password = TRUE;
  return TRUE;
}

/* The seats' names and the pool's must be free. */
static gboolean
check_free (VdInvocation *inv, const VdPoolRecord *record, guint seats, GError **error)
{
  g_autoptr(GPtrArray) pools = vd_pool_scan (inv->conn, record->name, error);

  if (pools == NULL)
    return FALSE;
  if (pools->len > 0)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS,
                        "pool '%s' already exists (see 'vdctl pool show %s')", record->name,
                        record->name), FALSE;
  for (guint n = 1; n <= seats; n++)
    {
      g_autofree char *name = vd_pool_seat_name (record, n);

      if (vd_virt_domain_exists (inv->conn, name))
        return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_EXISTS,
                            "pool '%s' would make seat '%s', but a domain of that name "
                            "exists; choose another pool name", record->name, name), FALSE;
    }
  return TRUE;
}

/* The golden definition the seats are made from: the desktop options
 * applied, and no pool records of its own (a seat can be a golden). */
static xmlDoc *
prepare_golden (xmlDoc *golden, const PoolPlan *plan, GError **error)
{
  g_autoptr(xmlDoc) doc = xmlCopyDoc (golden, 1);

  vd_pool_record_write (doc, NULL, NULL);
  if (!vd_domain_apply (doc, &plan->settings, error))
    return NULL;
  return g_steal_pointer (&doc);
}

static void
print_pool (VdConnection *conn, const VdPoolRecord *record, guint made, JsonBuilder *seats)
{
  const VdBase *base = vd_pool_record_base (record, record->current);
  g_autofree char *size = vd_pool_format_bytes (vd_pool_base_bytes (conn, base));

  if (seats)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      vd_json_add_string (b, "pool", record->name);
      vd_json_add_string (b, "from", record->from);
      vd_json_add_bool (b, "stateless", record->stateless);
      vd_json_add_int (b, "base", record->current, TRUE);
      json_builder_set_member_name (b, "seats");
      json_builder_add_value (b, json_builder_get_root (seats));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      vd_print_json (root);
      return;
    }
  vd_info ("Pool '%s': %u %s seat%s on base 1 (%s) from '%s'\n", record->name, made,
           record->stateless ? "stateless" : "persistent", made == 1 ? "" : "s", size,
           record->from);
}

gboolean
vd_cmd_pool_create (VdInvocation *inv, GError **error)
{
  g_auto(PoolPlan) plan = { 0, };
  g_autoptr(VdDomainLock) lock = NULL;
  g_autoptr(xmlDoc) golden = NULL;
  g_autoptr(xmlDoc) prepared = NULL;
  g_autoptr(VdPoolRecord) record = NULL;
  g_autoptr(VdUndo) base_undo = vd_undo_new ();
  g_autoptr(JsonBuilder) seats = NULL;
  VdSeatPlan seat_plan = { 0, };
  guint made = 0, failed = 0;
  gboolean ok;

  if (!plan_from_options (&plan, inv, error))
    return FALSE;
  record = vd_pool_record_new (plan.name, opt_from, opt_stateless, plan.seats);
  if (vd_invocation_connect (inv, error) == NULL)
    return FALSE;
  lock = vd_pool_lock (inv, plan.name, error);
  if (lock == NULL || !check_free (inv, record, plan.seats, error))
    return FALSE;
  golden = vd_pool_golden_doc (inv, opt_from, error);
  if (golden == NULL)
    return FALSE;
  /* Everything that can be refused is, before anything changes. */
  prepared = prepare_golden (golden, &plan, error);
  if (prepared == NULL)
    return FALSE;
  {
    g_autoptr(GPtrArray) disks = vd_pool_golden_disks (golden, opt_stateless, error);

    if (disks == NULL)
      return FALSE;
  }
  if (!vd_pool_make_base (inv->conn, golden, record, 1, base_undo, error))
    return FALSE;

  seat_plan = (VdSeatPlan) { .conn = inv->conn, .golden = prepared, .pool = record,
                             .settings = &plan.settings,
                             .generate_password = plan.generate_password };
  if (opt_json)
    {
      seats = json_builder_new ();
      json_builder_begin_array (seats);
    }
  ok = vd_pool_make_seats (&seat_plan, 1, plan.seats, seats, &made, &failed, error);
  if (made == 0)
    {
      /* No seat stands on the base: it goes too (base_undo). */
      if (ok)
        g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                     "no seat of pool '%s' could be made; its base is removed", plan.name);
      return FALSE;
    }
  vd_undo_commit (base_undo);
  if (!ok)
    return FALSE;
  if (seats)
    json_builder_end_array (seats);
  print_pool (inv->conn, record, made, seats);
  if (failed)
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "%u of %u seats could not be made", failed, plan.seats), FALSE;
  return vd_stdout_flush (error);
}
