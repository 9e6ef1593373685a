/* ISC license. */

#include <sys/wait.h>
#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/sig.h>
#include <skalibs/djbunix.h>
#include "spawn.h"

void tend_wstat_say (char const *what, char const *name, int wstat)
{
  char fmt[UINT_FMT] ;
  fmt[uint_fmt(fmt, (unsigned int)tend_wstat_code(wstat))] = 0 ;
  if (WIFSIGNALED(wstat)) strerr_warn(PROG, ": ", what, name, " killed by signal SIG", sig_name(WTERMSIG(wstat)), " (code ", fmt, ")") ;
  else strerr_warn(PROG, ": ", what, name, " exited ", fmt) ;
}
