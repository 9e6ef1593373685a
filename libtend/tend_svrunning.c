/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "svrunning.h"

/* A user who may not open the lock (a supervisor's lock is 0600, so that nobody else can
   hold it) still learns whether it is held: /proc/locks names the device and inode of every
   locked file, as " MAJOR:MINOR:INODE " in hexadecimal, hexadecimal, decimal. Lines with
   "->" are waiters, not holders. */
static int held_by_inode (char const *path)
{
  stralloc sa = STRALLOC_ZERO ;
  struct stat sb ;
  char key[64] ;
  size_t i = 0 ;
  int r = 0 ;
  if (stat(path, &sb) < 0) return errno == ENOENT ? 0 : -1 ;
  snprintf(key, sizeof(key), " %02x:%02x:%llu ", major(sb.st_dev), minor(sb.st_dev), (unsigned long long)sb.st_ino) ;
  if (!openslurpclose(&sa, "/proc/locks") || !stralloc_0(&sa)) { stralloc_free(&sa) ; return -1 ; }
  while (i < sa.len - 1 && !r)
  {
    char *line = sa.s + i ;
    char *nl = strchr(line, '\n') ;
    if (nl) *nl = 0 ;
    if (!strstr(line, "->") && strstr(line, key)) r = 1 ;
    i += strlen(line) + 1 ;
  }
  stralloc_free(&sa) ;
  return r ;
}

int tend_svrunning (char const *dir, char const *lockfile)
{
  char path[TEND_PATH_MAX] ;
  int fd, r ;
  if (!tend_svdir_path(path, sizeof(path), dir, lockfile)) return -1 ;
  fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) ;
  if (fd < 0)
  {
    if (errno == EACCES) return held_by_inode(path) ;
    return errno == ENOENT ? 0 : -1 ;
  }
  r = fd_islocked(fd) ;
  fd_close(fd) ;
  return r ;
}
