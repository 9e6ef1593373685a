/* ISC license. */

#include <skalibs/types.h>
#include "report.h"

/* The length of the valid UTF-8 sequence at s[0..len), or 0 (RFC 3629: no overlong forms,
   no surrogates, nothing above U+10FFFF). */
static size_t utf8_len (unsigned char const *s, size_t len)
{
  unsigned char c = s[0] ;
  size_t n, i ;
  unsigned int lo = 0x80, hi = 0xbf ;
  if (c < 0x80) return 1 ;
  if (c >= 0xc2 && c <= 0xdf) n = 2 ;
  else if (c >= 0xe0 && c <= 0xef) { n = 3 ; if (c == 0xe0) lo = 0xa0 ; if (c == 0xed) hi = 0x9f ; }
  else if (c >= 0xf0 && c <= 0xf4) { n = 4 ; if (c == 0xf0) lo = 0x90 ; if (c == 0xf4) hi = 0x8f ; }
  else return 0 ;
  if (len < n) return 0 ;
  if (s[1] < lo || s[1] > hi) return 0 ;
  for (i = 2 ; i < n ; i++) if (s[i] < 0x80 || s[i] > 0xbf) return 0 ;
  return n ;
}

static int put_string (buffer *b, char const *s)
{
  unsigned char const *u = (unsigned char const *)s ;
  size_t len = 0 ;
  while (u[len]) len++ ;
  if (buffer_put(b, "\"", 1) < 0) return 0 ;
  while (len)
  {
    size_t n = utf8_len(u, len) ;
    if (!n)
    {
      if (buffer_puts(b, "\\ufffd") < 0) return 0 ;
      n = 1 ;
    }
    else if (*u == '"' || *u == '\\')
    {
      char e[2] = { '\\', (char)*u } ;
      if (buffer_put(b, e, 2) < 0) return 0 ;
    }
    else if (*u < 0x20 || *u == 0x7f)
    {
      static char const hex[] = "0123456789abcdef" ;
      char e[6] = { '\\', 'u', '0', '0', hex[*u >> 4], hex[*u & 15] } ;
      if (buffer_put(b, e, 6) < 0) return 0 ;
    }
    else if (buffer_put(b, (char const *)u, n) < 0) return 0 ;
    u += n ; len -= n ;
  }
  return buffer_put(b, "\"", 1) >= 0 ;
}

int tend_report_json (buffer *b, tend_report *r, int lines)
{
  size_t n = genalloc_len(tend_problem, &r->v), i ;
  tend_problem const *p = genalloc_s(tend_problem, &r->v) ;
  tend_report_sort(r) ;
  if (!lines && buffer_puts(b, n ? "[\n" : "[]\n") < 0) return 0 ;
  for (i = 0 ; i < n ; i++)
  {
    char fmt[SIZE_FMT] ;
    size_t k = size_fmt(fmt, p[i].line) ;
    if (buffer_puts(b, "{\"file\":") < 0
     || !put_string(b, r->sa.s + p[i].file)
     || buffer_puts(b, ",\"line\":") < 0
     || buffer_put(b, fmt, k) < 0
     || buffer_puts(b, p[i].severity == TEND_REPORT_WARNING ? ",\"severity\":\"warning\",\"message\":" : ",\"severity\":\"error\",\"message\":") < 0
     || !put_string(b, r->sa.s + p[i].msg)
     || buffer_puts(b, !lines && i + 1 < n ? "},\n" : "}\n") < 0) return 0 ;
  }
  if (!lines && n && buffer_puts(b, "]\n") < 0) return 0 ;
  return 1 ;
}
