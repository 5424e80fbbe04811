/* test-corpus.c: the corpus round trip.
 *
 * For each document in $VDCTL_CORPUS (../shared/corpus/domains/, real
 * domain XML from virt-manager's test suite), each edit that applies,
 * followed by its reverse, gives back the same canonical XML; a document
 * that validates against libvirt's schema still validates after each
 * edit.  Every document is also read back with vd_domain_read and checked
 * against direct reads.
 *
 * Canonical XML: the document without its whitespace-only text nodes
 * (its indentation), written without added formatting (see
 * vd_test_canonical).  Everything else counts, attribute order included.
 *
 * Every edit runs forward on every document:
 *   - when the core refuses it, the document must be byte for byte as it
 *     was (all-or-nothing), the error a VD_DOMAIN_ERROR, and the rules
 *     below must not say "applies";
 *   - when the rules below predict a refusal ("refused"), the core must
 *     refuse;
 *   - when the core does it, a document that validated still validates,
 *     and vd_domain_read reports the value asked for;
 *   - when the edit applies, the reverse edit, which gives back the value
 *     read from the original document, must succeed, keep the document
 *     valid, and give back the original canonical XML.
 *
 * When an edit applies.  "The SPICE display" is the first <graphics
 * type='spice'>.  An edit applies unless one of these holds; each says
 * why the reverse edit cannot give the original back:
 *
 * --listen A then --listen <original>: forward 192.0.2.7 (198.51.100.7 when
 *   that is the original).  Refused without a SPICE display.  Skipped when
 *   the display's first <listen> is not type='address' (network, socket
 *   and none listens are replaced, and no option brings them back), has no
 *   address, or disagrees with the legacy listen attribute; when there is
 *   neither a <listen> nor a legacy attribute (the edit adds an address
 *   where libvirt's default was); or when the address is not written the
 *   way --listen writes it (the parser gives back a different text).
 *
 * --port: a display with autoport='yes' and no port (or virt-install's
 *   port='-1' tlsPort='-1') gets --port 5999 then --port auto; one with
 *   autoport='no' and a port --port can take gets --port auto then
 *   --port <port>.  Refused without a SPICE display, and when its first
 *   listen is of type none or socket (libvirt keeps no port there; --port
 *   then needs --listen).  Skipped otherwise: a
 *   missing autoport attribute cannot come back once one is written,
 *   autoport='yes' with a real port is a running domain's XML, and a port
 *   below 1024 (or port='-1' alone) is no --port value.
 *
 * --password-file / --no-password: a display with a password gets
 *   --no-password then the password back; one without gets a password
 *   (with < & ' " and non-ASCII in it) then --no-password.  Refused without
 *   a SPICE display.  Skipped when the display has passwdValidTo (no
 *   option sets an expiry) or a password --password-file would refuse.
 *
 * --usb3 / --no-usb3: one qemu-xhci controller gets --no-usb3 then --usb3;
 *   anything else gets --usb3 then --no-usb3.  Refused when the USB
 *   devices and SPICE channels do not fit the new controllers' ports.
 *   Skipped when there is no USB controller (--no-usb3 adds the ich9 set
 *   rather than nothing), or when the controllers are not exactly the ones
 *   vdctl writes (one qemu-xhci with ports='15'; or ich9-ehci1 and
 *   ich9-uhci1..3 with masters at ports 0, 2, 4, next to one another; all
 *   with the same index or none, without <address>, alias or other
 *   attributes): the old controllers' addresses cannot come back.
 *
 * --usbredir N+1 then --usbredir N (N channels now).  Refused without a
 *   SPICE display, with a USB controller of model 'none', or when no USB
 *   port is free.  Skipped when N is 15 already, when there is no USB
 *   controller (vdctl adds one that --usbredir does not take away), or
 *   when libvirt decides the controller's ports.
 *
 * --usbredir N-1 then --usbredir N.  Skipped unless there is a SPICE
 *   display and a USB controller of known ports that are not overfull, and
 *   N >= 2 with the last channel exactly as vdctl writes it and right after
 *   the channel before it (a removed channel's address or boot order, or
 *   its place elsewhere, cannot come back).
 *
 * --spice then --no-spice, on documents without a SPICE display.  Skipped
 *   when the document has SPICE devices without the display (spicevmc or
 *   spiceport anywhere, or a SPICE <audio>: --no-spice removes them too),
 *   no <devices>, or no video device (--spice adds the profile's qxl, where
 *   libvirt would add cirrus; --no-spice leaves it).  Documents with a SPICE display get --no-spice forward
 *   only: it cannot give back the attributes and children it removes.
 *
 * --video M then --video <original>: M is the first of qxl, virtio, vga that
 *   differs (not vga when the model has heads).  Skipped without a video
 *   device (one would be added, and no option removes it), when the model
 *   is no --video value, or when the <model> has attributes other than
 *   type, heads and primary, or children (sizes and acceleration belong to
 *   the old model and are dropped), or is a vga with heads.
 *
 * --sound: without a sound device, --sound ich9 then --sound none; else
 *   the first sound device's model goes to ich9 (ich6 when it is ich9) and
 *   back.  Skipped when that model is no --sound value, or is ac97 with
 *   codecs (codecs do not come back to ac97), or there are no <devices>.
 *
 * --memory M+1024 then --memory M (M from <memory>, in MiB).  Refused with
 *   NUMA cells or when M+1024 is above maxMemory.  Skipped when there is
 *   no <memory>, when it is not a whole number of MiB, or out of --memory's
 *   range; when <currentMemory> is above it (--memory brings it down); or
 *   when the element's unit cannot hold M+1024 exactly (it becomes MiB,
 *   and no option gives the old unit back).  A smaller <currentMemory>
 *   stays as it is; an equal one follows <memory>.
 *
 * --vcpus N+S then --vcpus N (S the vCPUs per socket of the topology, else
 *   1).  Refused with a <vcpus> list or a topology that cannot be read.
 *   Skipped without a <vcpu> count, when N+S is above 4096, when there is
 *   a current='...' count (--vcpus drops it, so that the guest boots with
 *   what was asked), or when a topology has no sockets or does not add up
 *   to N.
 *
 * --redirect -clipboard then --redirect clipboard (and the same for
 *   files: <filetransfer>).  Skipped without a SPICE display (there is
 *   nothing to turn off, and nothing changes), and when the display has a <clipboard> (<filetransfer>) element already:
 *   one that allows is removed when turned on again, one that refuses
 *   leaves nothing to turn off.
 *
 * --redirect smartcard then --redirect -smartcard; --redirect folders then
 *   --redirect -folders.  Skipped when the document has a <smartcard> or
 *   a CCID controller (a webdav spiceport channel) already: there is
 *   nothing to add, with a SPICE display or not.  Refused without a SPICE
 *   display.  Skipped without <devices>.
 *
 * --usb-deny storage then --usb-allow any (no filter).  Refused without a
 *   SPICE display.  Skipped when the document has a <redirfilter>.
 *
 * The log ends with per-edit counts: applied, and skipped with reasons.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "domain-xml.h"
#include "test-util.h"
#include "values.h"
#include "xml-util.h"

#define LISTEN_A       "192.0.2.7"
#define LISTEN_B       "198.51.100.7"
#define FORWARD_PORT   5999
#define NEW_PASSWORD   "Round <trip> & 'quotes' \"too\" é"

typedef enum {
  PLAN_APPLIES,
  PLAN_SKIPPED,
  PLAN_REFUSED,
} PlanKind;

typedef struct {
  PlanKind kind;
  const char *reason;          /* why not PLAN_APPLIES; a static string */
  VdDesktopSettings forward;
  VdDesktopSettings reverse;
} Plan;

