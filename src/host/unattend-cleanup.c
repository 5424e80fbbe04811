/* unattend-cleanup.c: the answer-file CD goes once Windows is installed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "notice.h"
#include "unattend-cd.h"
#include "unattend-cleanup.h"
#include "xml-util.h"

/* guest-ping answers at once when the agent runs; libvirt says at once
 * when it is not connected. */
#define AGENT_PING_TIMEOUT_S 3

/* The definitions, persistent and live (NULL when DOM is not running),
 * read without the secure flag: the CD's drive is all that is needed, and
 * no password comes near it. */
static gboolean
read_docs (VdVirtDomain *dom, xmlDoc **inactive, xmlDoc **live, GError **error)
{
  *live = NULL;
  *inactive = vd_virt_domain_get_public_doc (dom, TRUE, error);
  if (*inactive == NULL)
    return FALSE;
  if (!vd_virt_domain_is_active (dom))
    return TRUE;
  *live = vd_virt_domain_get_public_doc (dom, FALSE, error);
  if (*live == NULL)
    g_clear_pointer (inactive, xmlFreeDoc);
  return *live != NULL;
}

static gboolean
detach (VdConnection *conn, VdVirtDomain *dom, xmlDoc *inactive, xmlDoc *live,
        GError **error)
{
  g_auto(VdUnattendCd) cd = { 0, };
  g_autofree char *drive = vd_unattend_cd_device_xml (inactive);
  g_autofree char *eject = live ? vd_unattend_cd_eject_xml (live) : NULL;

  if (!vd_unattend_cd_find (inactive, &cd) && !(live && vd_unattend_cd_find (live, &cd)))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' has no answer-file CD", vd_virt_domain_get_name (dom)),
           FALSE;
  /* The guest stops reading it first, then it leaves the definition,
   * then its volume goes. */
  if (eject && !vd_virt_domain_update_live_device (dom, eject, error))
    return FALSE;
  if (drive && !vd_virt_domain_detach_persistent_device (dom, drive, error))
    return FALSE;
  if (cd.pool && cd.volume && !vd_volume_delete (conn, cd.pool, cd.volume, error))
    {
      g_prefix_error (error, "the answer-file CD is detached, but its volume stays: ");
      return FALSE;
    }
  return TRUE;
}

gboolean
vd_unattend_cd_detach (VdConnection *conn, VdVirtDomain *dom, GError **error)
{
  g_autoptr(xmlDoc) inactive = NULL;
  g_autoptr(xmlDoc) live = NULL;

  return read_docs (dom, &inactive, &live, error) && detach (conn, dom, inactive, live, error);
}

VdUnattendCdState
vd_unattend_cd_check (VdConnection *conn, VdVirtDomain *dom)
{
  g_autoptr(xmlDoc) inactive = NULL;
  g_autoptr(xmlDoc) live = NULL;
  g_autoptr(GError) error = NULL;

  /* A definition that cannot be read: the command itself says so. */
  if (!read_docs (dom, &inactive, &live, &error))
    return VD_UNATTEND_CD_NONE;
  if (!vd_unattend_cd_find (inactive, NULL) && !(live && vd_unattend_cd_find (live, NULL)))
    return VD_UNATTEND_CD_NONE;
  if (live == NULL || vd_connection_is_read_only (conn) ||
      !vd_virt_domain_agent_ping (dom, AGENT_PING_TIMEOUT_S))
    return VD_UNATTEND_CD_ATTACHED;
  if (!detach (conn, dom, inactive, live, &error))
    {
      g_printerr ("vdctl: warning: desktop '%s' runs with its guest agent, but its "
                  "answer-file CD (with the Windows password) could not be removed: %s\n",
                  vd_virt_domain_get_name (dom), error->message);
      return VD_UNATTEND_CD_ATTACHED;
    }
  return VD_UNATTEND_CD_REMOVED;
}

char *
vd_unattend_cd_describe (VdUnattendCdState state, const char *name)
{
  g_autofree char *volume = vd_unattend_cd_volume_name (name);

  switch (state)
    {
    case VD_UNATTEND_CD_ATTACHED:
      return g_strdup_printf ("attached (%s, with the Windows password); removed once "
                              "the installed guest's agent answers", volume);
    case VD_UNATTEND_CD_REMOVED:
      return g_strdup_printf ("removed now: Windows is installed and its guest agent "
                              "answers; %s is deleted", volume);
    case VD_UNATTEND_CD_NONE:
    default:
      return NULL;
    }
}

VdUnattendCdState
vd_unattend_cd_tidy (VdConnection *conn, VdVirtDomain *dom, gboolean also_attached)
{
  VdUnattendCdState state = vd_unattend_cd_check (conn, dom);
  const char *name = vd_virt_domain_get_name (dom);
  g_autofree char *text = NULL;

  if (state == VD_UNATTEND_CD_REMOVED || (also_attached && state == VD_UNATTEND_CD_ATTACHED))
    {
      text = vd_unattend_cd_describe (state, name);
      vd_info ("Answer-file CD of '%s': %s\n", name, text);
    }
  return state;
}
