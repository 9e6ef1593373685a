/* ISC license. */

#include <errno.h>
#include <string.h>
#include <pwd.h>
#include <grp.h>
#include "account.h"

/* getpwnam/getgrnam give NULL with one of these (or 0) when the name is simply unknown. */
static int notfound (int e)
{
  return !e || e == ENOENT || e == ESRCH || e == EBADF || e == EPERM ;
}

int tend_account_resolve (tend_account_spec_t const *spec, tend_account_t *acc)
{
  tend_account_t a = { .name = "", .home = "", .uid = spec->uid, .gid = spec->gid, .usedfallback = 0 } ;
  int unknown = 0 ;
  if (spec->flags & TEND_ACCOUNT_USERNAME)
  {
    struct passwd *pw ;
    errno = 0 ;
    pw = getpwnam(spec->user) ;
    if (!pw)
    {
      if (!notfound(errno)) return 0 ;
      unknown = ESRCH ;
    }
    else
    {
      size_t n = strlen(pw->pw_dir) ;
      if (n >= sizeof(a.home)) return (errno = ENAMETOOLONG, 0) ;
      memcpy(a.home, pw->pw_dir, n + 1) ;
      a.uid = pw->pw_uid ;
      a.gid = pw->pw_gid ;
      memcpy(a.name, spec->user, strlen(spec->user) + 1) ;
    }
  }
  if (!unknown && spec->flags & TEND_ACCOUNT_GROUPNAME)
  {
    struct group *gr ;
    errno = 0 ;
    gr = getgrnam(spec->group) ;
    if (!gr)
    {
      if (!notfound(errno)) return 0 ;
      unknown = ENXIO ;
    }
    else a.gid = gr->gr_gid ;
  }
  else if (!unknown && spec->flags & TEND_ACCOUNT_HASGROUP) a.gid = spec->gid ;
  if (unknown)
  {
    if (!(spec->flags & TEND_ACCOUNT_FALLBACK)) return (errno = unknown, 0) ;
    a.name[0] = 0 ;
    a.home[0] = 0 ;
    a.uid = spec->fbuid ;
    a.gid = spec->fbgid ;
    a.usedfallback = 1 ;
  }
  *acc = a ;
  return 1 ;
}
