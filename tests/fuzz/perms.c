/* ISC license. */
/* Fuzz target: perms rule lines ({{NAME}} substitution, then splitting and field parsing)
   and account specifications. Any input parses or is refused with a reason, never crashes;
   an accepted rule has an absolute path inside the caller's buffer and modes <= 07777. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "perms.h"
#include "account.h"

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  static char const *const envp[] = { "USERMAP_UID=1000", "USERMAP_GID=1000", "X=a b", "EMPTY=", 0 } ;
  static char buf[TEND_PERMS_LINEMAX] ;
  tend_perms_rule_t rule ;
  tend_perms_err_t err ;
  tend_account_spec_t spec ;
  int r = tend_perms_parse((char const *)data, size, envp, buf, sizeof buf, &rule, &err) ;
  if (r > 0)
  {
    if (rule.path < buf || rule.path >= buf + sizeof buf || rule.path[0] != '/') abort() ;
    if (rule.fmode > 07777 || rule.dmode > 07777) abort() ;
  }
  else if (r < 0)
  {
    if (!err.reason || !memchr(err.detail, 0, sizeof err.detail)) abort() ;
  }
  if (tend_account_scan((char const *)data, size, &spec))
  {
    if (!memchr(spec.user, 0, sizeof spec.user) || !memchr(spec.group, 0, sizeof spec.group)) abort() ;
  }
  return 0 ;
}
