/* domain-new.c: a new domain from a profile's template and the
 * machine around the desktop (disks, CD-ROMs, network), with the desktop
 * settings applied.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop-metadata.h"
#include "device-xml.h"
#include "domain-xml-private.h"
#include "xml-util.h"

/* The redirections of a new desktop: the default set changed as the
 * user asked, and resolved against --usbredir 0 and --sound none when
 * the user did not name usb or audio (a contradiction the user did name
 * stays, for the check to report). */
static void
fill_redirect (VdDesktopSettings *s)
{
  guint base = VD_REDIRECT_DEFAULT;
  guint set;

  if (s->spice == VD_TRISTATE_NO)
    base &= VD_REDIRECT_AUDIO | VD_REDIRECT_MICROPHONE;
  set = vd_redirect_change_apply (&s->redirect, base);
  if (s->usbredir == 0 && !(s->redirect.add & VD_REDIRECT_USB))
    set &= ~VD_REDIRECT_USB;
  if (g_strcmp0 (s->sound, "none") == 0 && !(s->redirect.add & VD_REDIRECT_AUDIO))
    set &= ~VD_REDIRECT_AUDIO;
  /* No sound device, no microphone: unless the user named it. */
  if (!(set & VD_REDIRECT_AUDIO) && !(s->redirect.add & VD_REDIRECT_MICROPHONE))
    set &= ~VD_REDIRECT_MICROPHONE;
  s->redirect.given = TRUE;
  s->redirect.add = set;
  s->redirect.remove = VD_REDIRECT_ALL & ~set;
  if (s->usbredir < 0 && !(set & VD_REDIRECT_USB))
    s->usbredir = 0;
  if (s->sound == NULL && !(set & VD_REDIRECT_AUDIO))
    s->sound = g_strdup ("none");
}

void
vd_desktop_settings_fill (VdDesktopSettings *s)
{
  if (s->spice == VD_TRISTATE_UNSET)
    s->spice = VD_TRISTATE_YES;
  fill_redirect (s);
  if (s->listen == NULL)
    s->listen = g_strdup (VD_DEFAULT_LISTEN);
  if (s->port < 0)
    s->port = VD_PORT_AUTO;
  if (s->usb3 == VD_TRISTATE_UNSET)
    s->usb3 = VD_TRISTATE_NO;
  if (s->usbredir < 0)
    s->usbredir = s->usb3 == VD_TRISTATE_YES ? VD_DEFAULT_USBREDIR_USB3
                                             : VD_DEFAULT_USBREDIR_USB2;
  if (s->video == NULL)
    s->video = g_strdup (VD_DEFAULT_VIDEO);
  if (s->sound == NULL)
    s->sound = g_strdup (VD_DEFAULT_SOUND);
  if (s->memory_mib == 0)
    s->memory_mib = VD_DEFAULT_MEMORY_MIB;
  if (s->vcpus == 0)
    s->vcpus = VD_DEFAULT_VCPUS;
  if (s->monitors == 0)
    s->monitors = 1;
  s->agents = TRUE;
}

static void
set_name (xmlNode *root, const char *name)
{
  xmlNode *node = vd_xml_first_element (root, "name");

  if (node == NULL)
    {
      xmlNode *first = vd_xml_first_element (root, NULL);

      node = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "name", NULL);
      if (first)
        vd_xml_insert_before (first, node);
      else
        vd_xml_append_child (root, node);
    }
  vd_xml_set_content (node, name);
}

static void
add_boot_device (xmlNode *root, const char *dev)
{
  xmlNode *os = vd_xml_ensure_element (root, "os");
  xmlNode *boot;

  if (vd_domain_first_with_prop (os, "boot", "dev", dev))
    return;
  boot = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "boot", NULL);
  vd_xml_set_prop (boot, "dev", dev);
  if (vd_xml_last_element (os, "boot"))
    vd_xml_insert_after (vd_xml_last_element (os, "boot"), boot);
  else
    vd_xml_append_child (os, boot);
}

/* A template's <vdctl:template> hints are for 'create' alone; the domain
 * records the name of the profile it was made from. */
static void
record_profile (xmlNode *root, const char *profile)
{
  xmlNode *desktop = vd_desktop_metadata_find (root);
  xmlNode *template;

  while ((template = vd_desktop_metadata_child (desktop, "template")))
    vd_xml_remove (template);
  if (profile)
    vd_xml_set_prop (vd_desktop_metadata_ensure (root), "profile", profile);
}

/* What TCG needs that KVM does not. */
static void
adapt_to_tcg (xmlNode *root, const char *os)
{
  xmlNode *features = vd_xml_first_element (root, "features");
  xmlNode *hyperv = features ? vd_xml_first_element (features, "hyperv") : NULL;
  xmlNode *vpindex = hyperv ? vd_xml_first_element (hyperv, "vpindex") : NULL;

  /* QEMU 7.2 asks KVM whether the VP index can be set even under TCG,
   * and refuses to start ("kernel doesn't allow setting HyperV
   * VP_INDEX").  TCG emulates none of the enlightenments, so nothing is
   * lost. */
  if (vpindex)
    vd_xml_remove (vpindex);

  /* QEMU's default CPU under TCG, qemu64, lacks instructions Windows
   * needs (CMPXCHG16B, LAHF in 64-bit mode, and POPCNT and SSE4.2 for
   * Windows 11 24H2); 'maximum' is every feature TCG emulates. */
  if (g_strcmp0 (os, "windows") == 0 && vd_xml_first_element (root, "cpu") == NULL)
    {
      xmlNode *cpu = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "cpu", NULL);
      xmlNode *anchor = features ? features : vd_xml_first_element (root, "os");

      vd_xml_set_prop (cpu, "mode", "maximum");
      vd_xml_set_prop (cpu, "check", "none");
      if (anchor)
        vd_xml_insert_after (anchor, cpu);
      else
        vd_xml_append_child (root, cpu);
    }
}

