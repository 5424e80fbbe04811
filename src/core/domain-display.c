/* domain-display.c: what a SPICE desktop's display looks like to the
 * user: the number of monitors (heads of one QXL or virtio device for
 * Linux guests, one QXL device per monitor for Windows guests) and the
 * display profile (the SPICE display's compression for a LAN or a WAN).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop-metadata.h"
#include "device-xml.h"
#include "domain-xml-private.h"
#include "xml-util.h"

/* ---- the guest ----------------------------------------------------- */

/* libosinfo's record of the guest OS, as virt-install writes it. */
static gboolean
libosinfo_says_windows (xmlNode *root)
{
  xmlNode *metadata = vd_xml_first_element (root, "metadata");

  for (xmlNode *m = vd_xml_first_element (metadata, NULL); m; m = vd_xml_next_element (m, NULL))
    {
      if (strcmp ((const char *) m->name, "libosinfo") != 0)
        continue;
      for (xmlNode *os = vd_xml_first_element (m, "os"); os; os = vd_xml_next_element (os, "os"))
        {
          g_autofree char *id = vd_xml_get_prop (os, "id");

          if (id && g_str_has_prefix (id, "http://microsoft.com/win"))
            return TRUE;
        }
    }
  return FALSE;
}

gboolean
vd_domain_guest_is_windows (xmlNode *root)
{
  xmlNode *desktop = vd_desktop_metadata_find (root);
  g_autofree char *profile = desktop ? vd_xml_get_prop (desktop, "profile") : NULL;

  if (profile && g_str_has_prefix (profile, "windows"))
    return TRUE;
  if (libosinfo_says_windows (root))
    return TRUE;
  return vd_xml_first_element (vd_xml_first_element (root, "features"), "hyperv") != NULL;
}

/* ---- monitors ------------------------------------------------------ */

static const char *const video_model_prop_order[] = {
  "type", "ram", "vram", "vram64", "vgamem", "heads", "primary", NULL,
};

static int
video_heads (xmlNode *video)
{
  g_autofree char *text = vd_xml_get_prop (vd_xml_first_element (video, "model"), "heads");
  guint64 n;

  if (text && g_ascii_string_to_unsigned (text, 10, 1, 64, &n, NULL))
    return (int) n;
  return 1;
}

guint
vd_domain_read_monitors (xmlNode *devices)
{
  guint videos = vd_xml_count_elements (devices, "video");
  xmlNode *primary = vd_domain_primary_video (devices);

  if (videos > 1)
    return videos;
  return primary ? (guint) video_heads (primary) : 0;
}

static char *
video_model (xmlNode *video)
{
  return vd_xml_get_prop (vd_xml_first_element (video, "model"), "type");
}

gboolean
vd_domain_check_monitors (xmlNode *root, xmlNode *devices, const VdDesktopSettings *s,
                          GError **error)
{
  gboolean windows;
  g_autofree char *model = NULL;

  if (s->monitors == 0)
    return TRUE;
  if (s->monitors > VD_MONITORS_MAX)
    return vd_domain_fail_setting (error, "invalid number of monitors %u: give 1 to %d",
                                   s->monitors, VD_MONITORS_MAX);
  if (s->monitors == 1)
    return TRUE;
  windows = vd_domain_guest_is_windows (root);
  if (s->video)
    model = g_strdup (s->video);
  else if (devices && vd_domain_primary_video (devices))
    model = video_model (vd_domain_primary_video (devices));
  else if (s->spice == VD_TRISTATE_YES)
    model = g_strdup (VD_DEFAULT_VIDEO);
  if (model == NULL)
    return vd_domain_fail_unsupported (error, "%u monitors need a video device and the "
                                       "domain has none; add one with --video qxl",
                                       s->monitors);
  if (g_strcmp0 (model, "qxl") != 0 && (windows || g_strcmp0 (model, "virtio") != 0))
    return vd_domain_fail_unsupported (error, "%u monitors need %s, and the domain's video "
                                       "is '%s'; use --video qxl", s->monitors,
                                       windows ? "a QXL device per monitor on a Windows guest"
                                               : "a QXL or virtio video device", model);
  return TRUE;
}

