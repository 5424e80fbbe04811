/* desktop-options.h: the desktop options that create and edit share.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "desktop.h"
#include "redirect-options.h"

typedef struct {
  char *listen;
  char *port;
  char *password_file;
  gboolean no_password;
  gboolean insecure;
  gboolean usb3;
  char *usbredir;
  char *video;
  char *sound;
  char *memory;
  char *vcpus;
  gboolean tls;
  char *on_disconnect;
  char *idle_shutdown;
} VdDesktopOptions;

extern VdDesktopOptions vd_desktop_opts;

#define VD_DESKTOP_OPTION_ENTRIES \
  { "listen", 0, 0, G_OPTION_ARG_STRING, &vd_desktop_opts.listen, \
    "SPICE listen address (default 127.0.0.1; 0.0.0.0 or :: for all interfaces)", "ADDR" }, \
  { "port", 0, 0, G_OPTION_ARG_STRING, &vd_desktop_opts.port, \
    "SPICE port, 1024-65535, or auto (default)", "N|auto" }, \
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &vd_desktop_opts.password_file, \
    "Read the SPICE password from FILE ('-' for standard input)", "FILE" }, \
  { "no-password", 0, 0, G_OPTION_ARG_NONE, &vd_desktop_opts.no_password, \
    "No SPICE password (beyond loopback only with --insecure)", NULL }, \
  { "insecure", 0, 0, G_OPTION_ARG_NONE, &vd_desktop_opts.insecure, \
    "Allow --no-password on an address beyond loopback", NULL }, \
  { "usb3", 0, 0, G_OPTION_ARG_NONE, &vd_desktop_opts.usb3, \
    "A qemu-xhci USB3 controller with 15 ports (default: USB2)", NULL }, \
  { "usbredir", 0, 0, G_OPTION_ARG_STRING, &vd_desktop_opts.usbredir, \
    "USB redirection channels (default 4 with --usb3, else 2)", "N" }, \
  { "video", 0, 0, G_OPTION_ARG_STRING, &vd_desktop_opts.video, \
    "Video model: qxl (default), virtio or vga", "MODEL" }, \
  { "sound", 0, 0, G_OPTION_ARG_STRING, &vd_desktop_opts.sound, \
    "Sound model: ich9 (default), ich6, ac97 or none", "MODEL" }, \
  { "memory", 0, 0, G_OPTION_ARG_STRING, &vd_desktop_opts.memory, \
    "Memory in MiB (default 4096; a G suffix means GiB)", "MiB" }, \
  { "vcpus", 0, 0, G_OPTION_ARG_STRING, &vd_desktop_opts.vcpus, \
    "Virtual CPUs (default 2)", "N" }, \
  { "tls", 0, 0, G_OPTION_ARG_NONE, &vd_desktop_opts.tls, \
    "Encrypt every SPICE channel (needs the host's SPICE TLS set up)", NULL }, \
  { "on-disconnect", 0, 0, G_OPTION_ARG_STRING, &vd_desktop_opts.on_disconnect, \
    "When the last client leaves, after DELAY (30s, 5m, 1h; default 0): none (default), " \
    "lock, logoff, shutdown, poweroff, or reset (pool seats)", "ACTION[:DELAY]" }, \
  { "idle-shutdown", 0, 0, G_OPTION_ARG_STRING, &vd_desktop_opts.idle_shutdown, \
    "Shut the desktop down once it has run that long with no client (30s, 5m, 1h; " \
    "0 or none: never, the default)", "DURATION|none" }, \
  VD_REDIRECT_OPTION_ENTRIES

/* Turn the options into settings; only what was given is set.  Whether
 * --on-disconnect reset fits the domain (a pool seat) is the caller's to
 * check. */
gboolean vd_desktop_options_parse (VdDesktopSettings *settings, GError **error);

/* --on-disconnect reset puts a pool seat back on its golden state: a
 * usage error for a new desktop (DOC NULL: create), an error for a
 * domain DOC that is no pool seat (edit). */
gboolean vd_desktop_options_check_reset (const VdDesktopSettings *settings, xmlDoc *doc,
                                         GError **error);

/* The password rule for a display that will listen on LISTEN: a password
 * from --password-file, none with --no-password (refused beyond loopback
 * without --insecure).  Sets *GENERATE when a password must be generated
 * because the display is reachable beyond this host and has none. */
gboolean vd_desktop_options_resolve_password (VdDesktopSettings *settings,
                                              const char        *listen,
                                              gboolean           has_password,
                                              gboolean          *generate,
                                              GError           **error);

/* The same rule for a display whose reach the caller judged: REACHABLE
 * when it is, or may become, reachable beyond this host; WHERE says where
 * it listens and why that counts, for the refusal ("on 0.0.0.0, which is
 * reachable beyond this host").  A missing password is generated only
 * when MAY_GENERATE: when this change decides where the display listens
 * (a new desktop, a new listen address, a new display), never for a
 * display the change leaves listening where it was. */
gboolean vd_desktop_options_password_rule (VdDesktopSettings *settings,
                                           gboolean           reachable,
                                           const char        *where,
                                           gboolean           has_password,
                                           gboolean           may_generate,
                                           gboolean          *generate,
                                           GError           **error);
