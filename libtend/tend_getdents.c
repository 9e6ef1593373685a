/* ISC license. */

#include <unistd.h>
#include <sys/syscall.h>
#include "sys.h"

ssize_t tend_getdents (int fd, char *buf, size_t len)
{
  return syscall(SYS_getdents64, fd, buf, len) ;
}
