/* domain-devices.c: the desktop core's other devices: the agents'
 * channels and sound.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "device-xml.h"
#include "domain-xml-private.h"
#include "xml-util.h"

xmlNode *
vd_domain_channel_named (xmlNode *devices, const char *name)
{
  for (xmlNode *n = vd_xml_first_element (devices, "channel"); n;
       n = vd_xml_next_element (n, "channel"))
    if (vd_xml_prop_equals (vd_xml_first_element (n, "target"), "name", name))
      return n;
  return NULL;
}

static void
ensure_channel (xmlNode *devices, const char *name, xmlNode *(*make) (xmlDoc *))
{
  if (vd_domain_channel_named (devices, name) == NULL)
    vd_device_insert (devices, make (devices->doc));
}

/* The SPICE agent's channel goes with a SPICE display, new or asked for
 * with the agents; the guest agent's only with the agents. */
void
vd_domain_apply_agents (xmlNode *devices, const VdDesktopSettings *s, xmlNode *graphics)
{
  if (s->spice == VD_TRISTATE_YES || (s->agents && graphics))
    ensure_channel (devices, VDAGENT_CHANNEL, vd_device_vdagent_channel);
  if (s->agents)
    ensure_channel (devices, GUEST_AGENT_CHANNEL, vd_device_guest_agent_channel);
}

void
vd_domain_apply_sound (xmlNode *devices, const char *model)
{
  g_autoptr(GPtrArray) sounds = vd_domain_all_with_prop (devices, "sound", NULL, NULL);
  xmlNode *sound;

  if (strcmp (model, "none") == 0)
    {
      vd_domain_remove_nodes (sounds);
      return;
    }
  if (sounds->len == 0)
    {
      vd_device_insert (devices, vd_device_sound (devices->doc, model));
      return;
    }
  sound = sounds->pdata[0];
  if (vd_xml_prop_equals (sound, "model", model))
    return;
  vd_xml_set_prop (sound, "model", model);
  /* What only the old model had: USB audio's multichannel, virtio's
   * streams, and codecs, which AC97 has none of. */
  vd_xml_unset_prop (sound, "multichannel");
  vd_xml_unset_prop (sound, "streams");
  if (strcmp (model, "ac97") == 0)
    {
      g_autoptr(GPtrArray) codecs = vd_domain_all_with_prop (sound, "codec", NULL, NULL);
      vd_domain_remove_nodes (codecs);
    }
}
