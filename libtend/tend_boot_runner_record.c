/* ISC license. */

#include <stdint.h>
#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include "proc.h"
#include "boot.h"

int tend_boot_runner_record (char const *run, pid_t pid)
{
  char buf[PID_FMT + UINT64_FMT + 2] ;
  uint64_t t = 0 ;
  size_t n = pid_fmt(buf, pid) ;
  if (!tend_proc_starttime(pid, &t)) t = 0 ;
  buf[n++] = ' ' ;
  n += uint64_fmt(buf + n, t) ;
  buf[n++] = '\n' ;
  if (tend_boot_write(run, TEND_BOOT_FINALIZE, buf, n)) return 1 ;
  strerr_warnwsys("unable to write ", run, "/" TEND_BOOT_DIR "/" TEND_BOOT_FINALIZE) ;
  return 0 ;
}
