/* ISC license. */

#include <unistd.h>
#include <sys/syscall.h>
#include "sys.h"

#define NOREPLACE 1  /* RENAME_NOREPLACE in <linux/fs.h>: not every libc exports it */

int tend_rename_noreplace (int olddir, char const *old, int newdir, char const *new)
{
  return syscall(SYS_renameat2, olddir, old, newdir, new, NOREPLACE) ;
}
