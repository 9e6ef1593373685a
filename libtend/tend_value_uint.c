/* ISC license. */

#include <string.h>
#include <skalibs/types.h>
#include "value.h"

static int blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' ;
}

int tend_value_uint (char const *s, size_t len, unsigned int *u)
{
  char buf[TEND_VALUE_MAX] ;
  unsigned int v ;
  size_t n ;
  while (len && blank(*s)) { s++ ; len-- ; }
  while (len && blank(s[len-1])) len-- ;
  if (!len || len >= sizeof(buf)) return 0 ;
  memcpy(buf, s, len) ;
  buf[len] = 0 ;
  if (buf[0] < '0' || buf[0] > '9') return 0 ;
  n = uint_scan(buf, &v) ;  /* stops before a digit that would overflow */
  if (n != len) return 0 ;
  *u = v ;
  return 1 ;
}