static void
plan_init (Plan *plan)
{
  plan->kind = PLAN_APPLIES;
  plan->reason = NULL;
  vd_desktop_settings_init (&plan->forward);
  vd_desktop_settings_init (&plan->reverse);
}

static void
plan_clear (Plan *plan)
{
  vd_desktop_settings_clear (&plan->forward);
  vd_desktop_settings_clear (&plan->reverse);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

static void
skip (Plan *plan, const char *reason)
{
  plan->kind = PLAN_SKIPPED;
  plan->reason = reason;
}

static void
refuse (Plan *plan, const char *reason)
{
  plan->kind = PLAN_REFUSED;
  plan->reason = reason;
}

/* ---- direct reads ---------------------------------------------------- */

static xmlNode *
element (xmlNode *parent, const char *name)
{
  return vd_xml_first_element (parent, name);
}

static xmlNode *
devices_of (xmlDoc *doc)
{
  return element (xmlDocGetRootElement (doc), "devices");
}

static xmlNode *
spice_display (xmlDoc *doc)
{
  for (xmlNode *g = element (devices_of (doc), "graphics"); g;
       g = vd_xml_next_element (g, "graphics"))
    if (vd_xml_prop_equals (g, "type", "spice"))
      return g;
  return NULL;
}

static gboolean
has_prop (xmlNode *node, const char *name)
{
  return node && xmlHasNsProp (node, (const xmlChar *) name, NULL) != NULL;
}

static guint
count_props (xmlNode *node)
{
  guint n = 0;

  for (xmlAttr *a = node->properties; a; a = a->next)
    n++;
  return n;
}

static GPtrArray *
usb_controllers (xmlDoc *doc)
{
  GPtrArray *nodes = g_ptr_array_new ();

  for (xmlNode *n = element (devices_of (doc), "controller"); n;
       n = vd_xml_next_element (n, "controller"))
    if (vd_xml_prop_equals (n, "type", "usb"))
      g_ptr_array_add (nodes, n);
  return nodes;
}

static GPtrArray *
spice_redirdevs (xmlDoc *doc)
{
  GPtrArray *nodes = g_ptr_array_new ();

  for (xmlNode *n = element (devices_of (doc), "redirdev"); n;
       n = vd_xml_next_element (n, "redirdev"))
    if (vd_xml_prop_equals (n, "type", "spicevmc") && vd_xml_prop_equals (n, "bus", "usb"))
      g_ptr_array_add (nodes, n);
  return nodes;
}

/* Anything of SPICE's below NODE: a spicevmc or spiceport chardev, a
 * SPICE audio backend. */
static gboolean
has_spice_devices (xmlNode *node)
{
  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (vd_xml_prop_equals (n, "type", "spicevmc") ||
          vd_xml_prop_equals (n, "type", "spiceport") ||
          (strcmp ((const char *) n->name, "audio") == 0 &&
           vd_xml_prop_equals (n, "type", "spice")) ||
          has_spice_devices (n))
        return TRUE;
    }
  return FALSE;
}

static guint
count_hubs (xmlDoc *doc)
{
  guint n = 0;

  for (xmlNode *h = element (devices_of (doc), "hub"); h; h = vd_xml_next_element (h, "hub"))
    if (vd_xml_prop_equals (h, "type", "usb"))
      n++;
  return n;
}

/* Bytes in a libvirt memory unit; 0 when unknown. */
static guint64
unit_bytes (const char *unit)
{
  static const struct { const char *unit; guint64 bytes; } units[] = {
    { "b", 1 }, { "bytes", 1 },
    { "k", 1024 }, { "KiB", 1024 }, { "KB", 1000 },
    { "M", 1048576 }, { "MiB", 1048576 }, { "MB", 1000000 },
    { "G", 1073741824 }, { "GiB", 1073741824 }, { "GB", 1000000000 },
    { "T", G_GUINT64_CONSTANT (1099511627776) }, { "TiB", G_GUINT64_CONSTANT (1099511627776) },
    { "TB", G_GUINT64_CONSTANT (1000000000000) },
  };

  if (unit == NULL)
    return 1024;
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (units[i].unit, unit) == 0)
      return units[i].bytes;
  return 0;
}

static gboolean
memory_bytes (xmlNode *node, guint64 *bytes, guint64 *scale)
{
  g_autofree char *unit = vd_xml_get_prop (node, "unit");
  g_autofree char *text = vd_xml_get_content (node);
  guint64 value;

  *scale = unit_bytes (unit);
  if (*scale == 0 || text == NULL ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64 / *scale, &value, NULL))
    return FALSE;
  *bytes = value * *scale;
  return TRUE;
}

