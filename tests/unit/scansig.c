/* ISC license. */
/* Unit tests for tend_scansigs: the scanner's signals and their hook names agree. */

#include <signal.h>
#include <string.h>
#include <skalibs/sig.h>
#include "scansig.h"
#include <skalibs/strerr.h>
#include "tap.h"

int main (void)
{
  unsigned int i, stop = 0, cmd = 0, named = 0, distinct = 1 ;
  PROG = "unit" ;
  tap_plan(5) ;
  for (i = 0 ; i < TEND_SCANSIGS_N ; i++)
  {
    unsigned int j ;
    if (!strncmp(tend_scansigs[i].hook, "SIG", 3) && !strcmp(tend_scansigs[i].hook + 3, sig_name(tend_scansigs[i].sig))) named++ ;
    if (tend_scansigs[i].flags & TEND_SCANSIG_STOP) stop++ ;
    if (tend_scansigs[i].flags & TEND_SCANSIG_CMD) cmd++ ;
    for (j = 0 ; j < i ; j++) if (tend_scansigs[j].sig == tend_scansigs[i].sig) distinct = 0 ;
  }
  is_int(named, TEND_SCANSIGS_N, "every hook is named SIG and the signal's name") ;
  ok(distinct, "no signal twice") ;
  is_int(stop, 2, "two signals stop the container: SIGTERM and SIGINT") ;
  ok(tend_scansigs[0].sig == SIGTERM && tend_scansigs[1].sig == SIGINT, "the stopping ones first") ;
  is_int(cmd, 5, "five more are diverted to the CMD on request") ;
  return tap_failed ? 1 : 0 ;
}
