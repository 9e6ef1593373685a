/* ISC license. */
/* Unit tests for opening and writing a control FIFO. */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include "control.h"
#include "tap.h"

int main (void)
{
  char dir[] = "/tmp/tend-unit-control.XXXXXX" ;
  char path[sizeof dir + 16] ;
  char buf[8] ;
  int fd, rfd, flags ;
  tap_plan(17) ;
  if (!mkdtemp(dir)) { printf("Bail out! mkdtemp\n") ; return 111 ; }
  memcpy(path, dir, sizeof dir - 1) ;
  memcpy(path + sizeof dir - 1, "/control", 9) ;

  errno = 0 ;
  ok(tend_control_open(dir, "control") < 0 && errno == ENOENT, "no FIFO: ENOENT") ;
  ok(!tend_control_send(dir, "control", "a", 1) && errno == ENOENT, "send without FIFO: ENOENT") ;

  close(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) ;
  errno = 0 ;
  ok(tend_control_open(dir, "control") < 0 && errno == EINVAL, "a regular file: EINVAL") ;
  unlink(path) ;

  if (mkfifo(path, 0600) < 0) { printf("Bail out! mkfifo\n") ; return 111 ; }
  errno = 0 ;
  ok(tend_control_open(dir, "control") < 0 && errno == ENXIO, "FIFO without a reader: ENXIO") ;
  ok(!tend_control_send(dir, "control", "a", 1) && errno == ENXIO, "send without a reader: ENXIO") ;

  rfd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) ;
  if (rfd < 0) { printf("Bail out! open\n") ; return 111 ; }
  fd = tend_control_open(dir, "control") ;
  ok(fd >= 0, "FIFO with a reader: opened") ;
  flags = fcntl(fd, F_GETFD) ;
  ok(flags >= 0 && (flags & FD_CLOEXEC), "close-on-exec") ;
  flags = fcntl(fd, F_GETFL) ;
  ok(flags >= 0 && (flags & O_NONBLOCK) && (flags & O_ACCMODE) == O_WRONLY, "write-only, non-blocking") ;
  ok(write(fd, "x", 1) == 1, "the fd takes a byte") ;
  close(fd) ;
  ok(read(rfd, buf, sizeof buf) == 1 && buf[0] == 'x', "the reader gets it") ;

  ok(tend_control_send(dir, "control", "ab", 2), "send two bytes") ;
  ok(read(rfd, buf, sizeof buf) == 2 && !memcmp(buf, "ab", 2), "in one piece") ;
  errno = 0 ;
  ok(!tend_control_send(dir, "control", "", 0) && errno == EINVAL, "empty command: EINVAL") ;
  close(rfd) ;
  unlink(path) ;
  ok(rmdir(dir) == 0, "cleaned up") ;
  is_int(tend_control_signal('k'), SIGKILL, "letter k: SIGKILL") ;
  is_int(tend_control_signal('y'), SIGWINCH, "letter y: SIGWINCH") ;
  is_int(tend_control_signal('u'), 0, "letter u: no signal") ;
  return tap_done() ;
}
