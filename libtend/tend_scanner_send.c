/* ISC license. */

#include <errno.h>
#include <unistd.h>
#include "scanner.h"

int tend_scanner_send (char const *scandir, char c, unsigned int ms)
{
  int ifd, e ;
  int fd = tend_scanner_open(scandir, ms, &ifd) ;
  int r = fd >= 0 && tend_scanner_write(fd, c) ;
  e = errno ;
  if (fd >= 0) close(fd) ;
  if (ifd >= 0) close(ifd) ;
  errno = e ;
  return r ;
}
