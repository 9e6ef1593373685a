/* ISC license. */

#include "report.h"

void tend_report_free (tend_report *r)
{
  stralloc_free(&r->sa) ;
  genalloc_free(tend_problem, &r->v) ;
  r->errors = r->warnings = 0 ;
  r->err = 0 ;
}
