/* ISC license. */

#include <errno.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include "dir.h"
#include "svdir.h"
#include "spawn.h"

int tend_scripts_run (char const *dir, char const *envdir, unsigned int ms, int newpgrp, tend_script_fn *fn, void *ctx)
{
  stralloc sa = STRALLOC_ZERO ;
  genalloc v = GENALLOC_ZERO ;
  int n = tend_dir_list(dir, &sa, &v), i ;
  if (n < 0)
  {
    int e = errno ;
    stralloc_free(&sa) ;
    genalloc_free(size_t, &v) ;
    errno = e ;
    return e == ENOENT ? 0 : -1 ;
  }
  for (i = 0 ; i < n ; i++)
  {
    char const *name = sa.s + genalloc_s(size_t, &v)[i] ;
    char path[TEND_PATH_MAX] ;
    char const *argv[2] = { path, 0 } ;
    int wstat, done ;
    if (!tend_svdir_path(path, sizeof path, dir, name)) { wstat = 111 << 8 ; done = 1 ; }
    else
    {
      if (fn && !(*fn)(name, 0, 0, ctx)) { i++ ; break ; }
      done = tend_spawn_wait(argv, envdir, ms, newpgrp, &wstat) ;
    }
    if (fn && !(*fn)(name, &wstat, !done, ctx)) { i++ ; break ; }
  }
  stralloc_free(&sa) ;
  genalloc_free(size_t, &v) ;
  return i ;
}
