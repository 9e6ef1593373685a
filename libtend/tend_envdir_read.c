/* ISC license. */

#include <errno.h>
#include <string.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "dir.h"
#include "envfile.h"

int tend_envdir_read (char const *dir, stralloc *sa)
{
  stralloc names = STRALLOC_ZERO ;
  genalloc v = GENALLOC_ZERO ;  /* size_t */
  size_t sabase = sa->len ;
  int n = tend_dir_list(dir, &names, &v), i, e ;
  if (n < 0) goto err ;
  for (i = 0 ; i < n ; i++)
  {
    char const *name = names.s + genalloc_s(size_t, &v)[i] ;
    char path[TEND_PATH_MAX] ;
    size_t vstart ;
    if (!tend_svdir_path(path, sizeof path, dir, name)) goto err ;
    if (!stralloc_cats(sa, name) || !stralloc_catb(sa, "=", 1)) goto err ;
    vstart = sa->len ;
    if (!openslurpclose(sa, path)) goto err ;
    if (memchr(sa->s + vstart, 0, sa->len - vstart)) { errno = EINVAL ; goto err ; }
    if (!stralloc_0(sa)) goto err ;
  }
  genalloc_free(size_t, &v) ;
  stralloc_free(&names) ;
  return n ;

 err:
  e = errno ;
  genalloc_free(size_t, &v) ;
  stralloc_free(&names) ;
  sa->len = sabase ;
  errno = e ;
  return -1 ;
}
