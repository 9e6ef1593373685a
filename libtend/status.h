/* ISC license. */
/* tend: the supervisor's status record and its on-disk encoding (supervise/status). */
#ifndef TEND_STATUS_H
#define TEND_STATUS_H

#include <sys/types.h>
#include <stdint.h>
#include <skalibs/tai.h>

/*
  On-disk layout, TEND_STATUS_SIZE bytes, written atomically (temp file + rename).
  Bytes 0..19 are the daemontools/runit layout, so their svstat and sv read it:
     0  12  TAI64N stamp of the last state change (big-endian; on disk, like every stamp
            of this record, as daemontools and runit label time: 2^62 + 10 + UNIX seconds,
            no leap seconds; pack/unpack convert from/to skalibs' tain)
    12   4  pid of run, 0 when none (little-endian, as daemontools writes it)
    16   1  paused (1 when the service was sent STOP and not CONT)
    17   1  want: 'u' (up) or 'd' (down)
    18   1  runit: 1 when TERM was sent and the process has not died yet
    19   1  runit: 0 down, 1 run, 2 finish
  Bytes 20.. are tend's own, every integer big-endian:
    20   4  magic "tend"
    24   1  version (TEND_STATUS_VERSION)
    25   1  state (TEND_STATE_*)
    26   2  flags (TEND_STATUS_*)
    28  12  TAI64N stamp of readiness (meaningful with TEND_STATUS_READY)
    40   4  process group of run
    44   8  start time of run (field 22 of /proc/PID/stat, clock ticks), to tell
            a still-running service from a reused pid; in state finish (pid 0), the
            start time of finish
    52   2  last exit code, 256 when killed by a signal
    54   1  last signal (0 when it exited)
    55   1  reserved (0)
    56   2  death tally: deaths since the last time the service was seen up for 1 s
    58   4  pid of finish, 0 when none
    62   2  reserved (0)
*/

#define TEND_STATUS_SIZE 64
#define TEND_STATUS_COMPAT_SIZE 20
#define TEND_STATUS_VERSION 1

#define TEND_STATE_DOWN 0      /* nothing runs */
#define TEND_STATE_UP 1        /* run is running */
#define TEND_STATE_FINISH 2    /* finish is running */
#define TEND_STATE_STOPPING 3  /* the down signal was sent, run has not died yet */

#define TEND_STATUS_WANTUP 0x0001      /* want up */
#define TEND_STATUS_ONCE 0x0002        /* up once: do not restart */
#define TEND_STATUS_PAUSED 0x0004
#define TEND_STATUS_READY 0x0008       /* readiness was notified for this run */
#define TEND_STATUS_NORMALLYUP 0x0010  /* no down file */
#define TEND_STATUS_HASDIED 0x0020     /* lastexit/lastsig are meaningful */
#define TEND_STATUS_GOTTERM 0x0040     /* down signal sent to the current run */
#define TEND_STATUS_EXITING 0x0080     /* the supervisor exits when the service is down */
#define TEND_STATUS_NOTIFY 0x0100      /* the service has a notification-fd */

typedef struct tend_status_s tend_status_t, *tend_status_t_ref ;
struct tend_status_s
{
  tain stamp ;
  tain readystamp ;
  uint64_t starttime ;
  pid_t pid ;
  pid_t pgid ;
  pid_t finishpid ;
  uint16_t flags ;
  uint16_t lastexit ;
  uint16_t deathtally ;
  uint8_t lastsig ;
  uint8_t state ;
} ;
#define TEND_STATUS_ZERO { .stamp = TAIN_ZERO, .readystamp = TAIN_ZERO, .starttime = 0, .pid = 0, .pgid = 0, .finishpid = 0, .flags = 0, .lastexit = 0, .deathtally = 0, .lastsig = 0, .state = 0 }

extern void tend_status_pack (char *buf, tend_status_t const *st) ;

/* Decodes buf of length len. Returns 1, or 0 (errno EPROTO) if it is not a tend record:
   wrong size, magic, version, state or want byte. */
extern int tend_status_unpack (char const *buf, size_t len, tend_status_t *st) ;

/* Reads DIR/supervise/status (a link there is not followed: ELOOP). 1 on success, 0 with
   errno (EPROTO: bad record; EPERM: not a regular file). */
extern int tend_status_read (char const *dir, tend_status_t *st) ;

/* The same, for a reader that acts on the record (a supervisor taking over): also EPERM
   unless the file is owned by uid and not writable by its group or others, so that a record
   another user could have written is never trusted. uid (uid_t)-1: no owner check. */
extern int tend_status_read_trusted (char const *dir, tend_status_t *st, uid_t uid) ;

/* Writes DIR/supervise/status atomically (temporary file created exclusively, without
   following links, mode 0644 whatever the umask, then renamed). 1 on success, 0 with errno
   (e.g. ENOSPC: the file system is full, the status is unchanged). */
extern int tend_status_write (char const *dir, tend_status_t const *st) ;

#endif
