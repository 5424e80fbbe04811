/* domain-cpu.h: the guest CPU of a new desktop.  Pure: no I/O.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

/* When the host is itself a virtual machine (nested KVM), its hypervisor
 * commonly refuses the guest's writes to IA32_ARCH_CAPABILITIES (MSR
 * 0x10a), so a passed-through CPU fails to start.  Drop that one feature
 * from a host-passthrough or host-model CPU of DOC. */
void vd_domain_cpu_for_nested_host (xmlDoc *doc);

/* Whether libvirt's domain capabilities (XML) say the host CPU runs
 * under a hypervisor. */
gboolean vd_domcaps_host_is_virtual (const char *domcaps_xml);

/* Whether libvirt's host capabilities (XML) offer VIRT_TYPE ("kvm",
 * "qemu") for x86_64 guests: 1 yes, 0 no, -1 when they offer neither QEMU
 * type (libvirt's test driver) or cannot be read. */
int vd_caps_offers_virt_type (const char *caps_xml, const char *virt_type);
