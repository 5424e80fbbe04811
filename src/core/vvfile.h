/* vvfile.h: virt-viewer connection files (.vv), written through GKeyFile
 * so that no value can inject a key or a group.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

typedef struct {
  char *host;
  int port;                    /* -1: none */
  int tls_port;                /* -1: none */
  char *password;              /* a secret: wiped when cleared */
  char *title;
  gboolean delete_this_file;
  gboolean usbredir;            /* enable-usbredir: TRUE unless cleared */
  gboolean smartcard;          /* enable-smartcard */
  gboolean usb_autoshare;
  char *usb_filter;            /* "class,vendor,product,version,allow|..." */
  gboolean fullscreen;
  char *proxy;
  char *ca;                    /* PEM */
  char *host_subject;
  char *secure_attention;      /* hotkeys */
  char *release_cursor;
  char *toggle_fullscreen;
} VdVvFile;

void vd_vv_file_init (VdVvFile *vv);
void vd_vv_file_clear (VdVvFile *vv);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdVvFile, vd_vv_file_clear)

/* The file's text; the caller wipes and frees it.  A value's leading form
 * feeds and vertical tabs are left out: the format cannot carry them. */
char *vd_vv_file_to_data (const VdVvFile *vv, gsize *length);

/* spice-gtk's USB filter: rules "class,vendor,product,version,allow"
 * separated by '|', each of the first four -1 or a number. */
gboolean vd_vv_check_usb_filter (const char *rules, GError **error);
gboolean vd_vv_check_proxy (const char *url, GError **error);
