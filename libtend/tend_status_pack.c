/* ISC license. */

#include <string.h>
#include <skalibs/uint16.h>
#include <skalibs/uint32.h>
#include <skalibs/uint64.h>
#include <skalibs/tai.h>
#include <skalibs/djbtime.h>
#include "status.h"

/* On disk, stamps are labels as daemontools and runit compute them: 2^62 + 10 + UNIX
   seconds, without leap seconds, so that their svstat and sv count seconds right. */
static void stamp_pack (char *buf, tain const *t)
{
  tain d = *t ;
  uint64_t u ;
  if (tai_sec(&t->sec) && utc_from_tai(&u, &t->sec)) tai_u64(&d.sec, u + 10) ;
  tain_pack(buf, &d) ;
}

void tend_status_pack (char *buf, tend_status_t const *st)
{
  memset(buf, 0, TEND_STATUS_SIZE) ;
  stamp_pack(buf, &st->stamp) ;
  uint32_pack(buf + 12, (uint32_t)st->pid) ;  /* little-endian: daemontools' layout */
  buf[16] = !!(st->flags & TEND_STATUS_PAUSED) ;
  buf[17] = st->flags & TEND_STATUS_WANTUP ? 'u' : 'd' ;
  buf[18] = !!(st->flags & TEND_STATUS_GOTTERM) ;
  buf[19] = st->state == TEND_STATE_FINISH ? 2 : st->pid ? 1 : 0 ;
  memcpy(buf + 20, "tend", 4) ;
  buf[24] = TEND_STATUS_VERSION ;
  buf[25] = st->state ;
  uint16_pack_big(buf + 26, st->flags) ;
  stamp_pack(buf + 28, &st->readystamp) ;
  uint32_pack_big(buf + 40, (uint32_t)st->pgid) ;
  uint64_pack_big(buf + 44, st->starttime) ;
  uint16_pack_big(buf + 52, st->lastexit) ;
  buf[54] = st->lastsig ;
  uint16_pack_big(buf + 56, st->deathtally) ;
  uint32_pack_big(buf + 58, (uint32_t)st->finishpid) ;
}
