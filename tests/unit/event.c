/* ISC license. */
/* Unit tests for events (FIFO directory broadcast) and control-FIFO sending. */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "event.h"
#include "control.h"
#include "tap.h"

static int count_entries (char const *dir)
{
  DIR *d = opendir(dir) ;
  struct dirent *de ;
  int n = 0 ;
  if (!d) return -1 ;
  while ((de = readdir(d))) if (de->d_name[0] != '.') n++ ;
  closedir(d) ;
  return n ;
}

int main (void)
{
  char dir[] = "/tmp/tend-unit-event.XXXXXX" ;
  char path[TEND_PATH_MAX] ;
  char buf[16] ;
  tend_event_listener_t a, b ;
  int fd ;
  tap_plan(30) ;
  if (!mkdtemp(dir)) return 111 ;

  errno = 0 ;
  ok(!tend_event_subscribe(&a, dir) && errno == ENOENT, "subscribe without event/ fails with ENOENT") ;
  tend_svdir_path(path, sizeof path, dir, TEND_SVDIR_EVENT) ;
  mkdir(path, 0700) ;
  is_int(tend_event_notify(dir, 'u'), 0, "notify with no listener reaches nobody") ;
  ok(tend_event_subscribe(&a, dir), "first listener subscribes") ;
  ok(tend_event_subscribe(&b, dir), "second listener subscribes") ;
  is_int(count_entries(path), 2, "two FIFOs in event/") ;
  is_int(tend_event_read(&a, buf, sizeof buf), 0, "nothing to read before an event") ;
  is_int(tend_event_notify(dir, 'u'), 2, "notify reaches both listeners") ;
  is_int(tend_event_notify(dir, 'U'), 2, "second event reaches both listeners") ;
  is_int(tend_event_read(&a, buf, sizeof buf), 2, "first listener reads two events") ;
  ok(buf[0] == 'u' && buf[1] == 'U', "events arrive in order") ;
  is_int(tend_event_read(&b, buf, 1), 1, "second listener reads one") ;
  is_int(buf[0], 'u', "second listener's first event") ;

  is_int(tend_event_notifyn(dir, "dD", 2), 2, "notifyn: two bytes in one pass reach both listeners") ;
  is_int(tend_event_read(&a, buf, sizeof buf), 2, "first listener reads them") ;
  ok(buf[0] == 'd' && buf[1] == 'D', "in order") ;
  is_int(tend_event_read(&b, buf, sizeof buf), 3, "second listener: its unread event, then the two") ;
  ok(buf[0] == 'U' && buf[1] == 'd' && buf[2] == 'D', "in order after the one it had not read") ;

  /* a listener that died without unsubscribing: its FIFO has no reader */
  fd_close(b.fd) ;
  is_int(tend_event_notify(dir, 'd'), 1, "a dead listener is not counted") ;
  is_int(count_entries(path), 1, "the dead listener's FIFO was removed") ;
  tend_event_unsubscribe(&a) ;
  is_int(count_entries(path), 0, "unsubscribe removes the FIFO") ;
  is_int(a.fd, -1, "unsubscribe resets the fd") ;

  /* more listeners than one read of the directory returns, half of them dead */
  {
    static tend_event_listener_t many[60] ;
    int i, got = 0 ;
    for (i = 0 ; i < 60 ; i++) if (!tend_event_subscribe(&many[i], dir)) break ;
    is_int(i, 60, "60 listeners subscribe") ;
    for (i = 0 ; i < 60 ; i += 2) fd_close(many[i].fd) ;
    is_int(tend_event_notify(dir, 'x'), 30, "notify reaches the 30 live ones of 60") ;
    for (i = 1 ; i < 60 ; i += 2) got += tend_event_read(&many[i], buf, sizeof buf) == 1 && buf[0] == 'x' ;
    for (i = 1 ; i < 60 ; i += 2) tend_event_unsubscribe(&many[i]) ;
    ok(got == 30 && count_entries(path) == 0, "each live one got the byte once; the dead ones were removed") ;
  }

  /* control */
  errno = 0 ;
  ok(!tend_control_send(dir, TEND_SVDIR_CONTROL, "u", 1) && errno == ENOENT, "control: no FIFO is ENOENT") ;
  tend_svdir_path(path, sizeof path, dir, "supervise") ;
  mkdir(path, 0700) ;
  tend_svdir_path(path, sizeof path, dir, TEND_SVDIR_CONTROL) ;
  mkfifo(path, 0600) ;
  errno = 0 ;
  ok(!tend_control_send(dir, TEND_SVDIR_CONTROL, "u", 1) && errno == ENXIO, "control: no reader is ENXIO") ;
  fd = open(path, O_RDWR | O_NONBLOCK) ;
  ok(tend_control_send(dir, TEND_SVDIR_CONTROL, "dx", 2), "control: sent to a reader") ;
  ok(read(fd, buf, sizeof buf) == 2 && buf[0] == 'd' && buf[1] == 'x', "control: the bytes arrive") ;
  fd_close(fd) ;
  errno = 0 ;
  ok(!tend_control_send(dir, TEND_SVDIR_CONTROL, "", 0) && errno == EINVAL, "control: empty command refused") ;
  unlink(path) ;
  openwritenclose_unsafe(path, "", 0) ;
  errno = 0 ;
  ok(!tend_control_send(dir, TEND_SVDIR_CONTROL, "u", 1) && errno == EINVAL, "control: a regular file is refused") ;
  rm_rf(dir) ;
  return tap_done() ;
}
