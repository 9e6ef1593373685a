/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include "lock.h"

int tend_lock_take (char const *path)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0, .l_pid = 0 } ;
  struct stat sb ;
  int e ;
  int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0600) ;
  if (fd < 0) return -1 ;
  if (fstat(fd, &sb) < 0) goto err ;
  if (!S_ISREG(sb.st_mode)) { errno = EINVAL ; goto err ; }
  if (sb.st_uid != geteuid() && fchown(fd, geteuid(), getegid()) < 0) goto err ;
  if ((sb.st_mode & 07777) != 0600 && fchmod(fd, 0600) < 0) goto err ;
  if (fcntl(fd, F_OFD_SETLK, &fl) == 0) return fd ;
  if (errno == EACCES) errno = EAGAIN ;
 err:
  e = errno ;
  fd_close(fd) ;
  errno = e ;
  return -1 ;
}
