/* replay.c: run a fuzz target's checks over saved inputs, without
 * libFuzzer, so that the seeds and every crash input under regressions/
 * are tests of the ordinary build (and of the sanitizer build).
 *
 *   replay [OPTION | PATH]...
 *
 * Each PATH is a file, or a directory read recursively in name order
 * (names starting with '.' are skipped).  Options apply to the paths after
 * them:
 *
 *   --prefixes DIR   run each input once per file of DIR, with that file's
 *                    bytes put in front (the settings part of fuzz-domain)
 *   --no-prefixes    run inputs as they are again
 *   --suffix SUFFIX  only files whose name ends with SUFFIX ("": any)
 *   --optional       a missing PATH is skipped (exit 77 when every one is)
 *   --known          the inputs of a known bug (fuzz/known/): each must
 *                    still fail with FUZZ_STRICT=1 (in a child process);
 *                    one that passes is a fixed bug and fails the replay,
 *                    until its input moves to fuzz/regressions/; an
 *                    input named *.ub is undefined behaviour that only
 *                    UBSan sees, replayed only in a build with it
 *                    (FUZZ_UBSAN)
 *
 * A broken invariant aborts; the input that did it is named on stderr.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz-util.h"

static char current[4096];

static void
on_crash (int sig)
{
  static const char msg[] = "\nreplay: the input that crashed: ";

  if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0 ||
      write (STDERR_FILENO, current, strlen (current)) < 0 ||
      write (STDERR_FILENO, "\n", 1) < 0)
    {
      /* nothing more to do */
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
install_crash_handlers (void)
{
  /* Sanitizers report a crash and then abort (abort_on_error=1); without
   * them the plain signals are ours to catch. */
  signal (SIGABRT, on_crash);
#if !defined(__SANITIZE_ADDRESS__)
# if defined(__has_feature)
#  if !__has_feature(address_sanitizer)
  signal (SIGSEGV, on_crash);
  signal (SIGBUS, on_crash);
  signal (SIGFPE, on_crash);
#  endif
# else
  signal (SIGSEGV, on_crash);
  signal (SIGBUS, on_crash);
  signal (SIGFPE, on_crash);
# endif
#endif
}

typedef struct {
  GPtrArray *prefixes;        /* GBytes, or NULL */
  GPtrArray *prefix_names;
  const char *suffix;
  gboolean known;
  guint fixed;
  guint still_known;
  guint inputs;
  guint runs;
} Replay;

static void
collect (const char *path, const char *suffix, GPtrArray *files)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (suffix == NULL || g_str_has_suffix (path, suffix))
        g_ptr_array_add (files, g_strdup (path));
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)))
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  /* The caller sorts what is collected. */
  for (guint i = 0; i < names->len; i++)
    collect (names->pdata[i], suffix, files);
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
run (Replay *r, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "replay: %s\n", error->message);
      exit (1);
    }
  if (r->known && g_str_has_suffix (path, ".ub"))
    {
#ifndef FUZZ_UBSAN
      fprintf (stderr, "replay: %s: skipped, only UBSan sees this bug\n", path);
      return;
#endif
    }
  r->inputs++;
  if (r->known)
    {
      pid_t pid;
      int status;

      fprintf (stderr, "replay: %s: a known bug, which must still fail:\n", path);
      fflush (stderr);
      pid = fork ();
      if (pid < 0)
        {
          perror ("replay: fork");
          exit (1);
        }
      if (pid == 0)
        {
          g_setenv ("FUZZ_STRICT", "1", TRUE);
          g_strlcpy (current, path, sizeof current);
          LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
          _exit (0);
        }
      if (waitpid (pid, &status, 0) < 0)
        {
          perror ("replay: waitpid");
          exit (1);
        }
      r->runs++;
      if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
        {
          fprintf (stderr, "replay: %s passes now: the bug is fixed; move the input to "
                   "fuzz/regressions/ and remove its tolerance (fuzz/README.md)\n", path);
          r->fixed++;
        }
      else
        {
          fprintf (stderr, "replay: %s still fails, as expected\n", path);
          r->still_known++;
        }
      return;
    }
  if (r->prefixes == NULL)
    {
      g_strlcpy (current, path, sizeof current);
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
      r->runs++;
      return;
    }
  for (guint i = 0; i < r->prefixes->len; i++)
    {
      gsize plen;
      const guint8 *prefix = g_bytes_get_data (r->prefixes->pdata[i], &plen);
      g_autofree guint8 *input = g_malloc (plen + length + 1);

      memcpy (input, prefix, plen);
      memcpy (input + plen, contents, length);
      g_snprintf (current, sizeof current, "%s with the settings of %s", path,
                  (const char *) r->prefix_names->pdata[i]);
      LLVMFuzzerTestOneInput (input, plen + length);
      r->runs++;
    }
}

