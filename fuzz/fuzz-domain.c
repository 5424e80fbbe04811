/* fuzz-domain.c: the desktop core on any domain XML with any settings.
 *
 * The input is a settings part, then the domain XML:
 *
 *   byte  0   spice     tristate (value % 3: unset, yes, no)
 *   byte  1   usb3      tristate
 *   byte  2   tls       tristate
 *   byte  3   password  tristate
 *   byte  4   listen    an index into LISTENS below (0: unchanged)
 *   byte  5   port      kind (% 4): unchanged, auto, bytes 6-7 as a
 *                       number, or byte 6 picks one of ODD_PORTS
 *   bytes 6-7 port      value
 *   byte  8   usbredir  % 17: 0 to 15, 16 unchanged
 *   byte  9   video     an index into VIDEOS (0: unchanged)
 *   byte 10   sound     an index into SOUNDS (0: unchanged)
 *   byte 11   memory    kind (% 4): unchanged, MiB from bytes 12-13,
 *                       GiB from bytes 12-13, byte 12 picks one of ODD_MEMORY
 *   bytes 12-13 memory  value
 *   bytes 14-15 vcpus   a number (0: unchanged; above 4096 is refused)
 *   byte 16   agents    bit 0
 *   byte 17   password  length (% 72), then that many bytes of password
 *   the rest  the domain XML
 *
 * For every input: reading and applying never crash nor log a GLib
 * critical or warning; a refused edit sets an error and leaves the
 * serialized document byte for byte as it was; an accepted one sets no
 * error, its result parses again, reads back with what was asked, and
 * applying the same settings to it again (in memory and re-parsed)
 * changes nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "desktop.h"
#include "domain-xml.h"
#include "fuzz-util.h"
#include "values.h"
#include "xml-util.h"

#define HEADER_SIZE 18

static const char * const LISTENS[] = {
  NULL, "127.0.0.1", "0.0.0.0", "::", "::1", "[::1]", "192.168.122.1",
  "2001:db8::1", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1", "fe80::1%eth0",
  "[127.0.0.1]", "localhost", "", "1.2.3", " 127.0.0.1", "127.0.0.1\n",
  "<&'\">", "[::1", "\xff\xfe",
};
static const int ODD_PORTS[] = {
  -2, 1, 1023, 1024, 5900, 65535, 65536, G_MAXINT, G_MININT,
};
static const char * const VIDEOS[] = { NULL, "qxl", "virtio", "vga", "QXL", "cirrus" };
static const char * const SOUNDS[] = { NULL, "ich9", "ich6", "ac97", "none", "sb16", "" };
static const guint64 ODD_MEMORY[] = {
  1, 127, 128, 4096, VD_MEMORY_MAX_MIB, (guint64) VD_MEMORY_MAX_MIB + 1,
  G_MAXUINT64 / 1024, G_MAXUINT64,
};

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

static VdTristate
tristate (guint8 b)
{
  return (VdTristate) (b % 3);
}

static const char *
pick (const char * const *list, gsize n, guint8 b)
{
  return list[b % n];
}

static void
read_settings (FuzzInput *in, VdDesktopSettings *s)
{
  guint8 port_kind, memory_kind, usbredir, password_len;
  guint16 port_value, memory_value;
  g_autofree char *password = NULL;
  VdTristate password_state;

  vd_desktop_settings_init (s);
  s->spice = tristate (fuzz_byte (in));
  s->usb3 = tristate (fuzz_byte (in));
  s->tls = tristate (fuzz_byte (in));
  password_state = tristate (fuzz_byte (in));
  s->listen = g_strdup (pick (LISTENS, G_N_ELEMENTS (LISTENS), fuzz_byte (in)));

  port_kind = fuzz_byte (in) % 4;
  port_value = fuzz_u16 (in);
  switch (port_kind)
    {
    case 0: s->port = -1; break;
    case 1: s->port = VD_PORT_AUTO; break;
    case 2: s->port = port_value; break;
    default: s->port = ODD_PORTS[(port_value >> 8) % G_N_ELEMENTS (ODD_PORTS)]; break;
    }

  usbredir = fuzz_byte (in) % 17;
  s->usbredir = usbredir == 16 ? -1 : usbredir;
  s->video = g_strdup (pick (VIDEOS, G_N_ELEMENTS (VIDEOS), fuzz_byte (in)));
  s->sound = g_strdup (pick (SOUNDS, G_N_ELEMENTS (SOUNDS), fuzz_byte (in)));

  memory_kind = fuzz_byte (in) % 4;
  memory_value = fuzz_u16 (in);
  switch (memory_kind)
    {
    case 0: s->memory_mib = 0; break;
    case 1: s->memory_mib = memory_value; break;
    case 2: s->memory_mib = (guint64) memory_value * 1024; break;
    default: s->memory_mib = ODD_MEMORY[(memory_value >> 8) % G_N_ELEMENTS (ODD_MEMORY)]; break;
    }
  s->vcpus = fuzz_u16 (in);
  s->agents = fuzz_byte (in) & 1;

  password_len = fuzz_byte (in) % 72;
  password = fuzz_bytes_string (in, password_len);
  if (password_state == VD_TRISTATE_YES)
    vd_desktop_settings_set_password (s, password);
  else if (password_state == VD_TRISTATE_NO)
    vd_desktop_settings_set_password (s, NULL);
}

/* What an accepted edit must read back as. */
static void
check_read_back (xmlDoc *doc, const VdDesktopSettings *s)
{
  g_auto(VdDesktopInfo) info = { 0, };
  g_autoptr(GError) error = NULL;
  gboolean spice;

  fuzz_check (vd_domain_read (doc, &info, &error), "%s", error->message);
  spice = g_strcmp0 (info.graphics, "spice") == 0;
  if (s->spice == VD_TRISTATE_YES)
    fuzz_check (spice, "--spice, but the first display is %s", info.graphics);
  if (s->spice == VD_TRISTATE_NO)
    fuzz_check (!spice, "--no-spice, but a SPICE display is left");
  if (spice && s->listen)
    {
      g_autofree char *listen = NULL;

      fuzz_check (vd_parse_listen_address (s->listen, &listen, NULL), "listen");
      fuzz_check (g_strcmp0 (info.listen, listen) == 0, "listen %s, read %s",
                  listen, info.listen);
    }
  if (spice && s->port == VD_PORT_AUTO)
    fuzz_check (info.autoport, "--port auto, but no autoport");
  if (spice && s->port > 0)
    fuzz_check (info.port == s->port && !info.autoport, "--port %d, read %d (autoport %d)",
                s->port, info.port, info.autoport);
  if (spice && s->password == VD_TRISTATE_YES)
    fuzz_check (info.password_set, "a password was set, none is read");
  if (spice && s->password == VD_TRISTATE_NO)
    fuzz_check (!info.password_set, "the password was removed, one is read");
  if (spice && s->tls == VD_TRISTATE_YES)
    fuzz_check (info.tls, "--tls, but the channels are not secure");
  if (spice && s->tls == VD_TRISTATE_NO)
    fuzz_check (!info.tls, "--no-tls, but the channels are secure");
  if (s->usb3 == VD_TRISTATE_YES)
    fuzz_check (info.usb3, "--usb3, but no xHCI controller");
  if (s->usb3 == VD_TRISTATE_NO)
    fuzz_check (!info.usb3, "--no-usb3, but an xHCI controller is left");
  if (s->usbredir >= 0)
    fuzz_check (info.usbredir == s->usbredir, "--usbredir %d, read %d",
                s->usbredir, info.usbredir);
  if (s->video)
    fuzz_check (g_strcmp0 (info.video, s->video) == 0, "--video %s, read %s",
                s->video, info.video);
  if (s->sound)
    fuzz_check (g_strcmp0 (info.sound, strcmp (s->sound, "none") == 0 ? NULL : s->sound) == 0,
                "--sound %s, read %s", s->sound, info.sound);
  if (s->memory_mib > 0)
    fuzz_check (info.memory_mib == s->memory_mib, "--memory %" G_GUINT64_FORMAT
                ", read %" G_GUINT64_FORMAT, s->memory_mib, info.memory_mib);
  if (s->vcpus > 0)
    fuzz_check (info.vcpus == s->vcpus, "--vcpus %u, read %u", s->vcpus, info.vcpus);
  if (s->agents)
    fuzz_check (info.guest_agent, "--agents, but no guest agent channel");
}

