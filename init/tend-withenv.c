/* ISC license. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/env.h>
#include <skalibs/exec.h>
#include "config.h"
#include "stdopts.h"
#include "svdir.h"
#include "envfile.h"

#define USAGE "tend-withenv [ -d envdir ] prog..."
#define dieusage() strerr_dieusage(100, USAGE)

int main (int argc, char const *const *argv)
{
  stralloc sa = STRALLOC_ZERO ;
  char defdir[TEND_PATH_MAX] ;
  char const *dir = 0 ;
  char const *path ;
  int n ;
  PROG = "tend-withenv" ;
  tend_stdopts(argc, argv, USAGE) ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, "d:", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 'd' : dir = l.arg ; break ;
        default : dieusage() ;
      }
    }
    argc -= l.ind ; argv += l.ind ;
  }
  if (!argc) dieusage() ;
  if (!dir)
  {
    char const *run = getenv("TEND_RUN") ;
    if (!run || !*run) run = TEND_RUN ;
    if (!tend_svdir_path(defdir, sizeof defdir, run, "env"))
      strerr_diefsys(100, "unable to use ", run, "/env") ;
    dir = defdir ;
  }
  n = tend_envdir_read(dir, &sa) ;
  if (n < 0)
  {
    if (errno == EINVAL) strerr_dief(111, "unable to read envdir ", dir, ": a value holds a NUL byte") ;
    strerr_diefsys(111, "unable to read envdir ", dir) ;
  }
  {
    char const *envp[n + 1] ;
    if (!env_make(envp, n, sa.s, sa.len)) strerr_diefsys(111, "unable to make the environment") ;
    envp[n] = 0 ;
    path = env_get2(envp, "PATH") ;
    if (!path) path = getenv("PATH") ;
    xexecvep(argv[0], argv, envp, path ? path : "/usr/bin:/bin") ;
  }
}
