/* main.c: the command table, global options and error printing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "commands.h"
#include "conf-file.h"
#include "interrupt.h"
#include "notice.h"
#include "secret.h"
#include "values.h"

G_DEFINE_QUARK (vd-usage-error-quark, vd_usage_error)

const VdCommand vd_commands[] = {
  { NULL, "Create and change desktops" },
  { "create", "Define new desktop VMs", vd_cmd_create, "NAME...",
    vd_create_entries, VD_COMMAND_FLAG_UNDOABLE, 1, -1 },
  { "edit", "Change the desktop settings of a domain", vd_cmd_edit, "NAME",
    vd_edit_entries, VD_COMMAND_FLAG_DOMAIN_ARGS | VD_COMMAND_FLAG_UNDOABLE, 1, 1 },
  { "delete", "Undefine desktops, optionally with their storage", vd_cmd_delete, "NAME...",
    vd_delete_entries, VD_COMMAND_FLAG_DOMAIN_ARGS | VD_COMMAND_FLAG_UNDOABLE, 0, -1 },
  { NULL, "Look at desktops" },
  { "list", "List every domain with its display and USB settings", vd_cmd_list, "",
    vd_list_entries, VD_COMMAND_FLAG_READ_ONLY | VD_COMMAND_FLAG_NO_SECRETS, 0, 0 },
  { "show", "Show the desktop settings of a domain", vd_cmd_show, "NAME",
    vd_show_entries,
    VD_COMMAND_FLAG_DOMAIN_ARGS | VD_COMMAND_FLAG_READ_ONLY | VD_COMMAND_FLAG_NO_SECRETS, 1, 1 },
  { "sessions", "List the SPICE clients connected to running desktops", vd_cmd_sessions,
    "[NAME...]", vd_sessions_entries,
    VD_COMMAND_FLAG_DOMAIN_ARGS | VD_COMMAND_FLAG_READ_ONLY | VD_COMMAND_FLAG_NO_SECRETS, 0, -1 },
  { "watch", "Stream desktop and session events; with --act, act when users leave",
    vd_cmd_watch, "[NAME...]", vd_watch_entries,
    VD_COMMAND_FLAG_DOMAIN_ARGS | VD_COMMAND_FLAG_READ_ONLY, 0, -1 },
  { NULL, "Run desktops" },
  { "start", "Start desktops", vd_cmd_start, "NAME...",
    vd_start_entries, VD_COMMAND_FLAG_DOMAIN_ARGS | VD_COMMAND_FLAG_NO_SECRETS, 0, -1 },
  { "stop", "Shut desktops down (ACPI), or power them off with --force", vd_cmd_stop, "NAME...",
    vd_stop_entries, VD_COMMAND_FLAG_DOMAIN_ARGS | VD_COMMAND_FLAG_NO_SECRETS, 0, -1 },
  { "reboot", "Reboot desktops", vd_cmd_reboot, "NAME...",
    vd_reboot_entries, VD_COMMAND_FLAG_DOMAIN_ARGS | VD_COMMAND_FLAG_NO_SECRETS, 0, -1 },
  { "reset", "Put pool seats back to their golden state", vd_cmd_reset, "SEAT...",
    vd_reset_entries, VD_COMMAND_FLAG_SEAT_ARGS | VD_COMMAND_FLAG_UNDOABLE, 0, -1 },
  { NULL, "Connect users" },
  { "connect", "Start a viewer for a desktop", vd_cmd_connect, "NAME",
    vd_connect_entries, VD_COMMAND_FLAG_DOMAIN_ARGS, 0, 1 },
  { "export-vv", "Write virt-viewer connection files, optionally with one-time tickets",
    vd_cmd_export_vv, "NAME...", vd_export_vv_entries, VD_COMMAND_FLAG_DOMAIN_ARGS, 0, -1 },
  { "export-web", "Print links that open running desktops in a web browser (one-time)",
    vd_cmd_export_web, "NAME...", vd_export_web_entries, VD_COMMAND_FLAG_DOMAIN_ARGS, 1, -1 },
  { "web serve", "Serve the browser client: websockify with spice-html5 and vdctl's page",
    vd_cmd_web_serve, "", vd_web_serve_entries, VD_COMMAND_FLAG_NO_SECRETS, 0, 0 },
  { "export-rdp", "Write a Remote Desktop (.rdp) file for a desktop's own RDP server",
    vd_cmd_export_rdp, "NAME", vd_export_rdp_entries, VD_COMMAND_FLAG_DOMAIN_ARGS, 1, 1 },
  { "rdp", "Turn on Remote Desktop inside a running Windows desktop (rdp enable NAME)",
    vd_cmd_rdp, "enable NAME", vd_rdp_entries, VD_COMMAND_FLAG_NO_SECRETS, 2, 2 },
  { "gateway serve", "Run squid as a gateway that lets viewers reach only desktops' SPICE ports",
    vd_cmd_gateway_serve, "", vd_gateway_serve_entries,
    VD_COMMAND_FLAG_READ_ONLY | VD_COMMAND_FLAG_NO_SECRETS, 0, 0 },
  { NULL, "Pools of seats cloned from a golden desktop" },
  { "pool create", "Make a pool of seats from a shut-off golden domain", vd_cmd_pool_create,
    "POOL --from DOMAIN --seats N", vd_pool_create_entries, VD_COMMAND_FLAG_UNDOABLE, 1, 1 },
  { "pool list", "List the pools", vd_cmd_pool_list, "", vd_pool_list_entries,
    VD_COMMAND_FLAG_READ_ONLY | VD_COMMAND_FLAG_NO_SECRETS, 0, 0 },
  { "pool show", "Show a pool: its base and its seats", vd_cmd_pool_show, "POOL",
    vd_pool_show_entries,
    VD_COMMAND_FLAG_POOL_ARG | VD_COMMAND_FLAG_READ_ONLY | VD_COMMAND_FLAG_NO_SECRETS, 1, 1 },
  { "pool assign", "Give a free seat (or --seat SEAT) to a user", vd_cmd_pool_assign,
    "POOL USER", vd_pool_assign_entries,
    VD_COMMAND_FLAG_POOL_ARG | VD_COMMAND_FLAG_NO_SECRETS, 2, 2 },
  { "pool release", "Take a seat back from its user", vd_cmd_pool_release,
    "POOL [USER]", vd_pool_release_entries,
    VD_COMMAND_FLAG_POOL_ARG | VD_COMMAND_FLAG_NO_SECRETS, 1, 2 },
  { "pool resize", "Add seats, or remove the highest free ones", vd_cmd_pool_resize,
    "POOL N", vd_pool_resize_entries,
    VD_COMMAND_FLAG_POOL_ARG | VD_COMMAND_FLAG_UNDOABLE, 2, 2 },
  { "pool update", "Copy the golden domain again into a new base version",
    vd_cmd_pool_update, "POOL", vd_pool_update_entries,
    VD_COMMAND_FLAG_POOL_ARG | VD_COMMAND_FLAG_UNDOABLE, 1, 1 },
  { "pool delete", "Delete a pool: its seats, their overlays and its bases",
    vd_cmd_pool_delete, "POOL", vd_pool_delete_entries,
    VD_COMMAND_FLAG_POOL_ARG | VD_COMMAND_FLAG_NO_SECRETS, 1, 1 },
  { NULL, "Configure vdctl" },
  { "config", "Show the effective defaults and where each comes from", vd_cmd_config, "",
    vd_config_entries, VD_COMMAND_FLAG_READ_ONLY | VD_COMMAND_FLAG_NO_SECRETS, 0, 0 },
  { "complete", "Print completion candidates for a command line", vd_cmd_complete,
    "[WORD...]", vd_complete_entries,
    VD_COMMAND_FLAG_HIDDEN | VD_COMMAND_FLAG_READ_ONLY | VD_COMMAND_FLAG_NO_SECRETS, 0, -1 },
  { NULL, NULL },
};

static char *opt_connect;
static gboolean opt_readonly;
static gboolean opt_quiet;
/* The command being run, once its word is known: a usage error points to
 * its help. */
