/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include "event.h"
#include "sys.h"

/* The directory is read with getdents64 into a small stack buffer, not opendir(): the
   supervisor calls this on every state change, and must not allocate in its steady state.
   The bytes go in one write per listener (atomic: len is below PIPE_BUF).
   event/ is writable by a group: only FIFOs are written to. An entry is looked at without
   following it and skipped unless it is a FIFO (so no device is ever opened), opened without
   following a link, and checked again once open (it may have been swapped in between). */

int tend_event_notifyn (char const *dir, char const *s, size_t len)
{
  char path[TEND_PATH_MAX] ;
  char buf[1024] __attribute__((aligned(8))) ;
  int dfd ;
  int n = 0 ;
  if (!tend_svdir_path(path, sizeof(path), dir, TEND_SVDIR_EVENT)) return -1 ;
  dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) ;
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
      struct stat sb ;
      int fd ;
      i += de->reclen ;
      if (de->name[0] == '.') continue ;
      if (fstatat(dfd, de->name, &sb, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISFIFO(sb.st_mode)) continue ;
      fd = openat(dfd, de->name, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY) ;
      if (fd < 0)
      {
        if (errno == ENXIO) unlinkat(dfd, de->name, 0) ;  /* its listener is gone */
        continue ;
      }
      if (fstat(fd, &sb) == 0 && S_ISFIFO(sb.st_mode) && write(fd, s, len) == (ssize_t)len) n++ ;
      fd_close(fd) ;
    }
  }
  fd_close(dfd) ;
  return n ;
}
