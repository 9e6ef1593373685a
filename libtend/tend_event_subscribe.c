/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/tai.h>
#include <skalibs/djbunix.h>
#include "event.h"

int tend_event_subscribe (tend_event_listener_t *l, char const *dir)
{
  static unsigned int counter = 0 ;
  char tmp[TEND_PATH_MAX] ;
  tain now ;
  int n, m ;
  l->fd = -1 ;  /* defined on every failure, the early ones included */
  l->path[0] = 0 ;
  tain_wallclock_read(&now) ;
  /* A dot name is invisible to broadcasts until it is open and renamed. */
  n = snprintf(tmp, sizeof(tmp), "%s/" TEND_SVDIR_EVENT "/.new-%ld-%u-%lu", dir, (long)getpid(), counter, (unsigned long)now.nano) ;
  m = snprintf(l->path, sizeof(l->path), "%s/" TEND_SVDIR_EVENT "/l-%ld-%u-%lu", dir, (long)getpid(), counter, (unsigned long)now.nano) ;
  counter++ ;
  if (n < 0 || m < 0 || (size_t)n >= sizeof(tmp) || (size_t)m >= sizeof(l->path)) return (errno = ENAMETOOLONG, 0) ;
  if (mkfifo(tmp, 0600) < 0) return 0 ;
  l->fd = open(tmp, O_RDWR | O_NONBLOCK | O_CLOEXEC) ;
  if (l->fd < 0) goto err ;
  if (rename(tmp, l->path) < 0) goto errfd ;
  return 1 ;
 errfd:
  fd_close(l->fd) ;
 err:
  {
    int e = errno ;
    unlink(tmp) ;
    errno = e ;
  }
  l->fd = -1 ;
  return 0 ;
}
