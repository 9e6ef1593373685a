/* ISC license. */

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "svdir.h"
#include "service.h"

/* 1 if path is a directory, 0 if it is not or does not exist, -1 on another error. */
static int isdir (char const *path)
{
  struct stat st ;
  if (!stat(path, &st)) return S_ISDIR(st.st_mode) ;
  return errno == ENOENT || errno == ENOTDIR ? 0 : -1 ;
}

int tend_service_resolve (char *buf, size_t max, char const *arg, char const *scandir)
{
  size_t len = strlen(arg) ;
  int r ;
  if (!len || arg[0] == '.' || strchr(arg, '/'))
  {
    if (len >= max) return (errno = ENAMETOOLONG, 0) ;
    memcpy(buf, arg, len + 1) ;
    return 1 ;
  }
  if (!tend_svdir_path(buf, max, scandir, arg)) return 0 ;
  r = isdir(buf) ;
  if (r) return r > 0 ;
  if (len >= max) return (errno = ENAMETOOLONG, 0) ;
  r = isdir(arg) ;
  if (r <= 0) return (r ? 0 : (errno = ENOENT, 0)) ;
  memcpy(buf, arg, len + 1) ;
  return 1 ;
}
