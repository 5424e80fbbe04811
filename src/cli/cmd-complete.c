/* cmd-complete.c: vdctl complete — candidates for the bash completion,
 * read from the command table.
 *
 * Protocol
 * --------
 *
 *   vdctl complete -- PROG WORD... CURRENT
 *
 * PROG is the program word of the line being completed (ignored), WORD...
 * the whole words before the cursor, and CURRENT the word being completed,
 * up to the cursor ('' when the cursor follows a space).  Words are given
 * as the command will see them: unquoted, and not split at '=' or ':'.
 * The '--' keeps GOption off the words; GOption leaves it in place when a
 * later word starts with '-', and this command then skips it.
 *
 * Output: one candidate per line, each a whole replacement for CURRENT that
 * starts with CURRENT:
 *   - command names (hidden commands and section rows are left out);
 *   - long options: before the command the global ones (--connect, --help,
 *     --version), after it the command's own plus --connect; options already
 *     on the line are not offered again unless they may be repeated.
 *     Options are offered when CURRENT starts with '-', or when CURRENT is
 *     empty and the command needs no further argument;
 *   - option values, for '--opt VALUE' and '--opt=VALUE' (then printed with
 *     the '--opt=' in front): those of complete-values.h (the video and
 *     sound models, the actions of --on-disconnect, the items of
 *     --redirect after the last comma with the '-' of one typed with it,
 *     ...), and the literal words of an option's argument description
 *     ("N|auto" gives 'auto');
 *   - the verbs of a two-word command after its first word ("create"
 *     after "pool"); the command names give that first word once;
 *   - names from the connection (complete-names.h): domains for commands
 *     flagged VD_COMMAND_FLAG_DOMAIN_ARGS while they take more arguments
 *     and for --from DOMAIN; from the seats' metadata, pools for the first
 *     argument of VD_COMMAND_FLAG_POOL_ARG and --pool POOL, seats for
 *     VD_COMMAND_FLAG_SEAT_ARGS and --seat SEAT (the command's POOL's).
 *     The connection is the last -c/--connect on the line, else vdctl's
 *     own --connect, else LIBVIRT_DEFAULT_URI, else libvirt's default.
 *
 * File names are left to the shell: when CURRENT is (or ends in) a file
 * name, the only line printed is
 *
 *   //files PREFIX
 *
 * where PREFIX is the part of CURRENT before the file name ('--cdrom=',
 * 'path=', or nothing); '//dirs PREFIX' when only a directory will do (an
 * option whose argument is described as "DIR").  No candidate can start with '//': no command,
 * option or value does, and a domain or pool name cannot contain '/'.  This holds
 * for options of type G_OPTION_ARG_FILENAME, and for the 'key=FILE' forms
 * of an argument description such as "SIZE|path=FILE[,format=F]".
 *
 * The command never prompts and never fails: a connection that cannot be
 * opened, or that does not answer within COMPLETE_TIMEOUT_S, gives no
 * names and no message.  ssh URIs get no_tty=1 so that ssh asks for no
 * password or host key.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "complete-names.h"
#include "complete-values.h"

#define COMPLETE_TIMEOUT_S 3
#define FILES_MARKER "//files"
#define DIRS_MARKER "//dirs"

const GOptionEntry vd_complete_entries[] = {
  { NULL }
};

typedef struct {
  const VdCommand *command;       /* NULL before the command word */
  const char *group;              /* "pool" of "pool create", until its verb */
  gboolean unknown_command;
  gboolean options_ended;         /* after "--" */
  const GOptionEntry *pending;    /* its value is the next word */
  const char *uri;                /* the last -c/--connect */
  GPtrArray *used;                /* entries given so far */
  GPtrArray *args;                /* positional words after the command */
} Line;

