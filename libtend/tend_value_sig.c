/* ISC license. */

#include <string.h>
#include <skalibs/sig.h>
#include <skalibs/nsig.h>
#include "value.h"

static int blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' ;
}

int tend_value_sig (char const *s, size_t len, int *sig)
{
  char buf[TEND_VALUE_MAX] ;
  int v ;
  while (len && blank(*s)) { s++ ; len-- ; }
  while (len && blank(s[len-1])) len-- ;
  if (!len || len >= sizeof(buf) || memchr(s, 0, len)) return 0 ;
  memcpy(buf, s, len) ;
  buf[len] = 0 ;
  if (sig0_scan(buf, &v) != len || v <= 0 || v >= SKALIBS_NSIG) return 0 ;
  *sig = v ;
  return 1 ;
}
