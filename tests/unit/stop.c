/* ISC license. */
/* Unit tests for stop.h: tend_stop_finalize and tend_stop_begin (no scanner running). */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <skalibs/djbunix.h>
#include "boot.h"
#include "stop.h"
#include <skalibs/strerr.h>
#include "tap.h"

static char root[] = "/tmp/tend-unit-stop.XXXXXX" ;

static void mkscript (char const *name, char const *s)
{
  char path[256] ;
  snprintf(path, sizeof path, "%s/%s", root, name) ;
  if (!openwritenclose_unsafe(path, s, strlen(s)) || chmod(path, 0755) < 0) { perror(path) ; exit(2) ; }
}

static char const *readback (char const *name)
{
  static char buf[256] ;
  char path[256] ;
  ssize_t r ;
  snprintf(path, sizeof path, "%s/%s", root, name) ;
  r = openreadnclose(path, buf, sizeof buf - 1) ;
  buf[r > 0 ? r : 0] = 0 ;
  return buf ;
}

int main (void)
{
  char path[256], s[512] ;
  struct timeval t0, t1 ;
  tend_stop c = { .etc = root, .run = root, .finalize_maxtime = 2000, .verbosity = 0 } ;
  int i ;
  PROG = "unit" ;
  tap_plan(7) ;
  if (!mkdtemp(root)) { perror("mkdtemp") ; return 2 ; }
  snprintf(path, sizeof path, "%s/finalize", root) ;
  if (mkdir(path, 0755) < 0) return 2 ;
  snprintf(path, sizeof path, "%s/boot", root) ;
  if (mkdir(path, 0755) < 0) return 2 ;
  snprintf(path, sizeof path, "%s/env", root) ;
  if (mkdir(path, 0755) < 0) return 2 ;
  snprintf(s, sizeof s, "#!/bin/sh\necho one >> %s/ran\n", root) ;
  mkscript("finalize/10-one", s) ;
  snprintf(s, sizeof s, "#!/bin/sh\necho hang >> %s/ran\nexec sleep 30\n", root) ;
  mkscript("finalize/20-hang", s) ;
  snprintf(s, sizeof s, "#!/bin/sh\necho three >> %s/ran\n", root) ;
  mkscript("finalize/30-three", s) ;

  gettimeofday(&t0, 0) ;
  tend_stop_finalize(&c) ;
  gettimeofday(&t1, 0) ;
  is_str(readback("ran"), "one\nhang\nthree\n", "finalize: every script, in name order") ;
  ok((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_usec - t0.tv_usec) / 1000 < 15000, "a hanging script is killed at its deadline (2 s)") ;

  snprintf(path, sizeof path, "%s/ran", root) ;
  unlink(path) ;
  tend_stop_begin(&c, 4, 0) ;  /* no scanner: warned, and goes on */
  is_int(tend_boot_code(root), 4, "the code is decided") ;
  for (i = 0 ; i < 100 && tend_boot_runner_alive(root) ; i++) { usleep(50000) ; waitpid(-1, 0, WNOHANG) ; }
  ok(!tend_boot_runner_alive(root), "the runner is recorded, and ends") ;
  is_str(readback("ran"), "one\nhang\nthree\n", "the runner ran the finalize scripts") ;
  unlink(path) ;
  tend_stop_begin(&c, 9, 0) ;
  is_int(tend_boot_code(root), 4, "stopping again: the first code holds") ;
  usleep(100000) ;
  is_str(readback("ran"), "", "and the finalize scripts do not run twice") ;
  rm_rf(root) ;
  return tap_failed ? 1 : 0 ;
}
