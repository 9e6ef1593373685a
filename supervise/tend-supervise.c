/* ISC license. */
/* tend-supervise: keeps one service running and answers to commands. See doc/supervise.md. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/tai.h>
#include <skalibs/iopause.h>
#include <skalibs/selfpipe.h>
#include <skalibs/sig.h>
#include <skalibs/gccattributes.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "status.h"
#include "value.h"
#include "event.h"
#include "proc.h"
#include "svfiles.h"
#include "sys.h"
#include "fifo.h"
#include "dir.h"
#include "control.h"
#include "lock.h"
#include "stdopts.h"

#define USAGE "tend-supervise SERVICEDIR"

/* ---- States and events: the behaviour is the table transition[state][event] below ---- */

enum state_e
{
  S_DOWN,       /* nothing runs */
  S_THROTTLED,  /* nothing runs; a start waits for its deadline (1 s after the last one) */
  S_UP,         /* run is running */
  S_STOPPING,   /* the down signal was sent to run */
  S_FINISH,     /* finish is running */
  S_TAKEOVER,   /* a run left by a killed supervisor is being taken down */
  S_OLDFINISH,  /* a finish left by a killed supervisor is being waited for */
  S_N
} ;

enum event_e
{
  E_START,     /* start run if it is down (u, U, o, r, and at start-up) */
  E_STOP,      /* take run down if it is up (d, D, e, SIGTERM) */
  E_RESTART,   /* r: down signal, then up again */
  E_DIED,      /* run (or the run being taken over) died */
  E_FINISHED,  /* finish died */
  E_TIMER,     /* the state's deadline passed */
  E_READY,     /* a newline arrived on the notification pipe */
  E_N
} ;

typedef void action_t (void) ;

static unsigned char const status_state[S_N] =
{
  TEND_STATE_DOWN, TEND_STATE_DOWN, TEND_STATE_UP, TEND_STATE_STOPPING, TEND_STATE_FINISH,
  TEND_STATE_STOPPING, TEND_STATE_FINISH
} ;

/* ---- Configuration, read from the service directory before each use ---- */

#define CONF_KILLMS_DEFAULT 5000
#define CONF_FINISHMS_DEFAULT 5000

static struct conf_s
{
  unsigned int killms ;    /* ms from the down signal to SIGKILL of the group, 0 = never */
  unsigned int finishms ;  /* ms finish may run before SIGKILL, 0 = no limit */
  unsigned int maxtally ;  /* stop restarting at this death tally, 0 = never */
  int downsig ;            /* the down signal */
  int notifyfd ;           /* fd of run that gets the notification pipe, -1 = none */
} conf = { CONF_KILLMS_DEFAULT, CONF_FINISHMS_DEFAULT, 0, SIGTERM, -1 } ;

/* ---- Run-time state: all of it, fixed size ---- */

static tend_status_t st = TEND_STATUS_ZERO ;
static char lastpack[TEND_STATUS_SIZE] ;  /* what supervise/status holds */
static int written = 0 ;
static unsigned int state = S_DOWN ;
static tain deadline ;                    /* meaningful when hasdeadline */
static int hasdeadline = 0 ;
static tain laststart = TAIN_ZERO ;       /* when run was last spawned */
static int runwstat = 0 ;
static int finwstat = 0 ;
static pid_t deadpgid = 0 ;               /* process group of the run that died, for finish */
static int notifyfd = -1 ;                /* read end of the notification pipe */
static int pidfd = -1 ;                   /* S_TAKEOVER, S_OLDFINISH: the old process */
static char const *name ;                 /* argument 1 of run and 3 of finish */
static int quiet = 0 ;                    /* start-up: spawn_run leaves its announce to main */
static int quietup = 0 ;                  /* run was spawned while quiet */

/* ---- Small helpers ---- */

/* A deadline ms from now; none for 0 (the value files' "no limit"). */
static void set_deadline_ms (unsigned int ms)
{
  tain t ;
  hasdeadline = ms > 0 ;
  tain_from_millisecs(&t, ms > 0x7fffffffU ? 0x7fffffff : (int)ms) ;
  tain_add_g(&deadline, &t) ;
}

static void clear_deadline (void) { hasdeadline = 0 ; }

/* Events wait here until the status changes again or the loop is about to sleep, so that
   events with no status change between them (s u at start-up; d D, and x at exit) reach
   each listener in one pass over event/ instead of one pass per byte. */
static char pending[8] ;
static size_t npending = 0 ;

static void events_flush (void)
{
  if (!npending) return ;
  tend_event_notifyn(".", pending, npending) ;
  npending = 0 ;
}

static void event_post (char c)
{
  if (npending == sizeof(pending)) events_flush() ;
  pending[npending++] = c ;
}

/* Writes supervise/status if it changed, then tells listeners (c = 0: no event). The status
   comes first, so that a listener woken by the event reads the new state; the events still
   pending are sent before a new status is written, so each byte is seen with its state. */