/* Disk targets on one bus: sda, sdb, ... */
static char *
next_target (const char *prefix, int *count)
{
  return g_strdup_printf ("%s%c", prefix, 'a' + (*count)++);
}

/* The host's own CPU under KVM, unless the template has a CPU of its
 * own. */
static void
use_host_cpu (xmlNode *root)
{
  xmlNode *cpu, *anchor;

  if (vd_xml_first_element (root, "cpu") != NULL)
    return;
  cpu = xmlNewDocNode (root->doc, NULL, (const xmlChar *) "cpu", NULL);
  anchor = vd_xml_first_element (root, "features");
  vd_xml_set_prop (cpu, "mode", "host-passthrough");
  if (anchor == NULL)
    anchor = vd_xml_first_element (root, "os");
  if (anchor)
    vd_xml_insert_after (anchor, cpu);
  else
    vd_xml_append_child (root, cpu);
}

/* The disk and the CD-ROMs SPEC names: the disk first, then the CD-ROMs
 * on SATA after it. */
static void
add_disks (xmlNode *root, xmlNode *devices, const VdDomainSpec *spec)
{
  xmlDoc *doc = root->doc;
  const char *disk_bus = spec->disk_bus ? spec->disk_bus : "virtio";
  gboolean disk_on_sata = strcmp (disk_bus, "sata") == 0;
  int sata_disks = 0;

  if (spec->disk_volume || spec->disk_path)
    {
      g_autofree char *target = disk_on_sata ? next_target ("sd", &sata_disks)
                                             : g_strdup ("vda");
      const char *format = spec->disk_format ? spec->disk_format : "qcow2";

      if (spec->disk_volume)
        vd_device_insert (devices, vd_device_volume_disk (doc, spec->disk_pool,
                                                          spec->disk_volume, format,
                                                          target, disk_bus));
      else
        vd_device_insert (devices, vd_device_file_disk (doc, spec->disk_path, format,
                                                        target, disk_bus));
    }
  if (spec->cdrom)
    {
      g_autofree char *target = next_target ("sd", &sata_disks);

      vd_device_insert (devices, spec->cdrom_pool
                                 ? vd_device_volume_cdrom (doc, spec->cdrom_pool, spec->cdrom,
                                                           target)
                                 : vd_device_cdrom (doc, spec->cdrom, target));
      add_boot_device (root, "hd");
      add_boot_device (root, "cdrom");
    }
  if (spec->drivers_cdrom)
    {
      g_autofree char *target = next_target ("sd", &sata_disks);

      vd_device_insert (devices, vd_device_cdrom (doc, spec->drivers_cdrom, target));
    }
  if (spec->unattend_volume)
    {
      g_autofree char *target = next_target ("sd", &sata_disks);

      vd_device_insert (devices, vd_device_volume_cdrom (doc, spec->unattend_pool,
                                                         spec->unattend_volume, target));
    }
}

/* The new domain as TEMPLATE_DOC and SPEC make it, before any setting
 * applies. */
static xmlDoc *
domain_from_spec (xmlDoc             *template_doc,
                  const VdDomainSpec *spec,
                  GError            **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root, *devices;
  const char *nic_model = spec->nic_model ? spec->nic_model : "virtio";

  doc = xmlCopyDoc (template_doc, 1);
  if (doc == NULL)
    g_error ("out of memory");
  root = vd_domain_root (doc, error);
  if (root == NULL)
    return NULL;

  vd_xml_set_prop (root, "type", spec->virt_type);
  set_name (root, spec->name);
  record_profile (root, spec->profile);
  /* TCG has no host CPU to pass through and keeps QEMU's default model,
   * but for Windows (see adapt_to_tcg). */
  if (strcmp (spec->virt_type, "kvm") == 0)
    use_host_cpu (root);
  else if (strcmp (spec->virt_type, "qemu") == 0)
    adapt_to_tcg (root, spec->os);
  devices = vd_xml_ensure_element (root, "devices");

  add_disks (root, devices, spec);
  if (spec->network)
    vd_device_insert (devices, vd_device_interface (doc, "network", spec->network, nic_model));
  else if (spec->bridge)
    vd_device_insert (devices, vd_device_interface (doc, "bridge", spec->bridge, nic_model));
  if (vd_domain_first_with_prop (devices, "input", "type", "tablet") == NULL)
    vd_device_insert (devices, vd_device_usb_tablet (doc));
  return g_steal_pointer (&doc);
}

xmlDoc *
vd_domain_new (xmlDoc                  *template_doc,
               const VdDomainSpec      *spec,
               const VdDesktopSettings *settings,
               GError                 **error)
{
  g_autoptr(xmlDoc) doc = domain_from_spec (template_doc, spec, error);

  if (doc == NULL || !vd_domain_apply (doc, settings, error))
    return NULL;
  vd_domain_record_password_state (doc);
  return g_steal_pointer (&doc);
}

gboolean
vd_domain_check_new (xmlDoc                  *template_doc,
                     const VdDomainSpec      *spec,
                     const VdDesktopSettings *settings,
                     GError                 **error)
{
  g_autoptr(xmlDoc) doc = domain_from_spec (template_doc, spec, error);

  return doc != NULL && vd_domain_check_settings (xmlDocGetRootElement (doc), settings, error);
}
