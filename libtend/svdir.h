/* ISC license. */
/* tend: the service-directory layout, shared by every program that touches one. */
#ifndef TEND_SVDIR_H
#define TEND_SVDIR_H

#include <stddef.h>

/* Files of a service directory, relative to it. */
#define TEND_SVDIR_RUN "run"
#define TEND_SVDIR_FINISH "finish"
#define TEND_SVDIR_DOWN "down"
#define TEND_SVDIR_LOG "log"
#define TEND_SVDIR_NOTIFICATION_FD "notification-fd"
#define TEND_SVDIR_TIMEOUT_KILL "timeout-kill"
#define TEND_SVDIR_TIMEOUT_FINISH "timeout-finish"
#define TEND_SVDIR_DOWN_SIGNAL "down-signal"
#define TEND_SVDIR_MAX_DEATH_TALLY "max-death-tally"
#define TEND_SVDIR_EVENT "event"

/* The supervisor's state, relative to the service directory. */
#define TEND_SVDIR_SUPERVISE "supervise"
#define TEND_SVDIR_CONTROL "supervise/control"
#define TEND_SVDIR_STATUS "supervise/status"
#define TEND_SVDIR_LOCK "supervise/lock"
#define TEND_SVDIR_OK "supervise/ok"

/* The scanner's own directory inside a scan directory. */
#define TEND_SCANDIR_SELF ".tend-svscan"
#define TEND_SCANDIR_CONTROL ".tend-svscan/control"
#define TEND_SCANDIR_LOCK ".tend-svscan/lock"
#define TEND_SCANDIR_FINISH ".tend-svscan/finish"
#define TEND_SCANDIR_CHILD ".tend-svscan/child"     /* run when the -c child ends */

/* Longest path a program builds on its stack. */
#define TEND_PATH_MAX 4096

/* Writes DIR "/" FILE and a NUL into buf (of size max).
   Returns the length without the NUL, or 0 with errno ENAMETOOLONG when it does not fit. */
extern size_t tend_svdir_path (char *buf, size_t max, char const *dir, char const *file) ;

/* The service's name for DIR, written into buf (of size max): its last component, or
   "PARENT/log" for a log directory; with usecwd, the same for the current directory instead
   (for a DIR ending in "." or ".."). Returns a pointer into buf, or 0 when there is no name
   (".", "..", "/", too long, getcwd failed). */
extern char const *tend_svdir_name (char *buf, size_t max, char const *dir, int usecwd) ;

#endif