static void announce (char c)
{
  char buf[TEND_STATUS_SIZE] ;
  st.state = status_state[state] ;
  tend_status_pack(buf, &st) ;
  if (!written || memcmp(buf, lastpack, TEND_STATUS_SIZE))
  {
    events_flush() ;
    if (tend_status_write(".", &st))
    {
      memcpy(lastpack, buf, TEND_STATUS_SIZE) ;
      written = 1 ;
    }
    else strerr_warnwu1sys("write " TEND_SVDIR_STATUS) ;
  }
  if (c) event_post(c) ;
}

/* A signal to the process group of run (kill(-pgid) fails with ESRCH in the short window
   before the child's setsid(): then the pid itself). Never a group below 2. */
static void send_group (pid_t pgid, pid_t pid, int sig)
{
  if (pgid > 1 && !kill(-pgid, sig)) return ;
  if (pid > 1) kill(pid, sig) ;
}

/* The configuration files, and what was last warned about each (0: nothing), so that the
   same bad value is reported once, not at every start. */
enum conf_e { C_KILL, C_FINISH, C_TALLY, C_DOWNSIG, C_NOTIFY, C_N } ;
static char const *const conf_file[C_N] =
{
  TEND_SVDIR_TIMEOUT_KILL, TEND_SVDIR_TIMEOUT_FINISH, TEND_SVDIR_MAX_DEATH_TALLY,
  TEND_SVDIR_DOWN_SIGNAL, TEND_SVDIR_NOTIFICATION_FD
} ;
static uint32_t warned[C_N] ;

static uint32_t value_hash (char const *s, size_t len)
{
  uint32_t h = 2166136261U ;
  while (len--) h = (h ^ (unsigned char)*s++) * 16777619U ;
  return h | 1 ;
}

static int blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' ;
}

static void bad_value (unsigned int i, char const *s, size_t len, char const *using)
{
  char p[48] ;
  uint32_t h = value_hash(s, len) ;
  if (warned[i] == h) return ;
  warned[i] = h ;
  while (len && blank(*s)) { s++ ; len-- ; }
  while (len && blank(s[len-1])) len-- ;
  tend_value_printable(p, sizeof(p), s, len) ;
  strerr_warnw6x("bad value in ", conf_file[i], ": \"", p, "\" (using ", using) ;
}

/* Reads the file into buf. 1: a value to parse; 0: absent, or unreadable (warned). */
static int conf_get (unsigned int i, char *buf, size_t max, ssize_t *len, char const *using)
{
  *len = tend_value_read(".", conf_file[i], buf, max) ;
  if (*len >= 0) return 1 ;
  if (errno == ENOENT) warned[i] = 0 ;
  else if (errno == EFBIG) bad_value(i, buf, max, using) ;
  else if (warned[i] != 1)
  {
    warned[i] = 1 ;
    strerr_warnw3sys("unable to read ", conf_file[i], " (using the default)") ;
  }
  return 0 ;
}

/* using: what the warning says is used instead; 0 = the default in decimal. The range is
   the one of libtend's table of service-directory files, which --check reads too. */
static void conf_uint (unsigned int i, unsigned int *u, unsigned int def, char const *using)
{
  tend_svfile const *f = tend_svfile_find(conf_file[i]) ;
  char buf[TEND_VALUE_MAX] ;
  char fmt[UINT_FMT + 2] ;
  ssize_t len ;
  size_t n = uint_fmt(fmt, def) ;
  fmt[n] = ')' ; fmt[n+1] = 0 ;
  if (!using) using = fmt ;
  *u = def ;
  if (!conf_get(i, buf, sizeof(buf), &len, using)) return ;
  if (!tend_value_uint(buf, len, u) || *u < f->min || *u > f->max) { *u = def ; bad_value(i, buf, len, using) ; }
  else warned[i] = 0 ;
}

/* Each file is read where it is used (doc/servicedir.md): at a stop, down-signal and
   timeout-kill; at a death, timeout-finish and max-death-tally; at a start of run, all. */
static void read_conf_stop (void)
{
  char buf[TEND_VALUE_MAX] ;
  ssize_t len ;
  conf_uint(C_KILL, &conf.killms, CONF_KILLMS_DEFAULT, 0) ;
  conf.downsig = SIGTERM ;
  if (conf_get(C_DOWNSIG, buf, sizeof(buf), &len, "SIGTERM)"))
  {
    if (!tend_value_sig(buf, len, &conf.downsig) || conf.downsig == tend_svfile_find(TEND_SVDIR_DOWN_SIGNAL)->refused)
    {
      conf.downsig = SIGTERM ;
      bad_value(C_DOWNSIG, buf, len, "SIGTERM)") ;
    }
    else warned[C_DOWNSIG] = 0 ;
  }
}

static void read_conf_death (void)
{
  conf_uint(C_FINISH, &conf.finishms, CONF_FINISHMS_DEFAULT, 0) ;
  conf_uint(C_TALLY, &conf.maxtally, 0, 0) ;
}

