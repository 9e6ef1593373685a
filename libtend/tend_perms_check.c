/* ISC license. */

#include <errno.h>
#include <string.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include "perms.h"
#include "check.h"

void tend_perms_check (char const *file, char const *const *envp, tend_report *r)
{
  stralloc sa = STRALLOC_ZERO ;
  char buf[TEND_PERMS_LINEMAX] ;
  size_t pos = 0, line = 0 ;
  if (!openslurpclose(&sa, file)) { tend_report(r, file, 0, TEND_REPORT_ERROR, strerror(errno)) ; return ; }
  while (pos < sa.len)
  {
    char const *nl = memchr(sa.s + pos, '\n', sa.len - pos) ;
    size_t len = nl ? (size_t)(nl - sa.s) - pos : sa.len - pos ;
    tend_perms_rule_t rule ;
    tend_perms_err_t err ;
    int k = tend_perms_parse(sa.s + pos, len, envp, buf, sizeof buf, &rule, &err) ;
    line++ ;
    if (k < 0)
    {
      if (err.detail[0]) tend_report(r, file, line, TEND_REPORT_ERROR, err.reason, ": ", err.detail) ;
      else tend_report(r, file, line, TEND_REPORT_ERROR, err.reason) ;
    }
    else if (k) tend_account_check(&rule.account, file, line, r) ;
    pos += len + 1 ;
  }
  stralloc_free(&sa) ;
}