static const VdCommand *current_command;
static gboolean opt_version;
static gboolean opt_help;

/* Accepted after the command too, as virsh users expect. */
const GOptionEntry vd_common_entries[] = {
  { "connect", 'c', 0, G_OPTION_ARG_STRING, &opt_connect,
    "Hypervisor connection URI (default: LIBVIRT_DEFAULT_URI, then vdctl.conf, then libvirt's default)", "URI" },
  { "readonly", 'r', 0, G_OPTION_ARG_NONE, &opt_readonly,
    "Connect read-only, as 'virsh -r' does (list, show)", NULL },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet,
    "Print no informational messages", NULL },
  { NULL }
};

gboolean
vd_stdout_flush (GError **error)
{
  int saved;

  errno = 0;
  if (fflush (stdout) == 0 && !ferror (stdout))
    return TRUE;
  saved = errno ? errno : EIO;
  return g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                      "cannot write to standard output: %s", g_strerror (saved)), FALSE;
}

/* Accepted before the command only. */
const GOptionEntry vd_global_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, "Show the version", NULL },
  { "help", 'h', 0, G_OPTION_ARG_NONE, &opt_help, "Show help", NULL },
  { NULL }
};

const VdCommand *
vd_command_lookup (const char *name)
{
  for (const VdCommand *c = vd_commands; c->name || c->summary; c++)
    if (c->name && c->run && strcmp (c->name, name) == 0)
      return c;
  return NULL;
}

