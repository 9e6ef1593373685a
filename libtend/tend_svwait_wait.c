/* ISC license. */

#include <errno.h>
#include <skalibs/tai.h>
#include <skalibs/iopause.h>
#include "svwait.h"

int tend_svwait_wait (tend_svwait_t *w, unsigned int n, iopause_fd *x, tain const *deadline)
{
  unsigned int pending = tend_svwait_fds(w, n, x) ;
  while (pending)
  {
    int r = iopause_g(x, n, deadline) ;  /* NULL: no deadline */
    if (r < 0)
    {
      if (errno == EINTR) continue ;
      return -1 ;
    }
    if (!r) break ;  /* deadline passed */
    tend_svwait_update(w, n, x) ;
    pending = tend_svwait_fds(w, n, x) ;
  }
  return (int)pending ;
}
