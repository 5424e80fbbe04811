/* dial.c: where a client must dial to reach a desktop's display.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dial.h"
#include "values.h"

char *
vd_uri_remote_host (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *host;

  if (uri == NULL)
    return NULL;
  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL)
    return NULL;
  host = g_uri_get_host (parsed);
  if (host == NULL || *host == '\0' || strcmp (host, "localhost") == 0 ||
      vd_address_is_loopback (host))
    return NULL;
  /* A literal IPv6 host comes back without its brackets. */
  return g_strdup (host);
}

VdDialMode
vd_dial_host (const char *listen, const char *host_option, const char *public_host,
              const char *uri, const char *local_name, char **host)
{
  g_autofree char *uri_host = vd_uri_remote_host (uri);

  *host = NULL;
  if (host_option)
    {
      *host = g_strdup (host_option);
      return VD_DIAL_DIRECT;
    }
  if (listen == NULL || vd_address_is_loopback (listen))
    {
      if (uri_host)
        return VD_DIAL_TUNNEL;
      *host = g_strdup (listen ? listen : "127.0.0.1");
      return VD_DIAL_DIRECT;
    }
  if (!vd_address_is_any (listen))
    {
      *host = g_strdup (listen);
      return VD_DIAL_DIRECT;
    }
  if (public_host)
    *host = g_strdup (public_host);
  else if (uri_host)
    *host = g_steal_pointer (&uri_host);
  else
    *host = g_strdup (local_name);
  return VD_DIAL_DIRECT;
}

char *
vd_dial_gateway_host (const char *listen)
{
  if (listen == NULL)
    return g_strdup ("127.0.0.1");
  if (vd_address_is_loopback (listen))
    return g_strdup (listen);
  if (vd_address_is_any (listen))
    return g_strdup (strchr (listen, ':') ? "::1" : "127.0.0.1");
  return g_strdup (listen);
}
