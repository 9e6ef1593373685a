/* ISC license. */
/* Unit tests for waiting on service states (svwait) and the lock test (svrunning). */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <skalibs/tai.h>
#include <skalibs/iopause.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "status.h"
#include "event.h"
#include "svwait.h"
#include "svrunning.h"
#include "tap.h"

static char base[] = "/tmp/tend-unit-svwait.XXXXXX" ;

static void mksvdir (char *dir, size_t max, char const *name, int withevent)
{
  char path[TEND_PATH_MAX] ;
  tend_svdir_path(dir, max, base, name) ;
  mkdir(dir, 0755) ;
  tend_svdir_path(path, sizeof path, dir, TEND_SVDIR_SUPERVISE) ;
  mkdir(path, 0755) ;
  if (withevent)
  {
    tend_svdir_path(path, sizeof path, dir, TEND_SVDIR_EVENT) ;
    mkdir(path, 0700) ;
  }
}

static void setst (char const *dir, unsigned char state, pid_t pid, uint64_t starttime, uint16_t flags)
{
  tend_status_t st = TEND_STATUS_ZERO ;
  st.state = state ;
  st.pid = pid ;
  st.pgid = pid ;
  st.starttime = starttime ;
  st.flags = flags ;
  tend_status_write(dir, &st) ;
}

static int checkst (char target, unsigned char state, pid_t pid, uint16_t flags)
{
  tend_svwait_t w = { .target = target, .pid0 = 100, .starttime0 = 7 } ;
  tend_status_t st = TEND_STATUS_ZERO ;
  st.state = state ; st.pid = pid ; st.starttime = 7 ; st.flags = flags ;
  return tend_svwait_check(&w, &st) ;
}

static long elapsed_ms (tain const *a, tain const *b)
{
  tain d ;
  tain_sub(&d, b, a) ;
  return (long)tain_to_millisecs(&d) ;
}

