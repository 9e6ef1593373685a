/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "status.h"

int tend_status_read_trusted (char const *dir, tend_status_t *st, uid_t uid)
{
  char path[TEND_PATH_MAX] ;
  char buf[TEND_STATUS_SIZE + 1] ;
  struct stat sb ;
  ssize_t r ;
  int fd, e ;
  if (!tend_svdir_path(path, sizeof(path), dir, TEND_SVDIR_STATUS)) return 0 ;
  /* non-blocking: a FIFO planted as the status must not block the reader */
  fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) ;
  if (fd < 0) return 0 ;
  if (fstat(fd, &sb) < 0) goto err ;
  if (!S_ISREG(sb.st_mode) || (uid != (uid_t)-1 && (sb.st_uid != uid || sb.st_mode & 022)))
  {
    errno = EPERM ;
    goto err ;
  }
  r = allread(fd, buf, sizeof(buf)) ;
  if (r < 0) goto err ;
  fd_close(fd) ;
  return tend_status_unpack(buf, (size_t)r, st) ;
 err:
  e = errno ;
  fd_close(fd) ;
  errno = e ;
  return 0 ;
}