/* ---- the edits ------------------------------------------------------ */

/* The plans are also made outside any test, for the counts: what they
 * check of vd_domain_read is checked inside tests only. */
static gboolean in_test;

#define CHECK_READ(cond, ...) \
  G_STMT_START { \
    if (in_test) \
      ck_assert_msg ((cond), __VA_ARGS__); \
  } G_STMT_END

typedef void (*PlanFunc) (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan);

static void
plan_listen (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  xmlNode *g = spice_display (doc);
  xmlNode *first = element (g, "listen");
  g_autofree char *legacy = vd_xml_get_prop (g, "listen");
  g_autofree char *address = NULL;
  g_autofree char *normal = NULL;

  address = first ? vd_xml_get_prop (first, "address") : g_strdup (legacy);
  plan->forward.listen = g_strdup (g_strcmp0 (address, LISTEN_A) == 0 ? LISTEN_B : LISTEN_A);
  if (g == NULL)
    return refuse (plan, "no SPICE display");
  if (first && !vd_xml_prop_equals (first, "type", "address"))
    return skip (plan, "the first listen is a network, socket or none listen");
  if (first && address == NULL)
    return skip (plan, "the address listen has no address (libvirt's default)");
  if (first && legacy && strcmp (legacy, address) != 0)
    return skip (plan, "the legacy listen attribute disagrees with the listen element");
  if (address == NULL)
    return skip (plan, "no listen address at all (libvirt's default)");
  if (!vd_parse_listen_address (address, &normal, NULL) || strcmp (normal, address) != 0)
    return skip (plan, "the address is not written the way --listen writes it");
  CHECK_READ (g_strcmp0 (info->listen, address) == 0, "listen %s", info->listen);
  plan->reverse.listen = g_strdup (info->listen);
}

static void
plan_port (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  xmlNode *g = spice_display (doc);
  g_autofree char *autoport = vd_xml_get_prop (g, "autoport");
  g_autofree char *port = vd_xml_get_prop (g, "port");
  int value;

  gboolean legacy_auto = g_strcmp0 (port, "-1") == 0 && vd_xml_prop_equals (g, "tlsPort", "-1");

  plan->forward.port = g_strcmp0 (autoport, "yes") == 0 || port == NULL ||
                       strcmp (port, "-1") == 0 ? FORWARD_PORT : VD_PORT_AUTO;
  if (g == NULL)
    return refuse (plan, "no SPICE display");
  if (vd_xml_prop_equals (element (g, "listen"), "type", "none") ||
      vd_xml_prop_equals (element (g, "listen"), "type", "socket"))
    return refuse (plan, "a display that listens nowhere or on a socket (libvirt keeps no "
                   "port there)");
  if (autoport == NULL)
    return skip (plan, "no autoport attribute");
  if (strcmp (autoport, "yes") == 0 && (port == NULL || legacy_auto))
    {
      CHECK_READ (info->autoport, "autoport");
      plan->reverse.port = VD_PORT_AUTO;
      return;
    }
  if (strcmp (autoport, "yes") == 0)
    return skip (plan, "autoport='yes' with a port (a running domain's XML)");
  if (port == NULL || !vd_parse_port ("--port", port, FALSE, &value, NULL))
    return skip (plan, "a fixed port that --port does not take");
  CHECK_READ (info->port == value, "port %d", info->port);
  plan->reverse.port = value;
}

static void
plan_password (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  xmlNode *g = spice_display (doc);
  g_autofree char *password = vd_xml_get_prop (g, "passwd");

  if (password)
    vd_desktop_settings_set_password (&plan->forward, NULL);
  else
    vd_desktop_settings_set_password (&plan->forward, NEW_PASSWORD);
  if (g == NULL)
    return refuse (plan, "no SPICE display");
  CHECK_READ (info->password_set == (password != NULL), "password");
  if (has_prop (g, "passwdValidTo"))
    return skip (plan, "passwdValidTo: no option sets an expiry");
  if (password && !vd_check_password (password, NULL))
    return skip (plan, "a password that --password-file refuses");
  vd_desktop_settings_set_password (&plan->reverse, password);
}

static xmlNode *
vdctl_controller (xmlDoc *doc, const char *index, const char *model, const char *ports,
                  const char *startport)
{
  xmlNode *c = xmlNewDocNode (doc, NULL, (const xmlChar *) "controller", NULL);

  vd_xml_set_prop (c, "type", "usb");
  if (index)
    vd_xml_set_prop (c, "index", index);
  vd_xml_set_prop (c, "model", model);
  if (ports)
    vd_xml_set_prop (c, "ports", ports);
  if (startport)
    {
      xmlNode *master = xmlNewDocNode (doc, NULL, (const xmlChar *) "master", NULL);

      vd_xml_set_prop (master, "startport", startport);
      xmlAddChild (c, master);
    }
  return c;
}

static gboolean
same_element (xmlNode *node, xmlNode *expected)
{
  g_autofree char *a = vd_test_canonical_node (node);
  g_autofree char *b = vd_test_canonical_node (expected);

  xmlFreeNode (expected);
  return strcmp (a, b) == 0;
}

static gboolean
is_vdctl_usb_set (xmlDoc *doc, GPtrArray *controllers, gboolean usb3)
{
  static const struct { const char *model, *ports, *startport; } ich9[] = {
    { "ich9-ehci1", NULL, NULL }, { "ich9-uhci1", NULL, "0" },
    { "ich9-uhci2", NULL, "2" }, { "ich9-uhci3", NULL, "4" },
  };
  g_autofree char *index = vd_xml_get_prop (controllers->pdata[0], "index");

  if (usb3)
    return controllers->len == 1 &&
           same_element (controllers->pdata[0],
                         vdctl_controller (doc, index, "qemu-xhci", "15", NULL));
  if (controllers->len != G_N_ELEMENTS (ich9))
    return FALSE;
  for (guint i = 0; i < controllers->len; i++)
    {
      if (i > 0 && vd_xml_next_element (controllers->pdata[i - 1], NULL) != controllers->pdata[i])
        return FALSE;
      if (!same_element (controllers->pdata[i],
                         vdctl_controller (doc, index, ich9[i].model, ich9[i].ports,
                                           ich9[i].startport)))
        return FALSE;
    }
  return TRUE;
}

