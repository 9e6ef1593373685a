/* ISC license. */

#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include <skalibs/djbunix.h>
#include "control.h"

int tend_control_send (char const *dir, char const *file, char const *cmds, size_t len)
{
  ssize_t w ;
  int fd ;
  if (!len || len > PIPE_BUF) return (errno = EINVAL, 0) ;
  fd = tend_control_open(dir, file) ;
  if (fd < 0) return 0 ;
  do w = write(fd, cmds, len) ; while (w < 0 && errno == EINTR) ;
  if (w < 0) goto err ;
  if ((size_t)w != len) { errno = EAGAIN ; goto err ; }
  fd_close(fd) ;
  return 1 ;
 err:
  fd_close(fd) ;
  return 0 ;
}
