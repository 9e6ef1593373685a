/* ISC license. */

#include "svwait.h"

int tend_svwait_target (char target)
{
  switch (target)
  {
    case TEND_SVWAIT_UP :
    case TEND_SVWAIT_READY :
    case TEND_SVWAIT_DOWN :
    case TEND_SVWAIT_FINISHED :
    case TEND_SVWAIT_RESTARTED :
    case TEND_SVWAIT_RESTARTED_READY : return 1 ;
    default : return 0 ;
  }
}
