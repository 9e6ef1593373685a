/* ISC license. */

#include <errno.h>
#include <unistd.h>
#include "scanner.h"

int tend_scanner_write (int fd, char c)
{
  ssize_t w ;
  do w = write(fd, &c, 1) ; while (w < 0 && errno == EINTR) ;
  if (w == 1) return 1 ;
  if (w >= 0) errno = EAGAIN ;
  return 0 ;
}