static void read_conf (void)
{
  unsigned int u ;
  read_conf_stop() ;
  read_conf_death() ;
  /* a standard fd would be clobbered: 3 and up */
  conf_uint(C_NOTIFY, &u, 0, "none)") ;
  conf.notifyfd = u ? (int)u : -1 ;
}

static void close_notify (void)
{
  if (notifyfd < 0) return ;
  fd_close(notifyfd) ;
  notifyfd = -1 ;
}

/* ---- Children ---- */

/* Nothing runs unless supervise/status names it: the vfork() child (no copy of our page
   tables) writes the status naming itself before it execs, or exits. If we are killed
   meanwhile, it still holds supervise/lock (an open file description lock, shared until its
   exec): no new supervisor starts before the record is written. It shares our memory: system
   calls and pure functions only, its news in the volatile variables below. */
static int volatile child_errno ;
static int volatile child_unrecorded ;     /* the status write failed: no exec */
static uint64_t volatile child_starttime ;

/* In the child: a clean signal state (tend_sig_resetall), its own session, the status naming it, then fd
   "from" becomes fd "to" (none if from < 0), and exec. */
static void child_exec (char const *const *argv, int from, int to, int isfinish) gccattr_noreturn ;
static void child_exec (char const *const *argv, int from, int to, int isfinish)
{
  tend_status_t rec = st ;
  uint64_t t = 0 ;
  pid_t me ;
  tend_sig_resetall() ;
  setsid() ;
  me = getpid() ;
  if (!tend_proc_starttime(me, &t)) t = 0 ;
  if (isfinish) rec.finishpid = me ; else rec.pid = rec.pgid = me ;
  rec.starttime = child_starttime = t ;
  if (!tend_status_write(".", &rec)) { child_errno = errno ; child_unrecorded = 1 ; _exit(111) ; }
  if (from >= 0)
  {
    if (from == to) { if (uncoe(from) < 0) _exit(111) ; }
    else if (fd_move(to, from) < 0) _exit(111) ;
  }
  execve(argv[0], (char *const *)argv, environ) ;
  child_errno = errno ;
  _exit(child_errno == ENOENT ? 127 : 126) ;
}

/* With st as it must be recorded but for the child's pid: its pid, the status written and st
   completed; or -1 with errno, vfork failed or the status could not be written (the child
   reaped). An exec failure is warned about here (the child exits 126, 127 for ENOENT). */
static pid_t spawn (char const *const *argv, int from, int to, int isfinish)
{
  char buf[TEND_STATUS_SIZE] ;
  pid_t pid ;
  events_flush() ;  /* sent with the state they belong to, before the child's status write */
  st.state = status_state[state] ;
  child_errno = 0 ;
  child_unrecorded = 0 ;
  /* vfork on purpose (see above): the analyzer's generic objections do not apply to a
     child that only makes system calls and execs or _exits */
  pid = vfork() ;  /* NOLINT(clang-analyzer-security.insecureAPI.vfork) */
  if (!pid) child_exec(argv, from, to, isfinish) ;  /* NOLINT(clang-analyzer-unix.Vfork) */
  if (pid < 0)
  {
    strerr_warnwu1sys(isfinish ? "fork for finish (skipping it)" : "fork (retrying in 1 second)") ;
    return -1 ;
  }
  if (child_unrecorded)
  {
    while (waitpid(pid, 0, 0) < 0 && errno == EINTR) ;  /* it has exited already */
    strerr_warnw5x("unable to write " TEND_SVDIR_STATUS ": ", strerror(child_errno), " (not starting ", argv[0] + 2,
      isfinish ? ", skipping it)" : ", retrying in 1 second)") ;
    return -1 ;
  }
  if (isfinish) st.finishpid = pid ; else st.pid = st.pgid = pid ;
  st.starttime = child_starttime ;
  tend_status_pack(buf, &st) ;
  memcpy(lastpack, buf, TEND_STATUS_SIZE) ;
  written = 1 ;
  if (child_errno)
  {
    errno = child_errno ;
    strerr_warnwu2sys("exec ", argv[0] + 2) ;
  }
  return pid ;
}

/* ---- Actions: one per (state, event) pair that does something ---- */

static void a_nop (void) { }

/* Set to wait in S_THROTTLED until the deadline, then start (E_TIMER). */
static void throttle (tain const *when)
{
  deadline = *when ;
  hasdeadline = 1 ;
  state = S_THROTTLED ;
}

static void retry_later (void)
{
  tain when ;
  laststart = STAMP ;
  tain_addsec(&when, &STAMP, 1) ;
  throttle(&when) ;
}

/* What makes run unstartable until someone changes the directory and says u: warned once
   (per start attempt), no crash loop. 1 if run may be spawned. */