static void
line_clear (Line *line)
{
  g_clear_pointer (&line->used, g_ptr_array_unref);
  g_clear_pointer (&line->args, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Line, line_clear)

/* The option tables in force at this point of the line, NULL-terminated. */
static void
option_tables (const Line *line, const GOptionEntry *tables[3])
{
  if (line->command)
    {
      tables[0] = line->command->entries ? line->command->entries : vd_complete_entries;
      tables[1] = vd_common_entries;
    }
  else
    {
      tables[0] = vd_common_entries;
      tables[1] = vd_global_entries;
    }
  tables[2] = NULL;
}

static const GOptionEntry *
find_long (const Line *line, const char *name, gsize len)
{
  const GOptionEntry *tables[3];

  option_tables (line, tables);
  for (int t = 0; tables[t]; t++)
    for (const GOptionEntry *e = tables[t]; e->long_name; e++)
      if (strlen (e->long_name) == len && strncmp (e->long_name, name, len) == 0)
        return e;
  return NULL;
}

static const GOptionEntry *
find_short (const Line *line, char c)
{
  const GOptionEntry *tables[3];

  option_tables (line, tables);
  for (int t = 0; tables[t]; t++)
    for (const GOptionEntry *e = tables[t]; e->long_name; e++)
      if (e->short_name == c)
        return e;
  return NULL;
}

/* Whether the next word is the option's value when none follows '='. */
static gboolean
takes_value (const GOptionEntry *e)
{
  if (e->arg == G_OPTION_ARG_NONE || (e->flags & G_OPTION_FLAG_OPTIONAL_ARG))
    return FALSE;
  if (e->arg == G_OPTION_ARG_CALLBACK)
    return !(e->flags & G_OPTION_FLAG_NO_ARG);
  return TRUE;
}

static gboolean
repeatable (const GOptionEntry *e)
{
  return e->arg == G_OPTION_ARG_STRING_ARRAY || e->arg == G_OPTION_ARG_FILENAME_ARRAY ||
         e->arg == G_OPTION_ARG_CALLBACK;
}

static gboolean
is_connect (const GOptionEntry *e)
{
  for (const GOptionEntry *c = vd_common_entries; c->long_name; c++)
    if (c == e)
      return strcmp (e->long_name, "connect") == 0;
  return FALSE;
}

static void
take_value (Line *line, const GOptionEntry *e, const char *value)
{
  if (is_connect (e))
    line->uri = value;
}

/* Follow the words before the cursor as main.c and GOption would. */
static void
read_line (Line *line, char **words, int n_words)
{
  line->used = g_ptr_array_new ();
  line->args = g_ptr_array_new ();

  for (int i = 0; i < n_words; i++)
    {
      const char *w = words[i];

      if (line->pending)
        {
          take_value (line, line->pending, w);
          line->pending = NULL;
        }
      else if (line->group && line->command == NULL && !line->unknown_command &&
               w[0] == '-')
        line->unknown_command = TRUE;   /* main.c wants the verb next */
      else if (!line->options_ended && strcmp (w, "--") == 0)
        {
          /* Before the command, main.c hands "--" to GOption with the
           * global options; only after it does it end the options. */
          if (line->command)
            line->options_ended = TRUE;
        }
      else if (!line->options_ended && g_str_has_prefix (w, "--"))
        {
          const char *eq = strchr (w, '=');
          const GOptionEntry *e = find_long (line, w + 2, eq ? (gsize) (eq - w - 2)
                                                              : strlen (w + 2));
          if (e == NULL)
            continue;
          g_ptr_array_add (line->used, (gpointer) e);
          if (eq)
            take_value (line, e, eq + 1);
          else if (takes_value (e))
            line->pending = e;
        }
      else if (!line->options_ended && w[0] == '-' && w[1] != '\0')
        {
          /* A cluster of short options; one that takes a value takes the
           * next word, as GOption does. */
          for (const char *p = w + 1; *p; p++)
            {
              const GOptionEntry *e = find_short (line, *p);

              if (e == NULL)
                continue;
              g_ptr_array_add (line->used, (gpointer) e);
              if (takes_value (e))
                line->pending = e;
            }
        }
      else if (line->command == NULL && !line->unknown_command)
        {
          /* A two-word command: its verb follows the group word at once,
           * as main.c reads it. */
          if (line->group)
            {
              g_autofree char *name = g_strdup_printf ("%s %s", line->group, w);

              line->command = vd_command_lookup (name);
            }
          else if (vd_command_is_group (w))
            {
              line->group = w;
              continue;
            }
          else
            line->command = vd_command_lookup (w);
          if (line->command == NULL)
            line->unknown_command = TRUE;
        }
      else
        g_ptr_array_add (line->args, (gpointer) w);
    }
}

/* ---- output -------------------------------------------------------- */

static void
offer (const char *lead, const char *candidate, const char *current)
{
  g_autofree char *word = g_strconcat (lead, candidate, NULL);

  if (g_str_has_prefix (word, current))
    printf ("%s\n", word);
}

static void
offer_files (const char *marker, const char *prefix)
{
  if (*prefix)
    printf ("%s %s\n", marker, prefix);
  else
    printf ("%s\n", marker);
}

/* Command names; a two-word command gives its first word, once. */
static void
offer_commands (const char *current)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);

  for (const VdCommand *c = vd_commands; c->name || c->summary; c++)
    {
      const char *space;

      if (!c->name || !c->run || (c->flags & VD_COMMAND_FLAG_HIDDEN))
        continue;
      space = strchr (c->name, ' ');
      if (space == NULL)
        offer ("", c->name, current);
      else
        {
          g_autofree char *group = g_strndup (c->name, space - c->name);

          if (!g_ptr_array_find_with_equal_func (groups, group, g_str_equal, NULL))
            {
              offer ("", group, current);
              g_ptr_array_add (groups, g_steal_pointer (&group));
            }
        }
    }
}

