/* ISC license. */

#include "svwait.h"

void tend_svwait_end (tend_svwait_t *w, unsigned int n)
{
  for (unsigned int i = 0 ; i < n ; i++) tend_svwait_unsubscribe(&w[i]) ;
}
