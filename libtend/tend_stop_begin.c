/* ISC license. */

#include <unistd.h>
#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/selfpipe.h>
#include "svdir.h"
#include "boot.h"
#include "scanner.h"
#include "stop.h"

void tend_stop_begin (tend_stop const *c, int code, int inplace)
{
  char scandir[TEND_PATH_MAX] ;
  char fmt[UINT_FMT] ;
  int r = tend_boot_decide(c->run, code) ;
  if (r <= 0)
  {
    if (!r && c->verbosity >= 2) strerr_warn(PROG, ": already stopping") ;
    if (r || inplace) _exit(r ? 111 : 0) ;
    return ;
  }
  fmt[uint_fmt(fmt, (unsigned int)code)] = 0 ;
  if (c->verbosity >= 2) strerr_warn(PROG, ": stopping: exit code ", fmt) ;
  if (inplace) tend_boot_runner_record(c->run, getpid()) ;
  else
  {
    pid_t pid = fork() ;
    if (pid < 0) strerr_warnwsys("unable to fork") ;
    else if (!pid)
    {
      setsid() ;
      tend_stop_finalize(c) ;
      _exit(0) ;
    }
    else tend_boot_runner_record(c->run, pid) ;
  }
  if (!tend_svdir_path(scandir, sizeof scandir, c->run, "services")
   || !tend_scanner_send(scandir, 't', 5000))
    strerr_warnwsys("unable to send t to the scanner at ", c->run, "/services") ;
  if (!inplace) return ;
  tend_stop_finalize(c) ;
  _exit(0) ;
}
