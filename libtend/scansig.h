/* ISC license. */
/* tend: the signals tend-svscan handles, and the hooks tend-init makes for them: one list
   for the scanner, the boot (which blocks them until the scanner traps them) and the stop
   (which ignores them in the scanner's finish). */
#ifndef TEND_SCANSIG_H
#define TEND_SCANSIG_H

/* What a signal does when SCANDIR/.tend-svscan/SIGNAME is not executable. */
#define TEND_SCANSIG_STOP 1     /* the scanner terminates: tend-init always diverts it */
#define TEND_SCANSIG_CMD 2      /* tend-init diverts it with TEND_CMD_RECEIVE_SIGNALS=1 only */

typedef struct tend_scansig_s tend_scansig ;
struct tend_scansig_s
{
  int sig ;
  char const *hook ;      /* its file name in .tend-svscan/ */
  unsigned int flags ;    /* TEND_SCANSIG_* */
} ;

/* Every signal the scanner traps besides SIGCHLD, in the order tend-init makes the hooks. */
#define TEND_SCANSIGS_N 8
extern tend_scansig const tend_scansigs[TEND_SCANSIGS_N] ;

/* The hook the scanner execs when it has terminated: stage 3. */
#define TEND_SCANHOOK_FINISH "finish"

/* The hook the scanner spawns when it reaps the child named by -c: "child PID WSTAT". */
#define TEND_SCANHOOK_CHILD "child"

#endif
