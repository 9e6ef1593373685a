/* ISC license. */
/* Unit tests for the service-directory helpers: a service's name from its path. */

#include <string.h>
#include "svdir.h"
#include "svfiles.h"
#include "tap.h"

static char const *nm (char const *dir)
{
  static char buf[256] ;
  char const *s = tend_svdir_name(buf, sizeof(buf), dir, 0) ;
  return s ? s : "(none)" ;
}

int main (void)
{
  char small[4] ;
  tap_plan(10) ;
  is_str(nm("/run/tend/services/web"), "web", "last component") ;
  is_str(nm("/run/tend/services/web//"), "web", "trailing slashes") ;
  is_str(nm("/srv/web/log"), "web/log", "a log directory: PARENT/log") ;
  is_str(nm("web"), "web", "relative") ;
  is_str(nm("."), "(none)", "\".\": no name (the caller uses the cwd)") ;
  is_str(nm("../log"), "(none)", "\"../log\": no name") ;
  ok(!tend_svdir_name(small, sizeof(small), "/a/longname", 0), "too long: no name") ;
  ok(tend_svfile_find(TEND_SVDIR_NOTIFICATION_FD) && tend_svfile_find(TEND_SVDIR_NOTIFICATION_FD)->min == 3, "svfile_find: notification-fd, from 3") ;
  ok(tend_svfile_find(TEND_SVDIR_DOWN_SIGNAL) && tend_svfile_find(TEND_SVDIR_DOWN_SIGNAL)->refused, "svfile_find: down-signal refuses one signal") ;
  ok(!tend_svfile_find("notfication-fd"), "svfile_find: an unknown name") ;
  return tap_done() ;
}
