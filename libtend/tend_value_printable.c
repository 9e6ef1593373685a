/* ISC license. */

#include "value.h"

void tend_value_printable (char *dst, size_t max, char const *s, size_t len)
{
  static char const hex[] = "0123456789abcdef" ;
  size_t w = 0 ;
  size_t i = 0 ;
  if (!max) return ;
  for (; i < len ; i++)
  {
    unsigned char c = s[i] ;
    int plain = c >= 0x20 && c < 0x7f && c != '\\' && c != '"' ;
    size_t need = plain ? 1 : 4 ;
    if (w + need + 4 > max) break ;
    if (plain) dst[w++] = c ;
    else
    {
      dst[w++] = '\\' ; dst[w++] = 'x' ;
      dst[w++] = hex[c >> 4] ; dst[w++] = hex[c & 15] ;
    }
  }
  if (i < len && w + 4 <= max) { dst[w++] = '.' ; dst[w++] = '.' ; dst[w++] = '.' ; }
  dst[w < max ? w : max - 1] = 0 ;
}
