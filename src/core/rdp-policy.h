/* rdp-policy.h: the RDP settings vdctl records for a desktop: where the
 * guest's RDP server listens, who logs in, and which client devices the
 * session may use (the redirection policy).  Pure: parsers and checks, no
 * I/O.  Every failure is one VD_VALUE_ERROR that says what is wrong.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#define VD_RDP_DEFAULT_PORT   3389
/* Windows caps user names at 104 characters (a UPN at 256) and domain
 * names at 255; a longer value is a mistake, not a name. */
#define VD_RDP_NAME_MAX       256
#define VD_RDP_DRIVE_NAME_MAX 32
#define VD_RDP_PATH_MAX       4096
#define VD_RDP_USB_MAX        32

typedef struct {
  char *name;                 /* the share name the session sees */
  char *path;                 /* an absolute path on the client */
} VdRdpDrive;

typedef struct {
  guint16 vendor;
  guint16 product;
} VdRdpUsbDevice;

/* What the client may hand to the session.  Nothing is redirected unless
 * the policy says so. */
typedef struct {
  gboolean clipboard;
  gboolean printers;
  gboolean smartcards;
  gboolean serial;
  gboolean parallel;
  gboolean audio;             /* sound played in the session, heard here */
  gboolean microphone;        /* this machine's microphone, in the session */
  GPtrArray *drives;          /* VdRdpDrive, in the order given */
  GArray *usb;                /* VdRdpUsbDevice, in the order given */
} VdRdpPolicy;

typedef struct {
  int port;                   /* 1-65535 */
  char *user;                 /* NULL: none recorded */
  char *domain;               /* NULL: none recorded */
  VdRdpPolicy policy;
} VdRdpSettings;

void vd_rdp_policy_init (VdRdpPolicy *policy);
void vd_rdp_policy_clear (VdRdpPolicy *policy);
void vd_rdp_policy_copy (VdRdpPolicy *dest, const VdRdpPolicy *src);
gboolean vd_rdp_policy_is_empty (const VdRdpPolicy *policy);
gboolean vd_rdp_policy_equal (const VdRdpPolicy *a, const VdRdpPolicy *b);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdRdpPolicy, vd_rdp_policy_clear)

/* Add one --rdp-redirect value to POLICY: a comma-separated list of
 * clipboard, drive:NAME=PATH, printers, smartcard, serial, parallel,
 * audio, microphone, usb:VID:PID, or "none" alone (nothing).  On failure
 * POLICY is as it was. */
gboolean vd_rdp_policy_parse (VdRdpPolicy *policy, const char *text, GError **error);

/* Single items, as the metadata holds them; the same checks. */
gboolean vd_rdp_policy_add_flag (VdRdpPolicy *policy, const char *kind, GError **error);
gboolean vd_rdp_policy_add_drive (VdRdpPolicy *policy, const char *name,
                                  const char *path, GError **error);
gboolean vd_rdp_policy_add_usb (VdRdpPolicy *policy, const char *vendor,
                                const char *product, GError **error);

/* The policy in --rdp-redirect's syntax ("none" when empty); parsing it
 * gives the same policy back. */
char *vd_rdp_policy_to_string (const VdRdpPolicy *policy);

/* The redirection kinds that are plain flags, in the order they are
 * written; NULL-terminated. */
extern const char * const vd_rdp_flag_kinds[];
/* The flag of KIND in POLICY, or NULL for an unknown kind. */
gboolean *vd_rdp_policy_flag (VdRdpPolicy *policy, const char *kind);

void vd_rdp_settings_init (VdRdpSettings *settings);
void vd_rdp_settings_clear (VdRdpSettings *settings);
void vd_rdp_settings_free (VdRdpSettings *settings);
VdRdpSettings *vd_rdp_settings_copy (const VdRdpSettings *settings);
gboolean vd_rdp_settings_equal (const VdRdpSettings *a, const VdRdpSettings *b);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdRdpSettings, vd_rdp_settings_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdRdpSettings, vd_rdp_settings_free)

/* A user or domain name: 1 to VD_RDP_NAME_MAX characters of valid UTF-8
 * with no control character.  WHAT names the option in messages. */
gboolean vd_rdp_check_name (const char *what, const char *text, GError **error);

/* --rdp-address: HOST[:PORT], an IPv6 address in brackets ([2001:db8::5],
 * [2001:db8::5]:3390), a bare IPv6 address without a port, an IPv4
 * address or a host name.  *PORT is left alone when none is given. */
gboolean vd_rdp_parse_address (const char *option, const char *text,
                               char **host, int *port, GError **error);

/* HOST:PORT as FreeRDP's /v: and the .rdp file's "full address" want it:
 * an IPv6 address in brackets.  PORT <= 0: the host alone. */
char *vd_rdp_format_address (const char *host, int port);
