/* spice-policy.h: what a SPICE desktop lets the user's local hardware do:
 * which redirections it has (USB, smartcard, folders, audio, microphone,
 * clipboard, file transfer), which USB devices QEMU accepts, how many
 * monitors, and how the display is compressed.  Pure: parsers, formatters
 * and the filter arithmetic, no XML and no I/O (the domain XML side is in
 * domain-redirect.c).  Every failure is one VD_VALUE_ERROR naming what is
 * wrong.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* One redirection, a bit of a set. */
typedef enum {
  VD_REDIRECT_USB        = 1 << 0,   /* usbredir channels */
  VD_REDIRECT_SMARTCARD  = 1 << 1,   /* CCID controller + spicevmc smartcard */
  VD_REDIRECT_FOLDERS    = 1 << 2,   /* org.spice-space.webdav.0 spiceport */
  VD_REDIRECT_AUDIO      = 1 << 3,   /* a sound device: playback */
  VD_REDIRECT_MICROPHONE = 1 << 4,   /* the sound device's input: record */
  VD_REDIRECT_CLIPBOARD  = 1 << 5,   /* <clipboard copypaste> */
  VD_REDIRECT_FILES      = 1 << 6,   /* <filetransfer enable> */
} VdRedirect;

#define VD_REDIRECT_ALL      ((guint) 0x7f)
/* What a desktop user expects: smartcard and folders on request. */
#define VD_REDIRECT_DEFAULT  (VD_REDIRECT_USB | VD_REDIRECT_AUDIO | VD_REDIRECT_MICROPHONE | \
                              VD_REDIRECT_CLIPBOARD | VD_REDIRECT_FILES)

/* The items' names, in the order they are written ("usb", "smartcard",
 * "folders", "audio", "microphone", "clipboard", "files"); NULL-terminated. */
extern const char * const vd_redirect_names[];
/* The bit of NAME, or 0 for an unknown name. */
guint vd_redirect_from_name (const char *name);

/* A change of the set, as --redirect values give it, in order:
 * NAME adds, -NAME removes, "none" removes everything said so far and
 * what the base had.  Applied to a base set: (base & ~remove) | add. */
typedef struct {
  gboolean given;            /* some --redirect was given */
  guint add;
  guint remove;
} VdRedirectChange;

/* Add one --redirect value (a comma-separated list) to CHANGE.  On
 * failure (an unknown or empty item, "none" with a '-') CHANGE is as it
 * was; the error names the item and lists the known ones. */
gboolean vd_redirect_change_parse (VdRedirectChange *change, const char *text,
                                   GError **error);
guint vd_redirect_change_apply (const VdRedirectChange *change, guint base);
/* Whether CHANGE turns BIT (a VdRedirect) off, whatever it was; on. */
gboolean vd_redirect_change_turns_off (const VdRedirectChange *change, guint bit);
gboolean vd_redirect_change_turns_on (const VdRedirectChange *change, guint bit);

/* SET as --redirect's syntax: "usb,audio,..." in vd_redirect_names'
 * order, or "none". */
char *vd_redirect_to_string (guint set);

/* ---- USB filter rules ------------------------------------------------ */

#define VD_USB_ANY (-1)

/* One rule of a USB redirection filter, as QEMU's <redirfilter> and the
 * .vv file's usb-filter hold them: the first rule that matches a device
 * decides.  VD_USB_ANY in a field matches anything. */
typedef struct {
  int usb_class;             /* 0x00-0xff */
  int vendor;                /* 0x0000-0xffff */
  int product;               /* 0x0000-0xffff */
  int version;               /* bcdDevice, 0x0000-0xffff: 0x0200 is "2.00" */
  gboolean allow;
} VdUsbRule;

#define VD_USB_RULE_ANY_ALLOW ((VdUsbRule) { VD_USB_ANY, VD_USB_ANY, VD_USB_ANY, VD_USB_ANY, TRUE })

/* The class names a rule may use instead of CLASS:VENDOR:PRODUCT:VERSION:
 * audio 0x01, hid 0x03, printer 0x07, storage 0x08, hub 0x09,
 * smartcard-reader 0x0b, video 0x0e, wireless 0xe0; NULL-terminated. */
extern const char * const vd_usb_class_names[];

/* One rule of --usb-allow or --usb-deny (ALLOW says which): a class name,
 * "any", or CLASS:VENDOR:PRODUCT:VERSION with each field a number (0x..
 * hex or decimal; VERSION also as "2.00") or "any"/-1.  OPTION names the
 * option in messages. */
gboolean vd_usb_rule_parse (const char *option, const char *text, gboolean allow,
                            VdUsbRule *rule, GError **error);

/* Whether VERSION (a rule's bcdDevice, or VD_USB_ANY) is one libvirt can
 * store: every hex digit 0-9, as "major.minor". */
gboolean vd_usb_version_is_bcd (int version);

/* RULE as the options write it: "allow storage", "deny 0x03:0x046d:any:any",
 * "allow any". */
char *vd_usb_rule_to_string (const VdUsbRule *rule);

/* The rules QEMU gets for the user's RULES: the user's own, then a closing
 * rule for what matches none of them: allowed when the last rule denies
 * (--usb-deny storage: everything but storage), refused when it allows
 * (--usb-allow hid: hid alone; QEMU refuses what matches no rule, so
 * nothing is added).  An empty RULES or a list that is only "allow any"
 * gives an empty array: no filter. */
GArray *vd_usb_rules_close (const GArray *rules);

/* The .vv file's usb-filter value: "class,vendor,product,version,allow|..."
 * (-1 for any, hex for the rest), "" for no rules; and its parser. */
char *vd_usb_rules_to_vv (const GArray *rules);
GArray *vd_usb_rules_from_vv (const char *text, GError **error);

/* The rules a client should get when the server's filter is SERVER and
 * the export narrows it with NARROW (export-vv --usb-filter): a device
 * passes only where both pass, so NARROW can never widen SERVER.  Either
 * may be NULL or empty (no filter). */
GArray *vd_usb_rules_narrow (const GArray *server, const GArray *narrow);

/* ---- monitors and the display profile ------------------------------- */

#define VD_MONITORS_MAX 4

typedef enum {
  VD_DISPLAY_PROFILE_UNSET = 0,   /* unchanged (settings) / SPICE's own (read) */
  VD_DISPLAY_PROFILE_LAN,
  VD_DISPLAY_PROFILE_WAN,
  VD_DISPLAY_PROFILE_CUSTOM,      /* read back: compression set otherwise */
} VdDisplayProfile;

gboolean vd_display_profile_parse (const char *text, VdDisplayProfile *profile,
                                   GError **error);
/* "lan", "wan", "custom", or NULL for VD_DISPLAY_PROFILE_UNSET. */
const char *vd_display_profile_name (VdDisplayProfile profile);
