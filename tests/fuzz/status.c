/* ISC license. */
/* Fuzz target: the status-record decoder. Any input must decode or be refused without
   crashing; a decoded record must re-encode to the same bytes, except the reserved bytes and
   the runit/daemontools compatibility bytes that are derived from the extension. */

#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include "status.h"

int LLVMFuzzerTestOneInput (uint8_t const *data, size_t size)
{
  tend_status_t st ;
  char again[TEND_STATUS_SIZE] ;
  tend_status_t st2 ;
  if (!tend_status_unpack((char const *)data, size, &st)) return 0 ;
  tend_status_pack(again, &st) ;
  if (!tend_status_unpack(again, sizeof again, &st2)) abort() ;
  if (memcmp(&st, &st2, sizeof st)) abort() ;
  if (memcmp(again + 20, data + 20, 35) || memcmp(again + 56, data + 56, 6)) abort() ;
  return 0 ;
}