static int run_startable (void)
{
  struct stat sb ;
  struct rlimit rl ;
  if (stat(TEND_SVDIR_RUN, &sb) < 0 || (S_ISDIR(sb.st_mode) && (errno = EISDIR)) || access(TEND_SVDIR_RUN, X_OK) < 0)
  {
    strerr_warnw3x("unable to start " TEND_SVDIR_RUN ": ", strerror(errno), " (waiting for a u command)") ;
    return 0 ;
  }
  if (conf.notifyfd >= 0 && !getrlimit(RLIMIT_NOFILE, &rl) && (rlim_t)conf.notifyfd >= rl.rlim_cur)
  {
    char fmtfd[UINT_FMT] ;
    char fmtlim[UINT64_FMT] ;
    fmtfd[uint_fmt(fmtfd, conf.notifyfd)] = 0 ;
    fmtlim[uint64_fmt(fmtlim, rl.rlim_cur)] = 0 ;
    strerr_warnw5x("unable to start " TEND_SVDIR_RUN ": " TEND_SVDIR_NOTIFICATION_FD " is ", fmtfd,
      " but the limit on open files (ulimit -n) is ", fmtlim, " (waiting for a u command)") ;
    return 0 ;
  }
  return 1 ;
}

static void spawn_run (void)
{
  char const *argv[3] = { "./" TEND_SVDIR_RUN, name, 0 } ;
  tend_status_t old = st ;
  int p[2] = { -1, -1 } ;
  read_conf() ;
  tain_now_g() ;
  if (!run_startable()) return ;
  if (conf.notifyfd >= 0 && pipecoe(p) < 0)
  {
    strerr_warnwu1sys("create the notification pipe (starting without it)") ;
    p[0] = p[1] = -1 ;
  }
  st.stamp = STAMP ;
  st.flags &= ~(TEND_STATUS_READY | TEND_STATUS_PAUSED | TEND_STATUS_GOTTERM) ;
  if (conf.notifyfd >= 0) st.flags |= TEND_STATUS_NOTIFY ; else st.flags &= ~TEND_STATUS_NOTIFY ;
  state = S_UP ;
  if (spawn(argv, p[1], conf.notifyfd, 0) < 0)
  {
    if (p[0] >= 0) { fd_close(p[0]) ; fd_close(p[1]) ; }
    st = old ;
    state = S_DOWN ;
    retry_later() ;
    return ;
  }
  laststart = STAMP ;
  close_notify() ;
  if (p[1] >= 0)
  {
    fd_close(p[1]) ;
    notifyfd = p[0] ;
    ndelay_on(notifyfd) ;
  }
  set_deadline_ms(st.deathtally ? 1000 : 0) ;
  if (quiet) quietup = 1 ; else event_post(TEND_EVENT_UP) ;
}

/* S_DOWN + E_START, S_THROTTLED + E_TIMER: start now, or when 1 s has passed since the
   last start. */
static void a_start (void)
{
  tain when ;
  tain_addsec(&when, &laststart, 1) ;
  if (tain_less(&STAMP, &when)) { throttle(&when) ; return ; }
  state = S_DOWN ;
  clear_deadline() ;
  spawn_run() ;
}

/* S_THROTTLED + E_STOP: forget the pending start. */
static void a_cancel (void)
{
  state = S_DOWN ;
  clear_deadline() ;
}

/* S_UP + E_STOP or E_RESTART: the down signal and SIGCONT to run's process group. */
static void a_stop (void)
{
  read_conf_stop() ;
  send_group(st.pgid, st.pid, conf.downsig) ;
  if (conf.downsig != SIGCONT && conf.downsig != SIGKILL) send_group(st.pgid, st.pid, SIGCONT) ;
  st.flags |= TEND_STATUS_GOTTERM ;
  st.flags &= ~TEND_STATUS_PAUSED ;
  state = S_STOPPING ;
  set_deadline_ms(conf.killms) ;
  announce(0) ;
}

/* A deadline passed: SIGKILL for a process group that did not go away in time. */
static void kill_late (char const *what, char const *file, unsigned int ms, pid_t pgid, pid_t pid)
{
  char fmt[UINT_FMT] ;
  fmt[uint_fmt(fmt, ms)] = 0 ;
  strerr_warnw6x(what, " still running after ", file, " (", fmt, " ms): sending SIGKILL to its process group") ;
  send_group(pgid, pid, SIGKILL) ;
  clear_deadline() ;
}

/* S_STOPPING + E_TIMER: timeout-kill passed. */
static void a_kill (void)
{
  kill_late(TEND_SVDIR_RUN, TEND_SVDIR_TIMEOUT_KILL, conf.killms, st.pgid, st.pid) ;
}

/* A log's supervisor keeps a reader on its input pipe while the pipe holds data, even when
   exiting (x, dx, SIGHUP): a logger killed while draining is restarted, or the rest is lost. */
static int log_input_pending (void)
{
  size_t len = strlen(name) ;
  return len >= 4 && !strcmp(name + len - 4, "/log") && tend_fifo_pending(0) ;
}

