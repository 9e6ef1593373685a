/* ISC license. */

#include <errno.h>
#include <string.h>
#include <skalibs/types.h>
#include <skalibs/djbunix.h>
#include "proc.h"

int tend_proc_starttime (pid_t pid, uint64_t *t)
{
  char path[32] = "/proc/" ;
  char buf[1024] ;
  char *s ;
  uint64_t v ;
  ssize_t r ;
  size_t n ;
  unsigned int field = 2 ;  /* the field that ends at the last ')' */
  if (pid <= 0) return (errno = ESRCH, 0) ;
  n = 6 + pid_fmt(path + 6, pid) ;
  memcpy(path + n, "/stat", 6) ;
  r = openreadnclose(path, buf, sizeof(buf) - 1) ;
  if (r < 0) return (errno = errno == ENOENT ? ESRCH : errno, 0) ;
  buf[r] = 0 ;
  s = strrchr(buf, ')') ;  /* the command name may hold spaces and parentheses */
  if (!s) return (errno = EPROTO, 0) ;
  s++ ;
  while (field < 22)
  {
    if (*s != ' ') return (errno = EPROTO, 0) ;
    s++ ; field++ ;
    if (field == 22) break ;
    while (*s && *s != ' ') s++ ;
  }
  n = uint64_scan(s, &v) ;
  if (!n || (s[n] != ' ' && s[n] != '\n' && s[n])) return (errno = EPROTO, 0) ;
  *t = v ;
  return 1 ;
}
