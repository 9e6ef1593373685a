/* ISC license. */

#include <skalibs/djbunix.h>
#include "svdir.h"
#include "boot.h"

ssize_t tend_boot_read (char const *run, char const *name, char *buf, size_t max)
{
  char dir[TEND_PATH_MAX], path[TEND_PATH_MAX] ;
  ssize_t r ;
  if (!max || !tend_svdir_path(dir, sizeof dir, run, TEND_BOOT_DIR) || !tend_svdir_path(path, sizeof path, dir, name)) return -1 ;
  r = openreadnclose(path, buf, max - 1) ;
  if (r >= 0) buf[r] = 0 ;
  return r ;
}