const VdCommand *
vd_command_lookup_words (int n, char **words)
{
  g_autofree char *two = NULL;

  if (n < 1)
    return NULL;
  if (n >= 2)
    {
      two = g_strdup_printf ("%s %s", words[0], words[1]);
      if (vd_command_lookup (two))
        return vd_command_lookup (two);
    }
  return vd_command_lookup (words[0]);
}

/* Whether WORD is the first word of two-word commands ("pool"). */
gboolean
vd_command_is_group (const char *word)
{
  gsize len = strlen (word);

  for (const VdCommand *c = vd_commands; c->name || c->summary; c++)
    if (c->name && strncmp (c->name, word, len) == 0 && c->name[len] == ' ')
      return TRUE;
  return FALSE;
}

static gboolean
unknown_command (int n, char **words, GError **error)
{
  g_autoptr(GString) verbs = NULL;
  gsize len;

  if (!vd_command_is_group (words[0]))
    return vd_usage_error (error, "unknown command '%s'", words[0]);
  len = strlen (words[0]);
  verbs = g_string_new (NULL);
  for (const VdCommand *c = vd_commands; c->name || c->summary; c++)
    if (c->name && strncmp (c->name, words[0], len) == 0 && c->name[len] == ' ')
      g_string_append_printf (verbs, "%s%s", verbs->len ? ", " : "", c->name + len + 1);
  if (n < 2)
    return vd_usage_error (error, "'%s' needs one of: %s", words[0], verbs->str);
  return vd_usage_error (error, "unknown command '%s %s'; '%s' takes: %s", words[0], words[1],
                         words[0], verbs->str);
}

gboolean
vd_usage_error (GError **error, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  *error = g_error_new_valist (VD_USAGE_ERROR, VD_USAGE_ERROR_FAILED, format, args);
  va_end (args);
  return FALSE;
}

VdConnection *
vd_invocation_connect (VdInvocation *inv, GError **error)
{
  if (inv->conn == NULL)
    inv->conn = inv->read_only ? vd_connection_open_read_only (inv->uri, error)
                               : vd_connection_open (inv->uri, error);
  return inv->conn;
}

VdVirtDomain *
vd_invocation_lookup (VdInvocation *inv, const char *name, GError **error)
{
  if (vd_invocation_connect (inv, error) == NULL)
    return NULL;
  return vd_virt_domain_lookup (inv->conn, name, error);
}

void
vd_print_desktop_error (const char *name, const GError *error)
{
  g_autofree char *quoted = g_strdup_printf ("'%s'", name);

  /* Most messages name the desktop already. */
  if (strstr (error->message, quoted))
    g_printerr ("vdctl: error: %s\n", error->message);
  else
    g_printerr ("vdctl: error: desktop '%s': %s\n", name, error->message);
}

void
vd_print_json (gpointer json_node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, json_node);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
  fflush (stdout);
}