static void
load_prefixes (Replay *r, const char *dir)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  g_clear_pointer (&r->prefixes, g_ptr_array_unref);
  g_clear_pointer (&r->prefix_names, g_ptr_array_unref);
  collect (dir, NULL, files);
  if (files->len == 0)
    {
      fprintf (stderr, "replay: no prefix files in %s\n", dir);
      exit (1);
    }
  g_ptr_array_sort (files, compare_paths);
  r->prefixes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  r->prefix_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) error = NULL;
      char *contents;
      gsize length;

      if (!g_file_get_contents (files->pdata[i], &contents, &length, &error))
        {
          fprintf (stderr, "replay: %s\n", error->message);
          exit (1);
        }
      g_ptr_array_add (r->prefixes, g_bytes_new_take (contents, length));
      g_ptr_array_add (r->prefix_names, g_path_get_basename (files->pdata[i]));
    }
}

int
main (int argc, char **argv)
{
  Replay r = { NULL, NULL, NULL, FALSE, 0, 0, 0, 0 };
  gboolean optional = FALSE;
  guint paths = 0, missing = 0;

  install_crash_handlers ();
  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--prefixes") == 0 && i + 1 < argc)
        load_prefixes (&r, argv[++i]);
      else if (strcmp (arg, "--no-prefixes") == 0)
        {
          g_clear_pointer (&r.prefixes, g_ptr_array_unref);
          g_clear_pointer (&r.prefix_names, g_ptr_array_unref);
        }
      else if (strcmp (arg, "--suffix") == 0 && i + 1 < argc)
        {
          r.suffix = argv[++i];
          if (*r.suffix == '\0')
            r.suffix = NULL;
        }
      else if (strcmp (arg, "--optional") == 0)
        optional = TRUE;
      else if (strcmp (arg, "--known") == 0)
        r.known = TRUE;
      else if (g_str_has_prefix (arg, "--"))
        {
          fprintf (stderr, "replay: unknown option %s\n", arg);
          return 2;
        }
      else
        {
          g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

          paths++;
          /* git keeps no empty directory: no known bugs, no known/ dir. */
          if (!g_file_test (arg, G_FILE_TEST_EXISTS) && r.known)
            continue;
          if (!g_file_test (arg, G_FILE_TEST_EXISTS))
            {
              if (!optional)
                {
                  fprintf (stderr, "replay: %s does not exist\n", arg);
                  return 1;
                }
              fprintf (stderr, "replay: skipping %s: it does not exist\n", arg);
              missing++;
              continue;
            }
          collect (arg, r.suffix, files);
          g_ptr_array_sort (files, compare_paths);
          for (guint j = 0; j < files->len; j++)
            run (&r, files->pdata[j]);
        }
    }
  g_clear_pointer (&r.prefixes, g_ptr_array_unref);
  g_clear_pointer (&r.prefix_names, g_ptr_array_unref);
  if (paths > 0 && missing == paths)
    {
      printf ("replay: nothing to replay\n");
      return 77;
    }
  if (r.fixed > 0)
    {
      printf ("replay: %u known bugs are fixed; see above\n", r.fixed);
      return 1;
    }
  printf ("replay: %u inputs, %u runs, no invariant broken", r.inputs - r.still_known,
          r.runs - r.still_known);
  if (r.still_known > 0)
    printf ("; %u inputs of known bugs still fail", r.still_known);
  printf ("\n");
  return 0;
}
