/* ISC license. */
/* tend: running children with deadlines: the init and finalize scripts, tend-fixperms, the
   CMD (tend-init and tend-shutdown). */
#ifndef TEND_SPAWN_H
#define TEND_SPAWN_H

#include <sys/types.h>
#include <skalibs/gccattributes.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>

/* The self-pipe (skalibs' selfpipe) trapping SIGCHLD, made at the first call: its fd, or -1
   with errno. A forked child that needs its own calls selfpipe_finish() first. */
extern int tend_sigchld_trap (void) ;

/* The environment a child gets: the envdir envdir (an init script may have added to it)
   read now into sa and ga; or environ when envdir is NULL or cannot be read (warned).
   NULL-terminated; valid until sa and ga change. */
extern char const *const *tend_envdir_env (char const *envdir, stralloc *sa, genalloc *ga) ;

/* In a forked child: unblocks every signal and execs argv with envp, found through envp's
   PATH (else ours, else /usr/bin:/bin); when that fails, warns and exits 126, or 127 when
   argv[0] was not found. */
extern void tend_exec_child (char const *const *argv, char const *const *envp) gccattr_noreturn ;

/* Waits for the child pid at most ms (0: no limit), sleeping on sigfd (tend_sigchld_trap).
   Returns 1 with *wstat when it died (111 << 8 when waitpid fails), 0 when ms passed, -1 with
   errno when waiting failed. */
extern int tend_child_wait (pid_t pid, unsigned int ms, int sigfd, int *wstat) ;

/* Spawns argv with tend_envdir_env(envdir), in a process group of its own when newpgrp, and
   waits at most ms for it (0: no limit); then SIGKILLs it (its group when newpgrp) and
   reaps it. Returns 1 when it ended in time, 0 when it was killed; *wstat is its status
   (111 << 8 when it could not be forked, warned). */
extern int tend_spawn_wait (char const *const *argv, char const *envdir, unsigned int ms, int newpgrp, int *wstat) ;

/* What tend_scripts_run tells about each script: before it starts (wstat NULL), then when
   it is over (its status, and whether it was killed at the deadline). Returns 1 to go on,
   0 to stop there. */
typedef int tend_script_fn (char const *name, int const *wstat, int killed, void *ctx) ;

/* Runs each entry of dir whose name does not start with '.', in name order, one at a time,
   with tend_spawn_wait (envdir, ms, newpgrp), calling fn (if not NULL) around each.
   Returns the number of entries run (a missing dir has none), or -1 with errno when dir
   cannot be listed. */
extern int tend_scripts_run (char const *dir, char const *envdir, unsigned int ms, int newpgrp, tend_script_fn *fn, void *ctx) ;

/* The exit code a status stands for: the process's, or 128 + N when killed by signal N
   (skalibs' wait_estatus says 128 for any code over 128). */
extern int tend_wstat_code (int wstat) ;

/* Warns "WHAT NAME exited N" or "WHAT NAME killed by signal SIGX (code N)" (N as
   tend_wstat_code) for the status wstat. */
extern void tend_wstat_say (char const *what, char const *name, int wstat) ;

#endif
