/* ISC license. */

#include <string.h>
#include "check.h"

size_t tend_envfile_line (char const *s, size_t len, char const *key, size_t keylen)
{
  size_t pos = 0, line = 0, found = 0 ;
  while (pos < len)
  {
    char const *nl = memchr(s + pos, '\n', len - pos) ;
    size_t end = nl ? (size_t)(nl - s) : len, i = pos ;
    line++ ;
    while (i < end && (s[i] == ' ' || s[i] == '\t')) i++ ;
    if (end - i > keylen && !memcmp(s + i, key, keylen) && s[i + keylen] == '=') found = line ;
    pos = end + 1 ;
  }
  return found ;
}
