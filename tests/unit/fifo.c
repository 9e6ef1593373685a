/* ISC license. */
/* Unit tests for tend_fifo_open: created 0600 whatever the umask, links refused, non-FIFOs refused. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "fifo.h"
#include "tap.h"

int main (void)
{
  char dir[] = "/tmp/tend-unit-fifo.XXXXXX" ;
  char a[64], b[64], l[64], cmd[96] ;
  struct stat sb ;
  int fd ;
  tap_plan(9) ;
  if (!mkdtemp(dir)) return 111 ;
  snprintf(a, sizeof(a), "%s/a", dir) ; snprintf(b, sizeof(b), "%s/b", dir) ; snprintf(l, sizeof(l), "%s/l", dir) ;
  umask(0) ;
  fd = tend_fifo_open(a, O_RDWR) ;
  ok(fd >= 0 && !fstat(fd, &sb) && S_ISFIFO(sb.st_mode) && (sb.st_mode & 07777) == 0600, "created 0600 under umask 000") ;
  close(fd) ;
  chmod(a, 0666) ;
  fd = tend_fifo_open(a, O_RDWR) ;
  ok(fd >= 0 && !fstat(fd, &sb) && (sb.st_mode & 07777) == 0600, "an existing one is made 0600") ;
  close(fd) ;
  close(open(b, O_WRONLY | O_CREAT, 0600)) ;
  errno = 0 ;
  ok(tend_fifo_open(b, O_RDWR) < 0 && errno == EINVAL, "a regular file: EINVAL") ;
  if (symlink(a, l) < 0) return 111 ;
  errno = 0 ;
  ok(tend_fifo_open(l, O_RDWR) < 0 && errno == ELOOP, "a link: ELOOP, not followed") ;
  ok(!lstat(l, &sb) && S_ISLNK(sb.st_mode), "... and left as it was") ;
  {
    int p[2] ;
    int rfd = open(b, O_RDONLY) ;
    if (pipe(p) < 0) return 111 ;
    ok(!tend_fifo_pending(p[0]), "an empty pipe: nothing pending") ;
    if (write(p[1], "x\n", 2) != 2) return 111 ;
    ok(tend_fifo_pending(p[0]), "a pipe with bytes: pending") ;
    ok(!tend_fifo_pending(rfd), "a regular file: never pending") ;
    ok(!tend_fifo_pending(-1), "a bad fd: not pending") ;
    close(p[0]) ; close(p[1]) ; close(rfd) ;
  }
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir) ;
  if (system(cmd)) return 111 ;
  return tap_done() ;
}
