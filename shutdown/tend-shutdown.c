/* ISC license. */

#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>
#include <dirent.h>
#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/djbunix.h>
#include <skalibs/direntry.h>
#include <skalibs/sig.h>
#include <skalibs/buffer.h>
#include "config.h"
#include "stdopts.h"
#include "dir.h"
#include "svdir.h"
#include "value.h"
#include "settings.h"
#include "scansig.h"
#include "scanner.h"
#include "spawn.h"
#include "deadline.h"
#include "boot.h"
#include "stop.h"

#define USAGE "tend-shutdown --halt code"
#define dieusage() strerr_dieusage(100, USAGE)

/* What every mode reads from its environment. */
typedef struct conf_s conf ;
struct conf_s
{
  tend_stop stop ;                /* etc, run, finalize_maxtime, verbosity */
  unsigned int kill_gracetime ;   /* ms between TERM and KILL */
  unsigned int sync_disks ;
  unsigned int cmd_signals ;
} ;

#define say(c, level, ...) do { if ((c)->stop.verbosity >= (level)) strerr_warn(PROG, ": ", __VA_ARGS__) ; } while (0)

/* A bad TEND_* value: a warning, and the default is used. */
static void setting_bad (tend_setting const *st, char const *value, void *ctx)
{
  char fmt[UINT_FMT] ;
  (void)ctx ;
  fmt[uint_fmt(fmt, st->def)] = 0 ;
  strerr_warnw("bad value for ", st->name, ": \"", value, "\" (using ", fmt, ")") ;
}

/* quiet: tend-init warned about the bad values already, at boot. */
static void conf_init (conf *c, int quiet)
{
  extern char **environ ;
  unsigned int v[TEND_S_N] ;
  char const *x ;
  tend_settings_read((char const *const *)environ, v, quiet ? 0 : &setting_bad, 0) ;
  x = getenv("TEND_ETC") ;
  c->stop.etc = x && *x ? x : TEND_ETC ;
  x = getenv("TEND_RUN") ;
  c->stop.run = x && *x ? x : TEND_RUN ;
  c->stop.finalize_maxtime = v[TEND_S_KILL_FINALIZE_MAXTIME] ;
  c->stop.verbosity = (int)v[TEND_S_VERBOSITY] ;
  c->kill_gracetime = v[TEND_S_KILL_GRACETIME] ;
  c->sync_disks = v[TEND_S_SYNC_DISKS] ;
  c->cmd_signals = v[TEND_S_CMD_RECEIVE_SIGNALS] ;
}

/* ---- stage 3: the scanner's finish, as pid 1 (or the subreaper) ---------------------------- */

/* Signals every process of the container but us: kill(-1) as pid 1, our descendants
   (found in /proc) when we are a subreaper. */
static void kill_all (int sig)
{
  DIR *d ;
  genalloc procs = GENALLOC_ZERO ;  /* pairs pid, ppid */
  genalloc mine = GENALLOC_ZERO ;
  pid_t self = getpid() ;
  size_t n, i, j ;
  int changed = 1 ;
  if (self == 1) { kill(-1, sig) ; return ; }
  d = opendir("/proc") ;
  if (!d) { strerr_warnwsys("unable to open /proc") ; return ; }
  for (;;)
  {
    direntry *de = readdir(d) ;
    char path[64], buf[512] ;
    pid_t pp[2] ;
    ssize_t r ;
    char *p ;
    if (!de) break ;
    if (!pid0_scan(de->d_name, &pp[0])) continue ;
    {
      size_t n = strlen(de->d_name) ;  /* digits only, at most 20 */
      memcpy(path, "/proc/", 6) ;
      memcpy(path + 6, de->d_name, n) ;
      memcpy(path + 6 + n, "/stat", 6) ;
    }
    r = openreadnclose(path, buf, sizeof buf - 1) ;
    if (r <= 0) continue ;
    buf[r] = 0 ;
    p = strrchr(buf, ')') ;
    if (!p || strlen(p) < 5) continue ;
    if (!pid_scan(p + 4, &pp[1])) continue ;
    if (!genalloc_catb(pid_t, &procs, pp, 2)) break ;
  }
  dir_close(d) ;
  n = genalloc_len(pid_t, &procs) / 2 ;
  genalloc_append(pid_t, &mine, &self) ;
  while (changed)
  {
    changed = 0 ;
    for (i = 0 ; i < n ; i++)
    {
      pid_t *pp = genalloc_s(pid_t, &procs) + 2 * i ;
      if (!pp[0]) continue ;
      for (j = 0 ; j < genalloc_len(pid_t, &mine) ; j++)
        if (genalloc_s(pid_t, &mine)[j] == pp[1])
        {
          genalloc_append(pid_t, &mine, &pp[0]) ;
          pp[0] = 0 ;
          changed = 1 ;
          break ;
        }
    }
  }
  for (j = 1 ; j < genalloc_len(pid_t, &mine) ; j++) kill(genalloc_s(pid_t, &mine)[j], sig) ;
  genalloc_free(pid_t, &procs) ;
  genalloc_free(pid_t, &mine) ;
}

