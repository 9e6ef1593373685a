/* ISC license. */
/* tend: a child that execs only when told to, so that its parent can first record it (its
   pid and start time) where a successor will find it. */
#ifndef TEND_CHILD_H
#define TEND_CHILD_H

#include <sys/types.h>

typedef struct tend_child_s tend_child_t ;
struct tend_child_s
{
  pid_t pid ;
  int go ;   /* write end: one byte lets the child exec; EOF makes it exit without */
  int err ;  /* read end: EOF once the child exec'd, else an int, the errno of its failure */
} ;

/* Forks a child that resets every signal to its default disposition (the ones glibc
   reserves too) with an empty mask, calls setsid(), then waits for tend_child_go. If its
   parent dies first it reads EOF and exits 111 without exec. Told to go, it moves fd from
   to fd to (none if from < 0; from == to: only its close-on-exec flag is cleared) and execs
   argv with the current environment; an exec failure exits 126 (127 for ENOENT), a failed
   fd move 111. Returns 1, or 0 with errno (pipe or fork failed). */
extern int tend_child_fork (tend_child_t *ch, char const *const *argv, int from, int to) ;

/* Lets the child exec and waits until it has or has failed to (it is only making system
   calls: the wait is as long as an exec). Returns 1 if it exec'd; 0 with errno if not, with
   *setup = 1 when the fd move failed, 0 when the exec did. Closes ch's fds. */
extern int tend_child_go (tend_child_t *ch, int *setup) ;

/* The child must never run: SIGKILL and reap it (it cannot outlive the signal, so the wait
   needs no deadline). Closes ch's fds. */
extern void tend_child_abort (tend_child_t *ch) ;

#endif
