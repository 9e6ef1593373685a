/* ISC license. */

#include <signal.h>
#include <skalibs/selfpipe.h>
#include "spawn.h"

int tend_sigchld_trap (void)
{
  static int fd = -1 ;
  sigset_t set ;
  if (fd >= 0) return fd ;
  fd = selfpipe_init() ;
  if (fd < 0) return -1 ;
  sigemptyset(&set) ;
  sigaddset(&set, SIGCHLD) ;
  if (!selfpipe_trapset(&set)) { selfpipe_finish() ; fd = -1 ; }
  return fd ;
}
