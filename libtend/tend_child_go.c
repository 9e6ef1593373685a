/* ISC license. */

#include <errno.h>
#include <unistd.h>
#include <skalibs/djbunix.h>
#include "child.h"

int tend_child_go (tend_child_t *ch, int *setup)
{
  int e = 0 ;
  ssize_t r ;
  *setup = 0 ;
  r = write(ch->go, "g", 1) ;
  if (r < 0) e = errno ;
  fd_close(ch->go) ;
  do r = read(ch->err, &e, sizeof(e)) ; while (r < 0 && errno == EINTR) ;
  fd_close(ch->err) ;
  if (r != sizeof(e)) return e ? (errno = e, 0) : 1 ;
  if (e < 0) { *setup = 1 ; e = -e ; }
  errno = e ;
  return 0 ;
}
