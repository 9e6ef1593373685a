/* ISC license. */

#include <stdlib.h>
#include <string.h>
#include "report.h"

/* qsort has no context argument: the base of the strings is set for the duration of a sort
   (a report is sorted by one thread at a time). */
static char const *base ;

static int cmp (void const *a, void const *b)
{
  tend_problem const *x = a, *y = b ;
  int c = strcmp(base + x->file, base + y->file) ;
  if (c) return c ;
  if (x->line != y->line) return x->line < y->line ? -1 : 1 ;
  return x->seq < y->seq ? -1 : x->seq > y->seq ;
}

void tend_report_sort (tend_report *r)
{
  size_t n = genalloc_len(tend_problem, &r->v) ;
  if (n < 2) return ;
  base = r->sa.s ;
  qsort(genalloc_s(tend_problem, &r->v), n, sizeof(tend_problem), &cmp) ;
  base = 0 ;
}
