/* ISC license. */

#include <errno.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "status.h"

int tend_status_read (char const *dir, tend_status_t *st)
{
  char path[TEND_PATH_MAX] ;
  char buf[TEND_STATUS_SIZE + 1] ;
  ssize_t r ;
  if (!tend_svdir_path(path, sizeof(path), dir, TEND_SVDIR_STATUS)) return 0 ;
  r = openreadnclose(path, buf, sizeof(buf)) ;
  if (r < 0) return 0 ;
  return tend_status_unpack(buf, (size_t)r, st) ;
}
