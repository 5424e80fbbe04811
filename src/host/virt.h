/* virt.h: the libvirt boundary.  The only place that calls libvirt; every
 * virError becomes a GError that keeps libvirt's own message (virt.c).
 * Declarations are grouped by the file that defines them: virt.c,
 * virt-storage.c (virt-storage.h declares the rest of it), virt-domain.c,
 * virt-guest.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#define VD_VIRT_ERROR (vd_virt_error_quark ())
GQuark vd_virt_error_quark (void);

typedef enum {
  VD_VIRT_ERROR_FAILED,
  VD_VIRT_ERROR_NO_DOMAIN,
  VD_VIRT_ERROR_EXISTS,
  VD_VIRT_ERROR_NO_POOL,
  VD_VIRT_ERROR_CONNECT,
  VD_VIRT_ERROR_CHANGED,       /* the definition changed under us */
} VdVirtError;

typedef struct _VdConnection VdConnection;
typedef struct _VdVirtDomain VdVirtDomain;

typedef enum {
  VD_DOMAIN_STATE_UNKNOWN,
  VD_DOMAIN_STATE_RUNNING,
  VD_DOMAIN_STATE_PAUSED,
  VD_DOMAIN_STATE_SHUTOFF,
  VD_DOMAIN_STATE_OTHER,
} VdDomainState;

/* Connections (virt.c) */
VdConnection *vd_connection_open (const char *uri, GError **error);
/* A read-only connection (virConnectOpenReadOnly): enough to list and
 * show desktops, and refused by libvirt for every change and every read
 * of a secret. */
VdConnection *vd_connection_open_read_only (const char *uri, GError **error);
gboolean vd_connection_is_read_only (VdConnection *conn);
void vd_connection_free (VdConnection *conn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdConnection, vd_connection_free)
const char *vd_connection_get_uri (VdConnection *conn);
const char *vd_connection_pick_virt_type (VdConnection *conn, GError **error);
gboolean vd_connection_has_network (VdConnection *conn, const char *name);
/* The address libvirt network NAME gives the host (its first <ip
 * address>): what a display listening on that network binds to.  NULL
 * with no error when the network has none (a bridge to the host's LAN). */
char *vd_connection_network_address (VdConnection *conn, const char *name, GError **error);
/* Whether the libvirt network NAME is active: 1 yes, 0 defined but not
 * active, -1 unknown (no such network, or the driver cannot say). */
int vd_connection_network_is_active (VdConnection *conn, const char *name);
/* Whether the host offers VIRT_TYPE ("kvm", "qemu") for x86_64 guests: 1
 * yes, 0 no, -1 the driver does not say (libvirt's test driver). */
int vd_connection_offers_virt_type (VdConnection *conn, const char *virt_type);
/* Whether the connection to libvirt still stands. */
gboolean vd_connection_is_alive (VdConnection *conn);
/* Whether the host is itself a virtual machine (nested KVM); FALSE when
 * the driver cannot tell. */
gboolean vd_connection_host_is_virtual (VdConnection *conn, const char *virt_type);

/* Storage pools and volumes (virt-storage.c) */
char *vd_volume_create (VdConnection *conn, const char *pool, const char *name,
                        guint64 capacity, const char *format, GError **error);
gboolean vd_volume_delete (VdConnection *conn, const char *pool, const char *name,
                           GError **error);
/* Delete the storage volume at PATH, when a pool manages it.  Returns
 * FALSE with no error when no pool knows the path. */
gboolean vd_volume_delete_by_path (VdConnection *conn, const char *path,
                                   GError **error);

/* A new raw volume NAME in POOL holding DATA, sent through a libvirt
 * stream (so it works on a remote host); its path.  Nothing is left
 * behind on failure. */
char *vd_volume_upload (VdConnection *conn, const char *pool, const char *name,
                        GBytes *data, GError **error);

/* Progress of long work: DONE of TOTAL bytes. */
typedef void (*VdVirtProgressFunc) (guint64 done, guint64 total, gpointer user_data);

/* Like vd_volume_upload, from the local file PATH, read and sent a chunk
 * at a time (never whole in memory); PROGRESS, when given, hears of each
 * chunk.  The new raw volume's path; nothing is left behind on failure. */
char *vd_volume_upload_file (VdConnection *conn, const char *pool, const char *name,
                             const char *path, VdVirtProgressFunc progress,
                             gpointer user_data, GError **error);

