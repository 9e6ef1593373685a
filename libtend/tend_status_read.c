/* ISC license. */

#include <sys/types.h>
#include "status.h"

int tend_status_read (char const *dir, tend_status_t *st)
{
  return tend_status_read_trusted(dir, st, (uid_t)-1) ;
}
