/* ISC license. */

#include <unistd.h>
#include <skalibs/djbunix.h>
#include "event.h"

void tend_event_unsubscribe (tend_event_listener_t *l)
{
  if (l->fd < 0) return ;
  unlink(l->path) ;
  fd_close(l->fd) ;
  l->fd = -1 ;
}
