/* ISC license. */

#include <skalibs/iopause.h>
#include <skalibs/selfpipe.h>
#include "deadline.h"

int tend_sigchld_pause (int sigfd, tain const *deadline)
{
  iopause_fd x = { .fd = sigfd, .events = IOPAUSE_READ, .revents = 0 } ;
  int r = iopause_g(&x, 1, deadline) ;
  if (r > 0) while (selfpipe_read() > 0) ;
  return r ;
}
