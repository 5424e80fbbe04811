/* profile.c: desktop profiles, the domain XML templates that 'create'
 * starts from: a template read into a profile.  Pure: no I/O.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop-metadata.h"
#include "domain-identity.h"
#include "profile.h"
#include "xml-util.h"

G_DEFINE_QUARK (vd-profile-error-quark, vd_profile_error)

#define NAME_MAX_LEN 64

void
vd_profile_free (VdProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->name);
  g_free (profile->source);
  g_clear_pointer (&profile->doc, xmlFreeDoc);
  g_free (profile->os);
  g_free (profile->disk_bus);
  g_free (profile->nic_model);
  g_free (profile->drivers);
  g_free (profile->edition);
  g_free (profile->dropped);
  g_free (profile);
}

gboolean
vd_profile_check_name (const char *name, GError **error)
{
  gsize len = strlen (name);

  if (len == 0 || len > NAME_MAX_LEN || name[0] == '.' ||
      strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != len)
    return g_set_error (error, VD_PROFILE_ERROR, VD_PROFILE_ERROR_NAME,
                        "'%s' cannot name a profile: use 1 to %d letters, digits, "
                        "'.', '_' or '-', not starting with '.'",
                        name, NAME_MAX_LEN), FALSE;
  return TRUE;
}

/* An attribute of the template's <vdctl:template> hints, or NULL. */
static char *
hint (xmlNode *hints, const char *name)
{
  char *value;

  if (hints == NULL)
    return NULL;
  value = vd_xml_get_prop (hints, name);
  if (value && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static xmlNode *
find_hints (xmlNode *root)
{
  return vd_desktop_metadata_child (vd_desktop_metadata_find (root), "template");
}

VdProfile *
vd_profile_new_from_data (const char *name, const char *source, GBytes *xml,
                          GError **error)
{
  g_autoptr(VdProfile) profile = g_new0 (VdProfile, 1);
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *what = g_strdup_printf ("profile '%s' (%s)", name, source);
  xmlNode *root, *os, *hints;
  gsize size;
  const char *data = g_bytes_get_data (xml, &size);

  /* A NUL byte is never XML: say so plainly, not in libxml2's words. */
  if (data == NULL || memchr (data, '\0', size) != NULL)
    return g_set_error (error, VD_PROFILE_ERROR, VD_PROFILE_ERROR_INVALID,
                        "%s is not a domain XML document: it holds a NUL byte or nothing",
                        what), NULL;
  doc = vd_xml_parse (data, size, what, &local_error);
  if (doc == NULL)
    return g_set_error (error, VD_PROFILE_ERROR, VD_PROFILE_ERROR_INVALID,
                        "%s", local_error->message), NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || root->ns != NULL || strcmp ((const char *) root->name, "domain") != 0)
    return g_set_error (error, VD_PROFILE_ERROR, VD_PROFILE_ERROR_INVALID,
                        "%s is not a domain XML document: its root element is <%s>, "
                        "not <domain>", what, root ? (const char *) root->name : ""), NULL;

  profile->name = g_strdup (name);
  profile->source = g_strdup (source);
  hints = find_hints (root);
  profile->os = hint (hints, "os");
  profile->disk_bus = hint (hints, "disk-bus");
  profile->nic_model = hint (hints, "nic-model");
  profile->drivers = hint (hints, "drivers");
  profile->edition = hint (hints, "edition");

  os = vd_xml_first_element (root, "os");
  profile->uefi = os && (vd_xml_prop_equals (os, "firmware", "efi") ||
                         vd_xml_first_element (os, "loader") != NULL);
  profile->dropped = vd_domain_drop_identity (doc);
  profile->doc = g_steal_pointer (&doc);
  return g_steal_pointer (&profile);
}

gboolean
vd_profile_is_windows (const VdProfile *profile)
{
  return g_strcmp0 (profile->os, "windows") == 0;
}
