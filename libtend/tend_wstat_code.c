/* ISC license. */

#include <sys/wait.h>
#include "spawn.h"

int tend_wstat_code (int wstat)
{
  return WIFSIGNALED(wstat) ? 128 + WTERMSIG(wstat) : WEXITSTATUS(wstat) ;
}
