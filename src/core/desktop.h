/* desktop.h: the desktop settings of a domain, as vdctl sees them.
 *
 * VdDesktopSettings is what a command asks to change; every field has an
 * "unset" value, so the same struct drives both `create` (everything set)
 * and `edit` (only what the user named).  VdDesktopInfo is what is read
 * back out of any domain XML.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "leave-policy.h"
#include "spice-policy.h"

/* Hard limits that come from SPICE and QEMU, not from taste. */
#define VD_SPICE_PASSWORD_MAX  60     /* SPICE_MAX_PASSWORD_LENGTH */
#define VD_PORT_MIN            1024
#define VD_PORT_MAX            65535
#define VD_MEMORY_MIN_MIB      128
#define VD_MEMORY_MAX_MIB      (16u * 1024 * 1024)   /* 16 TiB */
#define VD_VCPUS_MAX           4096
#define VD_USBREDIR_MAX        15     /* qemu-xhci's largest port count */
#define VD_XHCI_PORTS          15

#define VD_DEFAULT_LISTEN      "127.0.0.1"
#define VD_DEFAULT_MEMORY_MIB  4096
#define VD_DEFAULT_VCPUS       2
#define VD_DEFAULT_VIDEO       "qxl"
#define VD_DEFAULT_SOUND       "ich9"
#define VD_DEFAULT_USBREDIR_USB2 2
#define VD_DEFAULT_USBREDIR_USB3 4

#define VD_PORT_AUTO           0

typedef enum {
  VD_TRISTATE_UNSET = 0,
  VD_TRISTATE_YES,
  VD_TRISTATE_NO,
} VdTristate;

typedef struct {
  VdTristate spice;          /* add or remove SPICE graphics */
  char *listen;              /* NULL: unchanged */
  int port;                  /* -1: unchanged, VD_PORT_AUTO: automatic */
  VdTristate password;       /* YES: set password_value, NO: remove */
  char *password_value;      /* a secret: wiped when freed */
  VdTristate usb3;           /* YES: qemu-xhci, NO: ich9 USB2 set */
  int usbredir;              /* -1: unchanged */
  char *video;               /* NULL: unchanged */
  char *sound;               /* NULL: unchanged; "none" removes */
  guint64 memory_mib;        /* 0: unchanged */
  guint vcpus;               /* 0: unchanged */
  gboolean agents;           /* make sure both agent channels exist */
  VdTristate tls;            /* YES: every SPICE channel over TLS */
  /* The SPICE redirection policy (spice-policy.h). */
  VdRedirectChange redirect; /* given: change the set of redirections */
  GArray *usb_rules;         /* VdUsbRule as given, in order; NULL:
                                unchanged; empty: no filter */
  guint monitors;            /* 0: unchanged, else 1-VD_MONITORS_MAX */
  VdDisplayProfile display_profile;   /* UNSET: unchanged */
  /* What happens when the user leaves (leave-policy.h). */
  int on_disconnect;         /* a VdLeaveAction; -1: unchanged */
  guint on_disconnect_delay; /* seconds, with on_disconnect */
  int idle_shutdown;         /* seconds, 0: never; -1: unchanged */
} VdDesktopSettings;

void vd_desktop_settings_init (VdDesktopSettings *settings);
void vd_desktop_settings_clear (VdDesktopSettings *settings);
void vd_desktop_settings_set_password (VdDesktopSettings *settings,
                                       const char        *password);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdDesktopSettings, vd_desktop_settings_clear)

/* What a domain holds, read back out of its XML. */
typedef struct {
  char *name;
  char *uuid;
  char *virt_type;
  char *graphics;            /* "spice", "vnc", ..., or NULL for none */
  char *listen;              /* NULL when the graphics has no address */
  char *listen_type;         /* of its first listen: "address", "network",
                                "socket", "none"; NULL when it has none */
  char *listen_network;      /* the libvirt network of a network listen */
  int port;                  /* -1 when automatic and not running */
  int tls_port;              /* -1 when none */
  gboolean autoport;
  gboolean password_set;      /* the definition shows a password */
  VdTristate password;        /* YES set, NO none, UNSET unknown: also read
                                 without the secure flag (see
                                 desktop-metadata.h) */
  char *usb_model;           /* model of the first USB controller, or NULL */
  gboolean usb3;
  gboolean tls;              /* every SPICE channel over TLS: secure by
                                default, and none forced to plain */
  char *tls_plain_channels;  /* channels forced to plain next to a secure
                                default ("main, inputs"), or NULL */
  int usbredir;
  gboolean vdagent;
  gboolean guest_agent;
  char *video;               /* model of the primary video, or NULL */
  char *sound;               /* model of the first sound device, or NULL */
  guint64 memory_mib;
  guint vcpus;               /* at boot: <vcpu current=''>, else <vcpu> */
  guint vcpus_max;           /* <vcpu>: what hot-plug may reach */
  /* The SPICE redirection policy (spice-policy.h), as the domain has it. */
  guint redirect;            /* VdRedirect bits; 0 without a SPICE display */
  GArray *usb_rules;         /* the <redirfilter> rules in order, or NULL */
  guint monitors;            /* heads of the primary video, or the number
                                of video devices when there are several */
  VdDisplayProfile display_profile;   /* UNSET: SPICE's own defaults */
  VdLeavePolicy leave;       /* what vdctl's metadata records; all zero
                                when nothing */
} VdDesktopInfo;

void vd_desktop_info_clear (VdDesktopInfo *info);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdDesktopInfo, vd_desktop_info_clear)

gboolean vd_video_model_is_valid (const char *model);
gboolean vd_sound_model_is_valid (const char *model);
extern const char * const vd_video_models[];
extern const char * const vd_sound_models[];
