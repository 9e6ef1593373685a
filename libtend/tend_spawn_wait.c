/* ISC license. */

#include <signal.h>
#include <unistd.h>
#include <skalibs/strerr.h>
#include <skalibs/djbunix.h>
#include <skalibs/selfpipe.h>
#include "spawn.h"

int tend_spawn_wait (char const *const *argv, char const *envdir, unsigned int ms, int newpgrp, int *wstat)
{
  stralloc sa = STRALLOC_ZERO ;
  genalloc ga = GENALLOC_ZERO ;
  char const *const *envp ;
  int sigfd = tend_sigchld_trap() ;
  int r ;
  pid_t pid ;
  if (sigfd < 0) { strerr_warnwsys("unable to trap SIGCHLD") ; *wstat = 111 << 8 ; return 1 ; }
  envp = tend_envdir_env(envdir, &sa, &ga) ;
  pid = fork() ;
  if (pid < 0)
  {
    strerr_warnwsys("unable to fork") ;
    *wstat = 111 << 8 ;
    r = 1 ;
    goto end ;
  }
  if (!pid)
  {
    selfpipe_finish() ;
    if (newpgrp) setpgid(0, 0) ;
    tend_exec_child(argv, envp) ;
  }
  if (newpgrp) setpgid(pid, pid) ;  /* both sides: whichever runs first */
  r = tend_child_wait(pid, ms, sigfd, wstat) ;
  if (r < 0) strerr_warnwsys("unable to wait for ", argv[0]) ;
  if (r <= 0)
  {
    kill(newpgrp ? -pid : pid, SIGKILL) ;
    wait_pid(pid, wstat) ;
    r = 0 ;
  }
 end:
  stralloc_free(&sa) ;
  genalloc_free(char const *, &ga) ;
  return r ;
}
