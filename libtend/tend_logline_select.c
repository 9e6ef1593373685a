/* ISC license. */

#include <regex.h>
#include "logline.h"

int tend_logline_select (tend_logsel_t const *sel, size_t n, char const *s, size_t len)
{
  int selected = !(n && sel[0].include) ;
  for (size_t i = 0 ; i < n ; i++)
  {
    regmatch_t m = { .rm_so = 0, .rm_eo = (regoff_t)len } ;
    /* REG_STARTEND: the line is s[0..len), NUL bytes included, no terminator needed. */
    if (sel[i].include == selected) continue ;  /* a match would change nothing */
    if (!regexec(&sel[i].re, s, 1, &m, REG_STARTEND)) selected = sel[i].include ;
  }
  return selected ;
}
