/* ISC license. */

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "boot.h"

/* Written whole under a name of our own (EXITCODE.PID), then linked to EXITCODE: link()
   fails with EEXIST when another decided first, and nobody ever sees a partial file. */
int tend_boot_decide (char const *run, int code)
{
  char dir[TEND_PATH_MAX], path[TEND_PATH_MAX], tmp[TEND_PATH_MAX] ;
  char fmt[UINT_FMT + 1] ;
  char pidfmt[PID_FMT] ;
  size_t n = uint_fmt(fmt, (unsigned int)code), pl ;
  fmt[n++] = '\n' ;
  pidfmt[pid_fmt(pidfmt, getpid())] = 0 ;
  if (!tend_svdir_path(dir, sizeof dir, run, TEND_BOOT_DIR) || !tend_svdir_path(path, sizeof path, dir, TEND_BOOT_EXITCODE))
  {
    strerr_warnwsys("unable to use runtime root ", run) ;
    return -1 ;
  }
  pl = strlen(path) ;
  if (pl + strlen(pidfmt) + 2 > sizeof tmp) { errno = ENAMETOOLONG ; strerr_warnwsys("unable to use ", path) ; return -1 ; }
  memcpy(tmp, path, pl) ;
  tmp[pl] = '.' ;
  memcpy(tmp + pl + 1, pidfmt, strlen(pidfmt) + 1) ;
  if (!openwritenclose_unsafe_sync(tmp, fmt, n))
  {
    strerr_warnwsys("unable to write ", tmp, " (is tend-init running with TEND_RUN=", run, "?)") ;
    return -1 ;
  }
  if (link(tmp, path) < 0)
  {
    int e = errno ;
    unlink(tmp) ;
    if (e != EEXIST) { errno = e ; strerr_warnwsys("unable to link ", tmp, " to ", path) ; return -1 ; }
    return 0 ;
  }
  unlink(tmp) ;
  return 1 ;
}
