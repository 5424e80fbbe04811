/* domain-identity.h: what makes a domain this one domain and no other —
 * its UUID, its MAC addresses, the paths of its own state (NVRAM, TPM,
 * channel sockets) and its disks — taken out of templates, so that a
 * template made from a desktop ('virsh dumpxml lab-01 > my.xml') gives
 * new desktops of their own.  Pure: no libvirt, no I/O.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

/* Remove from the template DOC: <uuid>; every interface's <mac>; the NVRAM
 * file (<os><nvram>: its path and source, keeping a template= it names);
 * a TPM emulator's state <source>; the socket paths of UNIX channels that
 * libvirt makes per domain; and every writable <disk device='disk'> or
 * 'lun' (a new desktop writing into another's disk would destroy both;
 * --disk gives it its own).  CD-ROMs, floppies and disks marked
 * <readonly/> or <shareable/> stay.  Returns one sentence
 * saying what was removed ("its UUID, 2 MAC addresses and 1 disk
 * (/var/lib/libvirt/images/lab.qcow2)"), or NULL when DOC had none of it. */
char *vd_domain_drop_identity (xmlDoc *doc);

/* The same, but the disks stay: a pool seat (pool-seat.h) points them
 * at images of its own. */
void vd_domain_drop_own_state (xmlDoc *doc);

/* Set the domain's <uuid> to UUID, after its <name>. */
void vd_domain_set_uuid (xmlDoc *doc, const char *uuid);
