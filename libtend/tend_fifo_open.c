/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include "fifo.h"

int tend_fifo_open (char const *path, int flags)
{
  struct stat sb ;
  int fd, e ;
  if (mkfifo(path, 0600) < 0 && errno != EEXIST) return -1 ;
  fd = open(path, flags | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY) ;
  if (fd < 0) return -1 ;
  if (fstat(fd, &sb) < 0) goto err ;
  if (!S_ISFIFO(sb.st_mode)) { errno = EINVAL ; goto err ; }
  if ((sb.st_uid != geteuid() || sb.st_gid != getegid()) && fchown(fd, geteuid(), getegid()) < 0) goto err ;
  if ((sb.st_mode & 07777) != 0600 && fchmod(fd, 0600) < 0) goto err ;
  return fd ;
 err:
  e = errno ;
  fd_close(fd) ;
  errno = e ;
  return -1 ;
}
