/* ISC license. */
/* tend: facts about a process read from /proc. */
#ifndef TEND_PROC_H
#define TEND_PROC_H

#include <sys/types.h>
#include <stdint.h>

/* Reads the start time of PID (field 22 of /proc/PID/stat: clock ticks after boot), which
   together with the pid names one process for good: a reused pid has another start time.
   Returns 1, or 0 with errno (ESRCH: no such process; EPROTO: unreadable stat line). */
extern int tend_proc_starttime (pid_t pid, uint64_t *t) ;

#endif