static void
plan_usb3 (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  g_autoptr(GPtrArray) controllers = usb_controllers (doc);
  gboolean to_usb2 = controllers->len == 1 &&
                     vd_xml_prop_equals (controllers->pdata[0], "model", "qemu-xhci");
  int capacity, used;

  plan->forward.usb3 = to_usb2 ? VD_TRISTATE_NO : VD_TRISTATE_YES;
  plan->reverse.usb3 = to_usb2 ? VD_TRISTATE_YES : VD_TRISTATE_NO;
  vd_domain_usb_ports (doc, &capacity, &used);
  if (used + info->usbredir > (to_usb2 ? 6 : 15) + 8 * (int) count_hubs (doc))
    return refuse (plan, "the USB devices do not fit the new controllers' ports");
  if (controllers->len == 0)
    return skip (plan, "no USB controller");
  if (!is_vdctl_usb_set (doc, controllers, to_usb2))
    return skip (plan, "USB controllers other than the ones vdctl writes");
  /* The way back must fit too. */
  if (used + info->usbredir > (to_usb2 ? 15 : 6) + 8 * (int) count_hubs (doc))
    return skip (plan, "the USB devices already overflow the ports");
}

static void
plan_usbredir_up (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  g_autoptr(GPtrArray) controllers = usb_controllers (doc);
  g_autoptr(GPtrArray) redirdevs = spice_redirdevs (doc);
  int n = (int) redirdevs->len;
  int capacity, used;

  CHECK_READ (info->usbredir == n, "usbredir %d", info->usbredir);
  plan->forward.usbredir = MIN (n + 1, VD_USBREDIR_MAX);
  plan->reverse.usbredir = n;
  if (spice_display (doc) == NULL)
    return refuse (plan, "no SPICE display");
  if (n >= VD_USBREDIR_MAX)
    return skip (plan, "15 channels already");
  if (controllers->len == 0)
    return skip (plan, "no USB controller");
  for (guint i = 0; i < controllers->len; i++)
    if (vd_xml_prop_equals (controllers->pdata[i], "model", "none"))
      return refuse (plan, "USB controller model 'none'");
  vd_domain_usb_ports (doc, &capacity, &used);
  if (capacity < 0)
    return skip (plan, "libvirt decides the controller's ports");
  if (used + n + 1 > capacity)
    return refuse (plan, "no free USB port");
}

static void
plan_usbredir_down (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  g_autoptr(GPtrArray) controllers = usb_controllers (doc);
  g_autoptr(GPtrArray) redirdevs = spice_redirdevs (doc);
  int n = (int) redirdevs->len;
  int capacity, used;

  plan->forward.usbredir = MAX (n - 1, 0);
  plan->reverse.usbredir = n;
  if (spice_display (doc) == NULL)
    return skip (plan, "no SPICE display");
  if (n == 0)
    return skip (plan, "no channel");
  if (n == 1)
    return skip (plan, "a lone channel (where it stood is not kept)");
  if (controllers->len == 0)
    return skip (plan, "no USB controller");
  for (guint i = 0; i < controllers->len; i++)
    if (vd_xml_prop_equals (controllers->pdata[i], "model", "none"))
      return skip (plan, "USB controller model 'none'");
  vd_domain_usb_ports (doc, &capacity, &used);
  if (capacity < 0)
    return skip (plan, "libvirt decides the controller's ports");
  if (used + n > capacity)
    return skip (plan, "the channels already overflow the ports");
  if (vd_xml_next_element (redirdevs->pdata[n - 2], NULL) != redirdevs->pdata[n - 1])
    return skip (plan, "the last channel does not follow the one before it");
  {
    xmlNode *plain = xmlNewDocNode (doc, NULL, (const xmlChar *) "redirdev", NULL);

    vd_xml_set_prop (plain, "bus", "usb");
    vd_xml_set_prop (plain, "type", "spicevmc");
    if (!same_element (redirdevs->pdata[n - 1], plain))
      return skip (plan, "the last channel carries more than vdctl writes");
  }
}

static void
plan_spice (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  xmlNode *devices = devices_of (doc);

  if (spice_display (doc))
    {
      CHECK_READ (g_strcmp0 (info->graphics, "spice") == 0, "graphics %s", info->graphics);
      plan->forward.spice = VD_TRISTATE_NO;
      return skip (plan, "a SPICE display (--no-spice forward only)");
    }
  plan->forward.spice = VD_TRISTATE_YES;
  plan->reverse.spice = VD_TRISTATE_NO;
  if (devices == NULL)
    return skip (plan, "no <devices>");
  if (has_spice_devices (devices))
    return skip (plan, "SPICE devices without a SPICE display");
  if (element (devices, "video") == NULL)
    return skip (plan, "no video device (--spice adds qxl, which --no-spice leaves)");
}

/* --tls then --no-tls: back to the original where the display had no TLS
 * at all (no secure default, no TLS port, no channel forced to TLS). */
static void
plan_tls (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  xmlNode *g = spice_display (doc);

  plan->forward.tls = VD_TRISTATE_YES;
  if (g == NULL)
    return refuse (plan, "no SPICE display");
  if (vd_xml_prop_equals (g, "autoport", "no") ||
      (xmlHasProp (g, (const xmlChar *) "port") && !vd_xml_prop_equals (g, "port", "-1")))
    return refuse (plan, "fixed ports (--tls needs automatic ones)");
  CHECK_READ (!info->tls || xmlHasProp (g, (const xmlChar *) "tlsPort") ||
              vd_xml_prop_equals (g, "defaultMode", "secure"), "tls read without TLS");
  if (xmlHasProp (g, (const xmlChar *) "defaultMode") || xmlHasProp (g, (const xmlChar *) "tlsPort"))
    return skip (plan, "the display already has a default mode or a TLS port");
  for (xmlNode *c = element (g, "channel"); c; c = vd_xml_next_element (c, "channel"))
    if (vd_xml_prop_equals (c, "mode", "secure"))
      return skip (plan, "a channel is forced to TLS");
  plan->reverse.tls = VD_TRISTATE_NO;
}

