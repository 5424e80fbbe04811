/* commands.h: what every subcommand sees: the invocation and the command
 * table row that describes it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "conf-file.h"
#include "notice.h"
#include "virt.h"

#define VD_USAGE_ERROR (vd_usage_error_quark ())
GQuark vd_usage_error_quark (void);

typedef enum {
  VD_USAGE_ERROR_FAILED,
} VdUsageError;

typedef struct _VdInvocation VdInvocation;

typedef enum {
  VD_COMMAND_FLAG_NONE = 0,
  VD_COMMAND_FLAG_DOMAIN_ARGS = 1 << 0,   /* positional args are domain names */
  VD_COMMAND_FLAG_HIDDEN = 1 << 1,
  VD_COMMAND_FLAG_READ_ONLY = 1 << 2,     /* runs on a read-only connection (-r) */
  VD_COMMAND_FLAG_NO_SECRETS = 1 << 3,    /* never holds a password */
  /* The command changes the host step by step: SIGINT, SIGTERM and SIGHUP
   * stop it at the next step boundary, where it undoes what it made
   * (interrupt.h, undo.h). */
  VD_COMMAND_FLAG_UNDOABLE = 1 << 4,
  VD_COMMAND_FLAG_POOL_ARG = 1 << 5,      /* the first argument names a pool */
  VD_COMMAND_FLAG_SEAT_ARGS = 1 << 6,     /* positional args are pool seats */
} VdCommandFlags;

typedef gboolean (*VdCommandRun) (VdInvocation *inv, GError **error);

typedef struct {
  const char *name;
  const char *summary;        /* NULL run and NULL name: a help section */
  VdCommandRun run;
  const char *args;           /* parameter string for --help */
  const GOptionEntry *entries;
  VdCommandFlags flags;
  int min_args;
  int max_args;               /* -1: any number */
} VdCommand;

struct _VdInvocation {
  const VdCommand *command;
  const char *uri;            /* --connect, or NULL for libvirt's default */
  gboolean read_only;         /* -r/--readonly */
  VdConfig *config;           /* vdctl.conf; NULL only for completion */
  char **args;                /* positional arguments */
  int n_args;
  VdConnection *conn;
};

VdConnection *vd_invocation_connect (VdInvocation *inv, GError **error);
/* Connect, then look the domain NAME up. */
VdVirtDomain *vd_invocation_lookup (VdInvocation *inv, const char *name, GError **error);
/* One error line about the desktop NAME, among several. */
void vd_print_desktop_error (const char *name, const GError *error);
gboolean vd_usage_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Output shared by commands. */
void vd_print_json (gpointer json_node);
/* Flush standard output: FALSE with an error saying why when what was
 * written did not all get there (a closed pipe, a full disk). */
gboolean vd_stdout_flush (GError **error);

/* One per subcommand, each in its cmd-<name>.c. */
extern const GOptionEntry vd_create_entries[];
gboolean vd_cmd_create (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_edit_entries[];
gboolean vd_cmd_edit (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_show_entries[];
gboolean vd_cmd_show (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_list_entries[];
gboolean vd_cmd_list (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_sessions_entries[];
gboolean vd_cmd_sessions (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_start_entries[];
gboolean vd_cmd_start (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_stop_entries[];
gboolean vd_cmd_stop (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_reboot_entries[];
gboolean vd_cmd_reboot (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_delete_entries[];
gboolean vd_cmd_delete (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_export_vv_entries[];
gboolean vd_cmd_export_vv (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_export_web_entries[];
gboolean vd_cmd_export_web (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_web_serve_entries[];
gboolean vd_cmd_web_serve (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_export_rdp_entries[];
gboolean vd_cmd_export_rdp (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_connect_entries[];
gboolean vd_cmd_connect (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_rdp_entries[];
gboolean vd_cmd_rdp (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_gateway_serve_entries[];
gboolean vd_cmd_gateway_serve (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_config_entries[];
gboolean vd_cmd_config (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_complete_entries[];
gboolean vd_cmd_complete (VdInvocation *inv, GError **error);

/* Pools (cmd-pool-*.c). */
extern const GOptionEntry vd_pool_create_entries[];
gboolean vd_cmd_pool_create (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_pool_list_entries[];
gboolean vd_cmd_pool_list (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_pool_show_entries[];
gboolean vd_cmd_pool_show (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_pool_assign_entries[];
gboolean vd_cmd_pool_assign (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_pool_release_entries[];
gboolean vd_cmd_pool_release (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_pool_resize_entries[];
gboolean vd_cmd_pool_resize (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_pool_update_entries[];
gboolean vd_cmd_pool_update (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_pool_delete_entries[];
gboolean vd_cmd_pool_delete (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_watch_entries[];
gboolean vd_cmd_watch (VdInvocation *inv, GError **error);
extern const GOptionEntry vd_reset_entries[];
gboolean vd_cmd_reset (VdInvocation *inv, GError **error);

extern const VdCommand vd_commands[];
/* Options every command accepts (--connect), and those only accepted
 * before the command (--help, --version). */
extern const GOptionEntry vd_common_entries[];
extern const GOptionEntry vd_global_entries[];
const VdCommand *vd_command_lookup (const char *name);
/* The command WORDS (N of them) start with: a two-word one ("pool
 * create") before a one-word one. */
const VdCommand *vd_command_lookup_words (int n, char **words);
/* Whether WORD begins two-word commands ("pool"). */
gboolean vd_command_is_group (const char *word);
