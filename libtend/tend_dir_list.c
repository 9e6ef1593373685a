/* ISC license. */

#include <errno.h>
#include <string.h>
#include <dirent.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/direntry.h>
#include <skalibs/djbunix.h>
#include "dir.h"

int tend_dir_list (char const *dir, stralloc *sa, genalloc *v)
{
  DIR *d = opendir(dir) ;
  size_t i, n ;
  int e ;
  sa->len = 0 ;
  genalloc_setlen(size_t, v, 0) ;
  if (!d) return -1 ;
  for (;;)
  {
    direntry *de ;
    size_t pos = sa->len ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    if (de->d_name[0] == '.') continue ;
    if (!stralloc_catb(sa, de->d_name, strlen(de->d_name) + 1) || !genalloc_append(size_t, v, &pos))
    {
      if (!errno) errno = ENOMEM ;
      break ;
    }
  }
  e = errno ;
  dir_close(d) ;
  if (e) return (errno = e, -1) ;
  n = genalloc_len(size_t, v) ;
  /* insertion sort: directories of configuration hold a handful of entries */
  for (i = 1 ; i < n ; i++)
  {
    size_t *s = genalloc_s(size_t, v) ;
    size_t x = s[i], j = i ;
    while (j && strcmp(sa->s + s[j-1], sa->s + x) > 0) { s[j] = s[j-1] ; j-- ; }
    s[j] = x ;
  }
  return (int)n ;
}
