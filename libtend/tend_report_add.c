/* ISC license. */

#include <errno.h>
#include <stdarg.h>
#include "report.h"

int tend_report_add (tend_report *r, char const *file, size_t line, unsigned int severity, ...)
{
  tend_problem p = { .file = r->sa.len, .line = line, .seq = genalloc_len(tend_problem, &r->v), .severity = severity } ;
  size_t start = r->sa.len ;
  char const *s ;
  va_list ap ;
  int ok = stralloc_cats(&r->sa, file) && stralloc_0(&r->sa) ;
  p.msg = r->sa.len ;
  va_start(ap, severity) ;
  /* ap is started just above: clang-tidy 14 reports it uninitialized only when run over the
     whole of libtend at once (make lint), never on this file alone */
  for (s = va_arg(ap, char const *) ; s ; s = va_arg(ap, char const *))  /* NOLINT(clang-analyzer-valist.Uninitialized) */
    if (ok) ok = stralloc_cats(&r->sa, s) ;
  va_end(ap) ;
  if (!ok || !stralloc_0(&r->sa) || !genalloc_append(tend_problem, &r->v, &p)) goto err ;
  if (severity == TEND_REPORT_WARNING) r->warnings++ ; else r->errors++ ;
  return 1 ;
 err:
  r->sa.len = start ;
  if (!r->err) r->err = errno ? errno : ENOMEM ;
  return 0 ;
}
