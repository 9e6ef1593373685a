/* ISC license. */

#include <string.h>
#include "logline.h"

/* Length of the UTF-8 sequence that lead byte c starts, 0 if c cannot start one. */
static size_t utf8_seqlen (unsigned char c)
{
  if (c >= 0xf5) return 0 ;
  if (c >= 0xf0) return 4 ;
  if (c >= 0xe0) return 3 ;
  if (c >= 0xc2) return 2 ;
  return 0 ;
}

size_t tend_logline_next (char const *s, size_t len, size_t max, int eof, size_t *plen)
{
  size_t cut = max ;
  char const *nl = memchr(s, '\n', len > max ? max + 1 : len) ;
  if (nl)
  {
    *plen = nl - s ;
    return *plen + 1 ;
  }
  if (len <= max)
  {
    if (!eof || !len) return 0 ;
    *plen = len ;
    return len ;
  }
  /* Cut: if s[max] continues a character that began just before it, cut before that character. */
  if (((unsigned char)s[max] & 0xc0) == 0x80)
  {
    size_t k = 1 ;
    for (; k <= 3 && k < max ; k++)
    {
      unsigned char c = s[max - k] ;
      if ((c & 0xc0) == 0x80) continue ;
      if (utf8_seqlen(c) > k) cut = max - k ;
      break ;
    }
  }
  *plen = cut ;
  return cut ;
}
