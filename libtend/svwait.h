/* ISC license. */
/* tend: waiting until N services reach a state (up, ready, down, really down, restarted...).
   Two steps, so that nothing is missed: tend_svwait_start() subscribes to every DIR/event/
   and records each service's status; the caller then sends its commands; then
   tend_svwait_wait() (or the caller's own iopause loop with tend_svwait_fds() and
   tend_svwait_update()) waits. A service that reached the target once counts as reached
   (it is not watched any more), so "restarted" and "all ready at some point" are well
   defined. Memory: the caller gives one entry (about 100 bytes) and one iopause_fd per
   service, sized at start; nothing is allocated. Each pending entry holds one fd.
   See doc/internals.md, "Waiting for states". */
#ifndef TEND_SVWAIT_H
#define TEND_SVWAIT_H

#include <stdint.h>
#include <sys/types.h>
#include <skalibs/tai.h>
#include <skalibs/iopause.h>
#include "event.h"
#include "status.h"

/* Targets: the letters of tend-svc -w. */
#define TEND_SVWAIT_UP 'u'          /* run is running */
#define TEND_SVWAIT_READY 'U'       /* up and ready (up is enough without notification-fd) */
#define TEND_SVWAIT_DOWN 'd'        /* run is not running (finish may be) */
#define TEND_SVWAIT_FINISHED 'D'    /* run is not running and finish is done */
#define TEND_SVWAIT_RESTARTED 'r'   /* up, with a run started after tend_svwait_start() */
#define TEND_SVWAIT_RESTARTED_READY 'R'  /* restarted and ready */

/* Flags for tend_svwait_start. */
#define TEND_SVWAIT_MKEVENT 0x1  /* create DIR/event/ (mode 03730) when missing, to wait
                                    for a supervisor that has not started yet */

/* An entry's result. */
#define TEND_SVWAIT_PENDING 0   /* not reached (yet) */
#define TEND_SVWAIT_REACHED 1   /* reached the target */
#define TEND_SVWAIT_EXITED 2    /* its supervisor exited (event x) before the target */
#define TEND_SVWAIT_ERROR 3     /* could not subscribe or read events: see err */

#define TEND_SVWAIT_NAMEMAX 48

typedef struct tend_svwait_s tend_svwait_t ;
struct tend_svwait_s
{
  char const *dir ;      /* not copied: must live as long as the entry */
  int fd ;               /* the listener FIFO, -1 when not subscribed */
  uint64_t starttime0 ;  /* the run seen at start, for "restarted" */
  pid_t pid0 ;
  int err ;              /* errno, with TEND_SVWAIT_ERROR */
  unsigned char result ;
  char target ;
  char name[TEND_SVWAIT_NAMEMAX] ;  /* the listener FIFO's name in DIR/event/ */
} ;

/* 1 if target is a valid target letter, else 0. */
extern int tend_svwait_target (char target) ;

/* Subscribes to the events of dirs[0..n) into w[0..n), records their status and checks
   the target at once (an entry whose state already holds is REACHED and unsubscribed; for
   "restarted" nothing holds yet). An entry that cannot subscribe gets TEND_SVWAIT_ERROR
   with err (ENOENT: no DIR/event: no supervisor ever ran there). Never fails as a whole.
   Returns the number of entries still PENDING. */
extern unsigned int tend_svwait_start (tend_svwait_t *w, char const *const *dirs, unsigned int n, char target, unsigned int flags) ;

/* Fills x[0..n) with the fds to watch for reading: x[i] belongs to w[i]; entries that are
   no longer pending get fd -1 (ignored by iopause). Returns the number of pending entries. */
extern unsigned int tend_svwait_fds (tend_svwait_t const *w, unsigned int n, iopause_fd *x) ;

/* After iopause: reads the events of every entry whose x[i] is readable, re-reads its
   status and updates its result. Returns the number of entries still PENDING. */
extern unsigned int tend_svwait_update (tend_svwait_t *w, unsigned int n, iopause_fd const *x) ;

/* Waits until no entry is PENDING or the absolute deadline (skalibs' STAMP clock: call
   tain_now_set_stopwatch_g() first, then tain_add_g()) passes; NULL = no deadline.
   x: n iopause_fds of scratch space. Returns the number of entries still PENDING, or -1
   with errno if iopause itself failed. */
extern int tend_svwait_wait (tend_svwait_t *w, unsigned int n, iopause_fd *x, tain const *deadline) ;

/* Stops following w: closes and removes its FIFO (its result is left as it is). */
extern void tend_svwait_unsubscribe (tend_svwait_t *w) ;

/* Unsubscribes every entry (removes the FIFOs). */
extern void tend_svwait_end (tend_svwait_t *w, unsigned int n) ;

/* 1 if st (a status record read after start) means w's target is reached, else 0. */
extern int tend_svwait_check (tend_svwait_t const *w, tend_status_t const *st) ;

/* Re-reads w's status; if the target is reached, marks it REACHED and unsubscribes.
   A status that cannot be read (not written yet) counts as not reached.
   Returns 1 if w is still PENDING, else 0. */
extern int tend_svwait_refresh (tend_svwait_t *w) ;

#endif
