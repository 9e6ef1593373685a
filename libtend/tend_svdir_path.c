/* ISC license. */

#include <errno.h>
#include <string.h>
#include "svdir.h"

size_t tend_svdir_path (char *buf, size_t max, char const *dir, char const *file)
{
  size_t dlen = strlen(dir) ;
  size_t flen = strlen(file) ;
  if (dlen + flen + 2 > max) return (errno = ENAMETOOLONG, 0) ;
  memcpy(buf, dir, dlen) ;
  buf[dlen] = '/' ;
  memcpy(buf + dlen + 1, file, flen + 1) ;
  return dlen + 1 + flen ;
}
