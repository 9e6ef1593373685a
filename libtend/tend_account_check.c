/* ISC license. */

#include <errno.h>
#include <string.h>
#include "value.h"
#include "check.h"

void tend_account_check (tend_account_spec_t const *spec, char const *file, size_t line, tend_report *r)
{
  tend_account_t acc ;
  char pr[TEND_ACCOUNT_NAMEMAX * 4 + 4] ;
  char const *nm ;
  if (tend_account_resolve(spec, &acc)) return ;
  if (errno != ESRCH && errno != ENXIO)
  {
    tend_report(r, file, line, TEND_REPORT_ERROR, "unable to look up the account: ", strerror(errno)) ;
    return ;
  }
  nm = errno == ESRCH ? spec->user : spec->group ;
  tend_value_printable(pr, sizeof pr, nm, strlen(nm)) ;
  tend_report(r, file, line, TEND_REPORT_ERROR, errno == ESRCH ? "unknown user: " : "unknown group: ", pr) ;
}
