/* ISC license. */

#include <string.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include "svdir.h"
#include "envmerge.h"
#include "envfiles.h"
#include "value.h"

int tend_envfiles_merge (char const *etc, char const *run, char const *const *envp, stralloc *vars, stralloc *fixed, genalloc *merged, tend_envfiles_fn *fn, void *ctx)
{
  char dir[TEND_PATH_MAX] ;
  char const *f[3] = { 0, 0, 0 } ;
  size_t runpos, base = genalloc_len(char const *, merged), i, j ;
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
  /* the env files' bad names are gone: those left come from envp */
  {
    char const **m = genalloc_s(char const *, merged) ;
    size_t n = genalloc_len(char const *, merged) ;
    for (i = j = base ; i < n ; i++)
    {
      size_t kl = m[i] ? strcspn(m[i], "=") : 0 ;
      if (m[i] && !tend_env_nameok(m[i], kl))
      {
        char key[48] ;
        tend_value_printable(key, sizeof key, m[i], kl) ;
        (*fn)(TEND_ENV_CONTAINER, 0, 0, key, TEND_ENV_BADNAME, ctx) ;
        continue ;
      }
      m[j++] = m[i] ;
    }
    genalloc_setlen(char const *, merged, j) ;
  }
  return r ;
}
