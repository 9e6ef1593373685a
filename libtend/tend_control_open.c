/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "control.h"

int tend_control_open (char const *dir, char const *file)
{
  char path[TEND_PATH_MAX] ;
  struct stat st ;
  int fd ;
  if (!tend_svdir_path(path, sizeof(path), dir, file)) return -1 ;
  fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) ;
  if (fd < 0) return -1 ;
  if (fstat(fd, &st) < 0) { fd_close(fd) ; return -1 ; }
  if (!S_ISFIFO(st.st_mode)) { fd_close(fd) ; return (errno = EINVAL, -1) ; }
  return fd ;
}
