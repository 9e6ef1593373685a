/* ISC license. */
/* Unit tests for tend_lock_take: 0600 whatever the umask, exclusive, links refused. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "lock.h"
#include "tap.h"

int main (void)
{
  char dir[] = "/tmp/tend-unit-lock.XXXXXX" ;
  char a[64], l[64], d[64], cmd[96] ;
  struct stat sb ;
  int fd, fd2 ;
  tap_plan(6) ;
  if (!mkdtemp(dir)) return 111 ;
  snprintf(a, sizeof(a), "%s/lock", dir) ; snprintf(l, sizeof(l), "%s/link", dir) ; snprintf(d, sizeof(d), "%s/dir", dir) ;
  umask(0) ;
  close(open(a, O_WRONLY | O_CREAT, 0644)) ;
  fd = tend_lock_take(a) ;
  ok(fd >= 0, "taken") ;
  ok(!stat(a, &sb) && (sb.st_mode & 07777) == 0600, "an existing 0644 lock file is made 0600") ;
  errno = 0 ;
  ok(tend_lock_take(a) < 0 && errno == EAGAIN, "a second taker (another description, even in the same process): EAGAIN") ;
  close(fd) ;
  fd2 = tend_lock_take(a) ;
  ok(fd2 >= 0, "free again once the fd is closed") ;
  close(fd2) ;
  if (symlink(a, l) < 0 || mkdir(d, 0700) < 0) return 111 ;
  errno = 0 ;
  ok(tend_lock_take(l) < 0 && errno == ELOOP, "a link: ELOOP") ;
  ok(tend_lock_take(d) < 0, "a directory: refused") ;
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir) ;
  if (system(cmd)) return 111 ;
  return tap_done() ;
}
