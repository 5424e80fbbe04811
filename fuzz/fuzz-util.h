/* fuzz-util.h: what the fuzz targets share: reading typed values off the
 * input, and checks that abort (so libFuzzer and the replay driver report
 * them as crashes, with the input that caused them).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The input, consumed from the front.  Past its end every byte is 0, so
 * a short input is a valid one. */
typedef struct {
  const guint8 *data;
  size_t size;
} FuzzInput;

static inline guint8
fuzz_byte (FuzzInput *in)
{
  guint8 b;

  if (in->size == 0)
    return 0;
  b = in->data[0];
  in->data++;
  in->size--;
  return b;
}

static inline guint16
fuzz_u16 (FuzzInput *in)
{
  guint16 hi = fuzz_byte (in);

  return (guint16) (hi << 8 | fuzz_byte (in));
}

/* The next LEN bytes (fewer at the end) as a C string: a NUL ends it
 * early, the way every caller of the code under test sees a string. */
static inline char *
fuzz_bytes_string (FuzzInput *in, size_t len)
{
  char *s;

  len = MIN (len, in->size);
  s = g_strndup ((const char *) in->data, len);
  in->data += len;
  in->size -= len;
  return s;
}

/* The rest of the input up to the next NUL (which is consumed), or NULL
 * when the input is used up: fields separated by NUL lose nothing, as no
 * C string holds one. */
static inline char *
fuzz_field (FuzzInput *in)
{
  const guint8 *nul;
  size_t len;
  char *s;

  if (in->size == 0)
    return NULL;
  nul = memchr (in->data, '\0', in->size);
  len = nul ? (size_t) (nul - in->data) : in->size;
  s = g_strndup ((const char *) in->data, len);
  in->data += MIN (len + 1, in->size);
  in->size -= MIN (len + 1, in->size);
  return s;
}

/* A broken invariant: say which, and abort. */
#define fuzz_check(cond, ...) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        fprintf (stderr, "%s:%d: invariant broken: %s: ", __FILE__, __LINE__, #cond); \
        fprintf (stderr, __VA_ARGS__); \
        fputc ('\n', stderr); \
        abort (); \
      } \
  } G_STMT_END

/* A bug that is known and reported, tolerated so the fuzzer goes on to
 * find others.  Each has its input under fuzz/known/TARGET/, replayed with
 * FUZZ_STRICT=1, where tolerating stops: that replay fails once the bug is
 * fixed, and the input then moves to fuzz/regressions/ (fuzz/README.md). */
static inline gboolean
fuzz_tolerate_known_bug (void)
{
  return g_getenv ("FUZZ_STRICT") == NULL;
}

/* A GLib critical or warning (a g_return_if_fail that fired, say) is a
 * bug the fuzzer should stop on. */
static inline void
fuzz_init_glib (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}
