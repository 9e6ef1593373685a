/* ISC license. */

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "svdir.h"
#include "svwait.h"

static int mkevent (char const *dir)
{
  char path[TEND_PATH_MAX] ;
  if (!tend_svdir_path(path, sizeof(path), dir, TEND_SVDIR_EVENT)) return 0 ;
  if (mkdir(path, 03730) < 0) return errno == EEXIST ;
  return chmod(path, 03730) == 0 ;  /* mkdir's mode went through the umask */
}

/* Subscribes through libtend's event code, then keeps only the fd and the FIFO's name,
   so an entry stays small (the listener struct holds a whole path). */
static int subscribe (tend_svwait_t *w)
{
  tend_event_listener_t l ;
  char const *slash ;
  size_t len ;
  if (!tend_event_subscribe(&l, w->dir)) return 0 ;
  slash = strrchr(l.path, '/') ;
  len = strlen(slash + 1) ;
  if (len >= TEND_SVWAIT_NAMEMAX)
  {
    tend_event_unsubscribe(&l) ;
    return (errno = ENAMETOOLONG, 0) ;
  }
  memcpy(w->name, slash + 1, len + 1) ;
  w->fd = l.fd ;
  return 1 ;
}

unsigned int tend_svwait_start (tend_svwait_t *w, char const *const *dirs, unsigned int n, char target, unsigned int flags)
{
  unsigned int pending = 0 ;
  for (unsigned int i = 0 ; i < n ; i++)
  {
    tend_status_t st = TEND_STATUS_ZERO ;
    w[i].dir = dirs[i] ;
    w[i].target = target ;
    w[i].fd = -1 ;
    w[i].name[0] = 0 ;
    w[i].pid0 = 0 ;
    w[i].starttime0 = 0 ;
    w[i].err = 0 ;
    w[i].result = TEND_SVWAIT_PENDING ;
    if ((flags & TEND_SVWAIT_MKEVENT && !mkevent(dirs[i])) || !subscribe(&w[i]))
    {
      w[i].err = errno ;
      w[i].result = TEND_SVWAIT_ERROR ;
      continue ;
    }
    /* Subscribed first, then read: a change after this read is an event we will see. */
    if (!tend_status_read(dirs[i], &st)) { pending++ ; continue ; }
    w[i].pid0 = st.pid ;
    w[i].starttime0 = st.starttime ;
    if (tend_svwait_check(&w[i], &st))
    {
      w[i].result = TEND_SVWAIT_REACHED ;
      tend_svwait_unsubscribe(&w[i]) ;
    }
    else pending++ ;
  }
  return pending ;
}
