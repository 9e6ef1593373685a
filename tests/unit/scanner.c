/* ISC license. */
/* Unit tests for scanner.h: tend_scanner_open, tend_scanner_write, tend_scanner_send. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/time.h>
#include <skalibs/djbunix.h>
#include "scanner.h"
#include <skalibs/strerr.h>
#include "tap.h"

static char root[] = "/tmp/tend-unit-scanner.XXXXXX" ;

static long ms_since (struct timeval const *a)
{
  struct timeval b ;
  gettimeofday(&b, 0) ;
  return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_usec - a->tv_usec) / 1000 ;
}

int main (void)
{
  char self[256], fifo[256] ;
  struct timeval t0 ;
  int p[2], rfd, ifd, fd, wstat ;
  char c ;
  pid_t pid ;
  PROG = "unit" ;
  tap_plan(9) ;
  if (!mkdtemp(root)) { perror("mkdtemp") ; return 2 ; }
  snprintf(self, sizeof self, "%s/.tend-svscan", root) ;
  snprintf(fifo, sizeof fifo, "%s/.tend-svscan/control", root) ;

  errno = 0 ;
  fd = tend_scanner_open(root, 200, &ifd) ;
  ok(fd < 0 && errno == ENOENT, "no .tend-svscan/: ENOENT at once") ;
  if (ifd >= 0) close(ifd) ;

  if (mkdir(self, 0755) < 0 || mkfifo(fifo, 0600) < 0) return 2 ;
  gettimeofday(&t0, 0) ;
  errno = 0 ;
  ok(!tend_scanner_send(root, 't', 200) && errno == ETIMEDOUT, "a FIFO nobody reads: ETIMEDOUT") ;
  ok(ms_since(&t0) >= 190 && ms_since(&t0) < 5000, "after the deadline, not long after") ;

  rfd = open(fifo, O_RDWR | O_NONBLOCK) ;
  ok(tend_scanner_send(root, 'x', 200), "a scanner listening: sent") ;
  ok(read(rfd, &c, 1) == 1 && c == 'x', "the byte is in the FIFO") ;
  close(rfd) ;

  /* the scanner is not there yet: the FIFO and its reader come 100 ms later */
  unlink(fifo) ;
  if (pipe(p) < 0) return 2 ;
  pid = fork() ;
  if (!pid)
  {
    usleep(100000) ;
    if (mkfifo(fifo, 0600) < 0) _exit(1) ;
    rfd = open(fifo, O_RDWR) ;
    if (rfd < 0 || read(rfd, &c, 1) != 1 || write(p[1], &c, 1) != 1) _exit(1) ;
    _exit(0) ;
  }
  close(p[1]) ;
  ok(tend_scanner_send(root, 'q', 5000), "waited for the FIFO to be made and opened, then sent") ;
  ok(read(p[0], &c, 1) == 1 && c == 'q', "the late scanner got the byte") ;
  waitpid(pid, &wstat, 0) ;
  ok(WIFEXITED(wstat) && !WEXITSTATUS(wstat), "the late scanner went well") ;

  fd = open("/dev/null", O_RDONLY) ;
  errno = 0 ;
  ok(!tend_scanner_write(fd, 'a') && errno, "tend_scanner_write on a read-only fd: 0 with errno") ;
  rm_rf(root) ;
  return tap_failed ? 1 : 0 ;
}
