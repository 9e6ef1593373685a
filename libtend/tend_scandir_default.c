/* ISC license. */

#include <stdlib.h>
#include "config.h"
#include "svdir.h"
#include "service.h"

size_t tend_scandir_default (char *buf, size_t max)
{
  char const *run = getenv("TEND_RUN") ;
  if (!run || !*run) run = TEND_RUN ;
  return tend_svdir_path(buf, max, run, "services") ;
}
