/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "status.h"

/* Relative to a descriptor of DIR/supervise (which may be a link the service directory's
   owner placed: followed), the temporary file is removed, then created exclusively and
   without following a link, so that nothing planted under its name is written through; its
   mode is set explicitly, whatever the umask. No fsync: the record is for processes of this
   boot (every reader shares the page cache), and a status write must not wait on a disk. */

#define STATUS_NEW "status.new"

int tend_status_write (char const *dir, tend_status_t const *st)
{
  char path[TEND_PATH_MAX] ;
  char buf[TEND_STATUS_SIZE] ;
  int dfd, fd, e ;
  if (!tend_svdir_path(path, sizeof(path), dir, TEND_SVDIR_SUPERVISE)) return 0 ;
  dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (dfd < 0) return 0 ;
  tend_status_pack(buf, st) ;
  if (unlinkat(dfd, STATUS_NEW, 0) < 0 && errno != ENOENT) goto err ;
  fd = openat(dfd, STATUS_NEW, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644) ;
  if (fd < 0) goto err ;
  if (fchmod(fd, 0644) < 0 || allwrite(fd, buf, TEND_STATUS_SIZE) < TEND_STATUS_SIZE)
  {
    e = errno ;
    fd_close(fd) ;
    errno = e ;
    goto errunlink ;
  }
  if (close(fd) < 0) goto errunlink ;
  if (renameat(dfd, STATUS_NEW, dfd, "status") < 0) goto errunlink ;
  fd_close(dfd) ;
  return 1 ;
 errunlink:
  e = errno ;
  unlinkat(dfd, STATUS_NEW, 0) ;
  errno = e ;
 err:
  e = errno ;
  fd_close(dfd) ;
  errno = e ;
  return 0 ;
}