int main (void)
{
  char a[TEND_PATH_MAX], b[TEND_PATH_MAX], c[TEND_PATH_MAX] ;
  char const *dirs[3] ;
  tend_svwait_t w[3] ;
  iopause_fd x[3] ;
  tain deadline, t0 ;
  pid_t child ;
  int r ;
  tap_plan(44) ;
  if (!mkdtemp(base)) return 111 ;
  tain_now_set_stopwatch_g() ;

  /* the state table */
  ok(tend_svwait_target('u') && tend_svwait_target('R') && !tend_svwait_target('x') && !tend_svwait_target(0), "target letters") ;
  ok(checkst('u', TEND_STATE_UP, 100, 0), "u: up holds") ;
  ok(!checkst('u', TEND_STATE_DOWN, 0, 0), "u: down is not up") ;
  ok(!checkst('u', TEND_STATE_FINISH, 0, 0), "u: finishing is not up") ;
  ok(!checkst('u', TEND_STATE_STOPPING, 100, 0), "u: stopping is not up") ;
  ok(checkst('U', TEND_STATE_UP, 100, TEND_STATUS_NOTIFY | TEND_STATUS_READY), "U: notified ready") ;
  ok(!checkst('U', TEND_STATE_UP, 100, TEND_STATUS_NOTIFY), "U: not ready yet") ;
  ok(checkst('U', TEND_STATE_UP, 100, 0), "U: up is ready without notification-fd") ;
  ok(checkst('d', TEND_STATE_DOWN, 0, 0) && checkst('d', TEND_STATE_FINISH, 0, 0), "d: down or finishing") ;
  ok(!checkst('d', TEND_STATE_STOPPING, 100, 0), "d: stopping is not down yet") ;
  ok(checkst('D', TEND_STATE_DOWN, 0, 0) && !checkst('D', TEND_STATE_FINISH, 0, 0), "D: only when finish is done") ;
  ok(!checkst('r', TEND_STATE_UP, 100, 0), "r: the same run is not a restart") ;
  ok(checkst('r', TEND_STATE_UP, 101, 0), "r: a new pid is a restart") ;
  {
    tend_svwait_t w1 = { .target = 'r', .pid0 = 100, .starttime0 = 7 } ;
    tend_status_t st = TEND_STATUS_ZERO ;
    st.state = TEND_STATE_UP ; st.pid = 100 ; st.starttime = 8 ;
    ok(tend_svwait_check(&w1, &st), "r: a reused pid with a new start time is a restart") ;
  }
  ok(!checkst('R', TEND_STATE_UP, 101, TEND_STATUS_NOTIFY), "R: restarted but not ready") ;
  ok(checkst('R', TEND_STATE_UP, 101, TEND_STATUS_NOTIFY | TEND_STATUS_READY), "R: restarted and ready") ;

  /* a state that already holds returns at once; an unknown dir is an error */
  mksvdir(a, sizeof a, "a", 1) ;
  mksvdir(b, sizeof b, "b", 1) ;
  mksvdir(c, sizeof c, "c", 0) ;
  setst(a, TEND_STATE_UP, 100, 7, TEND_STATUS_NOTIFY | TEND_STATUS_READY) ;
  setst(b, TEND_STATE_DOWN, 0, 0, 0) ;
  dirs[0] = a ; dirs[1] = b ; dirs[2] = c ;
  is_int(tend_svwait_start(w, dirs, 3, 'U', 0), 1, "start: one of three pending") ;
  is_int(w[0].result, TEND_SVWAIT_REACHED, "already ready: reached at once") ;
  is_int(w[0].fd, -1, "a reached entry is unsubscribed") ;
  is_int(w[1].result, TEND_SVWAIT_PENDING, "down: pending") ;
  ok(w[2].result == TEND_SVWAIT_ERROR && w[2].err == ENOENT, "no event/: error ENOENT") ;
  is_int(tend_svwait_fds(w, 3, x), 1, "fds: one to watch") ;
  ok(x[0].fd == -1 && x[1].fd == w[1].fd && x[2].fd == -1, "fds: only the pending entry") ;

  /* an event without the state: still pending; then the state arrives */
  tend_event_notify(b, 's') ;
  tain_from_millisecs(&deadline, 2000) ; tain_add_g(&deadline, &deadline) ;
  r = iopause_g(x, 3, &deadline) ;
  is_int(r, 1, "iopause sees the event") ;
  is_int(tend_svwait_update(w, 3, x), 1, "an event without the state keeps it pending") ;
  setst(b, TEND_STATE_UP, 200, 9, 0) ;
  tend_event_notify(b, 'u') ;
  is_int(tend_svwait_wait(w, 3, x, &deadline), 0, "wait: up without notification-fd is ready") ;
  is_int(w[1].result, TEND_SVWAIT_REACHED, "second entry reached") ;
  tend_svwait_end(w, 3) ;

  /* the deadline passes */
  setst(b, TEND_STATE_DOWN, 0, 0, 0) ;
  is_int(tend_svwait_start(w, dirs + 1, 1, 'u', 0), 1, "down, waiting for up: pending") ;
  tain_copynow(&t0) ;
  tain_from_millisecs(&deadline, 150) ; tain_add_g(&deadline, &deadline) ;
  is_int(tend_svwait_wait(w, 1, x, &deadline), 1, "the deadline passes: one pending") ;
  r = (int)elapsed_ms(&t0, &STAMP) ;
  ok(r >= 140 && r < 1000, "waited about the deadline") ;
  tend_svwait_end(w, 1) ;

  /* restarted: another process restarts the service after we subscribed */
  setst(a, TEND_STATE_UP, 100, 7, 0) ;
  is_int(tend_svwait_start(w, dirs, 1, 'r', 0), 1, "restarted: pending although up") ;
  child = fork() ;
  if (!child)
  {
    usleep(50000) ;
    setst(a, TEND_STATE_STOPPING, 100, 7, 0) ; tend_event_notify(a, 'd') ;
    setst(a, TEND_STATE_DOWN, 0, 0, 0) ; tend_event_notify(a, 'D') ;
    setst(a, TEND_STATE_UP, 101, 8, 0) ; tend_event_notify(a, 'u') ;
    _exit(0) ;
  }
  tain_from_millisecs(&deadline, 3000) ; tain_add_g(&deadline, &deadline) ;
  is_int(tend_svwait_wait(w, 1, x, &deadline), 0, "restart seen through events") ;
  waitpid(child, 0, 0) ;
  tend_svwait_end(w, 1) ;

  /* the supervisor exits before the target */
  setst(b, TEND_STATE_DOWN, 0, 0, 0) ;
  tend_svwait_start(w, dirs + 1, 1, 'u', 0) ;
  tend_event_notify(b, 'x') ;
  tain_from_millisecs(&deadline, 2000) ; tain_add_g(&deadline, &deadline) ;
  is_int(tend_svwait_wait(w, 1, x, &deadline), 0, "an exiting supervisor ends the wait") ;
  is_int(w[0].result, TEND_SVWAIT_EXITED, "reported as exited") ;
  tend_svwait_end(w, 1) ;

  /* MKEVENT: waiting before any supervisor ran */
  {
    struct stat sst ;
    char path[TEND_PATH_MAX] ;
    is_int(tend_svwait_start(w, dirs + 2, 1, 'u', TEND_SVWAIT_MKEVENT), 1, "MKEVENT: pending, no status yet") ;
    tend_svdir_path(path, sizeof path, c, TEND_SVDIR_EVENT) ;
    ok(!stat(path, &sst) && (sst.st_mode & 07777) == 03730, "MKEVENT created event/ with mode 03730") ;
    setst(c, TEND_STATE_UP, 300, 1, 0) ;
    tend_event_notify(c, 's') ;
    tend_event_notify(c, 'u') ;
    is_int(tend_svwait_wait(w, 1, x, &deadline), 0, "a supervisor started later is seen") ;
    tend_svwait_end(w, 1) ;
  }

  /* an entry is small (tend-init keeps one per service) and leaves nothing behind */
  ok(sizeof(tend_svwait_t) <= 128, "an entry is at most 128 bytes") ;
  {
    char fifo[TEND_PATH_MAX] ;
    struct stat sst ;
    tend_svwait_start(w, dirs, 2, 'd', 0) ;
    tend_svdir_path(fifo, sizeof fifo, a, TEND_SVDIR_EVENT) ;
    tend_svdir_path(fifo, sizeof fifo, fifo, w[0].name) ;
    ok(w[0].result == TEND_SVWAIT_PENDING && !stat(fifo, &sst) && S_ISFIFO(sst.st_mode), "a pending entry's FIFO is in event/ under its name") ;
    tend_svwait_end(w, 2) ;
    ok(stat(fifo, &sst) < 0 && errno == ENOENT && w[0].fd == -1, "end removes it") ;
  }

  /* svrunning */
  is_int(tend_svrunning(a, TEND_SVDIR_LOCK), 0, "svrunning: no lock file, not running") ;
  {
    int p[2] ;
    char ch ;
    if (pipe(p) < 0) return 111 ;
    child = fork() ;
    if (!child)
    {
      char path[TEND_PATH_MAX] ;
      int fd ;
      tend_svdir_path(path, sizeof path, a, TEND_SVDIR_LOCK) ;
      fd = open(path, O_RDWR | O_CREAT, 0644) ;
      if (fd < 0 || fd_lock(fd, 1, 1) != 1) _exit(1) ;
      if (write(p[1], "x", 1) != 1) _exit(1) ;
      pause() ;
      _exit(0) ;
    }
    close(p[1]) ;
    ok(read(p[0], &ch, 1) == 1, "a child holds the lock") ;
    is_int(tend_svrunning(a, TEND_SVDIR_LOCK), 1, "svrunning: locked, running") ;
    kill(child, SIGKILL) ;
    waitpid(child, 0, 0) ;
    is_int(tend_svrunning(a, TEND_SVDIR_LOCK), 0, "svrunning: lock released, not running") ;
    close(p[0]) ;
  }
  rm_rf(base) ;
  return tap_done() ;
}