/* Reaps; returns 1 when no child is left. */
static int reap (void)
{
  int wstat ;
  for (;;)
  {
    pid_t r = wait_nohang(&wstat) ;
    if (r > 0) continue ;
    return r < 0 && errno == ECHILD ;
  }
}

/* Waits until no child is left (runner: until the finalize runner is gone) or ms pass;
   reaps meanwhile. As pid 1 or subreaper, every death in the container is a SIGCHLD here,
   the runner's included once its parent is gone. Returns 1 if none is left. */
static int wait_none_left (conf const *c, int sigfd, unsigned int ms, int runner)
{
  tain deadline ;
  tend_deadline_in(&deadline, ms) ;
  for (;;)
  {
    int r = reap() ;
    if (runner ? !tend_boot_runner_alive(c->stop.run) : r) return 1 ;
    r = tend_sigchld_pause(sigfd, &deadline) ;
    if (r < 0) { strerr_warnwsys("iopause") ; return 0 ; }
    if (!r) return 0 ;
  }
}

/* The number of finalize scripts (0 when there are none or they cannot be listed). */
static unsigned int finalize_count (conf const *c)
{
  char dir[TEND_PATH_MAX] ;
  stralloc sa = STRALLOC_ZERO ;
  genalloc v = GENALLOC_ZERO ;
  int n = tend_svdir_path(dir, sizeof dir, c->stop.etc, "finalize") ? tend_dir_list(dir, &sa, &v) : -1 ;
  stralloc_free(&sa) ;
  genalloc_free(size_t, &v) ;
  return n > 0 ? (unsigned int)n : 0 ;
}

static void stage3 (void) gccattr_noreturn ;
static void stage3 (void)
{
  conf c ;
  char fmt[UINT_FMT] ;
  int code, sigfd ;
  size_t i ;
  conf_init(&c, 1) ;
  sigfd = tend_sigchld_trap() ;
  if (sigfd < 0) strerr_diefsys(111, "unable to trap SIGCHLD") ;
  for (i = 0 ; i < TEND_SCANSIGS_N ; i++) sig_ignore(tend_scansigs[i].sig) ;
  if (tend_boot_decide(c.stop.run, 0) > 0)
  {
    /* stopped without a trigger of ours (tend-svc -S): run the finalize scripts now */
    say(&c, 2, "stopping: exit code 0") ;
    tend_stop_finalize(&c.stop) ;
  }
  else
  {
    unsigned int n = finalize_count(&c) ;
    say(&c, 3, "waiting for the finalize scripts") ;
    if (!wait_none_left(&c, sigfd, c.stop.finalize_maxtime * (n ? n : 1) + 1000, 1))
      say(&c, 1, "warning: the finalize scripts are still running: going on") ;
  }
  code = tend_boot_code(c.stop.run) ;
  if (code < 0) code = 0 ;
  say(&c, 2, "sending TERM to every remaining process") ;
  kill_all(SIGTERM) ;
  kill_all(SIGCONT) ;
  if (!wait_none_left(&c, sigfd, c.kill_gracetime, 0))
  {
    fmt[uint_fmt(fmt, c.kill_gracetime)] = 0 ;
    say(&c, 1, "processes still there after TEND_KILL_GRACETIME (", fmt, " ms): sending KILL") ;
    kill_all(SIGKILL) ;
    if (!wait_none_left(&c, sigfd, 5000, 0)) say(&c, 1, "warning: processes still there after SIGKILL (going on)") ;
  }
  if (c.sync_disks) { say(&c, 2, "syncing disks") ; sync() ; }
  fmt[uint_fmt(fmt, (unsigned int)code)] = 0 ;
  say(&c, 2, "exiting with code ", fmt) ;
  _exit(code) ;
}

/* ---- the scanner's diverted signals -------------------------------------------------------- */

static pid_t cmd_pid (conf const *c)
{
  char buf[PID_FMT + 2] ;
  pid_t pid ;
  if (tend_boot_read(c->stop.run, TEND_BOOT_CMD, buf, sizeof buf) <= 0) return 0 ;
  if (!pid_scan(buf, &pid) || pid <= 1) return 0 ;
  return pid ;
}