static xmlNode *
primary_video (xmlDoc *doc)
{
  for (xmlNode *v = element (devices_of (doc), "video"); v; v = vd_xml_next_element (v, "video"))
    if (vd_xml_prop_equals (element (v, "model"), "primary", "yes"))
      return v;
  return element (devices_of (doc), "video");
}

static void
plan_video (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  xmlNode *video = primary_video (doc);
  xmlNode *model = element (video, "model");
  g_autofree char *type = vd_xml_get_prop (model, "type");
  gboolean heads = has_prop (model, "heads");

  for (const char * const *m = vd_video_models; *m && plan->forward.video == NULL; m++)
    if (g_strcmp0 (type, *m) != 0 && !(heads && strcmp (*m, "vga") == 0))
      plan->forward.video = g_strdup (*m);
  CHECK_READ (g_strcmp0 (info->video, type) == 0, "video %s", info->video);
  if (video == NULL)
    return skip (plan, "no video device");
  if (model == NULL || type == NULL || !vd_video_model_is_valid (type))
    return skip (plan, "a model that is no --video value");
  if (count_props (model) != 1u + heads + has_prop (model, "primary") ||
      element (model, NULL) != NULL)
    return skip (plan, "model sizes, acceleration or other details");
  if (heads && strcmp (type, "vga") == 0)
    return skip (plan, "a vga model with heads");
  plan->reverse.video = g_strdup (type);
}

static void
plan_sound (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  xmlNode *devices = devices_of (doc);
  xmlNode *sound = element (devices, "sound");
  g_autofree char *model = vd_xml_get_prop (sound, "model");

  CHECK_READ (g_strcmp0 (info->sound, model) == 0, "sound %s", info->sound);
  if (sound == NULL)
    {
      plan->forward.sound = g_strdup ("ich9");
      plan->reverse.sound = g_strdup ("none");
      if (devices == NULL)
        skip (plan, "no <devices>");
      return;
    }
  plan->forward.sound = g_strdup (g_strcmp0 (model, "ich9") == 0 ? "ich6" : "ich9");
  if (model == NULL || !vd_sound_model_is_valid (model) || strcmp (model, "none") == 0)
    return skip (plan, "a model that is no --sound value");
  if (strcmp (model, "ac97") == 0 && element (sound, "codec"))
    return skip (plan, "an ac97 with codecs");
  plan->reverse.sound = g_strdup (model);
}

static void
plan_memory (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *memory = element (root, "memory");
  xmlNode *current = element (root, "currentMemory");
  xmlNode *max = element (root, "maxMemory");
  guint64 bytes = 0, scale = 0, current_bytes, current_scale, max_bytes, max_scale;
  guint64 mib, forward_bytes;

  if (memory == NULL || !memory_bytes (memory, &bytes, &scale))
    {
      plan->forward.memory_mib = 2048;
      return skip (plan, "no <memory> size");
    }
  mib = bytes >> 20;
  CHECK_READ (info->memory_mib == (bytes + 1023) / 1024 / 1024, "memory %" G_GUINT64_FORMAT, info->memory_mib);
  plan->forward.memory_mib = MIN (MAX (mib, VD_MEMORY_MIN_MIB) + 1024, VD_MEMORY_MAX_MIB);
  forward_bytes = plan->forward.memory_mib << 20;
  if (element (element (element (root, "cpu"), "numa"), "cell"))
    return refuse (plan, "NUMA cells");
  if (max && memory_bytes (max, &max_bytes, &max_scale) &&
      plan->forward.memory_mib * 1024 > (max_bytes + 1023) / 1024)
    return refuse (plan, "no room below maxMemory");
  if (bytes % (1 << 20) != 0)
    return skip (plan, "not a whole number of MiB");
  if (mib < VD_MEMORY_MIN_MIB || mib + 1024 > VD_MEMORY_MAX_MIB)
    return skip (plan, "out of --memory's range");
  if (current && !memory_bytes (current, &current_bytes, &current_scale))
    return skip (plan, "a currentMemory that cannot be read");
  if (current && current_bytes > bytes)
    return skip (plan, "currentMemory above memory");
  if (forward_bytes % scale != 0 ||
      (current && current_bytes == bytes && forward_bytes % current_scale != 0))
    return skip (plan, "the unit cannot hold the new size");
  plan->reverse.memory_mib = mib;
}

static void
plan_vcpus (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  static const char * const factors[] = { "dies", "clusters", "cores", "threads" };
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *vcpu = element (root, "vcpu");
  xmlNode *topology = element (element (root, "cpu"), "topology");
  g_autofree char *text = vd_xml_get_content (vcpu);
  g_autofree char *current = vd_xml_get_prop (vcpu, "current");
  g_autofree char *sockets = vd_xml_get_prop (topology, "sockets");
  guint64 n, per_socket = 1, value;

  if (vcpu == NULL || text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &n, NULL))
    {
      plan->forward.vcpus = 2;
      return skip (plan, "no <vcpu> count");
    }
  CHECK_READ (info->vcpus_max == n, "vcpus_max %u", info->vcpus_max);
  for (gsize i = 0; i < G_N_ELEMENTS (factors) && topology; i++)
    {
      g_autofree char *f = vd_xml_get_prop (topology, factors[i]);

      if (f == NULL)
        continue;
      if (!g_ascii_string_to_unsigned (f, 10, 1, VD_VCPUS_MAX, &value, NULL))
        {
          plan->forward.vcpus = (guint) MIN (n, VD_VCPUS_MAX);
          return refuse (plan, "a topology that cannot be read");
        }
      per_socket *= value;
    }
  plan->forward.vcpus = (guint) MIN (n + per_socket, VD_VCPUS_MAX);
  if (element (root, "vcpus"))
    return refuse (plan, "a <vcpus> list");
  if (n + per_socket > VD_VCPUS_MAX)
    return skip (plan, "above 4096 vCPUs");
  if (current)
    return skip (plan, "a current='' count (--vcpus drops it: the guest boots with N)");
  if (topology && sockets == NULL)
    return skip (plan, "a topology without sockets");
  if (topology && (!g_ascii_string_to_unsigned (sockets, 10, 1, VD_VCPUS_MAX, &value, NULL) ||
                   value * per_socket != n))
    return skip (plan, "a topology that does not add up to <vcpu>");
  plan->reverse.vcpus = (guint) n;
}

