/* ISC license. */

#include <regex.h>
#include <skalibs/stralloc.h>
#include "logline.h"

#ifndef REG_STARTEND
/* A libc without REG_STARTEND (musl): regexec reads a C string, so the line is copied with a
   terminator into a buffer kept between calls; matching stops at a NUL byte in the line. */
static stralloc copy = STRALLOC_ZERO ;
#endif

int tend_logline_select (tend_logsel_t const *sel, size_t n, char const *s, size_t len)
{
  int selected = !(n && sel[0].include) ;
#ifndef REG_STARTEND
  if (n)
  {
    if (!stralloc_copyb(&copy, s, len) || !stralloc_0(&copy)) return 1 ;  /* no memory to match: kept, never lost */
    s = copy.s ;
  }
#endif
  for (size_t i = 0 ; i < n ; i++)
  {
    if (sel[i].include == selected) continue ;  /* a match would change nothing */
#ifdef REG_STARTEND
    /* the line is s[0..len), NUL bytes included, no terminator needed */
    regmatch_t m = { .rm_so = 0, .rm_eo = (regoff_t)len } ;
    if (!regexec(&sel[i].re, s, 1, &m, REG_STARTEND)) selected = sel[i].include ;
#else
    if (!regexec(&sel[i].re, s, 0, 0, 0)) selected = sel[i].include ;
#endif
  }
  return selected ;
}