/* Applying S to DOC again changes nothing; DOC serializes as RESULT. */
static void
check_idempotent (xmlDoc *doc, const VdDesktopSettings *s, const char *result,
                  const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;

  fuzz_check (vd_domain_apply (doc, s, &error), "%s: applying the same settings "
              "again is refused: %s", what, error->message);
  again = vd_xml_serialize (doc);
  fuzz_check (strcmp (again, result) == 0, "%s: applying the same settings again "
              "changed the document:\n--- once\n%s--- twice\n%s", what, result, again);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FuzzInput in = { data, size };
  g_auto(VdDesktopSettings) settings = { 0, };
  g_auto(VdDesktopInfo) info = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlDoc) reparsed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reserialized = NULL;
  gboolean ok;

  read_settings (&in, &settings);
  doc = vd_xml_parse ((const char *) in.data, (gssize) in.size, "the domain", &error);
  if (doc == NULL)
    {
      fuzz_check (error != NULL, "a parse failure without an error");
      return 0;
    }

  if (!vd_domain_read (doc, &info, &error))
    fuzz_check (error != NULL, "a read failure without an error");
  g_clear_error (&error);

  before = vd_xml_serialize (doc);
  ok = vd_domain_apply (doc, &settings, &error);
  after = vd_xml_serialize (doc);
  if (!ok)
    {
      fuzz_check (error != NULL && error->message && *error->message,
                  "a refused edit without an error message");
      fuzz_check (g_utf8_validate (error->message, -1, NULL),
                  "the error message is not UTF-8: %s", error->message);
      fuzz_check (strcmp (before, after) == 0, "a refused edit (%s) changed the "
                  "document:\n--- before\n%s--- after\n%s", error->message, before, after);
      return 0;
    }
  fuzz_check (error == NULL, "an accepted edit set an error: %s", error->message);
  fuzz_check (g_utf8_validate (after, -1, NULL), "the result is not UTF-8");

  reparsed = vd_xml_parse (after, -1, "the result", &error);
  fuzz_check (reparsed != NULL, "the result does not parse: %s\n%s", error->message, after);
  check_read_back (reparsed, &settings);

  check_idempotent (doc, &settings, after, "in memory");
  reserialized = vd_xml_serialize (reparsed);
  check_idempotent (reparsed, &settings, reserialized, "re-parsed");
  return 0;
}
