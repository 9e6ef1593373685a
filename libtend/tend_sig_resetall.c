/* ISC license. */

#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <skalibs/nsig.h>
#include "sys.h"

void tend_sig_resetall (void)
{
  struct { void (*handler)(int) ; unsigned long flags ; void (*restorer)(void) ; uint64_t mask ; } ksa = { SIG_DFL, 0, 0, 0 } ;
  uint64_t none = 0 ;
  for (int i = 1 ; i < SKALIBS_NSIG ; i++)
    if (i != SIGKILL && i != SIGSTOP) syscall(SYS_rt_sigaction, i, &ksa, (void *)0, sizeof ksa.mask) ;
  syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, (void *)0, sizeof none) ;
}
