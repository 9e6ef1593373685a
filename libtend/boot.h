/* ISC license. */
/* tend: the files of TEND_RUN/boot/, through which the boot (tend-init) and the stop
   (tend-shutdown) agree on the container's exit code, the CMD and the finalize runner. */
#ifndef TEND_BOOT_H
#define TEND_BOOT_H

#include <stddef.h>
#include <sys/types.h>

#define TEND_BOOT_DIR "boot"
#define TEND_BOOT_EXITCODE "exitcode"   /* the decided code, "N\n", made once by link() */
#define TEND_BOOT_CMD "cmd"             /* the CMD's pid while it runs, "PID\n" */
#define TEND_BOOT_FINALIZE "finalize"   /* the finalize runner, "PID STARTTIME\n" */

/* Reads RUN/boot/NAME into buf (of size max) with a NUL: its length, or -1 with errno. */
extern ssize_t tend_boot_read (char const *run, char const *name, char *buf, size_t max) ;

/* Replaces RUN/boot/NAME by s[0..len) atomically. 1, or 0 with errno. */
extern int tend_boot_write (char const *run, char const *name, char const *s, size_t len) ;

/* Decides the container's exit code (0..255): the first caller wins. Returns 1 if we
   decided, 0 if it was already decided, -1 when it cannot be written (warned: no boot
   there). */
extern int tend_boot_decide (char const *run, int code) ;

/* The decided exit code, 0 for a malformed one, or -1 when none was decided. */
extern int tend_boot_code (char const *run) ;

/* Records pid (with its start time) as the finalize runner. 1, or 0 (warned). */
extern int tend_boot_runner_record (char const *run, pid_t pid) ;

/* 1 if the recorded finalize runner still exists (a zombie counts until it is reaped). */
extern int tend_boot_runner_alive (char const *run) ;

#endif
