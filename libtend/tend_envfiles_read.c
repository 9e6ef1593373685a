/* ISC license. */

#include <errno.h>
#include <string.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/djbunix.h>
#include "dir.h"
#include "svdir.h"
#include "value.h"
#include "envfile.h"
#include "envfiles.h"

/* The first assignment of sa[start..end) ("KEY=VALUE\0"...) too long for exec, or NULL;
   *keylen: the length of its name. */
static char const *toolong (stralloc const *sa, size_t start, size_t end, size_t *keylen)
{
  while (start < end)
  {
    char const *p = sa->s + start ;
    size_t len = strlen(p) ;
    if (len + 1 > TEND_ENV_STRMAX) { *keylen = strcspn(p, "=") ; return p ; }
    start += len + 1 ;
  }
  return 0 ;
}

/* Drops from sa[start..*end) the assignments whose name tend_env_nameok refuses, saying so. */
static void badnames_drop (stralloc *sa, size_t start, char const *path, tend_envfiles_fn *fn, void *ctx)
{
  while (start < sa->len)
  {
    char *p = sa->s + start ;
    size_t len = strlen(p) + 1, kl = strcspn(p, "=") ;
    if (tend_env_nameok(p, kl)) { start += len ; continue ; }
    {
      char key[48] ;
      tend_value_printable(key, sizeof key, p, kl) ;
      memmove(p, p + len, sa->len - start - len) ;
      sa->len -= len ;
      (*fn)(path, 0, 0, key, TEND_ENV_BADNAME, ctx) ;
    }
  }
}

int tend_envfiles_read (char const *dir, stralloc *vars, tend_envfiles_fn *fn, void *ctx)
{
  stralloc names = STRALLOC_ZERO ;
  stralloc content = STRALLOC_ZERO ;
  genalloc v = GENALLOC_ZERO ;
  int n = tend_dir_list(dir, &names, &v), i, bad = 0 ;
  if (n < 0)
  {
    int e = errno ;
    stralloc_free(&names) ;
    genalloc_free(size_t, &v) ;
    errno = e ;
    return e == ENOENT ? 0 : -1 ;
  }
  for (i = 0 ; i < n ; i++)
  {
    char path[TEND_PATH_MAX] ;
    char const *err, *big ;
    size_t line, kl, start = vars->len ;
    int k ;
    if (!tend_svdir_path(path, sizeof path, dir, names.s + genalloc_s(size_t, &v)[i]))
    {
      (*fn)(dir, errno, 0, 0, 0, ctx) ;
      bad++ ;
      continue ;
    }
    content.len = 0 ;
    if (!openslurpclose(&content, path)) { (*fn)(path, errno, 0, 0, 0, ctx) ; bad++ ; continue ; }
    k = tend_envfile_parse(content.s, content.len, vars, &line, &err) ;
    if (k < 0) { bad = -1 ; break ; }
    if (!k) { (*fn)(path, 0, line, err, 0, ctx) ; bad++ ; continue ; }
    big = toolong(vars, start, vars->len, &kl) ;
    if (big)
    {
      char key[256] ;
      tend_value_printable(key, sizeof key, big, kl) ;
      vars->len = start ;
      (*fn)(path, 0, 0, key, TEND_ENV_TOOLONG, ctx) ;
      bad++ ;
      continue ;
    }
    badnames_drop(vars, start, path, fn, ctx) ;
    (*fn)(path, 0, 0, 0, 0, ctx) ;
  }
  stralloc_free(&content) ;
  stralloc_free(&names) ;
  genalloc_free(size_t, &v) ;
  return bad ;
}
