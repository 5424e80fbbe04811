/* create.h: what 'vdctl create' plans once (cmd-create.c) and carries out
 * for each desktop (create-run.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "desktop.h"
#include "domain-xml.h"
#include "json-out.h"
#include "profile.h"
#include "rdp-options.h"
#include "virt.h"

/* The settings and machine shared by every desktop of one create. */
typedef struct {
  VdDesktopSettings settings;
  gboolean generate_password;
  guint64 disk_bytes;             /* a new volume, or 0 */
  char *disk_path;                /* or an existing image */
  char *disk_format;
  char *cdrom;
  char *cdrom_volume;             /* remote: --cdrom uploaded as this volume */
  char *pool;
  char *network;
  char *bridge;
  const char *virt_type;
  gboolean nested_host;
  VdProfile *profile;
  char *virtio_win;               /* the driver ISO */
  char *unattend_user;            /* --unattend: the Windows user, and */
  char *unattend_password;        /* the password, NULL: one generated each */
  VdRdpChange rdp;
  /* From the command line. */
  gboolean start;
  gboolean print_xml;
  gboolean unattend;
  const char *unattend_edition;
  const char *unattend_product_key;
  const char *unattend_password_file;
  /* --json: the array written a desktop at a time; else NULL. */
  VdJsonArrayOut *json;
} CreatePlan;

/* Create the desktop NAME as PLAN says.  Every step that changes the host
 * is recorded in an undo journal (undo.h); a failure, a signal
 * (interrupt.h) or a report that standard output did not take (the
 * desktop's generated password would be lost) rolls them back, so that a
 * desktop is either created and reported, or nothing of it is left. */
gboolean vd_create_one (VdConnection *conn, CreatePlan *plan, const char *name,
                        GError **error);

/* What the profile and --virtio-win give the new domain. */
void vd_create_spec_from_profile (const CreatePlan *plan, VdDomainSpec *spec);

/* The --json element of a desktop that could not be created. */
JsonNode *vd_create_failure_json (const char *name, const char *message);
