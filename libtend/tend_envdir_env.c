/* ISC license. */

#include <skalibs/strerr.h>
#include <skalibs/env.h>
#include "envfile.h"
#include "spawn.h"

extern char **environ ;

char const *const *tend_envdir_env (char const *envdir, stralloc *sa, genalloc *ga)
{
  char const **envp ;
  int n ;
  if (!envdir) return (char const *const *)environ ;
  sa->len = 0 ;
  n = tend_envdir_read(envdir, sa) ;
  if (n < 0 || !genalloc_ready(char const *, ga, (size_t)n + 1))
  {
    strerr_warnwsys("unable to read envdir ", envdir, " (using the boot environment)") ;
    return (char const *const *)environ ;
  }
  envp = genalloc_s(char const *, ga) ;
  env_make(envp, (size_t)n, sa->s, sa->len) ;
  envp[n] = 0 ;
  return envp ;
}
