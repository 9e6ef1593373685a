/* ISC license. */

#include <sys/ioctl.h>
#include <sys/stat.h>
#include "fifo.h"

int tend_fifo_pending (int fd)
{
  struct stat st ;
  int n = 0 ;
  if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode)) return 0 ;
  return ioctl(fd, FIONREAD, &n) == 0 && n > 0 ;
}
