/* unattend.h: the Windows answer file (Autounattend.xml) of an unattended
 * install, and the commands that enable Remote Desktop in a guest.  Pure:
 * no I/O.
 *
 * The answer file partitions the first disk, installs the edition asked
 * for, creates one local administrator (who logs on automatically once,
 * for the first-logon commands), enables Remote Desktop (the
 * TerminalServices-LocalSessionManager setting and the firewall's "Remote
 * Desktop" rule group) and, when the virtio-win media is attached, loads
 * its drivers during setup and installs its drivers and the QEMU guest
 * agent at the first logon.  Passwords are written the way Windows Setup
 * reads them with <PlainText>false</PlainText>: base64 of the UTF-16LE
 * text of the password followed by "Password".  That hides the password
 * from a casual look only; it is not encryption.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#define VD_UNATTEND_ERROR (vd_unattend_error_quark ())
GQuark vd_unattend_error_quark (void);

typedef enum {
  VD_UNATTEND_ERROR_INVALID,
} VdUnattendError;

/* Windows limits */
#define VD_WINDOWS_USER_MAX      20     /* local account names */
#define VD_WINDOWS_PASSWORD_MAX  127
#define VD_WINDOWS_COMPUTER_MAX  15     /* NetBIOS names */

#define VD_UNATTEND_FILE_NAME    "Autounattend.xml"
#define VD_UNATTEND_DEFAULT_USER "user"

typedef struct {
  const char *computer_name;   /* NULL or "*": Windows picks one */
  const char *user;            /* the local administrator to create */
  const char *password;
  const char *edition;         /* the install image's name (/IMAGE/NAME); NULL:
                                  the first image */
  const char *product_key;     /* NULL: none */
  gboolean uefi;               /* GPT with an EFI system partition, else MBR */
  const char *drivers;         /* virtio-win attached: its directory for this
                                  Windows (w10, w11); NULL: not attached */
} VdUnattendSpec;

/* A local account name Windows accepts: 1 to 20 characters, none of
 * " / \ [ ] : ; | = , + * ? < > @ or control characters, not only dots
 * and spaces, and not a built-in account. */
gboolean vd_unattend_check_user (const char *user, GError **error);
/* 1 to 127 characters of UTF-8 without control characters. */
gboolean vd_unattend_check_password (const char *password, GError **error);
/* Five groups of five letters and digits. */
gboolean vd_unattend_check_product_key (const char *key, GError **error);
/* An image name: printable, 1 to 256 characters. */
gboolean vd_unattend_check_edition (const char *edition, GError **error);

/* A computer name from a desktop name: its letters, digits and '-' (others
 * become '-'), at most 15, no '-' at either end; "*" when nothing usable
 * or only digits remain. */
char *vd_unattend_computer_name (const char *desktop_name);

/* base64 (UTF-16LE (PASSWORD "Password")), as <PlainText>false</PlainText>
 * wants it for user accounts and AutoLogon. */
char *vd_unattend_encode_password (const char *password);

/* The answer file, UTF-8.  The result holds the encoded password: wipe it
 * (explicit_bzero) when done. */
char *vd_unattend_build (const VdUnattendSpec *spec, gsize *length, GError **error);

/* The commands that enable Remote Desktop in a running Windows, as argv
 * arrays (program first): the registry value fDenyTSConnections=0, then
 * the firewall's "Remote Desktop" rule group.  NULL-terminated list of
 * NULL-terminated arrays. */
extern const char * const * const vd_windows_rdp_commands[];

/* ARGV as one Windows command line, quoted the way the Microsoft C
 * runtime splits it back into the same arguments; an argument of the form
 * tag=value with a space in the value is written tag="value", as netsh's
 * documentation does. */
char *vd_windows_command_line (const char * const *argv);
