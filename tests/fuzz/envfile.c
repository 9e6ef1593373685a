/* ISC license. */
/* Fuzz target: the env-file parser. Any input parses or is refused without crashing; a
   refusal names a line inside the input and leaves the output untouched; an accepted file
   gives valid names, and re-encoding every assignment double-quoted parses back to the same
   assignments. */

#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <skalibs/stralloc.h>
#include "envfile.h"

static int validname (char const *s, size_t n)
{
  if (!n || (s[0] >= '0' && s[0] <= '9')) return 0 ;
  for (size_t i = 0 ; i < n ; i++)
    if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) return 0 ;
  return 1 ;
}

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  stralloc sa = STRALLOC_ZERO, re = STRALLOC_ZERO, sa2 = STRALLOC_ZERO ;
  size_t line = 0, nl = 1 ;
  char const *err = 0 ;
  int r = tend_envfile_parse((char const *)data, size, &sa, &line, &err) ;
  for (size_t i = 0 ; i < size ; i++) if (data[i] == '\n') nl++ ;
  if (r < 0) goto end ;
  if (!r)
  {
    if (!err || !line || line > nl || sa.len) abort() ;
    goto end ;
  }
  for (size_t pos = 0 ; pos < sa.len ; )
  {
    char const *kv = sa.s + pos ;
    size_t len = strlen(kv) ;
    char const *eq = memchr(kv, '=', len) ;
    if (!eq || !validname(kv, eq - kv)) abort() ;
    if (!stralloc_catb(&re, kv, eq - kv + 1) || !stralloc_catb(&re, "\"", 1)) goto end ;
    for (char const *p = eq + 1 ; *p ; p++)
    {
      if ((*p == '"' || *p == '\\') && !stralloc_catb(&re, "\\", 1)) goto end ;
      if (!stralloc_catb(&re, p, 1)) goto end ;
    }
    if (!stralloc_catb(&re, "\"\n", 2)) goto end ;
    pos += len + 1 ;
  }
  if (tend_envfile_parse(re.s, re.len, &sa2, &line, &err) != 1) abort() ;
  if (sa2.len != sa.len || (sa.len && memcmp(sa.s, sa2.s, sa.len))) abort() ;
 end:
  stralloc_free(&sa) ; stralloc_free(&re) ; stralloc_free(&sa2) ;
  return 0 ;
}