/* Run is really down (finish done, or none): restart it unless told otherwise. */
static void down_done (void)
{
  state = S_DOWN ;
  clear_deadline() ;
  announce(TEND_EVENT_FINISHED) ;
  if (st.flags & TEND_STATUS_EXITING && log_input_pending())
  {
    strerr_warnw1x("run died with data left in its input pipe: restarting it to drain the pipe before exiting") ;
    a_start() ;
    return ;
  }
  if (st.flags & TEND_STATUS_EXITING || !(st.flags & TEND_STATUS_WANTUP)) return ;
  if (conf.maxtally && st.deathtally >= conf.maxtally)
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, st.deathtally)] = 0 ;
    strerr_warnw3x("run died ", fmt, " times without staying up 1 second (max-death-tally): giving up until a u command") ;
    st.flags &= ~TEND_STATUS_WANTUP ;
    announce(0) ;
    return ;
  }
  a_start() ;
}

static void spawn_finish (void)
{
  char fmtexit[UINT_FMT] ;
  char fmtsig[UINT_FMT] ;
  char fmtpgid[PID_FMT] ;
  char const *argv[6] = { "./" TEND_SVDIR_FINISH, fmtexit, fmtsig, name, fmtpgid, 0 } ;
  fmtexit[uint_fmt(fmtexit, st.lastexit)] = 0 ;
  fmtsig[uint_fmt(fmtsig, st.lastsig)] = 0 ;
  fmtpgid[pid_fmt(fmtpgid, deadpgid)] = 0 ;
  state = S_FINISH ;
  if (spawn(argv, -1, -1, 1) < 0) { state = S_DOWN ; return ; }
  set_deadline_ms(conf.finishms) ;
}

/* S_UP or S_STOPPING + E_DIED: record, run finish, then down_done. */
static void a_died (void)
{
  tain oneup ;
  tain_now_g() ;
  tain_addsec(&oneup, &laststart, 1) ;
  if (WIFSIGNALED(runwstat)) { st.lastexit = 256 ; st.lastsig = WTERMSIG(runwstat) ; }
  else { st.lastexit = WEXITSTATUS(runwstat) ; st.lastsig = 0 ; }
  /* The tally: deaths since run was last seen up for 1 s. A stop we asked for (the down
     signal was sent) is not a death of the service's own doing: it does not count. */
  if (st.flags & TEND_STATUS_GOTTERM) ;
  else if (!tain_less(&STAMP, &oneup)) st.deathtally = 1 ;
  else if (st.deathtally < 65535) st.deathtally++ ;
  st.flags |= TEND_STATUS_HASDIED ;
  st.flags &= ~(TEND_STATUS_READY | TEND_STATUS_PAUSED | TEND_STATUS_GOTTERM) ;
  deadpgid = st.pgid ;
  st.pid = st.pgid = 0 ;
  st.starttime = 0 ;
  st.stamp = STAMP ;
  close_notify() ;
  clear_deadline() ;
  state = S_DOWN ;
  read_conf_death() ;
  if (access(TEND_SVDIR_FINISH, F_OK) == 0) spawn_finish() ;
  announce(TEND_EVENT_DOWN) ;
  if (state == S_DOWN) down_done() ;
}

/* S_FINISH + E_FINISHED */
static void a_finished (void)
{
  if (WIFEXITED(finwstat) && WEXITSTATUS(finwstat) == 125) st.flags &= ~TEND_STATUS_WANTUP ;
  st.finishpid = 0 ;
  st.starttime = 0 ;
  down_done() ;
}

/* S_FINISH + E_TIMER: timeout-finish passed. */
static void a_killfinish (void)
{
  kill_late(TEND_SVDIR_FINISH, TEND_SVDIR_TIMEOUT_FINISH, conf.finishms, st.finishpid, st.finishpid) ;
}

/* S_UP + E_TIMER: run stayed up 1 s, the crash loop (if any) is over. */
static void a_uplong (void)
{
  st.deathtally = 0 ;
  clear_deadline() ;
  announce(0) ;
}

/* S_UP + E_READY */
static void a_ready (void)
{
  st.flags |= TEND_STATUS_READY ;
  tain_now_g() ;
  st.readystamp = STAMP ;
  announce(TEND_EVENT_READY) ;
}

/* S_TAKEOVER or S_OLDFINISH + E_DIED: the old run or finish is gone; now ours may start. */
static void a_tookover (void)
{
  if (pidfd >= 0) fd_close(pidfd) ;
  pidfd = -1 ;
  st.pid = st.pgid = st.finishpid = 0 ;
  st.starttime = 0 ;
  st.flags &= ~(TEND_STATUS_GOTTERM | TEND_STATUS_PAUSED | TEND_STATUS_READY) ;
  tain_now_g() ;
  st.stamp = STAMP ;
  state = S_DOWN ;
  clear_deadline() ;
  announce(0) ;
  if (st.flags & TEND_STATUS_WANTUP && !(st.flags & TEND_STATUS_EXITING)) a_start() ;
}