/* The verbs of GROUP ("create" for "pool create"). */
static void
offer_verbs (const char *group, const char *current)
{
  gsize len = strlen (group);

  for (const VdCommand *c = vd_commands; c->name || c->summary; c++)
    if (c->name && c->run && !(c->flags & VD_COMMAND_FLAG_HIDDEN) &&
        strncmp (c->name, group, len) == 0 && c->name[len] == ' ')
      offer ("", c->name + len + 1, current);
}

static void
offer_options (const Line *line, const char *current)
{
  const GOptionEntry *tables[3];

  option_tables (line, tables);
  for (int t = 0; tables[t]; t++)
    for (const GOptionEntry *e = tables[t]; e->long_name; e++)
      {
        if (e->flags & G_OPTION_FLAG_HIDDEN)
          continue;
        if (!repeatable (e) && g_ptr_array_find (line->used, e, NULL))
          continue;
        offer ("--", e->long_name, current);
      }
}

/* ---- names from the connection ------------------------------------- */

/* Offer the names KIND (see vd_complete_list_names) with LEAD in front, those among
 * the positional words of LINE left out when SKIP_GIVEN.  When the
 * connection hangs in its thread, the process ends here, without the exit
 * handlers that could wait on it. */
static void
offer_names (const Line *line, const char *uri, VdNameKind kind, const char *pool,
             gboolean skip_given, const char *lead, const char *current)
{
  g_auto(GStrv) names = NULL;
  gboolean timed_out = FALSE;

  fflush (stdout);
  names = vd_complete_list_names (uri, kind, pool, COMPLETE_TIMEOUT_S, &timed_out);
  if (timed_out)
    {
      fflush (stdout);
      _exit (0);
    }
  for (char **n = names; n && *n; n++)
    {
      gboolean given = FALSE;

      for (guint i = 0; skip_given && i < line->args->len && !given; i++)
        given = strcmp (line->args->pdata[i], *n) == 0;
      if (!given)
        offer (lead, *n, current);
    }
}

/* A literal word of an argument description: lower case, such as 'auto'
 * in "N|auto" (placeholders are upper case or mixed, such as "MiB"). */
static gboolean
is_literal (const char *s, gsize len)
{
  gboolean letter = FALSE;

  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_islower (s[i]))
        letter = TRUE;
      else if (!g_ascii_isdigit (s[i]) && s[i] != '-')
        return FALSE;
    }
  return letter;
}

/* Options whose value names a domain, a pool or a seat (not create's
 * storage --pool NAME, nor a Windows --rdp-domain DOMAIN). */
static const struct {
  const char *option;
  const char *arg;
  VdNameKind kind;
} name_options[] = {
  { "from", "DOMAIN", VD_NAMES_DOMAINS },
  { "pool", "POOL", VD_NAMES_POOLS },
  { "seat", "SEAT", VD_NAMES_SEATS },
};

/* Values of option E on LINE: VALUE is what is typed of it so far, LEAD
 * what precedes it in the current word ("--opt=" or ""). */
