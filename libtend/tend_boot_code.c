/* ISC license. */

#include <skalibs/types.h>
#include "value.h"
#include "boot.h"

int tend_boot_code (char const *run)
{
  char buf[UINT_FMT + 2] ;
  unsigned int u ;
  ssize_t r = tend_boot_read(run, TEND_BOOT_EXITCODE, buf, sizeof buf) ;
  if (r < 0) return -1 ;
  if (!tend_value_uint(buf, (size_t)r, &u) || u > 255) return 0 ;
  return (int)u ;
}
