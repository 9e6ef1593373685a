/* ISC license. */

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/inotify.h>
#include <skalibs/djbunix.h>
#include <skalibs/iopause.h>
#include <skalibs/tai.h>
#include "svdir.h"
#include "control.h"
#include "deadline.h"
#include "scanner.h"

static void alarm_nop (int sig)
{
  (void)sig ;
}

/* Opens the FIFO path (which exists, with no reader yet) for writing, in a blocking open(),
   which the kernel ends when a reader opens it: no inotify instance, whose teardown waits
   for an RCU grace period in whichever process closes it last, be it the CMD at its exec.
   Bounded by a repeating ITIMER_REAL of ms: at most ms, or twice that if the first expiry
   falls just before open() starts. The fd is made non-blocking. */
static int fifo_open_wait (char const *path, unsigned int ms)
{
  struct sigaction sa, old ;
  struct itimerval it, off ;
  int fd, e ;
  memset(&sa, 0, sizeof sa) ;
  sa.sa_handler = &alarm_nop ;  /* no SA_RESTART: the signal ends the open with EINTR */
  sigemptyset(&sa.sa_mask) ;
  memset(&off, 0, sizeof off) ;
  it.it_value.tv_sec = ms / 1000 ;
  it.it_value.tv_usec = (ms % 1000) * 1000 ;
  it.it_interval = it.it_value ;
  if (sigaction(SIGALRM, &sa, &old) < 0) return -1 ;
  if (setitimer(ITIMER_REAL, &it, 0) < 0) { e = errno ; sigaction(SIGALRM, &old, 0) ; errno = e ; return -1 ; }
  fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY) ;
  e = errno ;
  setitimer(ITIMER_REAL, &off, 0) ;
  sigaction(SIGALRM, &old, 0) ;
  if (fd < 0) { errno = e == EINTR ? ETIMEDOUT : e ; return -1 ; }
  if (ndelay_on(fd) < 0) { e = errno ; close(fd) ; errno = e ; return -1 ; }
  return fd ;
}

int tend_scanner_open (char const *scandir, unsigned int ms, int *ifd)
{
  char path[TEND_PATH_MAX] ;
  tain deadline ;
  int fd = tend_control_open(scandir, TEND_SCANDIR_CONTROL) ;
  *ifd = -1 ;
  if (fd >= 0) return fd ;
  if (errno == ENXIO)
  {
    if (!tend_svdir_path(path, sizeof path, scandir, TEND_SCANDIR_CONTROL)) return -1 ;
    return fifo_open_wait(path, ms) ;
  }
  if (errno != ENOENT) return -1 ;
  if (!tend_svdir_path(path, sizeof path, scandir, TEND_SCANDIR_SELF)) return -1 ;
  *ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC) ;
  if (*ifd < 0 || inotify_add_watch(*ifd, path, IN_CREATE | IN_MOVED_TO | IN_OPEN | IN_ATTRIB) < 0) return -1 ;
  tend_deadline_in(&deadline, ms) ;
  for (;;)
  {
    iopause_fd x = { .fd = *ifd, .events = IOPAUSE_READ, .revents = 0 } ;
    char buf[4096] ;
    int r ;
    fd = tend_control_open(scandir, TEND_SCANDIR_CONTROL) ;
    if (fd >= 0 || (errno != ENOENT && errno != ENXIO)) return fd ;
    r = iopause_g(&x, 1, &deadline) ;
    if (r < 0) return -1 ;
    if (!r) return (errno = ETIMEDOUT, -1) ;
    while (read(*ifd, buf, sizeof buf) > 0) ;
  }
}