/* Linux: the primary device's heads; other video devices go. */
static void
apply_heads (xmlNode *devices, guint monitors)
{
  xmlNode *primary = vd_domain_primary_video (devices);
  xmlNode *model = vd_xml_first_element (primary, "model");
  g_autoptr(GPtrArray) videos = vd_domain_all_with_prop (devices, "video", NULL, NULL);

  for (guint i = 0; i < videos->len; i++)
    if (videos->pdata[i] != primary)
      vd_xml_remove (videos->pdata[i]);
  if (model == NULL || video_heads (primary) == (int) monitors)
    return;
  if (monitors == 1)
    vd_xml_unset_prop (model, "heads");
  else
    {
      g_autofree char *text = g_strdup_printf ("%u", monitors);

      vd_xml_set_prop_ordered (model, "heads", text, video_model_prop_order);
    }
}

/* Windows: one QXL device per monitor, one head each. */
static void
apply_video_devices (xmlNode *devices, guint monitors)
{
  g_autoptr(GPtrArray) videos = vd_domain_all_with_prop (devices, "video", NULL, NULL);
  xmlNode *primary = vd_domain_primary_video (devices);
  xmlNode *model = vd_xml_first_element (primary, "model");

  if (model && video_heads (primary) != 1)
    vd_xml_unset_prop (model, "heads");
  /* The last ones go first; the primary stays. */
  for (guint i = videos->len; i-- > 0 && videos->len > monitors;)
    if (videos->pdata[i] != primary)
      {
        vd_xml_remove (videos->pdata[i]);
        g_ptr_array_remove_index (videos, i);
      }
  while (videos->len < monitors)
    {
      xmlNode *video = vd_device_video (devices->doc, "qxl");

      vd_xml_insert_after (videos->pdata[videos->len - 1], video);
      g_ptr_array_add (videos, video);
    }
}

void
vd_domain_apply_monitors (xmlNode *root, xmlNode *devices, guint monitors)
{
  /* Both leave a layout that is already right as it is. */
  if (monitors == 0 || vd_domain_primary_video (devices) == NULL)
    return;
  if (vd_domain_guest_is_windows (root))
    apply_video_devices (devices, monitors);
  else
    apply_heads (devices, monitors);
}

/* ---- the display profile ------------------------------------------- */

typedef struct {
  const char *element;
  const char *attribute;
  const char *lan;
  const char *wan;
} ProfileSetting;

static const ProfileSetting profile_settings[] = {
  { "image", "compression", "auto_glz", "auto_glz" },
  { "jpeg", "compression", "never", "always" },
  { "zlib", "compression", "never", "always" },
  { "playback", "compression", "off", "on" },
  { "streaming", "mode", "filter", "all" },
};

VdDisplayProfile
vd_domain_read_display_profile (xmlNode *graphics)
{
  gboolean any = FALSE, lan = TRUE, wan = TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (profile_settings); i++)
    {
      const ProfileSetting *p = &profile_settings[i];
      xmlNode *node = vd_xml_first_element (graphics, p->element);

      any |= node != NULL;
      lan &= vd_xml_prop_equals (node, p->attribute, p->lan);
      wan &= vd_xml_prop_equals (node, p->attribute, p->wan);
    }
  if (!any)
    return VD_DISPLAY_PROFILE_UNSET;
  return lan ? VD_DISPLAY_PROFILE_LAN : wan ? VD_DISPLAY_PROFILE_WAN : VD_DISPLAY_PROFILE_CUSTOM;
}

void
vd_domain_apply_display_profile (xmlNode *graphics, VdDisplayProfile profile)
{
  if (profile != VD_DISPLAY_PROFILE_LAN && profile != VD_DISPLAY_PROFILE_WAN)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (profile_settings); i++)
    {
      const ProfileSetting *p = &profile_settings[i];
      const char *value = profile == VD_DISPLAY_PROFILE_LAN ? p->lan : p->wan;
      xmlNode *node = vd_xml_first_element (graphics, p->element);

      if (node == NULL)
        {
          node = xmlNewDocNode (graphics->doc, NULL, (const xmlChar *) p->element, NULL);
          vd_domain_insert_child (graphics, node, vd_graphics_child_order);
        }
      if (!vd_xml_prop_equals (node, p->attribute, value))
        vd_xml_set_prop (node, p->attribute, value);
    }
}
