/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <skalibs/djbunix.h>
#include "event.h"
#include "sys.h"

/* The directory is read with getdents64 into a small stack buffer, not opendir(): the
   supervisor calls this on every state change, and must not allocate in its steady state.
   The bytes go in one write per listener (atomic: len is below PIPE_BUF). */

int tend_event_notifyn (char const *dir, char const *s, size_t len)
{
  char path[TEND_PATH_MAX] ;
  char buf[1024] __attribute__((aligned(8))) ;
  int dfd ;
  int n = 0 ;
  if (!tend_svdir_path(path, sizeof(path), dir, TEND_SVDIR_EVENT)) return -1 ;
  dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (dfd < 0) return -1 ;
  for (;;)
  {
    ssize_t r = tend_getdents(dfd, buf, sizeof(buf)) ;
    ssize_t i = 0 ;
    if (r < 0 && errno == EINTR) continue ;
    if (r <= 0) break ;
    while (i < r)
    {
      tend_dirent *de = (tend_dirent *)(buf + i) ;
      int fd ;
      i += de->reclen ;
      if (de->name[0] == '.') continue ;
      fd = openat(dfd, de->name, O_WRONLY | O_NONBLOCK | O_CLOEXEC) ;
      if (fd < 0)
      {
        if (errno == ENXIO) unlinkat(dfd, de->name, 0) ;  /* its listener is gone */
        continue ;
      }
      if (write(fd, s, len) == (ssize_t)len) n++ ;
      fd_close(fd) ;
    }
  }
  fd_close(dfd) ;
  return n ;
}
