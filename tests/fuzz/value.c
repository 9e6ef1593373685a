/* ISC license. */
/* Fuzz target: the value-file parsers and the printable escaper. Parsers accept or refuse
   without crashing; an accepted number is what the digits say; the escaper's output is always
   NUL-terminated, within its bound, and printable. */

#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <skalibs/types.h>
#include "value.h"

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  char const *s = (char const *)data ;
  unsigned int u ;
  int sig ;
  char out[48] ;
  size_t i ;
  if (tend_value_uint(s, size, &u))
  {
    char fmt[UINT_FMT] ;
    size_t n = uint_fmt(fmt, u) ;
    if (!memmem(s, size, fmt, n) && u) abort() ;
    if (memchr(s, 0, size)) abort() ;
  }
  if (tend_value_sig(s, size, &sig) && (sig <= 0 || sig >= 65)) abort() ;
  tend_value_printable(out, sizeof out, s, size) ;
  if (!memchr(out, 0, sizeof out)) abort() ;
  for (i = 0 ; out[i] ; i++) if (out[i] < 0x20 || out[i] >= 0x7f) abort() ;
  return 0 ;
}
