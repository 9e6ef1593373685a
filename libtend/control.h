/* ISC license. */
/* tend: sending command bytes to a supervisor's or a scanner's control FIFO. */
#ifndef TEND_CONTROL_H
#define TEND_CONTROL_H

#include <stddef.h>

/* The supervisor's command letters (doc/supervise.md, "Commands"): tend-supervise obeys these
   bytes and ignores every other; each one is also an option of tend-svc (doc/svc.md).
   tests/docs-sources.t checks both pages and both programs against this list. */
#define TEND_CONTROL_LETTERS "udoxpchaiqtk12rDUOQeyb"

/* The scanner's commands that tend-svc sends (doc/svscan.md, "Commands"). */
#define TEND_SCANCTL_RESCAN 'a'
#define TEND_SCANCTL_TERMINATE 't'

/* Writes cmds[0..len) to the FIFO DIR/FILE (FILE is TEND_SVDIR_CONTROL or
   TEND_SCANDIR_CONTROL) in one write, without blocking. len must be at most PIPE_BUF so that
   concurrent senders never interleave. Returns 1, or 0 with errno:
   ENXIO   nobody holds the FIFO open for reading: no supervisor/scanner is running;
   ENOENT  there is no FIFO: nothing was ever started there;
   EINVAL  the path is not a FIFO, or len is 0 or too large;
   EAGAIN  the FIFO is full (the owner is not reading);
   others  from open(2)/write(2), e.g. EACCES for a user who may not command it. */
extern int tend_control_send (char const *dir, char const *file, char const *cmds, size_t len) ;

/* Opens the FIFO DIR/FILE for writing, non-blocking and close-on-exec, for a sender that
   must write later (e.g. in a child right before it execs). Returns the fd, or -1 with
   errno as tend_control_send (ENXIO, ENOENT, EINVAL, others from open(2)). */
extern int tend_control_open (char const *dir, char const *file) ;

/* The signal a supervisor's command letter sends to run (p c h a i q t k 1 2 y b: SIGSTOP,
   SIGCONT, SIGHUP, SIGALRM, SIGINT, SIGQUIT, SIGTERM, SIGKILL, SIGUSR1, SIGUSR2, SIGWINCH,
   SIGABRT), or 0 for any other byte. */
extern int tend_control_signal (char c) ;

#endif
