/* ISC license. */

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <skalibs/djbunix.h>
#include "child.h"

void tend_child_abort (tend_child_t *ch)
{
  kill(ch->pid, SIGKILL) ;
  fd_close(ch->go) ;
  fd_close(ch->err) ;
  while (waitpid(ch->pid, 0, 0) < 0 && errno == EINTR) ;
}
