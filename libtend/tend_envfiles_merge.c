/* ISC license. */

#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include "svdir.h"
#include "envmerge.h"
#include "envfiles.h"

int tend_envfiles_merge (char const *etc, char const *run, char const *const *envp, stralloc *vars, stralloc *fixed, genalloc *merged, tend_envfiles_fn *fn, void *ctx)
{
  char dir[TEND_PATH_MAX] ;
  char const *f[3] = { 0, 0, 0 } ;
  size_t runpos ;
  int r ;
  if (!tend_svdir_path(dir, sizeof dir, etc, "envs")) return -1 ;
  r = tend_envfiles_read(dir, vars, fn, ctx) ;
  if (r < 0) return r ;
  fixed->len = 0 ;
  if (!stralloc_cats(fixed, "TEND_ETC=") || !stralloc_cats(fixed, etc) || !stralloc_0(fixed)) return -1 ;
  runpos = fixed->len ;
  if (!stralloc_cats(fixed, "TEND_RUN=") || !stralloc_cats(fixed, run) || !stralloc_0(fixed)) return -1 ;
  f[0] = fixed->s ; f[1] = fixed->s + runpos ;
  if (!tend_env_merge(merged, f, envp, vars->s, vars->len)) return -1 ;
  return r ;
}
