/* ISC license. */

#include <string.h>
#include "svfiles.h"

tend_svfile const *tend_svfile_find (char const *name)
{
  unsigned int i ;
  for (i = 0 ; i < TEND_SVFILE_N ; i++) if (!strcmp(tend_svfiles[i].name, name)) return tend_svfiles + i ;
  return 0 ;
}
