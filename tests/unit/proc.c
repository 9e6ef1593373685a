/* ISC license. */
/* Unit tests for tend_proc_starttime. */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include "proc.h"
#include "tap.h"

int main (void)
{
  uint64_t a = 0, b = 0, c = 0 ;
  pid_t pid ;
  int wstat ;
  tap_plan(8) ;
  ok(tend_proc_starttime(getpid(), &a), "own start time read") ;
  ok(a > 0, "own start time is not zero") ;
  ok(tend_proc_starttime(getpid(), &b) && a == b, "same process, same start time") ;
  prctl(PR_SET_NAME, "a) b ) c", 0, 0, 0) ;
  ok(tend_proc_starttime(getpid(), &b) && a == b, "a command name with spaces and parentheses") ;
  pid = fork() ;
  if (!pid) { usleep(20000) ; _exit(0) ; }
  ok(pid > 0 && tend_proc_starttime(pid, &c) && c >= a, "a child's start time is not before ours") ;
  waitpid(pid, &wstat, 0) ;
  errno = 0 ;
  ok(!tend_proc_starttime(pid, &c) && errno == ESRCH, "a reaped child: ESRCH") ;
  errno = 0 ;
  ok(!tend_proc_starttime(0, &c) && errno == ESRCH, "pid 0: ESRCH") ;
  errno = 0 ;
  ok(!tend_proc_starttime(-5, &c) && errno == ESRCH, "negative pid: ESRCH") ;
  return tap_failed ? 1 : 0 ;
}
