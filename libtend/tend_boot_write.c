/* ISC license. */

#include <skalibs/djbunix.h>
#include "svdir.h"
#include "boot.h"

int tend_boot_write (char const *run, char const *name, char const *s, size_t len)
{
  char dir[TEND_PATH_MAX], path[TEND_PATH_MAX] ;
  if (!tend_svdir_path(dir, sizeof dir, run, TEND_BOOT_DIR) || !tend_svdir_path(path, sizeof path, dir, name)) return 0 ;
  return openwritenclose_suffix(path, s, len, ".tmp") ;
}
