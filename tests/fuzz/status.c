/* ISC license. */
/* Fuzz target: the status-record decoder. Any input must decode or be refused without
   crashing; a decoded record must re-encode to the same extension bytes (stamps aside: their
   on-disk label time is converted, and a bogus label need not survive the round trip), and
   the re-encoded record must decode to the same fields. */

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
  if (st.pid != st2.pid || st.pgid != st2.pgid || st.finishpid != st2.finishpid
   || st.starttime != st2.starttime || st.flags != st2.flags || st.lastexit != st2.lastexit
   || st.lastsig != st2.lastsig || st.deathtally != st2.deathtally || st.state != st2.state) abort() ;
  if (memcmp(again + 12, data + 12, 4) || memcmp(again + 20, data + 20, 8)
   || memcmp(again + 40, data + 40, 15) || memcmp(again + 56, data + 56, 6)) abort() ;
  return 0 ;
}
