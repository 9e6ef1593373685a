/* ISC license. */
/* tend: state-change events, through a directory of FIFOs (SERVICEDIR/event/).
   A listener subscribes (creates and opens its FIFO) BEFORE it acts, so it misses nothing;
   the supervisor broadcasts one byte per event to every FIFO; see doc/internals.md. */
#ifndef TEND_EVENT_H
#define TEND_EVENT_H

#include <sys/types.h>
#include "svdir.h"

#define TEND_EVENT_START 's'     /* the supervisor started */
#define TEND_EVENT_UP 'u'        /* run spawned */
#define TEND_EVENT_READY 'U'     /* readiness notified */
#define TEND_EVENT_DOWN 'd'      /* run died */
#define TEND_EVENT_FINISHED 'D'  /* finish done: really down */
#define TEND_EVENT_EXIT 'x'      /* the supervisor is exiting */

typedef struct tend_event_listener_s tend_event_listener_t ;
struct tend_event_listener_s
{
  int fd ;                    /* readable (non-blocking) when events arrive; -1 if none */
  char path[TEND_PATH_MAX] ;  /* the listener's FIFO */
} ;

/* Creates a FIFO in DIR/event/ and opens it (non-blocking, close-on-exec, read+write so it
   never reports EOF). The FIFO only appears under its final name once it is open, so a
   broadcast never mistakes it for a stale one. Returns 1, or 0 with errno
   (ENOENT: DIR/event does not exist, i.e. no supervisor ever ran there). */
extern int tend_event_subscribe (tend_event_listener_t *l, char const *dir) ;

/* Closes the FIFO and removes it. */
extern void tend_event_unsubscribe (tend_event_listener_t *l) ;

/* Reads the events waiting (at most max bytes) without blocking.
   Returns the number of bytes (0: none yet), or -1 with errno. */
extern ssize_t tend_event_read (tend_event_listener_t *l, char *buf, size_t max) ;

/* Supervisor side: writes the byte c to every listener of DIR/event/, without blocking,
   and removes the FIFOs whose listener is gone. Writes only to FIFOs: links and anything
   else in DIR/event/ are skipped (never followed, never opened). Returns the number of listeners reached,
   or -1 with errno if DIR/event cannot be read. */
extern int tend_event_notify (char const *dir, char c) ;

/* The same with the len bytes at s (events that happened together, in order; len at most
   PIPE_BUF), in one pass over DIR/event/ and one write per listener. */
extern int tend_event_notifyn (char const *dir, char const *s, size_t len) ;

#endif
