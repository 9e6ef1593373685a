/* ISC license. */
/* tend: absolute deadlines for iopause, and sleeping until a child dies. */
#ifndef TEND_DEADLINE_H
#define TEND_DEADLINE_H

#include <skalibs/tai.h>

/* Sets *d to ms milliseconds from now, reading the clock (tain_now_set_stopwatch_g). */
extern void tend_deadline_in (tain *d, unsigned int ms) ;

/* Sleeps until sigfd (a self-pipe trapping SIGCHLD) is readable or deadline (NULL: none)
   passes, and drains it. 1 when a signal came, 0 at the deadline, -1 with errno. */
extern int tend_sigchld_pause (int sigfd, tain const *deadline) ;

#endif
