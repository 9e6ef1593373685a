/* ISC license. */

#include <errno.h>
#include <unistd.h>
#include "event.h"

ssize_t tend_event_read (tend_event_listener_t *l, char *buf, size_t max)
{
  ssize_t r ;
  do r = read(l->fd, buf, max) ; while (r < 0 && errno == EINTR) ;
  if (r < 0 && errno == EAGAIN) return 0 ;
  return r ;
}
