/* virt-guest.c: the running guest through libvirt and its QEMU guest
 * agent: its addresses, guest-ping, and the agent command that carries
 * guest-exec (whose JSON guest-exec.c writes and reads).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt/libvirt-qemu.h>

#include "virt.h"
#include "virt-private.h"

/* ---- guest addresses ----------------------------------------------- */

/* An address a client elsewhere can dial: not loopback, not link-local
 * (that needs the interface it is scoped to). */
static gboolean
dialable_address (const char *text)
{
  g_autoptr(GInetAddress) addr = text ? g_inet_address_new_from_string (text) : NULL;

  return addr && !g_inet_address_get_is_loopback (addr) &&
         !g_inet_address_get_is_link_local (addr) && !g_inet_address_get_is_any (addr);
}

static void
collect_addresses (virDomainInterfacePtr *ifaces, int n, GPtrArray *v4, GPtrArray *v6)
{
  for (int i = 0; i < n; i++)
    for (unsigned int j = 0; j < ifaces[i]->naddrs; j++)
      {
        const virDomainIPAddress *a = &ifaces[i]->addrs[j];

        if (!dialable_address (a->addr))
          continue;
        if (a->type == VIR_IP_ADDR_TYPE_IPV4)
          g_ptr_array_add (v4, g_strdup (a->addr));
        else
          g_ptr_array_add (v6, g_strdup (a->addr));
      }
}

char **
vd_virt_domain_guest_addresses (VdVirtDomain *dom, GError **error)
{
  static const struct { unsigned int source; const char *what; } sources[] = {
    { VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, "the guest agent" },
    { VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, "DHCP leases" },
    { VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP, "the ARP table" },
  };
  g_autoptr(GString) tried = g_string_new (NULL);

  if (!vd_virt_domain_is_active (dom))
    return g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                        "desktop '%s' is not running, so it has no address; start it "
                        "with 'vdctl start %s'", dom->name, dom->name), NULL;

  for (gsize s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      virDomainInterfacePtr *ifaces = NULL;
      g_autoptr(GPtrArray) v4 = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) v6 = g_ptr_array_new_with_free_func (g_free);
      int n = virDomainInterfaceAddresses (dom->dom, &ifaces, sources[s].source, 0);

      if (tried->len > 0)
        g_string_append (tried, "; ");
      if (n < 0)
        {
          virErrorPtr err = virGetLastError ();

          g_string_append_printf (tried, "%s: %s", sources[s].what,
                                  err && err->message ? err->message : "no answer");
          virResetLastError ();
          continue;
        }
      collect_addresses (ifaces, n, v4, v6);
      for (int i = 0; i < n; i++)
        virDomainInterfaceFree (ifaces[i]);
      free (ifaces);
      if (v4->len + v6->len > 0)
        {
          for (guint i = 0; i < v6->len; i++)
            g_ptr_array_add (v4, g_strdup (v6->pdata[i]));
          g_ptr_array_add (v4, NULL);
          return (char **) g_ptr_array_free (g_steal_pointer (&v4), FALSE);
        }
      g_string_append_printf (tried, "%s: no address", sources[s].what);
    }
  g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
               "no address found for desktop '%s' (%s); install and start the QEMU "
               "guest agent in the guest (on Windows: qemu-ga from the virtio-win "
               "drivers), or give the address with --rdp-address HOST[:PORT]",
               dom->name, tried->str);
  return NULL;
}

/* ---- the guest agent ----------------------------------------------- */

char *
vd_virt_domain_agent_command (VdVirtDomain *dom, const char *command, int timeout,
                              GError **error)
{
  char *reply = virDomainQemuAgentCommand (dom->dom, command, timeout, 0);
  char *copy;

  if (reply == NULL)
    {
      virErrorPtr err = virGetLastError ();

      if (err && err->code == VIR_ERR_OPERATION_INVALID && !vd_virt_domain_is_active (dom))
        {
          virResetLastError ();
          g_set_error (error, VD_VIRT_ERROR, VD_VIRT_ERROR_FAILED,
                       "desktop '%s' is not running; start it with 'vdctl start %s'",
                       dom->name, dom->name);
          return NULL;
        }
      vd_virt_set_error (error, "the QEMU guest agent of desktop '%s' did not answer "
                         "(is qemu-ga installed and running in the guest?)", dom->name);
      return NULL;
    }
  copy = g_strdup (reply);
  free (reply);
  return copy;
}

gboolean
vd_virt_domain_agent_ping (VdVirtDomain *dom, int timeout)
{
  char *reply = virDomainQemuAgentCommand (dom->dom, "{\"execute\":\"guest-ping\"}",
                                           timeout, 0);

  virResetLastError ();
  free (reply);
  return reply != NULL;
}
