/* ISC license. */

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <skalibs/strerr.h>
#include <skalibs/sig.h>
#include <skalibs/env.h>
#include <skalibs/exec.h>
#include "spawn.h"

void tend_exec_child (char const *const *argv, char const *const *envp)
{
  char const *path = env_get2(envp, "PATH") ;
  if (!path) path = getenv("PATH") ;
  sig_blocknone() ;
  execvep(argv[0], argv, envp, path ? path : "/usr/bin:/bin") ;
  strerr_warnwsys("unable to exec ", argv[0]) ;
  _exit(errno == ENOENT ? 127 : 126) ;
}