/* ---- the SPICE redirection policy ------------------------------------ */

static void
redirect_change (VdDesktopSettings *s, guint add, guint remove)
{
  s->redirect.given = TRUE;
  s->redirect.add = add;
  s->redirect.remove = remove;
}

/* Turn BIT off, then on again; CHILD is the display's element for it. */
static void
plan_display_switch (xmlDoc *doc, Plan *plan, guint bit, const char *child)
{
  xmlNode *g = spice_display (doc);

  redirect_change (&plan->forward, 0, bit);
  redirect_change (&plan->reverse, bit, 0);
  if (g == NULL)
    return skip (plan, "no SPICE display (turning off what is not there changes nothing)");
  if (element (g, child))
    return skip (plan, "the display has the element already");
}

static void
plan_clipboard (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  (void) info;
  plan_display_switch (doc, plan, VD_REDIRECT_CLIPBOARD, "clipboard");
}

static void
plan_files (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  (void) info;
  plan_display_switch (doc, plan, VD_REDIRECT_FILES, "filetransfer");
}

static gboolean
has_webdav (xmlNode *devices)
{
  for (xmlNode *c = element (devices, "channel"); c; c = vd_xml_next_element (c, "channel"))
    if (vd_xml_prop_equals (element (c, "target"), "name", "org.spice-space.webdav.0"))
      return TRUE;
  return FALSE;
}

static gboolean
has_ccid (xmlNode *devices)
{
  for (xmlNode *c = element (devices, "controller"); c; c = vd_xml_next_element (c, "controller"))
    if (vd_xml_prop_equals (c, "type", "ccid"))
      return TRUE;
  return FALSE;
}

static void
plan_smartcard (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  xmlNode *devices = devices_of (doc);

  (void) info;
  redirect_change (&plan->forward, VD_REDIRECT_SMARTCARD, 0);
  redirect_change (&plan->reverse, 0, VD_REDIRECT_SMARTCARD);
  if (devices && (element (devices, "smartcard") || has_ccid (devices)))
    return skip (plan, "a smartcard or CCID controller already");
  if (spice_display (doc) == NULL)
    return refuse (plan, "no SPICE display");
  if (devices == NULL)
    return skip (plan, "no <devices>");
}

static void
plan_folders (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  xmlNode *devices = devices_of (doc);

  (void) info;
  redirect_change (&plan->forward, VD_REDIRECT_FOLDERS, 0);
  redirect_change (&plan->reverse, 0, VD_REDIRECT_FOLDERS);
  if (devices && has_webdav (devices))
    return skip (plan, "a webdav channel already");
  if (spice_display (doc) == NULL)
    return refuse (plan, "no SPICE display");
  if (devices == NULL)
    return skip (plan, "no <devices>");
}

static void
plan_usb_filter (xmlDoc *doc, const VdDesktopInfo *info, Plan *plan)
{
  VdUsbRule deny_storage = { 0x08, VD_USB_ANY, VD_USB_ANY, VD_USB_ANY, FALSE };
  VdUsbRule allow_any = VD_USB_RULE_ANY_ALLOW;

  (void) info;
  plan->forward.usb_rules = g_array_new (FALSE, FALSE, sizeof (VdUsbRule));
  g_array_append_val (plan->forward.usb_rules, deny_storage);
  plan->reverse.usb_rules = g_array_new (FALSE, FALSE, sizeof (VdUsbRule));
  g_array_append_val (plan->reverse.usb_rules, allow_any);
  if (spice_display (doc) == NULL)
    return refuse (plan, "no SPICE display");
  if (element (devices_of (doc), "redirfilter"))
    return skip (plan, "a <redirfilter> already");
}

static const struct {
  const char *name;
  PlanFunc plan;
} edits[] = {
  { "--listen", plan_listen },
  { "--port", plan_port },
  { "--password-file/--no-password", plan_password },
  { "--usb3/--no-usb3", plan_usb3 },
  { "--usbredir N+1", plan_usbredir_up },
  { "--usbredir N-1", plan_usbredir_down },
  { "--spice/--no-spice", plan_spice },
  { "--video", plan_video },
  { "--sound", plan_sound },
  { "--memory", plan_memory },
  { "--vcpus", plan_vcpus },
  { "--tls/--no-tls", plan_tls },
  { "--redirect -clipboard/clipboard", plan_clipboard },
  { "--redirect -files/files", plan_files },
  { "--redirect smartcard/-smartcard", plan_smartcard },
  { "--redirect folders/-folders", plan_folders },
  { "--usb-deny storage/--usb-allow any", plan_usb_filter },
};

/* ---- checks --------------------------------------------------------- */

static char *corpus_dir;
static GPtrArray *documents;

static xmlDoc *
load_document (guint i, char **path_out)
{
  g_autofree char *path = g_build_filename (corpus_dir, documents->pdata[i], NULL);
  g_autofree char *xml = vd_test_read_file (path);
  g_autoptr(GError) error = NULL;
  xmlDoc *doc = vd_xml_parse (xml, -1, path, &error);

  /* Not ck_assert: this runs outside tests too. */
  if (doc == NULL)
    g_error ("%s", error->message);
  if (path_out)
    *path_out = g_steal_pointer (&path);
  return doc;
}

/* Where two canonical forms part, with some context. */
static char *
describe_difference (const char *want, const char *got)
{
  gsize i = 0;
  gsize from;

  while (want[i] && want[i] == got[i])
    i++;
  from = i > 160 ? i - 160 : 0;
  return g_strdup_printf ("they part at byte %" G_GSIZE_FORMAT ":\n  original: ...%.320s\n"
                          "  now:      ...%.320s", i, want + from, got + from);
}

