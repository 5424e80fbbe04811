/* profile.h: desktop profiles, the domain XML templates that 'create'
 * starts from.
 *
 * Where profiles are found is profile-store.h's business (the CLI's).
 *
 * A template may carry hints for 'create' in vdctl's metadata:
 *
 *   <vdctl:desktop xmlns:vdctl="https://vdctl.org/xmlns/desktop/1.0" profile="NAME">
 *     <vdctl:template os="windows" disk-bus="sata" nic-model="e1000e"
 *                     drivers="w11" edition="Windows 11 Pro"/>
 *   </vdctl:desktop>
 *
 * A template made from a desktop ('virsh dumpxml lab-01') loses what was
 * that desktop's own: its UUID, MAC addresses, NVRAM and TPM state,
 * socket paths and writable disks (vd_domain_drop_identity).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include <libxml/tree.h>

#define VD_PROFILE_ERROR (vd_profile_error_quark ())
GQuark vd_profile_error_quark (void);

typedef enum {
  VD_PROFILE_ERROR_UNKNOWN,      /* no profile of that name */
  VD_PROFILE_ERROR_INVALID,      /* a template that is not a domain document */
  VD_PROFILE_ERROR_NAME,         /* not a possible profile name */
} VdProfileError;

#define VD_PROFILE_DEFAULT "linux"
#define VD_PROFILE_BUILTIN "built-in"

typedef struct {
  char *name;
  char *source;          /* the file it was read from, or VD_PROFILE_BUILTIN */
  xmlDoc *doc;           /* the template */
  /* Hints from <vdctl:template>; NULL when the template gives none. */
  char *os;              /* "windows", ... */
  char *disk_bus;        /* the bus of a new disk; NULL: virtio */
  char *nic_model;       /* the model of a new NIC; NULL: virtio */
  char *drivers;         /* virtio-win's directory for this OS: w10, w11 */
  char *edition;         /* the image an unattended install picks */
  gboolean uefi;         /* the template boots UEFI firmware */
  /* What was taken out of the template because it belongs to the domain
   * it was made from (domain-identity.h), or NULL. */
  char *dropped;
} VdProfile;

void vd_profile_free (VdProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdProfile, vd_profile_free)

/* Whether NAME can name a profile: 1 to 64 of [A-Za-z0-9._-], not
 * starting with a dot. */
gboolean vd_profile_check_name (const char *name, GError **error);

/* Parse a template (pure: no I/O).  SOURCE names it in messages. */
VdProfile *vd_profile_new_from_data (const char *name, const char *source,
                                     GBytes *xml, GError **error);

gboolean vd_profile_is_windows (const VdProfile *profile);
