/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "svrunning.h"

int tend_svrunning (char const *dir, char const *lockfile)
{
  char path[TEND_PATH_MAX] ;
  int fd, r ;
  if (!tend_svdir_path(path, sizeof(path), dir, lockfile)) return -1 ;
  fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) ;
  if (fd < 0) return errno == ENOENT ? 0 : -1 ;
  r = fd_islocked(fd) ;
  fd_close(fd) ;
  return r ;
}
