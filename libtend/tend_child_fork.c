/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <skalibs/gccattributes.h>
#include <skalibs/nsig.h>
#include <skalibs/djbunix.h>
#include "child.h"

/* fork, not vfork: the child must wait while the parent goes on. */

static void child_fail (int fd, int e, int code) gccattr_noreturn ;
static void child_fail (int fd, int e, int code)
{
  if (write(fd, &e, sizeof(e)) < 0) _exit(code) ;
  _exit(code) ;
}

/* An fd setup failure is sent as -errno, an exec failure as errno. */
static void child_exec (char const *const *argv, int from, int to, int go, int err) gccattr_noreturn ;
static void child_exec (char const *const *argv, int from, int to, int go, int err)
{
  /* The kernel's sigaction, so that the signals glibc reserves (32, 33) are reset too. */
  struct { void (*handler)(int) ; unsigned long flags ; void (*restorer)(void) ; uint64_t mask ; } ksa = { SIG_DFL, 0, 0, 0 } ;
  sigset_t set ;
  char c ;
  for (int i = 1 ; i < SKALIBS_NSIG ; i++)
    if (i != SIGKILL && i != SIGSTOP) syscall(SYS_rt_sigaction, i, &ksa, (void *)0, sizeof(ksa.mask)) ;
  sigemptyset(&set) ;
  sigprocmask(SIG_SETMASK, &set, 0) ;
  setsid() ;
  if (read(go, &c, 1) != 1) _exit(111) ;  /* the parent died first: run nothing */
  fd_close(go) ;
  if (from >= 0)
  {
    if (err == to && (err = fcntl(err, F_DUPFD_CLOEXEC, to + 1)) < 0) _exit(111) ;
    if (from == to) { if (uncoe(from) < 0) child_fail(err, -errno, 111) ; }
    else if (fd_move(to, from) < 0) child_fail(err, -errno, 111) ;
  }
  execve(argv[0], (char *const *)argv, environ) ;
  child_fail(err, errno, errno == ENOENT ? 127 : 126) ;
}

int tend_child_fork (tend_child_t *ch, char const *const *argv, int from, int to)
{
  int gp[2], ep[2] ;
  if (pipecoe(gp) < 0) return 0 ;
  if (pipecoe(ep) < 0) { fd_close(gp[0]) ; fd_close(gp[1]) ; return 0 ; }
  ch->pid = fork() ;
  if (!ch->pid)
  {
    fd_close(gp[1]) ;
    fd_close(ep[0]) ;
    child_exec(argv, from, to, gp[0], ep[1]) ;
  }
  fd_close(gp[0]) ;
  fd_close(ep[1]) ;
  if (ch->pid < 0)
  {
    int e = errno ;
    fd_close(gp[1]) ;
    fd_close(ep[0]) ;
    errno = e ;
    return 0 ;
  }
  ch->go = gp[1] ;
  ch->err = ep[0] ;
  return 1 ;
}