/* The capacity in bytes of volume NAME in POOL, or -1 when there is no
 * such volume (or pool). */
gint64 vd_volume_get_capacity (VdConnection *conn, const char *pool, const char *name);

/* Domains (virt-domain.c) */
VdVirtDomain *vd_virt_domain_lookup (VdConnection *conn, const char *name,
                                     GError **error);
gboolean vd_virt_domain_exists (VdConnection *conn, const char *name);
/* Whether a domain of that UUID exists. */
gboolean vd_virt_domain_uuid_exists (VdConnection *conn, const char *uuid);
/* Another handle on the same domain, to keep past DOM's lifetime. */
VdVirtDomain *vd_virt_domain_ref (VdVirtDomain *dom);
VdVirtDomain *vd_virt_domain_define (VdConnection *conn, const char *xml,
                                     GError **error);
void vd_virt_domain_free (VdVirtDomain *dom);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdVirtDomain, vd_virt_domain_free)
const char *vd_virt_domain_get_name (VdVirtDomain *dom);
char *vd_virt_domain_get_uuid (VdVirtDomain *dom);
char *vd_virt_domain_get_xml (VdVirtDomain *dom, gboolean inactive, GError **error);
/* The same as a document (the persistent definition when INACTIVE, else
 * the live one); the text it was read from is wiped.  Both read with
 * libvirt's secure flag, passwords included, and make the process not
 * dumpable (secret.h). */
xmlDoc *vd_virt_domain_get_doc (VdVirtDomain *dom, gboolean inactive, GError **error);
/* The same without the secure flag: no passwords (libvirt leaves passwd
 * out), and it works on a read-only connection. */
xmlDoc *vd_virt_domain_get_public_doc (VdVirtDomain *dom, gboolean inactive,
                                       GError **error);
VdDomainState vd_virt_domain_get_state (VdVirtDomain *dom, const char **name);
gboolean vd_virt_domain_start (VdVirtDomain *dom, GError **error);
gboolean vd_virt_domain_destroy (VdVirtDomain *dom, GError **error);
gboolean vd_virt_domain_undefine (VdVirtDomain *dom, GError **error);
gboolean vd_virt_domain_is_active (VdVirtDomain *dom);
gboolean vd_virt_domain_shutdown (VdVirtDomain *dom, GError **error);
gboolean vd_virt_domain_reboot (VdVirtDomain *dom, GError **error);
/* Apply one device element to the running domain only. */
gboolean vd_virt_domain_update_live_device (VdVirtDomain *dom, const char *device_xml,
                                            GError **error);
/* Every domain on the connection, sorted by name. */
GPtrArray *vd_virt_domain_list_all (VdConnection *conn, GError **error);
/* The running (and paused) domains only, sorted by name. */
GPtrArray *vd_virt_domain_list_active (VdConnection *conn, GError **error);
/* Names of every domain, running or not, sorted. */
char **vd_connection_list_domain_names (VdConnection *conn, GError **error);
/* Remove the device DEVICE_XML describes from the persistent definition
 * (the running domain keeps it until it stops). */
gboolean vd_virt_domain_detach_persistent_device (VdVirtDomain *dom, const char *device_xml,
                                                  GError **error);
/* Press Enter on the guest's keyboard. */
gboolean vd_virt_domain_press_enter (VdVirtDomain *dom, GError **error);
/* Bytes the running guest has read from disk TARGET (sda, ...); -1 when
 * unknown. */
gint64 vd_virt_domain_read_bytes (VdVirtDomain *dom, const char *target);

/* The running guest and its QEMU guest agent (virt-guest.c) */
/* The running guest's IP addresses, best first: those its QEMU guest agent
 * reports, else its DHCP leases, else the host's ARP table; IPv4 before
 * IPv6, loopback and link-local ones left out.  Fails, saying what each
 * source answered, when none has an address. */
char **vd_virt_domain_guest_addresses (VdVirtDomain *dom, GError **error);
/* Send COMMAND (JSON) to the running guest's QEMU guest agent and return
 * its reply; TIMEOUT in seconds.  The error keeps libvirt's reason, such
 * as "QEMU guest agent is not connected". */
char *vd_virt_domain_agent_command (VdVirtDomain *dom, const char *command, int timeout,
                                    GError **error);
/* Whether the running guest's QEMU guest agent answers guest-ping within
 * TIMEOUT seconds: a cheap sign that the guest's OS is up. */
gboolean vd_virt_domain_agent_ping (VdVirtDomain *dom, int timeout);
