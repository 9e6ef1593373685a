/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "control.h"

int tend_control_send (char const *dir, char const *file, char const *cmds, size_t len)
{
  char path[TEND_PATH_MAX] ;
  struct stat st ;
  ssize_t w ;
  int fd ;
  if (!len || len > PIPE_BUF) return (errno = EINVAL, 0) ;
  if (!tend_svdir_path(path, sizeof(path), dir, file)) return 0 ;
  fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) ;
  if (fd < 0) return 0 ;
  if (fstat(fd, &st) < 0) goto err ;
  if (!S_ISFIFO(st.st_mode)) { errno = EINVAL ; goto err ; }
  do w = write(fd, cmds, len) ; while (w < 0 && errno == EINTR) ;
  if (w < 0) goto err ;
  if ((size_t)w != len) { errno = EAGAIN ; goto err ; }
  fd_close(fd) ;
  return 1 ;
 err:
  fd_close(fd) ;
  return 0 ;
}
