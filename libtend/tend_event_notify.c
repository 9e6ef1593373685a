/* ISC license. */

#include "event.h"

int tend_event_notify (char const *dir, char c)
{
  return tend_event_notifyn(dir, &c, 1) ;
}
