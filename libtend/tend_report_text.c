/* ISC license. */

#include <skalibs/types.h>
#include "report.h"

int tend_report_text (buffer *b, char const *prefix, tend_report *r)
{
  size_t n = genalloc_len(tend_problem, &r->v), i ;
  tend_problem const *p = genalloc_s(tend_problem, &r->v) ;
  tend_report_sort(r) ;
  for (i = 0 ; i < n ; i++)
  {
    char fmt[SIZE_FMT + 1] ;
    size_t k = 0 ;
    if (p[i].line) { fmt[k++] = ':' ; k += size_fmt(fmt + k, p[i].line) ; }
    if (buffer_puts(b, prefix) < 0
     || buffer_puts(b, r->sa.s + p[i].file) < 0
     || buffer_put(b, fmt, k) < 0
     || buffer_put(b, ": ", 2) < 0
     || (p[i].severity == TEND_REPORT_WARNING && buffer_puts(b, "warning: ") < 0)
     || buffer_puts(b, r->sa.s + p[i].msg) < 0
     || buffer_put(b, "\n", 1) < 0) return 0 ;
  }
  return 1 ;
}
