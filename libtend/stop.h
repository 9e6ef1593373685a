/* ISC license. */
/* tend: the start of the container's stop, from the boot (the CMD exited, stage 2 failed)
   or from tend-shutdown (SIGTERM to pid 1, --halt), and the finalize scripts. */
#ifndef TEND_STOP_H
#define TEND_STOP_H

#include <skalibs/gccattributes.h>

typedef struct tend_stop_s tend_stop ;
struct tend_stop_s
{
  char const *etc ;                /* TEND_ETC: its finalize/ */
  char const *run ;                /* TEND_RUN: boot/, services/, env/ */
  unsigned int finalize_maxtime ;  /* ms per finalize script (TEND_KILL_FINALIZE_MAXTIME) */
  int verbosity ;                  /* TEND_VERBOSITY */
} ;

/* Runs the entries of ETC/finalize/ in name order, each killed (its process group) after
   finalize_maxtime, with the envdir's environment, saying what happens. */
extern void tend_stop_finalize (tend_stop const *c) ;

/* Begins the stop with code: decides it (tend_boot_decide: the first decision wins), tells
   the scanner to terminate (the services go down) and, at the same time, runs the finalize
   scripts, recorded as boot/finalize (the scanner's finish waits for them): in place when
   inplace (then exits 0), else in a forked runner in its own session (a supervisor killing
   its finish script spares it), and returns. When the code was already decided: exits 0 if
   inplace, else returns. When it cannot be decided (no boot): exits 111. */
extern void tend_stop_begin (tend_stop const *c, int code, int inplace) ;

#endif
