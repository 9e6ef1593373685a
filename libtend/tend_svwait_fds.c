/* ISC license. */

#include "svwait.h"

unsigned int tend_svwait_fds (tend_svwait_t const *w, unsigned int n, iopause_fd *x)
{
  unsigned int pending = 0 ;
  for (unsigned int i = 0 ; i < n ; i++)
  {
    int on = w[i].result == TEND_SVWAIT_PENDING ;
    x[i].fd = on ? w[i].fd : -1 ;
    x[i].events = on ? IOPAUSE_READ : 0 ;
    x[i].revents = 0 ;
    pending += on ;
  }
  return pending ;
}
