/* ISC license. */

#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include "dir.h"

int tend_dir_own (char const *path, unsigned int mode)
{
  struct stat sb ;
  if (mkdir(path, mode) == 0) return chmod(path, mode) == 0 ;
  if (errno != EEXIST || stat(path, &sb) < 0) return 0 ;
  if (!S_ISDIR(sb.st_mode)) return (errno = ENOTDIR, 0) ;
  if (sb.st_uid != geteuid()) return (errno = EPERM, 0) ;
  if (!(sb.st_mode & 022)) return 1 ;
  return chmod(path, sb.st_mode & 07755) == 0 ? 2 : 0 ;
}
