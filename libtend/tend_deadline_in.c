/* ISC license. */

#include <skalibs/tai.h>
#include "deadline.h"

void tend_deadline_in (tain *d, unsigned int ms)
{
  tain_now_set_stopwatch_g() ;
  tain_from_millisecs(d, ms) ;
  tain_add_g(d, d) ;
}