static void
print_main_help (FILE *out)
{
  fprintf (out, "Usage: vdctl [--connect URI] [--readonly] COMMAND [OPTION…] [ARG…]\n\n"
                "Define, change and connect to desktop VMs on a QEMU/libvirt host.\n");
  for (const VdCommand *c = vd_commands; c->name || c->summary; c++)
    {
      if (c->flags & VD_COMMAND_FLAG_HIDDEN)
        continue;
      if (c->run == NULL)
        fprintf (out, "\n%s:\n", c->summary);
      else
        fprintf (out, "  %-14s %s\n", c->name, c->summary);
    }
  fprintf (out, "\nGlobal options:\n"
                "  -c, --connect URI  hypervisor connection URI\n"
                "  -r, --readonly     connect read-only (list, show)\n"
                "  -q, --quiet        print no informational messages\n"
                "  -h, --help         show this help, or a command's with COMMAND --help\n"
                "  --version          show the version\n"
                "\nExit status: 0 success, 1 failure, 2 usage error.\n"
                "See 'vdctl COMMAND --help' for a command's options.\n");
}

/* Global options before the command. */
static gboolean
parse_global (int *argc, char ***argv, GError **error)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
  int n = 1;

  /* Only the words before the command are global. */
  while (n < *argc && (*argv)[n][0] == '-')
    {
      const char *a = (*argv)[n];

      if ((strcmp (a, "-c") == 0 || strcmp (a, "--connect") == 0) && n + 1 < *argc)
        n += 2;
      else
        n++;
    }

  g_option_context_set_help_enabled (ctx, FALSE);
  g_option_context_add_main_entries (ctx, vd_common_entries, NULL);
  g_option_context_add_main_entries (ctx, vd_global_entries, NULL);
  {
    int gargc = n;
    g_autofree char **gargv = g_new0 (char *, n + 1);
    char **orig = gargv;

    memcpy (gargv, *argv, sizeof (char *) * n);
    if (!g_option_context_parse (ctx, &gargc, &gargv, error))
      return FALSE;
    if (gargc > 1)
      return vd_usage_error (error, "unexpected '%s' before the command", gargv[1]);
    g_assert (gargv == orig);
  }
  *argc -= n - 1;
  *argv += n - 1;
  return TRUE;
}

/* What the command table says of COMMAND, before it runs. */
static gboolean
prepare_process (const VdCommand *command, GError **error)
{
  if (opt_readonly && !(command->flags & VD_COMMAND_FLAG_READ_ONLY))
    return vd_usage_error (error, "'%s' changes desktops or reads their passwords, which a "
                           "read-only connection (-r) does not allow; run it without -r",
                           command->name);
  /* A command that may hold a password is not dumpable from the start
   * (secret.h); list and show read definitions without passwords. */
  if (!(command->flags & VD_COMMAND_FLAG_NO_SECRETS))
    vd_secret_protect_process ();
  return TRUE;
}

/* The options and arguments of COMMAND, ARGV[1], into INV, whose
 * arguments point into *ARGS (the caller frees it). */
static gboolean
parse_command (const VdCommand *command, int argc, char **argv, char ***args,
               VdInvocation *inv, GError **error)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (command->args);
  g_autofree char *prgname = g_strdup_printf ("vdctl %s", command->name);
  int cargc = argc - 1;
  char **p;

  g_set_prgname (prgname);
  g_option_context_set_summary (ctx, command->summary);
  g_option_context_add_main_entries (ctx, command->entries, NULL);
  g_option_context_add_main_entries (ctx, vd_common_entries, NULL);

  /* argv[1] is the command; GOption sees it as the program name. */
  *args = g_new0 (char *, argc);
  memcpy (*args, argv + 1, sizeof (char *) * (argc - 1));
  p = *args;
  if (!g_option_context_parse (ctx, &cargc, &p, error))
    return FALSE;
  inv->args = p + 1;
  inv->n_args = cargc - 1;
  /* GOption leaves "--" in place when a word after it starts with '-';
   * it only ends the options. */
  if (inv->n_args > 0 && strcmp (inv->args[0], "--") == 0)
    {
      inv->args++;
      inv->n_args--;
    }

  if (inv->n_args < command->min_args)
    return vd_usage_error (error, "'%s' needs %s", command->name, command->args);
  if (command->max_args >= 0 && inv->n_args > command->max_args)
    return vd_usage_error (error, "too many arguments for '%s'", command->name);
  return TRUE;
}

