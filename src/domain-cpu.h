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
