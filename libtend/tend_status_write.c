/* ISC license. */

#include <skalibs/djbunix.h>
#include "svdir.h"
#include "status.h"

int tend_status_write (char const *dir, tend_status_t const *st)
{
  char path[TEND_PATH_MAX] ;
  char buf[TEND_STATUS_SIZE] ;
  if (!tend_svdir_path(path, sizeof(path), dir, TEND_SVDIR_STATUS)) return 0 ;
  tend_status_pack(buf, st) ;
  return openwritenclose_suffix(path, buf, TEND_STATUS_SIZE, ".new") ;
}
