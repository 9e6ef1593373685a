/* ISC license. */
/* Unit tests for libtend/sys.h: tend_sig_resetall. */

#include <signal.h>
#include "sys.h"
#include "tap.h"

static void handler (int sig) { (void)sig ; }

static int dfl (int sig)
{
  struct sigaction sa ;
  return !sigaction(sig, 0, &sa) && sa.sa_handler == SIG_DFL ;
}

int main (void)
{
  struct sigaction sa = { .sa_handler = &handler } ;
  sigset_t set ;
  tap_plan(5) ;
  sigemptyset(&sa.sa_mask) ;
  sigaction(SIGUSR1, &sa, 0) ;
  signal(SIGTERM, SIG_IGN) ;
  sigaction(SIGRTMIN + 2, &sa, 0) ;
  sigemptyset(&set) ; sigaddset(&set, SIGUSR2) ; sigaddset(&set, SIGCHLD) ;
  sigprocmask(SIG_BLOCK, &set, 0) ;
  tend_sig_resetall() ;
  ok(dfl(SIGUSR1), "a caught signal is back to the default") ;
  ok(dfl(SIGTERM), "an ignored signal is back to the default") ;
  ok(dfl(SIGRTMIN + 2), "a real-time signal is back to the default") ;
  sigprocmask(SIG_BLOCK, 0, &set) ;
  ok(!sigismember(&set, SIGUSR2) && !sigismember(&set, SIGCHLD), "nothing blocked") ;
  ok(dfl(SIGPIPE), "an untouched signal stays at the default") ;
  return tap_done() ;
}