/* What vd_domain_read says after an edit agrees with the edit. */
static void
check_read_after (const char *where, xmlDoc *doc, const VdDesktopSettings *s)
{
  g_auto(VdDesktopInfo) info = { 0, };
  g_autoptr(GError) error = NULL;

  ck_assert_msg (vd_domain_read (doc, &info, &error), "%s: %s", where,
                 error ? error->message : "");
  if (s->spice == VD_TRISTATE_YES)
    ck_assert_msg (g_strcmp0 (info.graphics, "spice") == 0, "%s: no SPICE display", where);
  if (s->spice == VD_TRISTATE_NO)
    ck_assert_msg (g_strcmp0 (info.graphics, "spice") != 0 && info.usbredir == 0,
                   "%s: SPICE left", where);
  if (s->listen)
    ck_assert_msg (g_strcmp0 (info.listen, s->listen) == 0, "%s: listen %s", where, info.listen);
  if (s->port > 0)
    ck_assert_msg (info.port == s->port && !info.autoport, "%s: port %d", where, info.port);
  if (s->port == VD_PORT_AUTO)
    ck_assert_msg (info.autoport, "%s: not autoport", where);
  if (s->password != VD_TRISTATE_UNSET)
    ck_assert_msg (info.password_set == (s->password == VD_TRISTATE_YES), "%s: password", where);
  if (s->usb3 != VD_TRISTATE_UNSET)
    ck_assert_msg (info.usb3 == (s->usb3 == VD_TRISTATE_YES), "%s: usb3", where);
  if (s->usbredir >= 0)
    ck_assert_msg (info.usbredir == s->usbredir, "%s: %d channels", where, info.usbredir);
  if (s->video)
    ck_assert_msg (g_strcmp0 (info.video, s->video) == 0, "%s: video %s", where, info.video);
  if (s->sound)
    ck_assert_msg (g_strcmp0 (info.sound, strcmp (s->sound, "none") ? s->sound : NULL) == 0,
                   "%s: sound %s", where, info.sound);
  if (s->memory_mib)
    ck_assert_msg (info.memory_mib == s->memory_mib, "%s: %" G_GUINT64_FORMAT " MiB", where,
                   info.memory_mib);
  if (s->vcpus)
    ck_assert_msg (info.vcpus == s->vcpus, "%s: %u vCPUs", where, info.vcpus);
  /* Without a SPICE display nothing is redirected, whatever devices stay. */
  if (s->redirect.given && g_strcmp0 (info.graphics, "spice") == 0)
    ck_assert_msg ((info.redirect & s->redirect.add) == s->redirect.add &&
                   (info.redirect & s->redirect.remove) == 0,
                   "%s: redirect %s", where, vd_redirect_to_string (info.redirect));
  if (s->usb_rules && s->usb_rules->len == 1 && !g_array_index (s->usb_rules, VdUsbRule, 0).allow)
    ck_assert_msg (info.usb_rules && info.usb_rules->len == 2, "%s: USB filter", where);
  if (s->usb_rules && s->usb_rules->len == 1 && g_array_index (s->usb_rules, VdUsbRule, 0).allow)
    ck_assert_msg (info.usb_rules == NULL, "%s: a USB filter left", where);
}

/* Direct reads that vd_domain_read must agree with. */
static void
check_read (const char *name, xmlDoc *doc, const VdDesktopInfo *info)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *devices = devices_of (doc);
  xmlNode *graphics = spice_display (doc);
  g_autofree char *domain_name = vd_xml_get_content (element (root, "name"));
  g_autoptr(GPtrArray) redirdevs = spice_redirdevs (doc);

  if (graphics == NULL)
    graphics = element (devices, "graphics");
  ck_assert_msg (g_strcmp0 (info->name, domain_name) == 0, "%s: name %s", name, info->name);
  {
    g_autofree char *type = vd_xml_get_prop (root, "type");
    ck_assert_msg (g_strcmp0 (info->virt_type, type) == 0, "%s: type", name);
  }
  {
    g_autofree char *type = vd_xml_get_prop (graphics, "type");
    ck_assert_msg (g_strcmp0 (info->graphics, type) == 0, "%s: graphics %s", name,
                   info->graphics);
  }
  ck_assert_msg (info->usbredir == (int) redirdevs->len, "%s: usbredir", name);
  ck_assert_msg (info->port == -1 || (info->port >= 1 && info->port <= 65535), "%s: port %d",
                 name, info->port);
  ck_assert_msg (info->tls_port == -1 || (info->tls_port >= 1 && info->tls_port <= 65535),
                 "%s: tls port %d", name, info->tls_port);
  ck_assert_msg (!info->password_set || graphics != NULL, "%s: password", name);
  ck_assert_msg (info->listen == NULL || graphics != NULL, "%s: listen", name);
  ck_assert_msg (!info->usb3 || (info->usb_model != NULL || element (devices, "controller")),
                 "%s: usb3", name);
  {
    gboolean vdagent = FALSE;

    for (xmlNode *c = element (devices, "channel"); c; c = vd_xml_next_element (c, "channel"))
      vdagent |= vd_xml_prop_equals (element (c, "target"), "name", "com.redhat.spice.0");
    ck_assert_msg (info->vdagent == vdagent, "%s: vdagent", name);
  }
}

