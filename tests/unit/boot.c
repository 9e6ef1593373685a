/* ISC license. */
/* Unit tests for boot.h: the files of TEND_RUN/boot/. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <skalibs/djbunix.h>
#include "boot.h"
#include <skalibs/strerr.h>
#include "tap.h"

static char root[] = "/tmp/tend-unit-boot.XXXXXX" ;

int main (void)
{
  char path[256], buf[64] ;
  pid_t pid ;
  int wstat ;
  PROG = "unit" ;
  tap_plan(13) ;
  if (!mkdtemp(root)) { perror("mkdtemp") ; return 2 ; }
  is_int(tend_boot_code(root), -1, "no boot/: no code decided") ;
  is_int(tend_boot_decide(root, 3), -1, "no boot/: cannot decide (warned)") ;
  snprintf(path, sizeof path, "%s/boot", root) ;
  if (mkdir(path, 0755) < 0) return 2 ;
  is_int(tend_boot_code(root), -1, "nothing decided yet") ;
  is_int(tend_boot_decide(root, 3), 1, "the first decision is ours") ;
  is_int(tend_boot_decide(root, 5), 0, "the second one is refused") ;
  is_int(tend_boot_code(root), 3, "the first code holds") ;
  ok(tend_boot_read(root, TEND_BOOT_EXITCODE, buf, sizeof buf) == 2 && !strcmp(buf, "3\n"), "the file holds the code and a newline") ;
  ok(tend_boot_write(root, TEND_BOOT_CMD, "42\n", 3) && tend_boot_read(root, TEND_BOOT_CMD, buf, sizeof buf) == 3 && !strcmp(buf, "42\n"), "write then read") ;
  ok(tend_boot_write(root, TEND_BOOT_EXITCODE, "abc\n", 4) && tend_boot_code(root) == 0, "a malformed code reads as 0") ;
  ok(tend_boot_runner_record(root, getpid()), "record ourselves as the finalize runner") ;
  ok(tend_boot_runner_alive(root), "we are alive") ;
  pid = fork() ;
  if (!pid) { usleep(20000) ; _exit(0) ; }
  tend_boot_runner_record(root, pid) ;
  waitpid(pid, &wstat, 0) ;
  ok(!tend_boot_runner_alive(root), "a reaped runner is not") ;
  snprintf(path, sizeof path, "%s/boot/exitcode", root) ;
  unlink(path) ;
  is_int(tend_boot_decide(root, 255), 1, "decided again once the file is gone: 255") ;
  rm_rf(root) ;
  return tap_failed ? 1 : 0 ;
}
