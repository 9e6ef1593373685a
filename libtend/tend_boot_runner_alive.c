/* ISC license. */

#include <stdint.h>
#include <skalibs/types.h>
#include "proc.h"
#include "boot.h"

int tend_boot_runner_alive (char const *run)
{
  char buf[PID_FMT + UINT64_FMT + 2] ;
  size_t n ;
  pid_t pid ;
  uint64_t t, now ;
  if (tend_boot_read(run, TEND_BOOT_FINALIZE, buf, sizeof buf) <= 0) return 0 ;
  n = pid_scan(buf, &pid) ;
  if (!n || buf[n] != ' ' || !uint64_scan(buf + n + 1, &t)) return 0 ;
  return tend_proc_starttime(pid, &now) && now == t ;
}