/* The rest of INV for COMMAND: the configuration and the URI. */
static gboolean
load_settings (const VdCommand *command, VdInvocation *inv, GError **error)
{
  inv->command = command;
  inv->read_only = opt_readonly;
  inv->config = vd_config_load (error);
  if (inv->config == NULL)
    {
      /* Completion must never fail on a broken file. */
      if (!(command->flags & VD_COMMAND_FLAG_HIDDEN))
        return FALSE;
      g_clear_error (error);
    }
  /* --connect, then LIBVIRT_DEFAULT_URI (libvirt reads it itself), then
   * the configuration, then libvirt's own default. */
  inv->uri = opt_connect;
  if (inv->uri == NULL && g_getenv ("LIBVIRT_DEFAULT_URI") == NULL)
    inv->uri = vd_config_get (inv->config, VD_CONFIG_CONNECT);
  return TRUE;
}

static gboolean
run_command (int argc, char **argv, GError **error)
{
  VdInvocation inv = { 0, };
  const VdCommand *command;
  g_autofree char **args = NULL;
  gboolean ok;

  if (!parse_global (&argc, &argv, error))
    return FALSE;
  if (opt_version)
    {
      printf ("vdctl %s\n", PACKAGE_VERSION);
      return TRUE;
    }
  if (opt_help || argc < 2)
    {
      print_main_help (opt_help ? stdout : stderr);
      if (!opt_help)
        return vd_usage_error (error, "no command given");
      return TRUE;
    }

  command = vd_command_lookup_words (argc - 1, argv + 1);
  if (command == NULL)
    return unknown_command (argc - 1, argv + 1, error);
  if (strchr (command->name, ' '))
    {
      /* "pool create": the verb takes the place of the command word. */
      argc--;
      argv++;
    }
  current_command = command;

  if (!parse_command (command, argc, argv, &args, &inv, error) ||
      !prepare_process (command, error) ||
      !load_settings (command, &inv, error))
    return FALSE;
  if (command->flags & VD_COMMAND_FLAG_UNDOABLE)
    vd_interrupt_catch ();
  vd_set_quiet (opt_quiet);
  ok = command->run (&inv, error);
  vd_connection_free (inv.conn);
  vd_config_free (inv.config);
  return ok;
}

static gboolean
is_usage_error (const GError *error)
{
  return error->domain == VD_USAGE_ERROR || error->domain == G_OPTION_ERROR ||
         error->domain == VD_VALUE_ERROR;
}

/* A standard stream started closed gets /dev/null, so that no file or
 * socket vdctl opens (libvirt's connection, say) becomes its standard
 * output and receives passwords.  Standard output gets it read-only:
 * writing to it fails (EBADF), as writing to a closed one would, and a
 * desktop whose password cannot be shown is not kept. */
static void
keep_standard_fds_taken (void)
{
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl (fd, F_GETFD) == -1 && errno == EBADF)
      {
        int opened = open ("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY);

        if (opened >= 0 && opened != fd)
          {
            dup2 (opened, fd);
            close (opened);
          }
      }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  keep_standard_fds_taken ();
  setlocale (LC_ALL, "");
  g_set_prgname ("vdctl");

  if (run_command (argc, argv, &error))
    return 0;

  /* One line, even when QEMU's own reason spans several. */
  g_strchomp (error->message);
  for (char *p = error->message; *p; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';

  if (is_usage_error (error))
    {
      g_autofree char *hint = current_command
                              ? g_strdup_printf ("vdctl %s --help", current_command->name)
                              : g_strdup ("vdctl --help");
      fprintf (stderr, "vdctl: error: %s; see '%s'\n", error->message, hint);
      return 2;
    }
  if (error->message[0] != '\0')
    fprintf (stderr, "vdctl: error: %s\n", error->message);
  /* As a shell reports a process killed by that signal. */
  if (error->domain == VD_INTERRUPT_ERROR)
    return 128 + error->code;
  return 1;
}
