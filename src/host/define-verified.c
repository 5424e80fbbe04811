/* define-verified.c: define a domain and check that libvirt kept it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "define-verified.h"
#include "domain-verify.h"
#include "domain-xml.h"
#include "xml-util.h"

/* What libvirt stored, as settings. */
static gboolean
read_stored (VdVirtDomain *dom, VdDesktopInfo *kept, GError **error)
{
  g_autoptr(xmlDoc) stored = vd_virt_domain_get_doc (dom, TRUE, error);

  if (stored == NULL || !vd_domain_read (stored, kept, error))
    return FALSE;
  vd_desktop_info_seen_with_secrets (kept);
  return TRUE;
}

static void
append_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
append_error (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *more = NULL;
  char *message;

  if (error == NULL || *error == NULL)
    return;
  va_start (args, format);
  more = g_strdup_vprintf (format, args);
  va_end (args);
  message = g_strconcat ((*error)->message, more, NULL);
  g_free ((*error)->message);
  (*error)->message = message;
}

/* Put things back as they were before the define, and say so in ERROR
 * (which holds why). */
static void
put_back (VdConnection *conn, VdVirtDomain *dom, const char *previous, GError **error)
{
  g_autoptr(GError) undo_error = NULL;
  g_autoptr(VdVirtDomain) again = NULL;
  const char *name = vd_virt_domain_get_name (dom);

  if (previous)
    {
      again = vd_virt_domain_define (conn, previous, &undo_error);
      if (again)
        append_error (error, "; '%s' keeps its previous definition", name);
      else
        append_error (error, "; and putting the previous definition of '%s' back "
                      "failed: %s", name, undo_error->message);
    }
  else if (vd_virt_domain_undefine (dom, &undo_error))
    append_error (error, "; the new domain '%s' is removed again", name);
  else
    append_error (error, "; and removing the new domain '%s' again failed (remove "
                  "it with 'vdctl delete %s'): %s", name, name, undo_error->message);
}

/* ---- the caller's undo journal ------------------------------------- */

typedef struct {
  VdConnection *conn;
  char *xml;                  /* the definition as it was, secrets and all */
} RestoreStep;

static void
restore_step_free (gpointer data)
{
  RestoreStep *r = data;

  explicit_bzero (r->xml, strlen (r->xml));
  g_free (r->xml);
  g_free (r);
}

static gboolean
undo_restore (gpointer data, GError **error)
{
  RestoreStep *r = data;
  g_autoptr(VdVirtDomain) dom = vd_virt_domain_define (r->conn, r->xml, error);

  return dom != NULL;
}

static gboolean
undo_undefine (gpointer data, GError **error)
{
  return vd_virt_domain_undefine (data, error);
}

/* Record in UNDO how to undo the define of DOM: define PREVIOUS again,
 * or, when there was none, undefine DOM. */
static void
push_undo (VdUndo *undo, VdConnection *conn, VdVirtDomain *dom, const char *previous)
{
  const char *name = vd_virt_domain_get_name (dom);
  g_autofree char *what = NULL;
  RestoreStep *r;

  if (previous == NULL)
    {
      what = g_strdup_printf ("the definition of desktop '%s'", name);
      vd_undo_push (undo, what, undo_undefine, vd_virt_domain_ref (dom),
                    (GDestroyNotify) vd_virt_domain_free);
      return;
    }
  what = g_strdup_printf ("the new definition of desktop '%s'", name);
  r = g_new0 (RestoreStep, 1);
  r->conn = conn;
  r->xml = g_strdup (previous);
  vd_undo_push (undo, what, undo_restore, r, restore_step_free);
}

/* ---- the define ---------------------------------------------------- */

VdVirtDomain *
vd_define_verified (VdConnection            *conn,
                    const char              *xml,
                    const VdDesktopSettings *asked,
                    const char              *previous,
                    VdDesktopInfo           *kept,
                    VdUndo                  *undo,
                    GError                 **error)
{
  g_autoptr(xmlDoc) doc = vd_xml_parse (xml, -1, "the new definition", error);
  g_auto(VdDesktopInfo) written = { 0, };
  g_auto(VdDesktopInfo) stored = { 0, };
  g_autoptr(VdVirtDomain) dom = NULL;

  if (doc == NULL || !vd_domain_read (doc, &written, error))
    return NULL;
  g_clear_pointer (&doc, xmlFreeDoc);   /* it may hold a password */
  dom = vd_virt_domain_define (conn, xml, error);
  if (dom == NULL)
    return NULL;
  if (!read_stored (dom, &stored, error) ||
      !vd_domain_verify (asked, &written, &stored, error))
    {
      put_back (conn, dom, previous, error);
      return NULL;
    }
  if (undo)
    push_undo (undo, conn, dom, previous);
  if (kept)
    {
      *kept = stored;
      memset (&stored, 0, sizeof stored);
    }
  return g_steal_pointer (&dom);
}
