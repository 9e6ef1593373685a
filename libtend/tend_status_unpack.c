/* ISC license. */

#include <errno.h>
#include <string.h>
#include <skalibs/uint16.h>
#include <skalibs/uint32.h>
#include <skalibs/uint64.h>
#include <skalibs/tai.h>
#include <skalibs/djbtime.h>
#include "status.h"

/* The inverse of tend_status_pack's stamp encoding (2^62 + 10 + UNIX seconds). */
static void stamp_unpack (char const *buf, tain *t)
{
  tain_unpack(buf, t) ;
  if (tai_sec(&t->sec) > 10) tai_from_utc(&t->sec, tai_sec(&t->sec) - 10) ;
}

int tend_status_unpack (char const *buf, size_t len, tend_status_t *st)
{
  tend_status_t t ;
  uint32_t u ;
  if (len != TEND_STATUS_SIZE || memcmp(buf + 20, "tend", 4) || buf[24] != TEND_STATUS_VERSION
   || (unsigned char)buf[25] > TEND_STATE_STOPPING || (buf[17] != 'u' && buf[17] != 'd'))
    return (errno = EPROTO, 0) ;
  stamp_unpack(buf, &t.stamp) ;
  uint32_unpack(buf + 12, &u) ; t.pid = (pid_t)u ;
  t.state = buf[25] ;
  uint16_unpack_big(buf + 26, &t.flags) ;
  stamp_unpack(buf + 28, &t.readystamp) ;
  uint32_unpack_big(buf + 40, &u) ; t.pgid = (pid_t)u ;
  uint64_unpack_big(buf + 44, &t.starttime) ;
  uint16_unpack_big(buf + 52, &t.lastexit) ;
  t.lastsig = buf[54] ;
  uint16_unpack_big(buf + 56, &t.deathtally) ;
  uint32_unpack_big(buf + 58, &u) ; t.finishpid = (pid_t)u ;
  if (t.pid < 0 || t.pgid < 0 || t.finishpid < 0 || t.lastexit > 256) return (errno = EPROTO, 0) ;
  *st = t ;
  return 1 ;
}
