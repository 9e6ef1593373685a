/* ISC license. */

#include "svwait.h"

/* Ready: readiness was notified, or the service has no notification-fd (up is all we know). */
static int isready (tend_status_t const *st)
{
  return st->flags & TEND_STATUS_READY || !(st->flags & TEND_STATUS_NOTIFY) ;
}

/* A run that was not the one seen at start (same pid and start time = same process). */
static int isnew (tend_svwait_t const *w, tend_status_t const *st)
{
  return st->pid && (st->pid != w->pid0 || st->starttime != w->starttime0) ;
}

int tend_svwait_check (tend_svwait_t const *w, tend_status_t const *st)
{
  int up = st->state == TEND_STATE_UP && st->pid ;
  switch (w->target)
  {
    case TEND_SVWAIT_UP : return up ;
    case TEND_SVWAIT_READY : return up && isready(st) ;
    case TEND_SVWAIT_DOWN : return st->state == TEND_STATE_DOWN || st->state == TEND_STATE_FINISH ;
    case TEND_SVWAIT_FINISHED : return st->state == TEND_STATE_DOWN ;
    case TEND_SVWAIT_RESTARTED : return up && isnew(w, st) ;
    case TEND_SVWAIT_RESTARTED_READY : return up && isnew(w, st) && isready(st) ;
    default : return 0 ;
  }
}
