/* ISC license. */

#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include "svdir.h"
#include "spawn.h"
#include "stop.h"

static int finalize_said (char const *name, int const *wstat, int killed, void *ctx)
{
  tend_stop const *c = ctx ;
  if (!wstat) { if (c->verbosity >= 2) strerr_warn(PROG, ": finalize: ", name, " starting") ; }
  else if (killed)
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, c->finalize_maxtime)] = 0 ;
    if (c->verbosity >= 1) strerr_warn(PROG, ": warning: finalize: ", name, " killed after TEND_KILL_FINALIZE_MAXTIME (", fmt, " ms)") ;
  }
  else if (c->verbosity >= 2) tend_wstat_say("finalize: ", name, *wstat) ;
  return 1 ;
}

void tend_stop_finalize (tend_stop const *c)
{
  char dir[TEND_PATH_MAX], envdir[TEND_PATH_MAX] ;
  if (!tend_svdir_path(dir, sizeof dir, c->etc, "finalize") || !tend_svdir_path(envdir, sizeof envdir, c->run, "env"))
  {
    strerr_warnwsys("unable to use ", c->etc, "/finalize") ;
    return ;
  }
  if (tend_scripts_run(dir, envdir, c->finalize_maxtime, 1, &finalize_said, (void *)c) < 0)
    strerr_warnwsys("unable to list ", dir) ;
}
