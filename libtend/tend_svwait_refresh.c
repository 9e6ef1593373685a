/* ISC license. */

#include "svwait.h"

int tend_svwait_refresh (tend_svwait_t *w)
{
  tend_status_t st = TEND_STATUS_ZERO ;
  if (w->result != TEND_SVWAIT_PENDING) return 0 ;
  if (!tend_status_read(w->dir, &st)) return 1 ;  /* not written yet, or being replaced */
  if (!tend_svwait_check(w, &st)) return 1 ;
  w->result = TEND_SVWAIT_REACHED ;
  tend_svwait_unsubscribe(w) ;
  return 0 ;
}