/* S_TAKEOVER + E_TIMER */
static void a_killold (void)
{
  kill_late("the previous " TEND_SVDIR_RUN, TEND_SVDIR_TIMEOUT_KILL, conf.killms, st.pgid, st.pid) ;
}

/* S_OLDFINISH + E_TIMER */
static void a_killoldfinish (void)
{
  kill_late("the previous " TEND_SVDIR_FINISH, TEND_SVDIR_TIMEOUT_FINISH, conf.finishms, st.finishpid, st.finishpid) ;
}

static action_t *const transition[S_N][E_N] =
{
  /*               E_START  E_STOP    E_RESTART E_DIED      E_FINISHED  E_TIMER          E_READY */
  /* S_DOWN */   { a_start, a_nop,    a_start,  a_nop,      a_nop,      a_nop,           a_nop },
  /* S_THROTT */ { a_nop,   a_cancel, a_nop,    a_nop,      a_nop,      a_start,         a_nop },
  /* S_UP */     { a_nop,   a_stop,   a_stop,   a_died,     a_nop,      a_uplong,        a_ready },
  /* S_STOP */   { a_nop,   a_nop,    a_nop,    a_died,     a_nop,      a_kill,          a_nop },
  /* S_FINISH */ { a_nop,   a_nop,    a_nop,    a_nop,      a_finished, a_killfinish,    a_nop },
  /* S_TAKEOV */ { a_nop,   a_nop,    a_nop,    a_tookover, a_nop,      a_killold,       a_nop },
  /* S_OLDFIN */ { a_nop,   a_nop,    a_nop,    a_tookover, a_nop,      a_killoldfinish, a_nop },
} ;

static void dispatch (unsigned int e)
{
  (*transition[state][e])() ;
}

/* ---- Commands ---- */

static void down_file (int create)
{
  if (create)
  {
    int fd = open(TEND_SVDIR_DOWN, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0644) ;
    if (fd < 0) strerr_warnwu1sys("create " TEND_SVDIR_DOWN) ;
    else { fd_close(fd) ; st.flags &= ~TEND_STATUS_NORMALLYUP ; }
  }
  else
  {
    if (unlink(TEND_SVDIR_DOWN) < 0 && errno != ENOENT) strerr_warnwu1sys("remove " TEND_SVDIR_DOWN) ;
    else st.flags |= TEND_STATUS_NORMALLYUP ;
  }
}

static void want_up (void)
{
  if (!(st.flags & TEND_STATUS_WANTUP)) st.deathtally = 0 ;  /* a fresh start */
  st.flags |= TEND_STATUS_WANTUP ;
  st.flags &= ~TEND_STATUS_ONCE ;
  dispatch(E_START) ;
}

static void command (char c)
{
  int sig ;
  switch (c)
  {
    case 'U' : down_file(0) ; /* fallthrough */
    case 'u' : want_up() ; break ;
    case 'D' : down_file(1) ; /* fallthrough */
    case 'd' : st.flags &= ~(TEND_STATUS_WANTUP | TEND_STATUS_ONCE) ; dispatch(E_STOP) ; break ;
    case 'o' : st.flags &= ~TEND_STATUS_WANTUP ; st.flags |= TEND_STATUS_ONCE ; dispatch(E_START) ; break ;
    case 'Q' : down_file(1) ; /* fallthrough */
    case 'O' : st.flags &= ~TEND_STATUS_WANTUP ; st.flags |= TEND_STATUS_ONCE ; break ;
    case 'r' : st.flags |= TEND_STATUS_WANTUP ; st.flags &= ~TEND_STATUS_ONCE ; dispatch(E_RESTART) ; break ;
    case 'x' : st.flags |= TEND_STATUS_EXITING ; break ;
    case 'e' : st.flags |= TEND_STATUS_EXITING ; st.flags &= ~TEND_STATUS_WANTUP ; dispatch(E_STOP) ; break ;
    default :
      sig = tend_control_signal(c) ;
      if (!sig || (state != S_UP && state != S_STOPPING)) break ;
      kill(st.pid, sig) ;
      if (sig == SIGSTOP) st.flags |= TEND_STATUS_PAUSED ;
      else if (sig == SIGCONT) st.flags &= ~TEND_STATUS_PAUSED ;
      break ;
  }
}

static void handle_control (int fd)
{
  char buf[128] ;
  ssize_t r = read(fd, buf, sizeof(buf)) ;
  ssize_t i = 0 ;
  for (; i < r ; i++) if (buf[i] && strchr(TEND_CONTROL_LETTERS, buf[i])) command(buf[i]) ;
  announce(0) ;
}

static void handle_notify (void)
{
  char buf[64] ;
  ssize_t r = read(notifyfd, buf, sizeof(buf)) ;
  if (r < 0) { if (errno != EAGAIN && errno != EINTR) close_notify() ; return ; }
  if (!r) { close_notify() ; return ; }  /* the service closed it without a newline */
  if (memchr(buf, '\n', r))
  {
    close_notify() ;
    dispatch(E_READY) ;
  }
}

