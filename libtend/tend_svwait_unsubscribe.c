/* ISC license. */

#include <stdio.h>
#include <unistd.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "svwait.h"

void tend_svwait_unsubscribe (tend_svwait_t *w)
{
  char path[TEND_PATH_MAX] ;
  int n ;
  if (w->fd < 0) return ;
  n = snprintf(path, sizeof(path), "%s/" TEND_SVDIR_EVENT "/%s", w->dir, w->name) ;
  if (n > 0 && (size_t)n < sizeof(path)) unlink(path) ;
  fd_close(w->fd) ;
  w->fd = -1 ;
}
