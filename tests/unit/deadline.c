/* ISC license. */
/* Unit tests for deadline.h: tend_deadline_in and tend_sigchld_pause. */

#include <unistd.h>
#include <sys/wait.h>
#include <skalibs/tai.h>
#include "deadline.h"
#include "spawn.h"
#include <skalibs/strerr.h>
#include "tap.h"

int main (void)
{
  tain d, now, diff ;
  int sigfd, wstat ;
  pid_t pid ;
  PROG = "unit" ;
  tap_plan(5) ;
  tend_deadline_in(&d, 1500) ;
  tain_now_g() ;
  ok(tain_less(&STAMP, &d), "the deadline is after now") ;
  tain_sub(&diff, &d, &STAMP) ;
  ok(tain_to_millisecs(&diff) > 1000 && tain_to_millisecs(&diff) <= 1500, "and about ms later") ;
  sigfd = tend_sigchld_trap() ;
  ok(sigfd >= 0, "SIGCHLD trapped") ;
  tend_deadline_in(&d, 100) ;
  is_int(tend_sigchld_pause(sigfd, &d), 0, "no child: the deadline passes, 0") ;
  pid = fork() ;
  if (!pid) _exit(0) ;
  tend_deadline_in(&d, 10000) ;
  is_int(tend_sigchld_pause(sigfd, &d), 1, "a child dies: 1, before the deadline") ;
  waitpid(pid, &wstat, 0) ;
  (void)now ;
  return tap_failed ? 1 : 0 ;
}