static void handle_signals (void)
{
  for (;;)
  {
    int sig = selfpipe_read() ;
    if (sig <= 0)
    {
      if (sig < 0) strerr_warnwu1sys("read the selfpipe") ;
      break ;
    }
    switch (sig)
    {
      case SIGCHLD :
        for (;;)
        {
          int w ;
          pid_t p = wait_nohang(&w) ;
          if (p <= 0) break ;
          if (p == st.pid && (state == S_UP || state == S_STOPPING)) { runwstat = w ; dispatch(E_DIED) ; }
          else if (p == st.finishpid && state == S_FINISH) { finwstat = w ; dispatch(E_FINISHED) ; }
        }
        break ;
      case SIGTERM :
        st.flags |= TEND_STATUS_EXITING ;
        st.flags &= ~TEND_STATUS_WANTUP ;
        dispatch(E_STOP) ;
        break ;
      case SIGHUP :
        st.flags |= TEND_STATUS_EXITING ;
        break ;
      default : break ;
    }
  }
  announce(0) ;
}

/* ---- Start-up ---- */

/* A FIFO of supervise/, held open. */
static int fifo_open (char const *path, int flags)
{
  int fd = tend_fifo_open(path, flags) ;
  if (fd >= 0) return fd ;
  if (errno == EINVAL) strerr_dief2x(100, path, " exists and is not a FIFO") ;
  strerr_dief2sys(111, "unable to open ", path) ;
}

/* supervise/ (it may be a link the service directory's owner placed: followed), ours and
   writable by us only, so that nobody else can plant or replace what is in it. */
static void supervise_dir (void)
{
  int r = tend_dir_own(TEND_SVDIR_SUPERVISE, 0755) ;
  if (r == 2) strerr_warnw1x(TEND_SVDIR_SUPERVISE " was writable by others: made 0755") ;
  else if (r) return ;
  else if (errno == ENOTDIR) strerr_dief1x(100, TEND_SVDIR_SUPERVISE " exists and is not a directory") ;
  else if (errno == EPERM) strerr_dief1x(100, TEND_SVDIR_SUPERVISE " belongs to another user: refusing to use it") ;
  else strerr_dief1sys(111, "unable to create or fix " TEND_SVDIR_SUPERVISE) ;
}

/* supervise/lock (libtend/lock.h: 0600, an open file description lock, shared with a
   vfork'd child until its exec). */
static void lock_open (void)
{
  if (tend_lock_take(TEND_SVDIR_LOCK) >= 0) return ;  /* held, never closed */
  if (errno == EAGAIN) strerr_dief1x(3, "another supervisor is running here (" TEND_SVDIR_LOCK " is held)") ;
  if (errno == EINVAL) strerr_dief1x(100, TEND_SVDIR_LOCK " exists and is not a regular file") ;
  strerr_dief1sys(111, "unable to lock " TEND_SVDIR_LOCK) ;
}

/* What a killed supervisor left running, as its status names it (a status another user
   could have written is not trusted: it could name any process): its run is taken down,
   its finish waited for, before anything of ours starts. */
static void takeover (void)
{
  tend_status_t old ;
  uint64_t t ;
  char fmt[PID_FMT] ;
  pid_t pid ;
  int isfinish ;
  if (!tend_status_read_trusted(".", &old, geteuid()))
  {
    if (errno == EPERM) strerr_warnw1x(TEND_SVDIR_STATUS " is not a regular file writable by this user only: ignoring it") ;
    return ;
  }
  st.lastexit = old.lastexit ;
  st.lastsig = old.lastsig ;
  st.deathtally = old.deathtally ;
  st.flags |= old.flags & TEND_STATUS_HASDIED ;
  isfinish = old.state == TEND_STATE_FINISH ;
  pid = isfinish ? old.finishpid : old.pid ;
  if (pid <= 1 || !old.starttime || old.state == TEND_STATE_DOWN) return ;
  if (!tend_proc_starttime(pid, &t) || t != old.starttime) return ;
  fmt[pid_fmt(fmt, pid)] = 0 ;
  st.starttime = old.starttime ;
  st.stamp = old.stamp ;
  pidfd = syscall(SYS_pidfd_open, pid, 0) ;  /* close-on-exec by definition */
  if (isfinish)
  {
    read_conf_death() ;
    strerr_warnw3x("finish (pid ", fmt, ") survived a previous supervisor: waiting for it to end before starting run") ;
    st.finishpid = pid ;
    state = S_OLDFINISH ;
    set_deadline_ms(conf.finishms) ;
  }
  else
  {
    read_conf_stop() ;
    strerr_warnw3x("run (pid ", fmt, ") survived a previous supervisor: taking it down before starting it again") ;
    st.pid = pid ;
    st.pgid = old.pgid > 1 ? old.pgid : pid ;
    st.flags |= TEND_STATUS_GOTTERM ;
    send_group(st.pgid, st.pid, conf.downsig) ;
    if (conf.downsig != SIGCONT) send_group(st.pgid, st.pid, SIGCONT) ;
    state = S_TAKEOVER ;
    set_deadline_ms(conf.killms) ;
  }
  if (pidfd >= 0) return ;
  if (errno != ESRCH)
  {
    strerr_warnwu1sys("pidfd_open the previous process (sending SIGKILL at once)") ;
    send_group(isfinish ? pid : st.pgid, pid, SIGKILL) ;
  }
  a_tookover() ;
}

