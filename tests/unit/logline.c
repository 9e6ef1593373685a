/* ISC license. */
/* Unit tests for the log-line cutting and selection of tend-logger. */

#include <stdlib.h>
#include <string.h>
#include <regex.h>
#include "logline.h"
#include "tap.h"

#define NEXT(lit, max, eof) tend_logline_next(lit, sizeof(lit) - 1, max, eof, &plen)

static int sel_init (tend_logsel_t *sel, char const *const *pat, size_t n)
{
  for (size_t i = 0 ; i < n ; i++)
  {
    sel[i].include = pat[i][0] == '+' ;
    if (regcomp(&sel[i].re, pat[i] + 1, REG_EXTENDED | REG_NOSUB)) return 0 ;
  }
  return 1 ;
}

static void sel_free (tend_logsel_t *sel, size_t n)
{
  for (size_t i = 0 ; i < n ; i++) regfree(&sel[i].re) ;
}

static int sel (char const *const *pat, size_t n, char const *s, size_t len)
{
  tend_logsel_t t[4] ;
  int r ;
  memset(t, 0, sizeof t) ;
  if (!sel_init(t, pat, n)) return -1 ;
  r = tend_logline_select(t, n, s, len) ;
  sel_free(t, n) ;
  return r ;
}

/* Cuts random bytes (many newlines, UTF-8, NULs) fed in random chunks, as the logger does,
   and checks that the pieces put back together give the input and respect the limit. */
static int roundtrip (unsigned int seed, size_t max)
{
  static char in[200000], out[400000], buf[4096] ;
  size_t inlen = sizeof in, outlen = 0, fed = 0, blen = 0 ;
  srand(seed) ;
  for (size_t i = 0 ; i < inlen ; i++)
  {
    int r = rand() % 100 ;
    in[i] = r < 2 ? '\n' : r < 4 ? 0 : r < 20 ? (char)(0x80 | rand() % 64) : r < 25 ? (char)(0xc2 + rand() % 51) : (char)('a' + r % 26) ;
  }
  for (;;)
  {
    size_t n = rand() % 3000 + 1, plen, c ;
    int eof = fed == inlen ;
    if (n > sizeof buf - blen) n = sizeof buf - blen ;
    if (n > inlen - fed) n = inlen - fed ;
    memcpy(buf + blen, in + fed, n) ; blen += n ; fed += n ;
    eof = fed == inlen ;
    size_t pos = 0 ;
    while ((c = tend_logline_next(buf + pos, blen - pos, max, eof, &plen)))
    {
      if (plen > max || (c == plen && plen + 3 < max && pos + c < blen)) return 0 ;
      if (c != plen && c != plen + 1) return 0 ;
      memcpy(out + outlen, buf + pos, c) ; outlen += c ;
      pos += c ;
    }
    memmove(buf, buf + pos, blen - pos) ; blen -= pos ;
    if (eof) break ;
  }
  return !blen && outlen == inlen && !memcmp(in, out, inlen) ;
}

int main (void)
{
  size_t plen = 99 ;
  char big[64] ;
  tap_plan(26) ;

  is_int(NEXT("abc\ndef", 16, 0), 4, "a line takes its newline") ;
  is_int(plen, 3, "its piece excludes the newline") ;
  is_int(NEXT("\nx", 16, 0), 1, "an empty line") ;
  is_int(plen, 0, "of length 0") ;
  is_int(NEXT("abcdef", 16, 0), 0, "an unfinished line needs more input") ;
  is_int(NEXT("abcdef", 16, 1), 6, "at EOF, the last line without newline is a piece") ;
  is_int(NEXT("", 16, 1), 0, "nothing left at EOF") ;
  is_int(NEXT("a\0b\n", 16, 0), 4, "a NUL byte is data") ;
  is_int(plen, 3, "the NUL counts in the length") ;

  memset(big, 'x', sizeof big) ;
  is_int(tend_logline_next(big, 40, 16, 0, &plen), 16, "a long line is cut at the limit") ;
  is_int(tend_logline_next(big, 16, 16, 0, &plen), 0, "exactly the limit without newline: wait for the next byte") ;
  big[16] = '\n' ;
  is_int(tend_logline_next(big, 40, 16, 0, &plen), 17, "a line of exactly the limit is whole") ;
  is_int(plen, 16, "and not cut") ;
  big[16] = 'x' ;
  memcpy(big + 15, "\xc3\xa9", 2) ;
  is_int(tend_logline_next(big, 40, 16, 0, &plen), 15, "a cut inside a 2-byte character moves before it") ;
  memcpy(big + 14, "\xf0\x9f\x98\x80", 4) ;
  is_int(tend_logline_next(big, 40, 16, 0, &plen), 14, "a cut inside a 4-byte character moves before it") ;
  memset(big, 0x80, 20) ;
  is_int(tend_logline_next(big, 40, 16, 0, &plen), 16, "invalid UTF-8 is cut at the limit") ;
  memset(big, 'x', 20) ;
  memcpy(big + 13, "\xc3\xa9\xa9\xa9", 4) ;
  is_int(tend_logline_next(big, 40, 16, 0, &plen), 16, "an overlong sequence is cut at the limit") ;

  ok(roundtrip(1, 16), "random bytes in random chunks reassemble (limit 16)") ;
  ok(roundtrip(2, 100), "random bytes in random chunks reassemble (limit 100)") ;
  ok(roundtrip(3, 1000), "random bytes in random chunks reassemble (limit 1000)") ;

  {
    char const *none[1] = { 0 } ;
    char const *inc[1] = { "+ERR" } ;
    char const *exc[1] = { "-DEBUG" } ;
    char const *both[2] = { "+ERR", "-ERR.*ignored" } ;
    char const *nul[1] = { "+x$" } ;
    char const *end[1] = { "+y$" } ;
    is_int(sel(none, 0, "abc", 3), 1, "no directive: selected") ;
    is_int(sel(inc, 1, "an ERR here", 11) * 2 + sel(inc, 1, "fine", 4), 2, "include: only matching lines") ;
    is_int(sel(exc, 1, "DEBUG x", 7) * 2 + sel(exc, 1, "fine", 4), 1, "exclude: all but matching lines") ;
    is_int(sel(both, 2, "ERR a", 5) * 2 + sel(both, 2, "ERR b ignored", 13), 2, "the last match wins") ;
#ifdef REG_STARTEND
    is_int(sel(nul, 1, "a\0x", 3), 1, "a NUL in the line does not end the search") ;
#else
    (void)nul ;
    tap_skip("a NUL in the line does not end the search", "this libc has no REG_STARTEND: the regex sees the line up to its first NUL") ;
#endif
    is_int(sel(end, 1, "xyz", 2), 1, "the length bounds the line, not a terminator") ;
  }
  return tap_done() ;
}
