/* ISC license. */
/* Unit tests for the status record: round trip, compatibility bytes, bad records, files. */

#include <errno.h>
#include <time.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/tai.h>
#include <skalibs/uint32.h>
#include <skalibs/uint64.h>
#include <skalibs/djbunix.h>
#include "status.h"
#include "tap.h"

int main (void)
{
  char buf[TEND_STATUS_SIZE] ;
  char bad[TEND_STATUS_SIZE] ;
  tend_status_t a = TEND_STATUS_ZERO ;
  tend_status_t b = TEND_STATUS_ZERO ;
  uint32_t u ;
  tap_plan(32) ;

  tai_u64(&a.stamp.sec, TAI_MAGIC + 1700000000ULL) ; a.stamp.nano = 123456789 ;
  tai_u64(&a.readystamp.sec, TAI_MAGIC + 1700000001ULL) ; a.readystamp.nano = 5 ;
  a.starttime = 0x0102030405060708ULL ;
  a.pid = 0x12345 ; a.pgid = 0x12345 ; a.finishpid = 0 ;
  a.flags = TEND_STATUS_WANTUP | TEND_STATUS_READY | TEND_STATUS_HASDIED | TEND_STATUS_NORMALLYUP ;
  a.lastexit = 256 ; a.lastsig = 9 ; a.deathtally = 513 ; a.state = TEND_STATE_UP ;
  tend_status_pack(buf, &a) ;

  ok(tend_status_unpack(buf, sizeof(buf), &b), "a packed record unpacks") ;
  ok(tai_sec(&b.stamp.sec) == tai_sec(&a.stamp.sec) && b.stamp.nano == a.stamp.nano, "stamp round trip") ;
  ok(tai_sec(&b.readystamp.sec) == tai_sec(&a.readystamp.sec) && b.readystamp.nano == 5, "ready stamp round trip") ;
  is_int(b.pid, 0x12345, "pid round trip") ;
  is_int(b.pgid, 0x12345, "pgid round trip") ;
  ok(b.starttime == a.starttime, "start time round trip") ;
  is_int(b.flags, a.flags, "flags round trip") ;
  is_int(b.lastexit, 256, "last exit round trip") ;
  is_int(b.lastsig, 9, "last signal round trip") ;
  is_int(b.deathtally, 513, "death tally round trip") ;
  is_int(b.state, TEND_STATE_UP, "state round trip") ;

  /* the daemontools / runit view of the same bytes */
  uint32_unpack(buf + 12, &u) ;
  is_int(u, 0x12345, "compat: pid little-endian at byte 12") ;
  ok(buf[12] == 0x45 && buf[13] == 0x23 && buf[14] == 0x01 && buf[15] == 0, "compat: pid byte order is fixed") ;
  is_int(buf[16], 0, "compat: not paused") ;
  is_int(buf[17], 'u', "compat: want up") ;
  is_int(buf[19], 1, "compat: runit state run") ;
  ok((unsigned char)buf[0] == 0x40 && buf[4] != 0, "compat: stamp is a TAI64 label") ;
  ok(buf[44] == 1 && buf[51] == 8, "extension integers are big-endian") ;
  {
    tain now ;
    uint64_t label ;
    time_t t = time(0) ;
    tain_wallclock_read(&now) ;
    a.stamp = now ;
    tend_status_pack(buf, &a) ;
    uint64_unpack_big(buf, &label) ;
    ok(label - TAI_MAGIC - 10 >= (uint64_t)t && label - TAI_MAGIC - 10 <= (uint64_t)t + 1, "compat: the stamp is 2^62 + 10 + UNIX seconds, as daemontools' svstat reads it") ;
    ok(tend_status_unpack(buf, TEND_STATUS_SIZE, &b) && !tain_less(&b.stamp, &now) && !tain_less(&now, &b.stamp), "compat: a wall-clock stamp comes back exactly") ;
  }

  a.flags = TEND_STATUS_PAUSED ; a.pid = 0 ; a.state = TEND_STATE_FINISH ;
  tend_status_pack(buf, &a) ;
  ok(buf[16] == 1 && buf[17] == 'd' && buf[19] == 2, "compat: paused, want down, finish") ;

  errno = 0 ;
  ok(!tend_status_unpack(buf, 20, &b) && errno == EPROTO, "a 20-byte daemontools record is refused") ;
  memcpy(bad, buf, sizeof bad) ; bad[20] = 'x' ;
  ok(!tend_status_unpack(bad, sizeof bad, &b), "bad magic is refused") ;
  memcpy(bad, buf, sizeof bad) ; bad[24] = 2 ;
  ok(!tend_status_unpack(bad, sizeof bad, &b), "unknown version is refused") ;
  memcpy(bad, buf, sizeof bad) ; bad[25] = 9 ;
  ok(!tend_status_unpack(bad, sizeof bad, &b), "unknown state is refused") ;
  memcpy(bad, buf, sizeof bad) ; bad[17] = 'x' ;
  ok(!tend_status_unpack(bad, sizeof bad, &b), "bad want byte is refused") ;

  {
    char dir[] = "/tmp/tend-unit-status.XXXXXX" ;
    char path[sizeof(dir) + 32] ;
    struct stat sta ;
    if (!mkdtemp(dir)) return 111 ;
    memcpy(path, dir, sizeof(dir) - 1) ; memcpy(path + sizeof(dir) - 1, "/supervise", 11) ;
    mkdir(path, 0700) ;
    a.pid = 77 ; a.state = TEND_STATE_UP ; a.flags = TEND_STATUS_WANTUP ;
    ok(tend_status_write(dir, &a), "status file written") ;
    memcpy(path + sizeof(dir) - 1, "/supervise/status", 18) ;
    ok(!stat(path, &sta) && sta.st_size == TEND_STATUS_SIZE, "status file has the fixed size") ;
    ok(tend_status_read(dir, &b) && b.pid == 77 && (b.flags & TEND_STATUS_WANTUP), "status file read back") ;
    ok((sta.st_mode & 07777) == 0644, "status file is 0644") ;
    ok(tend_status_read_trusted(dir, &b, geteuid()), "trusted: ours, 0644") ;
    chmod(path, 0666) ;
    errno = 0 ;
    ok(!tend_status_read_trusted(dir, &b, geteuid()) && errno == EPERM, "not trusted: writable by others (EPERM)") ;
    rm_rf(dir) ;
  }
  return tap_done() ;
}
