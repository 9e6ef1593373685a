/* ISC license. */

#include <string.h>
#include "namenear.h"

static char fold (char c)
{
  if (c >= 'A' && c <= 'Z') return (char)(c - 'A' + 'a') ;
  return c == '_' ? '-' : c ;
}

static size_t min3 (size_t a, size_t b, size_t c)
{
  size_t m = a < b ? a : b ;
  return m < c ? m : c ;
}

int tend_name_near (char const *s, size_t len, char const *known)
{
  size_t klen = strlen(known), i, j, limit ;
  /* optimal string alignment distance, three rows of the table */
  size_t d[3][TEND_NAMENEAR_MAX + 1] ;
  char a[TEND_NAMENEAR_MAX], b[TEND_NAMENEAR_MAX] ;
  if (len > TEND_NAMENEAR_MAX || klen > TEND_NAMENEAR_MAX) return -1 ;
  for (i = 0 ; i < len ; i++) a[i] = fold(s[i]) ;
  for (j = 0 ; j < klen ; j++) b[j] = fold(known[j]) ;
  limit = 1 + klen / 6 ;
  if ((len > klen ? len - klen : klen - len) > limit) return -1 ;
  for (j = 0 ; j <= klen ; j++) d[0][j] = j ;
  for (i = 1 ; i <= len ; i++)
  {
    size_t *cur = d[i % 3], *prev = d[(i - 1) % 3], *prev2 = d[(i + 1) % 3] ;
    cur[0] = i ;
    for (j = 1 ; j <= klen ; j++)
    {
      size_t cost = a[i-1] != b[j-1] ;
      cur[j] = min3(prev[j] + 1, cur[j-1] + 1, prev[j-1] + cost) ;
      if (i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] && prev2[j-2] + 1 < cur[j])
        cur[j] = prev2[j-2] + 1 ;
    }
  }
  return d[len % 3][klen] <= limit ? (int)d[len % 3][klen] : -1 ;
}
