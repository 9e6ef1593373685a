/* ISC license. */
/* Unit tests for tend_dir_list. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/djbunix.h>
#include "dir.h"
#include "tap.h"

static char root[] = "/tmp/tend-unit-dir.XXXXXX" ;

static void mk (char const *name)
{
  char path[256] ;
  snprintf(path, sizeof path, "%s/%s", root, name) ;
  if (!openwritenclose_unsafe(path, "", 0)) { perror(path) ; exit(2) ; }
}

/* The listing of dir as "a|b|c", or "ERR" */
static char const *L (char const *dir, int *n)
{
  static char out[256] ;
  static stralloc sa = STRALLOC_ZERO ;
  static genalloc v = GENALLOC_ZERO ;
  size_t len = 0 ;
  int i ;
  *n = tend_dir_list(dir, &sa, &v) ;
  if (*n < 0) return "ERR" ;
  out[0] = 0 ;
  for (i = 0 ; i < *n ; i++)
  {
    char const *name = sa.s + genalloc_s(size_t, &v)[i] ;
    len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", i ? "|" : "", name) ;
  }
  return out ;
}

int main (void)
{
  char path[256] ;
  int n ;
  tap_plan(13) ;
  if (!mkdtemp(root)) { perror("mkdtemp") ; return 2 ; }
  is_str(L(root, &n), "", "an empty directory: no entries") ;
  is_int(n, 0, "an empty directory: 0") ;
  mk("b") ; mk("a") ; mk(".hidden") ; mk("c10") ; mk("c2") ; mk("B") ;
  snprintf(path, sizeof path, "%s/d", root) ;
  mkdir(path, 0755) ;
  is_str(L(root, &n), "B|a|b|c10|c2|d", "names in strcmp order, dot entries left out, directories listed") ;
  is_int(n, 6, "the count") ;
  is_str(L(path, &n), "", "the lists are emptied before each call") ;
  snprintf(path, sizeof path, "%s/none", root) ;
  errno = 0 ;
  is_str(L(path, &n), "ERR", "a missing directory: -1") ;
  is_int(errno, ENOENT, "a missing directory: ENOENT") ;
  snprintf(path, sizeof path, "%s/a", root) ;
  errno = 0 ;
  L(path, &n) ;
  is_int(n, -1, "a file: -1") ;
  is_int(errno, ENOTDIR, "a file: ENOTDIR") ;
  rm_rf(root) ;
  {
    char d[] = "/tmp/tend-unit-dirown.XXXXXX" ;
    char p[64], f[64] ;
    struct stat sb ;
    if (!mkdtemp(d)) return 111 ;
    snprintf(p, sizeof(p), "%s/sv", d) ; snprintf(f, sizeof(f), "%s/file", d) ;
    umask(0) ;
    ok(tend_dir_own(p, 0755) == 1 && !stat(p, &sb) && (sb.st_mode & 07777) == 0755, "dir_own: created 0755 under umask 000") ;
    chmod(p, 0777) ;
    ok(tend_dir_own(p, 0755) == 2 && !stat(p, &sb) && (sb.st_mode & 07777) == 0755, "dir_own: write bits of others removed (2)") ;
    close(open(f, O_WRONLY | O_CREAT, 0600)) ;
    errno = 0 ;
    ok(!tend_dir_own(f, 0755) && errno == ENOTDIR, "dir_own: a file: ENOTDIR") ;
    if (chown(p, 65534, 65534) < 0) return 111 ;
    errno = 0 ;
    ok(!tend_dir_own(p, 0755) && errno == EPERM, "dir_own: another user's: EPERM") ;
    rm_rf(d) ;
  }
  return tap_failed ? 1 : 0 ;
}
