#include "config.h"
#include "commands.h"
#define STUB(n) const GOptionEntry vd_##n##_entries[] = { { NULL } }; \
  gboolean vd_cmd_##n (VdInvocation *inv, GError **error) { (void) inv; return vd_usage_error (error, "not built yet"); }
STUB (pool_create)
STUB (pool_list)
STUB (pool_show)
STUB (pool_assign)
STUB (pool_release)
STUB (pool_resize)
STUB (pool_update)
STUB (pool_delete)
STUB (reset)
