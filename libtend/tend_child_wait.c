/* ISC license. */

#include <errno.h>
#include <skalibs/djbunix.h>
#include "deadline.h"
#include "spawn.h"

int tend_child_wait (pid_t pid, unsigned int ms, int sigfd, int *wstat)
{
  tain deadline ;
  tend_deadline_in(&deadline, ms) ;
  for (;;)
  {
    pid_t r = wait_pid_nohang(pid, wstat) ;
    int k ;
    if (r == pid) return 1 ;
    if (r < 0 && errno != EINTR) { *wstat = 111 << 8 ; return 1 ; }
    k = tend_sigchld_pause(sigfd, ms ? &deadline : 0) ;
    if (k <= 0) return k ;
  }
}