START_TEST (test_document)
{
  g_autofree char *path = NULL;
  g_autoptr(xmlDoc) original = load_document ((guint) _i, &path);
  const char *name = documents->pdata[_i];
  g_auto(VdDesktopInfo) info = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *canonical = vd_test_canonical (original);
  g_autofree char *bytes = vd_xml_serialize (original);
  gboolean valid = vd_test_schema_validate (original, NULL);

  in_test = TRUE;
  ck_assert_msg (vd_domain_read (original, &info, &error), "%s: %s", name,
                 error ? error->message : "");
  check_read (name, original, &info);

  for (gsize e = 0; e < G_N_ELEMENTS (edits); e++)
    {
      g_auto(Plan) plan = { 0, };
      g_autoptr(xmlDoc) doc = xmlCopyDoc (original, 1);
      g_autofree char *where = g_strdup_printf ("%s, %s", name, edits[e].name);
      g_autofree char *problem = NULL;
      gboolean ok;

      plan_init (&plan);
      edits[e].plan (original, &info, &plan);
      ok = vd_domain_apply (doc, &plan.forward, &error);
      if (!ok)
        {
          g_autofree char *after = vd_xml_serialize (doc);

          ck_assert_msg (error->domain == VD_DOMAIN_ERROR, "%s: %s", where, error->message);
          ck_assert_msg (plan.kind != PLAN_APPLIES, "%s: refused: %s", where, error->message);
          ck_assert_msg (strcmp (after, bytes) == 0, "%s: a refused edit changed the document",
                         where);
          g_clear_error (&error);
          continue;
        }
      ck_assert_msg (plan.kind != PLAN_REFUSED, "%s: done, but should be refused (%s)",
                     where, plan.reason);
      ck_assert_msg (!valid || vd_test_schema_validate (doc, &problem),
                     "%s: no longer validates: %s", where, problem);
      check_read_after (where, doc, &plan.forward);
      if (plan.kind != PLAN_APPLIES)
        continue;

      ck_assert_msg (vd_domain_apply (doc, &plan.reverse, &error), "%s: the reverse edit "
                     "was refused: %s", where, error ? error->message : "");
      ck_assert_msg (!valid || vd_test_schema_validate (doc, &problem),
                     "%s: no longer validates after the reverse edit: %s", where, problem);
      {
        g_autofree char *back = vd_test_canonical (doc);

        if (strcmp (back, canonical) != 0)
          {
            g_autofree char *difference = describe_difference (canonical, back);
            ck_abort_msg ("%s: the round trip changed the document; %s", where, difference);
          }
      }
    }
}
END_TEST

/* ---- counts and main ------------------------------------------------ */

typedef struct {
  guint applied;
  guint skipped;
  GHashTable *reasons;   /* reason -> count */
} EditCount;

static void
count_plans (EditCount *counts, guint *n_valid)
{
  for (guint i = 0; i < documents->len; i++)
    {
      g_autoptr(xmlDoc) doc = load_document (i, NULL);
      g_auto(VdDesktopInfo) info = { 0, };

      if (!vd_domain_read (doc, &info, NULL))
        continue;
      *n_valid += vd_test_schema_validate (doc, NULL);
      for (gsize e = 0; e < G_N_ELEMENTS (edits); e++)
        {
          g_auto(Plan) plan = { 0, };

          plan_init (&plan);
          edits[e].plan (doc, &info, &plan);
          if (plan.kind == PLAN_APPLIES)
            counts[e].applied++;
          else
            {
              g_autofree char *key = g_strdup_printf ("%s%s", plan.reason,
                                                      plan.kind == PLAN_REFUSED ? " (refused)" : "");

              if (g_getenv ("VDCTL_CORPUS_VERBOSE"))
                printf ("%s: %s: %s\n", (const char *) documents->pdata[i], edits[e].name, key);
              counts[e].skipped++;
              g_hash_table_insert (counts[e].reasons, g_strdup (key),
                                   GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts[e].reasons, key)) + 1));
            }
        }
    }
}

static void
print_counts (EditCount *counts, guint n_valid)
{
  printf ("%u documents, %u of them valid against libvirt's schema\n", documents->len, n_valid);
  printf ("%-32s %8s %8s\n", "edit", "applied", "skipped");
  for (gsize e = 0; e < G_N_ELEMENTS (edits); e++)
    {
      g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (counts[e].reasons),
                                           (GCompareFunc) strcmp);

      printf ("%-32s %8u %8u\n", edits[e].name, counts[e].applied, counts[e].skipped);
      for (GList *k = keys; k; k = k->next)
        printf ("    %5u  %s\n", GPOINTER_TO_UINT (g_hash_table_lookup (counts[e].reasons, k->data)),
                (const char *) k->data);
    }
  fflush (stdout);
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  EditCount counts[G_N_ELEMENTS (edits)] = { { 0, }, };
  Suite *suite;
  TCase *tc;
  guint n_valid = 0;
  int status;

  corpus_dir = g_strdup (g_getenv ("VDCTL_CORPUS"));
  if (corpus_dir == NULL || *corpus_dir == '\0')
    {
      g_free (corpus_dir);
      corpus_dir = g_build_filename (vd_test_srcdir (), "..", "shared", "corpus", "domains", NULL);
    }
  if (!g_file_test (corpus_dir, G_FILE_TEST_IS_DIR))
    {
      printf ("SKIP: the corpus of domain XML documents is absent (%s); set VDCTL_CORPUS "
              "to its folder\n", corpus_dir);
      g_free (corpus_dir);
      return 77;
    }
  documents = vd_test_list_dir (corpus_dir, ".xml");
  if (documents == NULL || documents->len == 0)
    {
      fprintf (stderr, "the corpus folder %s holds no .xml documents\n", corpus_dir);
      return EXIT_FAILURE;
    }
  if (!vd_test_schema_load (&error))
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE;
    }

  for (gsize e = 0; e < G_N_ELEMENTS (edits); e++)
    counts[e].reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  count_plans (counts, &n_valid);
  print_counts (counts, n_valid);
  for (guint i = 0; i < documents->len; i++)
    printf ("document %u: %s\n", i, (const char *) documents->pdata[i]);
  fflush (stdout);

  suite = suite_create ("corpus");
  tc = tcase_create ("round trip");
  tcase_set_timeout (tc, 300);
  tcase_add_loop_test (tc, test_document, 0, (int) documents->len);
  suite_add_tcase (suite, tc);
  status = vd_test_run_suite (suite);

  for (gsize e = 0; e < G_N_ELEMENTS (edits); e++)
    g_hash_table_unref (counts[e].reasons);
  g_ptr_array_unref (documents);
  g_free (corpus_dir);
  return status;
}
