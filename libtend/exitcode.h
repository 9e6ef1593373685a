/* ISC license. */
/* tend: the exit codes every program shares, one table (doc/exitcodes.md lists the same).
   A program documents which of them it uses, and what they mean for it, on its own page. */
#ifndef TEND_EXITCODE_H
#define TEND_EXITCODE_H

#define TEND_EXIT_OK 0            /* success */
#define TEND_EXIT_NO 1            /* a negative answer: timed out, not healthy, problems found */
#define TEND_EXIT_NOTRUNNING 2    /* no supervisor (or scanner) running for a directory */
#define TEND_EXIT_LOCKED 3        /* another instance holds the lock */
#define TEND_EXIT_NOTREADY 124    /* tend-init: the services were not ready in time */
#define TEND_EXIT_STAYDOWN 125    /* a service's finish: stay down (wanted down) */
#define TEND_EXIT_USAGE 100       /* bad usage or a permanent error: retrying will not help */
#define TEND_EXIT_SYS 111         /* a system error: retrying may help */
#define TEND_EXIT_NOEXEC 126      /* a program was found but could not be executed */
#define TEND_EXIT_NOTFOUND 127    /* a program was not found */

#endif
