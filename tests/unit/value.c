/* ISC license. */
/* Unit tests for the value files of a service directory and the signal-name table. */

#include <errno.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "value.h"
#include "tap.h"

#define U(lit) tend_value_uint(lit, sizeof(lit) - 1, &u)
#define S(lit) tend_value_sig(lit, sizeof(lit) - 1, &sig)

int main (void)
{
  unsigned int u = 42 ;
  int sig = 0 ;
  char out[32] ;
  char buf[TEND_VALUE_MAX] ;
  char path[TEND_PATH_MAX] ;
  tap_plan(35) ;

  ok(U("5000") && u == 5000, "plain number") ;
  ok(U("  7\n") && u == 7, "white space and newline around a number") ;
  ok(U("0") && u == 0, "zero") ;
  ok(U("4294967295") && u == 4294967295U, "largest value") ;
  u = 42 ;
  ok(!U("4294967296") && u == 42, "overflow refused, value untouched") ;
  ok(!U("99999999999999999999"), "overlong number refused") ;
  ok(!U(""), "empty refused") ;
  ok(!U("\n"), "blank refused") ;
  ok(!U("-1"), "negative refused") ;
  ok(!U("+1"), "sign refused") ;
  ok(!U("12abc"), "trailing garbage refused") ;
  ok(!U("1 2"), "two numbers refused") ;
  ok(!U("0x10"), "hex refused") ;

  ok(S("TERM") && sig == SIGTERM, "signal name") ;
  ok(S("SIGHUP\n") && sig == SIGHUP, "signal name with SIG prefix and newline") ;
  ok(S("usr1") && sig == SIGUSR1, "lower-case signal name") ;
  ok(S("9") && sig == SIGKILL, "signal number") ;
  sig = 0 ;
  ok(!S("0") && !sig, "signal 0 refused") ;
  ok(!S("65"), "out-of-range signal number refused") ;
  ok(!S("TERMX"), "unknown name refused") ;
  ok(!S(""), "empty signal refused") ;
  ok(!S("TERM KILL"), "two names refused") ;
  ok(!S("TE\0RM"), "a NUL inside a name refused") ;
  ok(!U("1\0002"), "a NUL inside a number refused") ;

  tend_value_printable(out, sizeof out, "abc", 3) ;
  is_str(out, "abc", "printable text kept") ;
  tend_value_printable(out, sizeof out, "a\nb\0\"", 5) ;
  is_str(out, "a\\x0ab\\x00\\x22", "control bytes, NUL and quote escaped") ;
  tend_value_printable(out, 12, "0123456789abcdef", 16) ;
  is_str(out, "01234567...", "long value truncated with ...") ;

  ok(tend_svdir_path(path, sizeof path, "/srv/x", "run") == 10 && !strcmp(path, "/srv/x/run"), "path built") ;
  errno = 0 ;
  ok(!tend_svdir_path(path, 8, "/srv/x", "run") && errno == ENAMETOOLONG, "path too long refused") ;

  {
    char dir[] = "/tmp/tend-unit-value.XXXXXX" ;
    char big[200] ;
    if (!mkdtemp(dir)) return 111 ;
    tend_svdir_path(path, sizeof path, dir, "timeout-kill") ;
    openwritenclose_unsafe(path, "3000\n", 5) ;
    ok(tend_value_read(dir, "timeout-kill", buf, sizeof buf) == 5 && tend_value_uint(buf, 5, &u) && u == 3000, "value file read and parsed") ;
    errno = 0 ;
    ok(tend_value_read(dir, "down-signal", buf, sizeof buf) < 0 && errno == ENOENT, "missing file is ENOENT") ;
    memset(big, '1', sizeof big) ;
    tend_svdir_path(path, sizeof path, dir, "huge") ;
    openwritenclose_unsafe(path, big, sizeof big) ;
    errno = 0 ;
    ok(tend_value_read(dir, "huge", buf, sizeof buf) < 0 && errno == EFBIG, "oversized file is EFBIG") ;
    tend_svdir_path(path, sizeof path, dir, "empty") ;
    openwritenclose_unsafe(path, "", 0) ;
    ok(tend_value_read(dir, "empty", buf, sizeof buf) == 0 && !tend_value_uint(buf, 0, &u), "empty file reads, does not parse") ;
    tend_svdir_path(path, sizeof path, dir, "nul") ;
    openwritenclose_unsafe(path, "1\0002", 3) ;
    ok(tend_value_read(dir, "nul", buf, sizeof buf) == 3 && !tend_value_uint(buf, 3, &u), "a NUL inside a value is refused") ;
    tend_svdir_path(path, sizeof path, dir, "fifo") ;
    if (mkfifo(path, 0600) < 0) return 111 ;
    ok(tend_value_read(dir, "fifo", buf, sizeof buf) == 0, "a FIFO with no writer reads as empty, without blocking") ;
    rm_rf(dir) ;
  }
  return tap_done() ;
}
