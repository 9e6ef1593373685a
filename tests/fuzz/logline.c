/* ISC license. */
/* Fuzz target: the logger's line cutting and selection. For any input and any line limit,
   the pieces put back together (with the newlines that ended them) are the input; no piece
   is longer than the limit; a cut that is not at a newline is at most 3 bytes short of the
   limit; and selection never crashes on any bytes, NULs included. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <regex.h>
#include "logline.h"

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  static tend_logsel_t sel[2] ;
  static int compiled = 0 ;
  static char out[8192] ;
  static char line[8192 + 1] ;
  char const *s ;
  size_t len, max, w = 0 ;
  if (!compiled)
  {
    if (regcomp(&sel[0].re, "^a.*b$", REG_EXTENDED | REG_NOSUB)) abort() ;
    sel[0].include = 1 ;
    if (regcomp(&sel[1].re, "[[:digit:]]{3}", REG_EXTENDED | REG_NOSUB)) abort() ;
    sel[1].include = 0 ;
    compiled = 1 ;
  }
  if (size < 1 || size > sizeof out) return 0 ;
  max = TEND_LOGLINE_MIN + (data[0] % 64) ;
  s = (char const *)data + 1 ; len = size - 1 ;
  while (len)
  {
    size_t plen ;
    size_t n = tend_logline_next(s, len, max, 1, &plen) ;
    if (!n || n > len || plen > max || plen > n) abort() ;
    if (n == plen + 1) { if (s[plen] != '\n') abort() ; }
    else if (n != plen) abort() ;
    else if (n < len && plen + 3 < max) abort() ;  /* a cut (not the last line) */
    if (memchr(s, '\n', plen)) abort() ;
    /* ASan's regexec interceptor reads up to a NUL even with REG_STARTEND; glibc does not. */
    memcpy(line, s, plen) ; line[plen] = 0 ;
    tend_logline_select(sel, 2, line, plen) ;
    memcpy(out + w, s, n) ; w += n ;
    s += n ; len -= n ;
  }
  if (w != size - 1 || memcmp(out, data + 1, w)) abort() ;
  return 0 ;
}
