/* ISC license. */

#include <errno.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "value.h"

ssize_t tend_value_read (char const *dir, char const *name, char *buf, size_t max)
{
  char path[TEND_PATH_MAX] ;
  ssize_t r ;
  if (max < 2) return (errno = EINVAL, -1) ;
  if (!tend_svdir_path(path, sizeof(path), dir, name)) return -1 ;
  /* Non-blocking: a FIFO planted as a value file must not block the reader (a supervisor
     blocked in open() obeys no command and no signal). */
  r = openreadnclose_nb(path, buf, max) ;
  if (r < 0) return -1 ;
  if ((size_t)r >= max) return (errno = EFBIG, -1) ;
  buf[r] = 0 ;
  return r ;
}
