/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <skalibs/djbunix.h>
#include "event.h"

int tend_event_notify (char const *dir, char c)
{
  char path[TEND_PATH_MAX] ;
  int dfd ;
  DIR *d ;
  int n = 0 ;
  if (!tend_svdir_path(path, sizeof(path), dir, TEND_SVDIR_EVENT)) return -1 ;
  dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (dfd < 0) return -1 ;
  d = fdopendir(dfd) ;
  if (!d) { fd_close(dfd) ; return -1 ; }
  for (;;)
  {
    struct dirent *de ;
    int fd ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    if (de->d_name[0] == '.') continue ;
    fd = openat(dfd, de->d_name, O_WRONLY | O_NONBLOCK | O_CLOEXEC) ;
    if (fd < 0)
    {
      if (errno == ENXIO) unlinkat(dfd, de->d_name, 0) ;  /* its listener is gone */
      continue ;
    }
    if (write(fd, &c, 1) == 1) n++ ;
    fd_close(fd) ;
  }
  closedir(d) ;
  return n ;
}
