/* ISC license. */

#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <dirent.h>
#include <skalibs/stralloc.h>
#include <skalibs/direntry.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "envfile.h"

static int cmp (void const *a, void const *b)
{
  return strcmp(*(char const *const *)a, *(char const *const *)b) ;
}

int tend_envdir_read (char const *dir, stralloc *sa)
{
  stralloc names = STRALLOC_ZERO ;
  char const **v = 0 ;
  size_t n = 0, i, sabase = sa->len ;
  int e ;
  DIR *d = opendir(dir) ;
  if (!d) return -1 ;
  for (;;)
  {
    direntry *de ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    if (de->d_name[0] == '.') continue ;
    if (!stralloc_catb(&names, de->d_name, strlen(de->d_name) + 1)) goto err ;
    n++ ;
  }
  if (errno) goto err ;
  dir_close(d) ; d = 0 ;
  v = malloc((n ? n : 1) * sizeof(char const *)) ;
  if (!v) goto err ;
  {
    size_t pos = 0 ;
    for (i = 0 ; i < n ; i++) { v[i] = names.s + pos ; pos += strlen(names.s + pos) + 1 ; }
  }
  qsort(v, n, sizeof(char const *), &cmp) ;
  for (i = 0 ; i < n ; i++)
  {
    char path[TEND_PATH_MAX] ;
    size_t vstart ;
    if (!tend_svdir_path(path, sizeof path, dir, v[i])) goto err ;
    if (!stralloc_cats(sa, v[i]) || !stralloc_catb(sa, "=", 1)) goto err ;
    vstart = sa->len ;
    if (!openslurpclose(sa, path)) goto err ;
    if (memchr(sa->s + vstart, 0, sa->len - vstart)) { errno = EINVAL ; goto err ; }
    if (!stralloc_0(sa)) goto err ;
  }
  free(v) ;
  stralloc_free(&names) ;
  return (int)n ;

 err:
  e = errno ;
  if (d) dir_close(d) ;
  free(v) ;
  stralloc_free(&names) ;
  sa->len = sabase ;
  errno = e ;
  return -1 ;
}
