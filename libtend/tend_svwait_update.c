/* ISC license. */

#include <errno.h>
#include <unistd.h>
#include "svwait.h"

unsigned int tend_svwait_update (tend_svwait_t *w, unsigned int n, iopause_fd const *x)
{
  unsigned int pending = 0 ;
  for (unsigned int i = 0 ; i < n ; i++)
  {
    char buf[64] ;
    ssize_t r ;
    int exited = 0 ;
    if (w[i].result != TEND_SVWAIT_PENDING) continue ;
    if (!(x[i].revents & (IOPAUSE_READ | IOPAUSE_EXCEPT))) { pending++ ; continue ; }
    for (;;)
    {
      r = read(w[i].fd, buf, sizeof(buf)) ;  /* non-blocking */
      if (r < 0 && errno == EINTR) continue ;
      if (r <= 0) break ;
      for (ssize_t j = 0 ; j < r ; j++) if (buf[j] == TEND_EVENT_EXIT) exited = 1 ;
    }
    if (r < 0 && errno == EAGAIN) r = 0 ;
    if (r < 0)
    {
      w[i].err = errno ;
      w[i].result = TEND_SVWAIT_ERROR ;
      tend_svwait_unsubscribe(&w[i]) ;
      continue ;
    }
    if (!tend_svwait_refresh(&w[i])) continue ;
    if (exited)
    {
      w[i].result = TEND_SVWAIT_EXITED ;
      tend_svwait_unsubscribe(&w[i]) ;
      continue ;
    }
    pending++ ;
  }
  return pending ;
}