static void signal_mode (char const *name) gccattr_noreturn ;
static void signal_mode (char const *name)
{
  conf c ;
  int sig ;
  conf_init(&c, 1) ;
  if (!tend_value_sig(name, strlen(name), &sig)) strerr_dief(100, "unknown signal: ", name) ;
  if (c.cmd_signals)
  {
    pid_t pid = cmd_pid(&c) ;
    if (pid)
    {
      char fmt[PID_FMT] ;
      fmt[pid_fmt(fmt, pid)] = 0 ;
      say(&c, 3, "forwarding ", name, " to the CMD (pid ", fmt, ")") ;
      if (kill(pid, sig) < 0 && errno != ESRCH) strerr_diefsys(111, "unable to kill ", fmt) ;
      _exit(0) ;
    }
  }
  if (sig == SIGTERM || sig == SIGINT)
  {
    say(&c, 2, "received ", name, ": stopping") ;
    tend_stop_begin(&c.stop, 0, 0) ;
  }
  else if (sig == SIGHUP)
  {
    char scandir[TEND_PATH_MAX] ;
    if (!tend_svdir_path(scandir, sizeof scandir, c.stop.run, "services") || !tend_scanner_send(scandir, 'h', 1000))
      strerr_warnwsys("unable to send h to the scanner at ", c.stop.run, "/services") ;
  }
  _exit(0) ;
}

/* ---- the end of stage 2: the scanner's child hook ----------------------------------------- */

/* Run by tend-svscan as "child PID WSTAT" when it reaps stage 2 (tend-init gives it -c PID).
   Stage 2 exits 0 after starting the services with no CMD, or once it decided the code
   itself: nothing to do. Any other end (killed, or a death before it decided) stops the
   container: with 111 for a signal, with its exit code otherwise. */
static void child_mode (char const *spid, char const *swstat) gccattr_noreturn ;
static void child_mode (char const *spid, char const *swstat)
{
  conf c ;
  unsigned int w ;
  int wstat, code ;
  char fmt[UINT_FMT] ;
  char const *how ;
  char const *what ;
  if (!uint0_scan(swstat, &w)) strerr_dief(100, "bad wait status: ", swstat) ;
  wstat = (int)w ;
  conf_init(&c, 1) ;
  PROG = "tend-init" ;  /* the message is about tend-init's stage 2 */
  if (WIFEXITED(wstat) && !WEXITSTATUS(wstat)) _exit(0) ;
  code = WIFSIGNALED(wstat) ? 111 : WIFEXITED(wstat) ? WEXITSTATUS(wstat) : 111 ;
  if (WIFSIGNALED(wstat)) { how = " was killed by SIG" ; what = sig_name(WTERMSIG(wstat)) ; }
  else { how = " exited " ; fmt[uint_fmt(fmt, (unsigned int)code)] = 0 ; what = fmt ; }
  if (tend_boot_code(c.stop.run) >= 0)
  {
    strerr_warnw("stage 2 (pid ", spid, ")", how, what, " while the container was stopping") ;
    _exit(0) ;
  }
  {
    char fc[UINT_FMT] ;
    fc[uint_fmt(fc, (unsigned int)code)] = 0 ;
    strerr_warn(PROG, ": fatal: stage 2 (pid ", spid, ")", how, what, ": stopping the container (exit ", fc, ")") ;
  }
  tend_stop_begin(&c.stop, code, 0) ;
  _exit(0) ;
}

/* ---- --halt ----------------------------------------------------------------------------- */

static void halt_mode (char const *s) gccattr_noreturn ;
static void halt_mode (char const *s)
{
  conf c ;
  unsigned int code ;
  if (!tend_value_uint(s, strlen(s), &code) || code > 255) dieusage() ;
  conf_init(&c, 0) ;
  tend_stop_begin(&c.stop, (int)code, 0) ;
  say(&c, 1, "halt: stopping the container with code ", s) ;
  _exit(0) ;
}

/* ---- main ------------------------------------------------------------------------------- */

int main (int argc, char const *const *argv)
{
  char const *base ;
  PROG = "tend-shutdown" ;
  if (!argc) dieusage() ;
  base = strrchr(argv[0], '/') ;
  base = base ? base + 1 : argv[0] ;
  if (!strcmp(base, TEND_SCANHOOK_FINISH)) stage3() ;
  if (!strncmp(base, "SIG", 3)) signal_mode(base) ;
  if (!strcmp(base, TEND_SCANHOOK_CHILD))
  {
    if (argc != 3) strerr_dief(100, "usage: ", TEND_SCANHOOK_CHILD, " pid wstat") ;
    child_mode(argv[1], argv[2]) ;
  }
  tend_stdopts(argc, argv, USAGE) ;
  if (argc == 3 && !strcmp(argv[1], "--halt")) halt_mode(argv[2]) ;
  dieusage() ;
}