static void
offer_values (const Line *line, const char *uri, const GOptionEntry *e, const char *lead,
              const char *value)
{
  g_autofree char *current = g_strconcat (lead, value, NULL);
  g_auto(GStrv) alternatives = NULL;
  g_auto(GStrv) values = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (name_options); i++)
    if (strcmp (e->long_name, name_options[i].option) == 0 &&
        g_strcmp0 (e->arg_description, name_options[i].arg) == 0)
      {
        const char *pool = name_options[i].kind == VD_NAMES_SEATS && line->command &&
                           (line->command->flags & VD_COMMAND_FLAG_POOL_ARG) &&
                           line->args->len > 0 ? line->args->pdata[0] : NULL;

        offer_names (line, uri, name_options[i].kind, pool, FALSE, lead, current);
        return;
      }

  if (e->arg == G_OPTION_ARG_FILENAME || e->arg == G_OPTION_ARG_FILENAME_ARRAY)
    {
      offer_files (g_strcmp0 (e->arg_description, "DIR") == 0 ? DIRS_MARKER : FILES_MARKER,
                   lead);
      return;
    }
  values = vd_complete_option_values (e->long_name, value);
  for (char **v = values; *v; v++)
    offer (lead, *v, current);

  if (e->arg_description == NULL)
    return;
  alternatives = g_strsplit (e->arg_description, "|", -1);
  for (char **alt = alternatives; *alt; alt++)
    {
      const char *eq = strchr (*alt, '=');

      if (is_literal (*alt, strlen (*alt)))
        offer (lead, *alt, current);
      else if (eq && is_literal (*alt, eq - *alt) && g_str_has_prefix (eq + 1, "FILE"))
        {
          /* key=FILE: the key, then a file name after it. */
          g_autofree char *key = g_strndup (*alt, eq - *alt + 1);

          if (g_str_has_prefix (value, key))
            {
              g_autofree char *prefix = g_strconcat (lead, key, NULL);
              offer_files (FILES_MARKER, prefix);
              return;
            }
          offer (lead, key, current);
        }
    }
}

/* ---- the command --------------------------------------------------- */

static gboolean
wants_more_args (const Line *line)
{
  const VdCommand *c = line->command;

  return c->max_args < 0 || (int) line->args->len < c->max_args;
}

static gboolean
complete (VdInvocation *inv, char **words, int n_words)
{
  g_auto(Line) line = { 0, };
  const char *current;
  const char *uri;

  /* words[0] is the program name, words[n_words - 1] the current word. */
  if (n_words < 2)
    return TRUE;
  current = words[n_words - 1];
  read_line (&line, words + 1, n_words - 2);
  uri = line.uri ? line.uri : inv->uri ? inv->uri : g_getenv ("LIBVIRT_DEFAULT_URI");
  if (uri && *uri == '\0')
    uri = NULL;

  if (line.unknown_command)
    return TRUE;

  if (line.group && line.command == NULL)
    {
      offer_verbs (line.group, current);
      return TRUE;
    }

  if (line.pending)
    {
      offer_values (&line, uri, line.pending, "", current);
      return TRUE;
    }

  if (!line.options_ended && g_str_has_prefix (current, "--") && strchr (current, '='))
    {
      const char *eq = strchr (current, '=');
      const GOptionEntry *e = find_long (&line, current + 2, eq - current - 2);

      if (e && e->arg != G_OPTION_ARG_NONE)
        {
          g_autofree char *lead = g_strndup (current, eq - current + 1);
          offer_values (&line, uri, e, lead, eq + 1);
        }
      return TRUE;
    }

  if (!line.options_ended && current[0] == '-')
    {
      offer_options (&line, current);
      return TRUE;
    }

  if (line.command == NULL)
    {
      offer_commands (current);
      return TRUE;
    }

  if ((line.command->flags & VD_COMMAND_FLAG_DOMAIN_ARGS) && wants_more_args (&line))
    {
      offer_names (&line, uri, VD_NAMES_DOMAINS, NULL, TRUE, "", current);
      return TRUE;
    }
  if ((line.command->flags & VD_COMMAND_FLAG_SEAT_ARGS) && wants_more_args (&line))
    {
      offer_names (&line, uri, VD_NAMES_SEATS, NULL, TRUE, "", current);
      return TRUE;
    }
  if ((line.command->flags & VD_COMMAND_FLAG_POOL_ARG) && line.args->len == 0)
    {
      offer_names (&line, uri, VD_NAMES_POOLS, NULL, FALSE, "", current);
      return TRUE;
    }

  /* Nothing more to name here: the options are what may follow. */
  if (*current == '\0' && !line.options_ended &&
      (int) line.args->len >= line.command->min_args)
    offer_options (&line, current);
  return TRUE;
}

gboolean
vd_cmd_complete (VdInvocation *inv, GError **error)
{
  char **words = inv->args;
  int n_words = inv->n_args;

  /* Whatever libvirt or libxml2 would say must not land in the middle
   * of the line being edited. */
  {
    int null_fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);

    if (null_fd >= 0)
      {
        dup2 (null_fd, STDERR_FILENO);
        close (null_fd);
      }
  }

  /* GOption keeps the "--" when a later word starts with '-'. */
  if (n_words > 0 && strcmp (words[0], "--") == 0)
    {
      words++;
      n_words--;
    }
  complete (inv, words, n_words);
  fflush (stdout);
  return TRUE;
}