int main (int argc, char const *const *argv)
{
  char namebuf[TEND_PATH_MAX] ;
  sigset_t set ;
  int ctlfd, spfd ;
  PROG = "tend-supervise" ;
  tend_stdopts(argc, argv, USAGE) ;
  if (argc != 2 || !argv[1][0]) strerr_dieusage(100, USAGE) ;
  if (strlen(argv[1]) >= TEND_PATH_MAX - 32) strerr_dief2x(100, "directory name too long: ", argv[1]) ;
  {
    size_t len = strlen(argv[1]) ;
    char prog[len + 16] ;  /* lives as long as main */
    memcpy(prog, "tend-supervise ", 15) ;
    memcpy(prog + 15, argv[1], len + 1) ;
    PROG = prog ;

    if (!fd_sanitize()) strerr_dief1sys(111, "unable to sanitize standard fds") ;
    if (chdir(argv[1]) < 0) strerr_dief1sys(111, "unable to chdir to the service directory") ;
    name = tend_svdir_name(namebuf, sizeof(namebuf), argv[1], 0) ;
    if (!name) name = tend_svdir_name(namebuf, sizeof(namebuf), argv[1], 1) ;
    if (!name) name = "service" ;

    supervise_dir() ;
    lock_open() ;
    ctlfd = fifo_open(TEND_SVDIR_CONTROL, O_RDWR) ;  /* read+write: never sees EOF */
    fifo_open(TEND_SVDIR_OK, O_RDONLY) ;               /* held open for svok and sv */
    if (mkdir(TEND_SVDIR_EVENT, 03730) == 0) chmod(TEND_SVDIR_EVENT, 03730) ;
    else if (errno != EEXIST) strerr_dief1sys(111, "unable to mkdir " TEND_SVDIR_EVENT) ;

    spfd = selfpipe_init() ;
    if (spfd < 0) strerr_dief1sys(111, "unable to init the selfpipe") ;
    sigemptyset(&set) ; sigaddset(&set, SIGCHLD) ;
    sigaddset(&set, SIGTERM) ; sigaddset(&set, SIGHUP) ;
    if (!selfpipe_trapset(&set)) strerr_dief1sys(111, "unable to trap signals") ;
    if (!sig_altignore(SIGPIPE)) strerr_dief1sys(111, "unable to ignore SIGPIPE") ;
    tain_now_set_stopwatch_g() ;

    if (access(TEND_SVDIR_DOWN, F_OK) < 0) st.flags |= TEND_STATUS_NORMALLYUP | TEND_STATUS_WANTUP ;
    st.stamp = STAMP ;
    takeover() ;
    /* run first, as it is on the path of every service's start: then the status is
       written once (already up), and the events follow in their order, s then u. */
    if (state == S_DOWN && st.flags & TEND_STATUS_WANTUP)
    {
      quiet = 1 ;
      dispatch(E_START) ;
      quiet = 0 ;
    }
    announce(TEND_EVENT_START) ;
    if (quietup) event_post(TEND_EVENT_UP) ;

    for (;;)
    {
      iopause_fd x[3] ;
      unsigned int n = 2 ;
      int r ;
      if (st.flags & TEND_STATUS_EXITING && (state == S_DOWN || (state == S_THROTTLED && !log_input_pending()))) break ;
      events_flush() ;
      x[0].fd = spfd ; x[0].events = IOPAUSE_READ ;
      x[1].fd = ctlfd ; x[1].events = IOPAUSE_READ ;
      if (notifyfd >= 0) { x[2].fd = notifyfd ; x[2].events = IOPAUSE_READ ; n = 3 ; }
      else if (pidfd >= 0) { x[2].fd = pidfd ; x[2].events = IOPAUSE_READ ; n = 3 ; }
      r = iopause_g(x, n, hasdeadline ? &deadline : 0) ;
      if (r < 0) strerr_dief1sys(111, "unable to iopause") ;
      if (n == 3 && x[2].revents && x[2].fd == notifyfd) handle_notify() ;
      if (x[1].revents & IOPAUSE_READ) handle_control(ctlfd) ;
      if (x[0].revents & IOPAUSE_READ) handle_signals() ;
      if (n == 3 && x[2].revents && x[2].fd == pidfd) dispatch(E_DIED) ;
      if (hasdeadline && !tain_future(&deadline)) { clear_deadline() ; dispatch(E_TIMER) ; }
    }
    event_post(TEND_EVENT_EXIT) ;
    events_flush() ;
  }
  return 0 ;
}
