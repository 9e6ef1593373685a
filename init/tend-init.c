/* ISC license. */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <signal.h>
#include <dirent.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/time.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/prctl.h>
#include <sys/inotify.h>
#include <skalibs/types.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/djbunix.h>
#include <skalibs/direntry.h>
#include <skalibs/env.h>
#include <skalibs/exec.h>
#include <skalibs/sig.h>
#include <skalibs/selfpipe.h>
#include <skalibs/iopause.h>
#include <skalibs/tai.h>
#include "config.h"
#include "dir.h"
#include "svdir.h"
#include "value.h"
#include "proc.h"
#include "control.h"
#include "envfile.h"
#include "envmerge.h"
#include "settings.h"
#include "svwait.h"
#include "perms.h"
#include "sys.h"

#define USAGE "tend-init [ --check | --preboot | --halt code | -- ] [ cmd args... ]"
#define dieusage() strerr_dieusage(100, USAGE)

/* Exit codes of the container that tend-init decides itself. */
#define EXIT_NOTREADY 124   /* TEND_CMD_WAIT_FOR_SERVICES_MAXTIME passed */

/* ---- configuration ---------------------------------------------------------------------- */

static char const *etc = TEND_ETC ;
static char const *run = TEND_RUN ;
static int verbosity = 1 ;
static unsigned int skip_perms = 0 ;
static unsigned int cmd_wait = 0 ;
static unsigned int cmd_wait_maxtime = 5000 ;      /* ms, 0 = no limit */
static unsigned int finalize_maxtime = 5000 ;      /* ms per finalize script */
static unsigned int services_gracetime = 5000 ;    /* ms, the scanner's -T */
static unsigned int kill_gracetime = 3000 ;        /* ms between TERM and KILL */
static unsigned int init_maxtime = 0 ;             /* ms per init script, 0 = no limit */
static unsigned int sync_disks = 0 ;
static unsigned int cmd_signals = 0 ;
static unsigned int log_prefix = 0 ;

static char scandir_[TEND_PATH_MAX] ;
static char envdir_[TEND_PATH_MAX] ;
static char bootdir[TEND_PATH_MAX] ;

#define say(level, ...) do { if (verbosity >= (level)) strerr_warn(PROG, ": ", __VA_ARGS__) ; } while (0)

/* A bad TEND_* value: a warning, and the default is used. */
static void setting_bad (tend_setting const *st, char const *value, void *ctx)
{
  char fmt[UINT_FMT] ;
  (void)ctx ;
  fmt[uint_fmt(fmt, st->def)] = 0 ;
  strerr_warnw("bad value for ", st->name, ": \"", value, "\" (using ", fmt, ")") ;
}

static void paths_init (void)
{
  char const *x = getenv("TEND_ETC") ;
  if (x && *x) etc = x ;
  x = getenv("TEND_RUN") ;
  if (x && *x) run = x ;
  if (!tend_svdir_path(scandir_, sizeof scandir_, run, "services")
   || !tend_svdir_path(envdir_, sizeof envdir_, run, "env")
   || !tend_svdir_path(bootdir, sizeof bootdir, run, "boot"))
    strerr_diefsys(100, "unable to use runtime root ", run) ;
}

static void config_init (char const *const *envp, int quiet)
{
  unsigned int v[TEND_S_N] ;
  tend_settings_read(envp, v, quiet ? 0 : &setting_bad, 0) ;
  verbosity = (int)v[TEND_S_VERBOSITY] ;
  skip_perms = v[TEND_S_SKIP_PERMS] ;
  cmd_wait = v[TEND_S_CMD_WAIT_FOR_SERVICES] ;
  cmd_wait_maxtime = v[TEND_S_CMD_WAIT_FOR_SERVICES_MAXTIME] ;
  finalize_maxtime = v[TEND_S_KILL_FINALIZE_MAXTIME] ;
  services_gracetime = v[TEND_S_SERVICES_GRACETIME] ;
  kill_gracetime = v[TEND_S_KILL_GRACETIME] ;
  init_maxtime = v[TEND_S_INIT_MAXTIME] ;
  sync_disks = v[TEND_S_SYNC_DISKS] ;
  cmd_signals = v[TEND_S_CMD_RECEIVE_SIGNALS] ;
  log_prefix = v[TEND_S_LOG_PREFIX] ;
}

static void mkpath (char *buf, char const *dir, char const *file)
{
  if (!tend_svdir_path(buf, TEND_PATH_MAX, dir, file))
    strerr_diefsys(111, "unable to build a path under ", dir) ;
}

/* ---- small helpers ---------------------------------------------------------------------- */

/* A --check finding about path: counted, and said ("check: PATH: what..."). */
static unsigned int problems = 0 ;
#define problem(path, ...) do { problems++ ; strerr_warn(PROG, ": check: ", (path), ": ", __VA_ARGS__) ; } while (0)

/* A --check finding on a line of a file: "check: PATH:LINE: msg[: detail]". */
static void check_line_problem (char const *path, size_t line, char const *msg, char const *detail)
{
  char fmt[SIZE_FMT] ;
  int d = detail && *detail ;
  fmt[size_fmt(fmt, line)] = 0 ;
  problems++ ;
  strerr_warn(PROG, ": check: ", path, ":", fmt, ": ", msg, d ? ": " : "", d ? detail : "") ;
}

/* What dir_foreach does when it cannot list a directory (a missing one has no entries):
   die (111), warn, count a --check problem, or say nothing. */
enum listfail { LIST_DIE, LIST_WARN, LIST_PROBLEM, LIST_QUIET } ;

typedef void dir_fn (char const *dir, char const *name, void *ctx) ;

/* Calls fn (if any) on each entry of dir not starting with '.', in name order. Returns
   the number of entries, or -1 when dir cannot be listed (after what fail says). */
static int dir_foreach (char const *dir, enum listfail fail, dir_fn *fn, void *ctx)
{
  stralloc sa = STRALLOC_ZERO ;
  genalloc v = GENALLOC_ZERO ;
  int n = tend_dir_list(dir, &sa, &v), i ;
  if (n < 0 && errno == ENOENT) n = 0 ;
  if (n < 0)
    switch (fail)
    {
      case LIST_DIE : strerr_diefsys(111, "unable to list ", dir) ;
      case LIST_WARN : strerr_warnwsys("unable to list ", dir) ; break ;
      case LIST_PROBLEM : problem(dir, strerror(errno)) ; break ;
      case LIST_QUIET : break ;
    }
  for (i = 0 ; fn && i < n ; i++) (*fn)(dir, sa.s + genalloc_s(size_t, &v)[i], ctx) ;
  stralloc_free(&sa) ;
  genalloc_free(size_t, &v) ;
  return n ;
}

/* dir_foreach on TEND_ETC/sub. */
static int etc_foreach (char const *sub, enum listfail fail, dir_fn *fn, void *ctx)
{
  char dir[TEND_PATH_MAX] ;
  mkpath(dir, etc, sub) ;
  return dir_foreach(dir, fail, fn, ctx) ;
}

static int status_code (int wstat)
{
  return WIFSIGNALED(wstat) ? 128 + WTERMSIG(wstat) : WEXITSTATUS(wstat) ;
}

static void status_say (int level, char const *what, char const *name, int wstat)
{
  char fmt[UINT_FMT] ;
  fmt[uint_fmt(fmt, status_code(wstat))] = 0 ;
  if (WIFSIGNALED(wstat)) say(level, what, name, " killed by signal SIG", sig_name(WTERMSIG(wstat)), " (code ", fmt, ")") ;
  else say(level, what, name, " exited ", fmt) ;
}

/* The environment to exec children with: what is in the envdir now (an init script may
   have added to it), or, if it cannot be read, our own. */
static int use_envdir = 1 ;

static char const **child_env (stralloc *sa)
{
  static genalloc ga = GENALLOC_ZERO ;
  char const **envp ;
  int n ;
  if (!use_envdir) return (char const **)environ ;
  sa->len = 0 ;
  n = tend_envdir_read(envdir_, sa) ;
  if (n < 0)
  {
    strerr_warnwsys("unable to read envdir ", envdir_, " (using the boot environment)") ;
    return (char const **)environ ;
  }
  if (!genalloc_ready(char const *, &ga, (size_t)n + 1)) strerr_diefsys(111, "unable to allocate") ;
  envp = genalloc_s(char const *, &ga) ;
  env_make(envp, n, sa->s, sa->len) ;
  envp[n] = 0 ;
  return envp ;
}

static void exec_child (char const *const *argv, char const *const *envp)
{
  char const *path = env_get2(envp, "PATH") ;
  if (!path) path = getenv("PATH") ;
  sig_blocknone() ;
  execvep(argv[0], argv, envp, path ? path : "/usr/bin:/bin") ;
  strerr_warnwsys("unable to exec ", argv[0]) ;
  _exit(errno == ENOENT ? 127 : 126) ;
}

/* ---- waiting for children, with deadlines ------------------------------------------------ */

static int sigfd = -1 ;

static void sigchld_init (void)
{
  sigset_t set ;
  sigemptyset(&set) ;
  sigaddset(&set, SIGCHLD) ;
  sigfd = selfpipe_init() ;
  if (sigfd < 0 || !selfpipe_trapset(&set)) strerr_diefsys(111, "unable to trap SIGCHLD") ;
}

/* Waits for a SIGCHLD until deadline (0: none) and drains the self-pipe: 1 if one came,
   0 at the deadline, -1 on error. */
static int sigchld_pause (tain const *deadline)
{
  iopause_fd x = { .fd = sigfd, .events = IOPAUSE_READ, .revents = 0 } ;
  int r = iopause_g(&x, 1, deadline) ;
  if (r > 0) while (selfpipe_read() > 0) ;
  return r ;
}

/* Sets *d to ms from now (the clock read now). */
static void deadline_in (tain *d, unsigned int ms)
{
  tain_now_set_stopwatch_g() ;
  tain_from_millisecs(d, ms) ;
  tain_add_g(d, d) ;
}

/* Waits for pid until ms pass (0 = no limit). 1 with *wstat when it died, 0 on timeout. */
static int wait_child_deadline (pid_t pid, unsigned int ms, int *wstat)
{
  tain deadline ;
  deadline_in(&deadline, ms) ;
  for (;;)
  {
    int r = wait_pid_nohang(pid, wstat) ;
    if (r == pid) return 1 ;
    if (r < 0 && errno != EINTR) { *wstat = 111 << 8 ; return 1 ; }
    r = sigchld_pause(ms ? &deadline : 0) ;
    if (r < 0) strerr_diefsys(111, "iopause") ;
    if (!r) return 0 ;
  }
}

/* Spawns argv (in its own process group when newpgrp) with the envdir environment, and
   waits at most ms (0 = no limit); on timeout, SIGKILLs its process group. */
static int spawn_wait (char const *const *argv, unsigned int ms, int newpgrp, int *wstat)
{
  stralloc sa = STRALLOC_ZERO ;
  char const **envp ;
  pid_t pid ;
  if (sigfd < 0) sigchld_init() ;
  envp = child_env(&sa) ;
  pid = fork() ;
  if (pid < 0) { strerr_warnwsys("unable to fork") ; stralloc_free(&sa) ; *wstat = 111 << 8 ; return 1 ; }
  if (!pid)
  {
    selfpipe_finish() ;
    if (newpgrp) setpgid(0, 0) ;
    exec_child(argv, envp) ;
  }
  if (newpgrp) setpgid(pid, pid) ;
  stralloc_free(&sa) ;
  if (wait_child_deadline(pid, ms, wstat)) return 1 ;
  kill(newpgrp ? -pid : pid, SIGKILL) ;
  wait_pid(pid, wstat) ;
  return 0 ;
}

/* ---- talking to the scanner ------------------------------------------------------------- */

static void fd_close_keeperrno (int fd)
{
  int e = errno ;
  if (fd >= 0) close(fd) ;
  errno = e ;
}

static void alarm_nop (int sig)
{
  (void)sig ;
}

/* Opens the FIFO path (which exists, with no reader yet) for writing, in a blocking open(),
   which the kernel ends when a reader opens it: no inotify instance, whose teardown waits for
   an RCU grace period (milliseconds) in whichever process closes it last, be it the CMD at
   its exec. Bounded by a repeating ITIMER_REAL of ms: at most ms, or twice that if the first
   expiry falls just before open() starts. The fd is made non-blocking. */
static int fifo_open_wait (char const *path, unsigned int ms)
{
  struct sigaction sa, old ;
  struct itimerval it, off ;
  int fd, e ;
  memset(&sa, 0, sizeof sa) ;
  sa.sa_handler = &alarm_nop ;  /* no SA_RESTART: the signal ends the open with EINTR */
  sigemptyset(&sa.sa_mask) ;
  memset(&off, 0, sizeof off) ;
  it.it_value.tv_sec = ms / 1000 ;
  it.it_value.tv_usec = (ms % 1000) * 1000 ;
  it.it_interval = it.it_value ;
  if (sigaction(SIGALRM, &sa, &old) < 0) return -1 ;
  if (setitimer(ITIMER_REAL, &it, 0) < 0) { e = errno ; sigaction(SIGALRM, &old, 0) ; errno = e ; return -1 ; }
  fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY) ;
  e = errno ;
  setitimer(ITIMER_REAL, &off, 0) ;
  sigaction(SIGALRM, &old, 0) ;
  if (fd < 0) { errno = e == EINTR ? ETIMEDOUT : e ; return -1 ; }
  if (ndelay_on(fd) < 0) { fd_close_keeperrno(fd) ; return -1 ; }
  return fd ;
}

static void scanner_warn (char c)
{
  char s[2] = { c, 0 } ;
  strerr_warnwsys("unable to send ", s, " to the scanner at ", scandir_) ;
}

/* Opens the scanner's control FIFO for writing (non-blocking, close-on-exec). Right after
   boot it may not have opened its FIFO yet: then wait for it, at most ms: by a blocking
   open when the FIFO is there (stage 1 makes it), else through inotify (creation and opening
   of .tend-svscan/control). The inotify instance, when one was needed, is left in *ifd (else
   -1) for the caller to close when nothing waits for it: closing one waits for an RCU grace
   period. Returns the fd, or -1 (warned). */
static int scanner_open (char c, unsigned int ms, int *ifd)
{
  char dir[TEND_PATH_MAX] ;
  tain deadline ;
  int fd = tend_control_open(scandir_, TEND_SCANDIR_CONTROL) ;
  *ifd = -1 ;
  if (fd < 0 && errno == ENXIO)
  {
    mkpath(dir, scandir_, TEND_SCANDIR_CONTROL) ;
    fd = fifo_open_wait(dir, ms) ;
    goto end ;
  }
  if (fd >= 0 || errno != ENOENT) goto end ;
  mkpath(dir, scandir_, TEND_SCANDIR_SELF) ;
  *ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC) ;
  if (*ifd < 0 || inotify_add_watch(*ifd, dir, IN_CREATE | IN_MOVED_TO | IN_OPEN | IN_ATTRIB) < 0) goto end ;
  deadline_in(&deadline, ms) ;
  for (;;)
  {
    iopause_fd x = { .fd = *ifd, .events = IOPAUSE_READ, .revents = 0 } ;
    char buf[4096] ;
    int r ;
    fd = tend_control_open(scandir_, TEND_SCANDIR_CONTROL) ;
    if (fd >= 0 || (errno != ENOENT && errno != ENXIO)) break ;
    r = iopause_g(&x, 1, &deadline) ;
    if (r < 0) break ;
    if (!r) { errno = ETIMEDOUT ; break ; }
    while (read(*ifd, buf, sizeof buf) > 0) ;
  }
 end:
  if (fd < 0) scanner_warn(c) ;
  return fd ;
}

/* Writes c on fd, from scanner_open. */
static int scanner_write (int fd, char c)
{
  ssize_t w ;
  do w = write(fd, &c, 1) ; while (w < 0 && errno == EINTR) ;
  if (w == 1) return 1 ;
  if (w >= 0) errno = EAGAIN ;
  scanner_warn(c) ;
  return 0 ;
}

/* Sends c to the scanner, waiting at most ms for it to be there. 1 if sent, 0 (warned). */
static int scanner_send (char c, unsigned int ms)
{
  int ifd ;
  int fd = scanner_open(c, ms, &ifd) ;
  int r = fd >= 0 && scanner_write(fd, c) ;
  fd_close_keeperrno(fd) ;
  fd_close_keeperrno(ifd) ;
  return r ;
}

/* ---- the exit code and the start of the shutdown ----------------------------------------- */

/* Decides the container's exit code: the first caller wins. Returns 1 if we decided,
   0 if it was already decided, -1 if it cannot be written (no boot there). */
static int decide (int code)
{
  char path[TEND_PATH_MAX], tmp[TEND_PATH_MAX] ;
  char fmt[UINT_FMT + 1] ;
  size_t n = uint_fmt(fmt, (unsigned int)code) ;
  char pidfmt[PID_FMT] ;
  fmt[n++] = '\n' ;
  mkpath(path, bootdir, "exitcode") ;
  pidfmt[pid_fmt(pidfmt, getpid())] = 0 ;
  {
    size_t pl = strlen(path), ql = strlen(pidfmt) ;
    if (pl + ql + 2 > sizeof tmp) strerr_dief(111, "path too long: ", path) ;
    memcpy(tmp, path, pl) ;
    tmp[pl] = '.' ;
    memcpy(tmp + pl + 1, pidfmt, ql + 1) ;
  }
  if (!openwritenclose_unsafe_sync(tmp, fmt, n))
  {
    strerr_warnwsys("unable to write ", tmp, " (is tend-init running with TEND_RUN=", run, "?)") ;
    return -1 ;
  }
  if (link(tmp, path) < 0)
  {
    int e = errno ;
    unlink(tmp) ;
    if (e != EEXIST) { errno = e ; strerr_warnwsys("unable to link ", tmp, " to ", path) ; return -1 ; }
    return 0 ;
  }
  unlink(tmp) ;
  return 1 ;
}

/* Reads the file name of boot/ into buf (of size max), NUL-terminated: its length, or -1. */
static ssize_t boot_read (char const *name, char *buf, size_t max)
{
  char path[TEND_PATH_MAX] ;
  ssize_t r ;
  mkpath(path, bootdir, name) ;
  r = openreadnclose(path, buf, max - 1) ;
  if (r >= 0) buf[r] = 0 ;
  return r ;
}

static int decided_code (void)
{
  char buf[UINT_FMT + 2] ;
  unsigned int u ;
  ssize_t r = boot_read("exitcode", buf, sizeof buf) ;
  if (r < 0) return -1 ;
  if (!tend_value_uint(buf, (size_t)r, &u) || u > 255) return 0 ;
  return (int)u ;
}

/* Runs one finalize script, killed after finalize_maxtime. */
static void finalize_one (char const *dir, char const *name, void *ctx)
{
  char path[TEND_PATH_MAX] ;
  char const *argv[2] = { path, 0 } ;
  int wstat ;
  (void)ctx ;
  mkpath(path, dir, name) ;
  say(2, "finalize: ", name, " starting") ;
  if (spawn_wait(argv, finalize_maxtime, 1, &wstat)) status_say(2, "finalize: ", name, wstat) ;
  else
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, finalize_maxtime)] = 0 ;
    say(1, "warning: finalize: ", name, " killed after TEND_KILL_FINALIZE_MAXTIME (", fmt, " ms)") ;
  }
}

/* Runs TEND_ETC/finalize/ in name order. */
static void run_finalize (void)
{
  etc_foreach("finalize", LIST_WARN, &finalize_one, 0) ;
}

/* Start time of pid (libtend), 0 if it does not exist. */
static uint64_t proc_starttime (pid_t pid)
{
  uint64_t t ;
  return tend_proc_starttime(pid, &t) ? t : 0 ;
}

/* boot/finalize holds "PID STARTTIME" of the process that runs the finalize scripts. */
static void runner_record (pid_t pid)
{
  char path[TEND_PATH_MAX] ;
  char buf[PID_FMT + UINT64_FMT + 2] ;
  size_t n = pid_fmt(buf, pid) ;
  buf[n++] = ' ' ;
  n += uint64_fmt(buf + n, proc_starttime(pid)) ;
  buf[n++] = '\n' ;
  mkpath(path, bootdir, "finalize") ;
  if (!openwritenclose_suffix(path, buf, n, ".tmp")) strerr_warnwsys("unable to write ", path) ;
}

/* 1 if the finalize runner still exists (a zombie counts until it is reaped). */
static int runner_alive (void)
{
  char buf[PID_FMT + UINT64_FMT + 2] ;
  size_t n ;
  pid_t pid ;
  uint64_t t ;
  if (boot_read("finalize", buf, sizeof buf) <= 0) return 0 ;
  n = pid_scan(buf, &pid) ;
  if (!n || buf[n] != ' ' || !uint64_scan(buf + n + 1, &t)) return 0 ;
  return proc_starttime(pid) == t ;
}

/* Begins the shutdown: decides the exit code, tells the scanner to terminate (services go
   down) and, at the same time, runs the finalize scripts, in place or in a forked runner
   (in its own session, so that a supervisor killing its finish script spares it).
   boot/finalize names the runner: the scanner's finish waits for it.
   Returns only in the caller that does not run the scripts. */
static void shutdown_begin (int code, int inplace)
{
  char fmt[UINT_FMT] ;
  int r = decide(code) ;
  if (r <= 0)
  {
    if (!r) say(2, "already stopping") ;
    if (r || inplace) _exit(r ? 111 : 0) ;
    return ;
  }
  fmt[uint_fmt(fmt, (unsigned int)code)] = 0 ;
  say(2, "stopping: exit code ", fmt) ;
  if (inplace) runner_record(getpid()) ;
  else
  {
    pid_t pid = fork() ;
    if (pid < 0) strerr_warnwsys("unable to fork") ;
    else if (!pid)
    {
      setsid() ;
      sigchld_init() ;
      run_finalize() ;
      _exit(0) ;
    }
    else runner_record(pid) ;
  }
  scanner_send('t', 5000) ;
  if (!inplace) return ;
  if (sigfd < 0) sigchld_init() ;
  run_finalize() ;
  _exit(0) ;
}

/* ---- stage 1: the runtime root ------------------------------------------------------------ */

static void runroot_check (void)
{
  struct stat st ;
  struct statvfs vfs ;
  uid_t uid = geteuid() ;
  char fmt[UID_FMT], fmt2[UID_FMT] ;
  if (stat(run, &st) < 0)
  {
    if (errno != ENOENT) strerr_diefsys(111, "unable to stat runtime root ", run) ;
    if (uid || mkdir(run, 0755) < 0)
      strerr_dief(100, "runtime root ", run, " does not exist: create it in the image or mount a tmpfs there (docker run --tmpfs ", run, ":exec,mode=0755), or set TEND_RUN") ;
    say(2, "created the runtime root ", run) ;
    if (stat(run, &st) < 0) strerr_diefsys(111, "unable to stat runtime root ", run) ;
  }
  if (!S_ISDIR(st.st_mode)) strerr_dief(100, "runtime root ", run, " is not a directory") ;
  if (uid && st.st_uid != uid)
  {
    fmt[uid_fmt(fmt, st.st_uid)] = 0 ;
    fmt2[uid_fmt(fmt2, uid)] = 0 ;
    strerr_dief(100, "runtime root ", run, " is owned by uid ", fmt, " but tend-init runs as uid ", fmt2,
      ": mount a tmpfs there with uid=", fmt2, " (docker run --tmpfs ", run, ":exec,uid=", fmt2, "), or chown it at build time (tend-init --preboot)") ;
  }
  if (access(run, W_OK) < 0)
  {
    if (errno != EACCES && errno != EROFS && errno != EPERM) strerr_diefsys(111, "unable to check runtime root ", run) ;
    if (uid)
      strerr_dief(100, "runtime root ", run, " is not writable by uid ", (fmt[uid_fmt(fmt, uid)] = 0, fmt),
        ": mount a tmpfs there (docker run --tmpfs ", run, ":exec,uid=", fmt, ")") ;
    if (mount("tmpfs", run, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
      strerr_diefsys(111, "runtime root ", run, " is not writable, and mounting a tmpfs there failed") ;
    say(1, "runtime root ", run, " is not writable: mounted a tmpfs on it") ;
  }
  if (statvfs(run, &vfs) < 0) strerr_diefsys(111, "unable to statvfs runtime root ", run) ;
  if (vfs.f_flag & ST_NOEXEC)
    strerr_dief(100, "runtime root ", run, " is mounted noexec: the service scripts copied there could not run: mount it with exec (docker run --tmpfs ", run, ":exec)") ;
}

static void runroot_wipe (void)
{
  DIR *d = opendir(run) ;
  if (!d) strerr_diefsys(111, "unable to open runtime root ", run) ;
  for (;;)
  {
    direntry *de ;
    char path[TEND_PATH_MAX] ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue ;
    mkpath(path, run, de->d_name) ;
    if (rm_rf(path) < 0) strerr_diefsys(111, "unable to remove ", path) ;
  }
  if (errno) strerr_diefsys(111, "unable to read runtime root ", run) ;
  dir_close(d) ;
  if (mkdir(scandir_, 0755) < 0) strerr_diefsys(111, "unable to mkdir ", scandir_) ;
  if (mkdir(bootdir, 0755) < 0) strerr_diefsys(111, "unable to mkdir ", bootdir) ;
}

/* ---- stage 1: the environment ----------------------------------------------------------- */

/* Linux refuses at execve any environment string longer than MAX_ARG_STRLEN (32 pages,
   NUL included): find the first assignment of sa[start..end) ("KEY=VALUE\0"...) that is,
   so that it is named here, with its file, instead of failing later as E2BIG. */
#define ENV_STRMAX 131072
static char const *env_toolong (stralloc const *sa, size_t start, size_t end, size_t *keylen)
{
  while (start < end)
  {
    char const *p = sa->s + start ;
    size_t len = strlen(p) ;
    if (len + 1 > ENV_STRMAX) { *keylen = strcspn(p, "=") ; return p ; }
    start += len + 1 ;
  }
  return 0 ;
}

/* Reading the env files, at boot or for --check. */
typedef struct envread_s envread ;
struct envread_s
{
  stralloc *vars ;   /* the assignments of every file, in file order */
  stralloc content ;
  int check ;        /* for --check: a mistake is a problem, not fatal (100) */
} ;

#define ENV_TOOLONG ": too long: KEY=VALUE over 131071 bytes, which Linux refuses at exec (MAX_ARG_STRLEN)"

/* Reads the env file dir/name into r. */
static void env_read_one (char const *dir, char const *name, void *ctx)
{
  envread *r = ctx ;
  char path[TEND_PATH_MAX] ;
  size_t line, kl, start = r->vars->len ;
  char const *err, *big ;
  int k ;
  mkpath(path, dir, name) ;
  r->content.len = 0 ;
  if (!openslurpclose(&r->content, path))
  {
    if (!r->check) strerr_diefsys(111, "unable to read ", path) ;
    problem(path, strerror(errno)) ;
    return ;
  }
  k = tend_envfile_parse(r->content.s, r->content.len, r->vars, &line, &err) ;
  if (k < 0) strerr_diefsys(111, "unable to parse ", path) ;
  if (!k)
  {
    char fmt[SIZE_FMT] ;
    fmt[size_fmt(fmt, line)] = 0 ;
    if (!r->check) strerr_dief(100, path, ":", fmt, ": ", err) ;
    check_line_problem(path, line, err, 0) ;
    return ;
  }
  big = env_toolong(r->vars, start, r->vars->len, &kl) ;
  if (big)
  {
    char key[256] ;
    tend_value_printable(key, sizeof key, big, kl) ;
    if (!r->check) strerr_dief(100, path, ": ", key, ENV_TOOLONG) ;
    problem(path, key, ENV_TOOLONG) ;
  }
  if (!r->check) say(3, "read env file ", path) ;
}

/* Reads TEND_ETC/envs/ and builds the merged environment into merged (pointers into files,
   self and environ), with the one precedence rule of tend_env_merge (--check uses it too). */
static void env_build (stralloc *files, genalloc *merged)
{
  envread r = { .vars = files, .content = STRALLOC_ZERO, .check = 0 } ;
  /* the values in use, whatever an env file says: every program after us agrees on them */
  static stralloc self = STRALLOC_ZERO ;
  char const *fixed[3] = { 0, 0, 0 } ;
  size_t runpos ;
  etc_foreach("envs", LIST_DIE, &env_read_one, &r) ;
  if (!stralloc_cats(&self, "TEND_ETC=") || !stralloc_cats(&self, etc) || !stralloc_0(&self)) strerr_diefsys(111, "unable to allocate") ;
  runpos = self.len ;
  if (!stralloc_cats(&self, "TEND_RUN=") || !stralloc_cats(&self, run) || !stralloc_0(&self)) strerr_diefsys(111, "unable to allocate") ;
  fixed[0] = self.s ; fixed[1] = self.s + runpos ;
  if (!tend_env_merge(merged, fixed, (char const *const *)environ, files->s, files->len)) strerr_diefsys(111, "unable to allocate") ;
  stralloc_free(&r.content) ;
}

/* Writes the envdir: made whole as env.tmp, then renamed to env, so that it is never seen
   half written (one rename instead of one per file). */
static void env_write (char const *const *envp)
{
  char tmp[TEND_PATH_MAX] ;
  int dfd ;
  mkpath(tmp, run, "env.tmp") ;
  if (mkdir(tmp, 0755) < 0) strerr_diefsys(111, "unable to mkdir ", tmp) ;
  dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (dfd < 0) strerr_diefsys(111, "unable to open ", tmp) ;
  for (; *envp ; envp++)
  {
    char const *eq = strchr(*envp, '=') ;
    size_t k = eq - *envp, len ;
    char name[TEND_PATH_MAX] ;
    int fd ;
    if (!k || k >= 256 || memchr(*envp, '/', k) || **envp == '.')
    {
      say(2, "warning: not writing variable with a name unusable as a file name to the envdir") ;
      continue ;
    }
    memcpy(name, *envp, k) ; name[k] = 0 ;
    len = strlen(eq + 1) ;
    fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0666) ;
    if (fd < 0 || allwrite(fd, eq + 1, len) < len)
    {
      char path[TEND_PATH_MAX] ;
      mkpath(path, tmp, name) ;
      strerr_diefsys(111, "unable to write ", path) ;
    }
    fd_close(fd) ;
  }
  fd_close(dfd) ;
  if (rename(tmp, envdir_) < 0) strerr_diefsys(111, "unable to rename ", tmp, " to ", envdir_) ;
}

/* ---- stage 1: the service directories ------------------------------------------------------ */

static char self_exe[TEND_PATH_MAX] ;

static void self_exe_init (void)
{
  ssize_t r = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1) ;
  if (r <= 0) strerr_diefsys(111, "unable to readlink /proc/self/exe") ;
  self_exe[r] = 0 ;
}

/* Copying a service directory: one pass over the tree with the *at calls, each entry made
   with its final mode (the umask is 0 meanwhile) and, when it differs from what creating it
   gave, its owner then mode set (as hiercopy: regular files, directories, symlinks, FIFOs,
   devices, sockets; owner kept when allowed, mode kept). Nothing exists under the new
   directory before stage 1 forks, so nothing can see a half-made copy. */

static char copybuf[65536] ;
static uid_t copy_uid ;

/* What the directory fd gives what is created in it: its gid if setgid, else ours. */
typedef struct copydir_s copydir ;
struct copydir_s { int fd ; gid_t gid ; int setgid ; } ;

/* Gives the entry name of d (fd if open, else -1), just created with mode made, st's owner
   and mode. A refused chown (not root) keeps ours, as hiercopy. 1, or 0 with errno. */
static int copy_attrs (copydir const *d, char const *name, int fd, struct stat const *st, mode_t made, gid_t *gid)
{
  mode_t want = st->st_mode & 07777 ;
  int chowned = 0 ;
  *gid = d->gid ;
  if (st->st_uid != copy_uid || st->st_gid != d->gid)
  {
    if ((fd >= 0 ? fchown(fd, st->st_uid, st->st_gid) : fchownat(d->fd, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW)) == 0)
    {
      chowned = 1 ;
      *gid = st->st_gid ;
    }
  }
  if (S_ISLNK(st->st_mode) || (!chowned && want == made)) return 1 ;
  return (fd >= 0 ? fchmod(fd, want) : fchmodat(d->fd, name, want, 0)) == 0 ;
}

static int tree_copy (int sfd, copydir const *d, char const *name, struct stat const *st, int top) ;

static int fd_close_ret (int fd, int r)
{
  fd_close_keeperrno(fd) ;
  return r ;
}

static int file_copy (int sfd, copydir const *d, char const *name, struct stat const *st)
{
  gid_t gid ;
  int r = 0 ;
  int from = openat(sfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY) ;
  int to ;
  if (from < 0) return 0 ;
  to = openat(d->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, st->st_mode & 07777) ;
  if (to < 0) goto endfrom ;
  for (;;)
  {
    ssize_t n = read(from, copybuf, sizeof copybuf) ;
    if (!n) break ;
    if (n < 0) { if (errno == EINTR) continue ; goto end ; }
    if (allwrite(to, copybuf, (size_t)n) < (size_t)n) goto end ;
  }
  r = copy_attrs(d, name, to, st, st->st_mode & 07777, &gid) ;
 end:
  fd_close_ret(to, 0) ;
 endfrom:
  return fd_close_ret(from, r) ;
}

/* Copies the entry name of sfd (lstat in st) into d; top: see tree_copy. */
static int entry_copy (int sfd, copydir const *d, char const *name, struct stat const *st, int top)
{
  gid_t gid ;
  if (S_ISREG(st->st_mode)) return file_copy(sfd, d, name, st) ;
  if (S_ISDIR(st->st_mode))
  {
    int fd = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW) ;
    if (fd < 0) return 0 ;
    return fd_close_ret(fd, tree_copy(fd, d, name, st, top)) ;
  }
  if (S_ISLNK(st->st_mode))
  {
    char target[TEND_PATH_MAX] ;
    ssize_t n = readlinkat(sfd, name, target, sizeof target - 1) ;
    if (n < 0) return 0 ;
    if ((size_t)n >= sizeof target - 1) return (errno = ENAMETOOLONG, 0) ;
    target[n] = 0 ;
    if (symlinkat(target, d->fd, name) < 0) return 0 ;
    return copy_attrs(d, name, -1, st, 0, &gid) ;
  }
  if (S_ISFIFO(st->st_mode) || S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) || S_ISSOCK(st->st_mode))
  {
    if (mknodat(d->fd, name, st->st_mode, S_ISFIFO(st->st_mode) ? 0 : st->st_rdev) < 0) return 0 ;
    return copy_attrs(d, name, -1, st, (mode_t)-1, &gid) ;
  }
  return (errno = ENOTSUP, 0) ;
}

/* Makes name in d a copy of the directory open at sfd (stat in st). top: 1 for a service
   directory, 2 for its log/: supervise/ and event/ are not copied there. */
static int tree_copy (int sfd, copydir const *d, char const *name, struct stat const *st, int top)
{
  union { tend_dirent d ; char s[4096] ; } buf ;
  mode_t want = st->st_mode & 07777 ;
  copydir sub ;
  int r = 0 ;
  if (mkdirat(d->fd, name, want) < 0) return 0 ;
  sub.fd = openat(d->fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW) ;
  if (sub.fd < 0) return 0 ;
  if (!copy_attrs(d, name, sub.fd, st, (want & 01777) | (d->setgid ? S_ISGID : 0), &sub.gid)) goto end ;
  sub.setgid = !!(st->st_mode & S_ISGID) ;
  for (;;)
  {
    ssize_t n = tend_getdents(sfd, buf.s, sizeof buf.s), pos ;
    if (n < 0) goto end ;
    if (!n) break ;
    for (pos = 0 ; pos < n ; )
    {
      tend_dirent *e = (tend_dirent *)(buf.s + pos) ;
      struct stat est ;
      pos += e->reclen ;
      if (e->name[0] == '.' && (!e->name[1] || (e->name[1] == '.' && !e->name[2]))) continue ;
      if (top && (!strcmp(e->name, TEND_SVDIR_SUPERVISE) || !strcmp(e->name, TEND_SVDIR_EVENT))) continue ;
      if (fstatat(sfd, e->name, &est, AT_SYMLINK_NOFOLLOW) < 0) goto end ;
      if (!entry_copy(sfd, &sub, e->name, &est, top == 1 && !strcmp(e->name, TEND_SVDIR_LOG) ? 2 : 0)) goto end ;
    }
  }
  r = 1 ;
 end:
  return fd_close_ret(sub.fd, r) ;
}

/* A log/ directory whose run is a script interpreted by tend-init --log-prefix, which
   execs the logger in its prefix mode: no shell needed in the image. */
static void add_prefix_logger (char const *svc, char const *name)
{
  char path[TEND_PATH_MAX] ;
  stralloc sa = STRALLOC_ZERO ;
  mkpath(path, svc, TEND_SVDIR_LOG) ;
  if (mkdir(path, 0755) < 0) strerr_diefsys(111, "unable to mkdir ", path) ;
  mkpath(path, path, TEND_SVDIR_RUN) ;
  if (!stralloc_cats(&sa, "#!") || !stralloc_cats(&sa, self_exe) || !stralloc_cats(&sa, " --log-prefix\n")
   || !stralloc_cats(&sa, "# written by tend-init for TEND_LOG_PREFIX=1: lines of ")
   || !stralloc_cats(&sa, name) || !stralloc_cats(&sa, " go to the container's stdout\n"))
    strerr_diefsys(111, "unable to allocate") ;
  if (!openwritenclose_unsafe(path, sa.s, sa.len) || chmod(path, 0755) < 0)
    strerr_diefsys(111, "unable to write ", path) ;
  stralloc_free(&sa) ;
}

/* Copying the services: set up at the first one (nothing is opened for an empty services/). */
typedef struct svcopy_s svcopy ;
struct svcopy_s { int sfd ; copydir d ; mode_t um ; } ;

static void service_copy (char const *dir, char const *name, void *ctx)
{
  svcopy *c = ctx ;
  char src[TEND_PATH_MAX], dst[TEND_PATH_MAX], path[TEND_PATH_MAX] ;
  struct stat st ;
  int fd ;
  if (c->sfd < 0)
  {
    c->sfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
    if (c->sfd < 0) strerr_diefsys(111, "unable to open ", dir) ;
    c->d.fd = open(scandir_, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
    if (c->d.fd < 0 || fstat(c->d.fd, &st) < 0) strerr_diefsys(111, "unable to open ", scandir_) ;
    copy_uid = geteuid() ;
    c->d.setgid = !!(st.st_mode & S_ISGID) ;
    c->d.gid = c->d.setgid ? st.st_gid : getegid() ;
    c->um = umask(0) ;
  }
  mkpath(src, dir, name) ;
  if (fstatat(c->sfd, name, &st, 0) < 0 || !S_ISDIR(st.st_mode))
  {
    strerr_warnw("ignoring ", src, ": not a directory") ;
    return ;
  }
  mkpath(dst, scandir_, name) ;
  fd = openat(c->sfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;  /* a symlink is followed */
  if (fd < 0 || !tree_copy(fd, &c->d, name, &st, 1)) strerr_diefsys(111, "unable to copy ", src, " to ", dst) ;
  fd_close(fd) ;
  if (log_prefix)
  {
    mkpath(path, dst, TEND_SVDIR_LOG) ;
    if (stat(path, &st) < 0)
    {
      umask(c->um) ;
      add_prefix_logger(dst, name) ;
      umask(0) ;
    }
  }
  say(3, "copied ", src, " to ", dst) ;
}

static void services_copy (void)
{
  svcopy c = { .sfd = -1 } ;
  etc_foreach("services", LIST_DIE, &service_copy, &c) ;
  if (c.sfd < 0) return ;
  umask(c.um) ;
  fd_close(c.d.fd) ;
  fd_close(c.sfd) ;
}

/* The scanner's hooks, links to tend-init: its finish and the signals that stop the
   container, then, with TEND_CMD_RECEIVE_SIGNALS=1 only, those diverted to the CMD. */
static char const *const hooks[] = { "finish", "SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH" } ;
#define HOOKS_ALWAYS 3

static void scanner_hooks (void)
{
  char dir[TEND_PATH_MAX], path[TEND_PATH_MAX] ;
  size_t i ;
  mkpath(dir, scandir_, TEND_SCANDIR_SELF) ;
  if (mkdir(dir, 0755) < 0) strerr_diefsys(111, "unable to mkdir ", dir) ;
  /* the scanner's control FIFO, as it makes it: stage 2 can wait in open() for the scanner */
  mkpath(path, scandir_, TEND_SCANDIR_CONTROL) ;
  if (mkfifo(path, 0600) < 0) strerr_diefsys(111, "unable to mkfifo ", path) ;
  for (i = 0 ; i < (cmd_signals ? sizeof hooks / sizeof *hooks : HOOKS_ALWAYS) ; i++)
  {
    mkpath(path, dir, hooks[i]) ;
    if (symlink(self_exe, path) < 0) strerr_diefsys(111, "unable to symlink ", path) ;
  }
}

/* ---- stage 2 ---------------------------------------------------------------------------- */

static void stage2_fail (int code)
{
  shutdown_begin(code, 1) ;
}

/* Appends "dir/name" and a NUL to the stralloc ctx. */
static void path_add (char const *dir, char const *name, void *ctx)
{
  stralloc *sa = ctx ;
  if (!stralloc_cats(sa, dir) || !stralloc_catb(sa, "/", 1) || !stralloc_catb(sa, name, strlen(name) + 1))
    strerr_diefsys(111, "unable to allocate") ;
}

/* Runs tend-fixperms on every file of TEND_ETC/perms/; returns its exit code. */
static int run_fixperms (void)
{
  stralloc paths = STRALLOC_ZERO ;
  char dir[TEND_PATH_MAX] ;
  int n, i, wstat ;
  mkpath(dir, etc, "perms") ;
  n = dir_foreach(dir, LIST_WARN, &path_add, &paths) ;
  if (n < 0) return 111 ;
  if (!n) return 0 ;
  {
    char const *argv[n + 2] ;
    size_t pos = 0 ;
    argv[0] = "tend-fixperms" ;
    for (i = 1 ; i <= n ; i++) { argv[i] = paths.s + pos ; pos += strlen(paths.s + pos) + 1 ; }
    argv[i] = 0 ;
    say(2, "perms: applying the rules of ", dir) ;
    spawn_wait(argv, 0, 0, &wstat) ;
    status_say(status_code(wstat) ? 1 : 2, "perms: ", "tend-fixperms", wstat) ;
  }
  stralloc_free(&paths) ;
  return status_code(wstat) ;
}

static void stage2_perms (void)
{
  int code = run_fixperms() ;
  if (code) stage2_fail(code) ;
}

static void init_one (char const *dir, char const *name, void *ctx)
{
  char path[TEND_PATH_MAX] ;
  char const *argv[2] = { path, 0 } ;
  int wstat ;
  (void)ctx ;
  mkpath(path, dir, name) ;
  say(1, "init: ", name, " starting") ;
  if (!spawn_wait(argv, init_maxtime, 0, &wstat))
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, init_maxtime)] = 0 ;
    say(0, "init: ", name, " killed after TEND_INIT_MAXTIME (", fmt, " ms)") ;
    stage2_fail(status_code(wstat)) ;
  }
  status_say(1, "init: ", name, wstat) ;
  if (status_code(wstat)) stage2_fail(status_code(wstat)) ;
}

static void stage2_init_scripts (void)
{
  if (etc_foreach("init", LIST_WARN, &init_one, 0) < 0) stage2_fail(111) ;
}

/* Appends to the stralloc ctx the supervised directories of the service name that are not
   marked down: the service and its log/, each with a NUL. */
static void wanted_add (char const *dir, char const *name, void *ctx)
{
  stralloc *paths = ctx ;
  char d[TEND_PATH_MAX], x[TEND_PATH_MAX] ;
  int k ;
  mkpath(d, dir, name) ;
  for (k = 0 ; k < 2 ; k++)
  {
    struct stat st ;
    if (k) mkpath(d, d, TEND_SVDIR_LOG) ;
    if (stat(d, &st) < 0 || !S_ISDIR(st.st_mode)) break ;
    mkpath(x, d, TEND_SVDIR_DOWN) ;
    if (access(x, F_OK) == 0) continue ;
    if (!stralloc_catb(paths, d, strlen(d) + 1)) strerr_diefsys(111, "unable to allocate") ;
  }
}

/* The supervised directories that are not marked down, in paths; returns how many. */
static unsigned int wanted_services (stralloc *paths)
{
  unsigned int n = 0 ;
  size_t pos ;
  dir_foreach(scandir_, LIST_QUIET, &wanted_add, paths) ;
  for (pos = 0 ; pos < paths->len ; pos += strlen(paths->s + pos) + 1) n++ ;
  return n ;
}

/* Opens the scanner's FIFO to send it 'a' (start the services); on failure, stage 2 ends. */
static int start_open (int *ifd)
{
  int fd ;
  say(2, "starting the services") ;
  fd = scanner_open('a', 5000, ifd) ;
  if (fd < 0) { fd_close_keeperrno(*ifd) ; stage2_fail(111) ; }
  return fd ;
}

static void stage2_scan_and_wait (int waiting)
{
  stralloc paths = STRALLOC_ZERO ;
  unsigned int n = waiting ? wanted_services(&paths) : 0, i ;
  char const *dirs[n ? n : 1] ;
  tend_svwait_t w[n ? n : 1] ;
  iopause_fd x[n ? n : 1] ;
  int fd, ifd ;
  {
    size_t pos = 0 ;
    for (i = 0 ; i < n ; i++) { dirs[i] = paths.s + pos ; pos += strlen(dirs[i]) + 1 ; }
  }
  if (n) tend_svwait_start(w, dirs, n, TEND_SVWAIT_READY, TEND_SVWAIT_MKEVENT) ;
  fd = start_open(&ifd) ;
  if (!scanner_write(fd, 'a')) { fd_close_keeperrno(ifd) ; stage2_fail(111) ; }
  close(fd) ;
  if (n)
  {
    tain deadline ;
    int r ;
    deadline_in(&deadline, cmd_wait_maxtime) ;
    r = tend_svwait_wait(w, n, x, cmd_wait_maxtime ? &deadline : 0) ;
    if (r < 0) { strerr_warnwsys("unable to wait for the services") ; stage2_fail(111) ; }
    {
      stralloc list = STRALLOC_ZERO ;
      size_t base = strlen(scandir_) + 1 ;
      for (i = 0 ; i < n ; i++)
        if (w[i].result != TEND_SVWAIT_REACHED)
          if (!stralloc_catb(&list, " ", 1) || !stralloc_cats(&list, dirs[i] + base)) strerr_diefsys(111, "unable to allocate") ;
      tend_svwait_end(w, n) ;
      if (list.len)
      {
        char fmt[UINT_FMT] ;
        fmt[uint_fmt(fmt, cmd_wait_maxtime)] = 0 ;
        if (!stralloc_0(&list)) strerr_diefsys(111, "unable to allocate") ;
        say(0, "fatal: services not ready after TEND_CMD_WAIT_FOR_SERVICES_MAXTIME (", fmt, " ms):", list.s) ;
        stage2_fail(EXIT_NOTREADY) ;
      }
    }
    say(2, "services ready") ;
  }
  fd_close_keeperrno(ifd) ;
  stralloc_free(&paths) ;
}

/* Runs the CMD and waits for it. With start (the CMD does not wait for the services), the
   services are asked to start here, by the CMD's process right before its exec: the byte to
   the scanner and the exec follow each other in a process that has the CPU, so the CMD does
   not queue behind the supervisors the scanner is about to spawn. */
static void stage2_cmd (char const *const *argv, int start)
{
  char path[TEND_PATH_MAX] ;
  stralloc sa = STRALLOC_ZERO ;
  char const **envp ;
  int tty = isatty(0) ;
  int wstat ;
  int fd = -1, ifd = -1 ;
  pid_t pid ;
  sigset_t set, old ;
  envp = child_env(&sa) ;  /* first: while the scanner may still be starting */
  if (start) fd = start_open(&ifd) ;
  sigemptyset(&set) ;
  sigaddset(&set, SIGTTOU) ;
  sigaddset(&set, SIGTTIN) ;
  sigaddset(&set, SIGTSTP) ;
  sigprocmask(SIG_BLOCK, &set, &old) ;
  pid = fork() ;
  if (pid < 0) { strerr_warnwsys("unable to fork") ; stage2_fail(111) ; }
  if (!pid)
  {
    setpgid(0, 0) ;
    if (tty) tcsetpgrp(0, getpid()) ;
    selfpipe_finish() ;
    if (fd >= 0 && !scanner_write(fd, 'a')) _exit(111) ;
    exec_child(argv, envp) ;
  }
  if (fd >= 0) close(fd) ;
  setpgid(pid, pid) ;
  if (tty) tcsetpgrp(0, pid) ;
  stralloc_free(&sa) ;
  {
    char fmt[PID_FMT + 1] ;
    size_t n = pid_fmt(fmt, pid) ;
    fmt[n++] = '\n' ;
    mkpath(path, bootdir, "cmd") ;
    if (!openwritenclose_suffix(path, fmt, n, ".tmp")) strerr_warnwsys("unable to write ", path) ;
  }
  say(2, "cmd: ", argv[0], " started") ;
  wait_child_deadline(pid, 0, &wstat) ;
  fd_close_keeperrno(ifd) ;  /* after the CMD's copy is gone: closing the last copy waits */
  unlink(path) ;
  if (tty) tcsetpgrp(0, getpgrp()) ;
  sigprocmask(SIG_SETMASK, &old, 0) ;
  status_say(WIFSIGNALED(wstat) ? 1 : 2, "cmd: ", argv[0], wstat) ;
  shutdown_begin(status_code(wstat), 1) ;
}

static void stage2 (char const *const *cmd)
{
  sig_blocknone() ;
  sigchld_init() ;
  if (!skip_perms) stage2_perms() ;
  stage2_init_scripts() ;
  if (cmd && !cmd_wait) stage2_cmd(cmd, 1) ;
  stage2_scan_and_wait(cmd && cmd_wait) ;
  if (cmd) stage2_cmd(cmd, 0) ;
  _exit(0) ;
}

/* A container's pid 1 starts with what the runtime gave it; its children must not inherit
   blocked or ignored signals (a CMD with SIGTERM blocked would never stop). */
/* The signals the scanner handles (and its finish, stage 3, ignores). */
static int const scanner_sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGALRM } ;
#define SCANNER_NSIGS (sizeof scanner_sigs / sizeof *scanner_sigs)

static void signals_reset (void)
{
  int sig ;
  size_t i ;
  sigset_t set ;
  for (sig = 1 ; sig < NSIG ; sig++)
    if (sig != SIGKILL && sig != SIGSTOP) sig_restore(sig) ;
  /* Until the scanner traps them, the signals it handles stay pending (blocked, kept across
     exec) instead of being lost: pid 1 ignores a signal it has no handler for. */
  sigemptyset(&set) ;
  for (i = 0 ; i < SCANNER_NSIGS ; i++) sigaddset(&set, scanner_sigs[i]) ;
  sigprocmask(SIG_SETMASK, &set, 0) ;
}

/* ---- stage 1 ---------------------------------------------------------------------------- */

static void stage1 (char const *const *cmd)
{
  genalloc merged = GENALLOC_ZERO ;
  stralloc files = STRALLOC_ZERO ;
  char const **envp ;
  pid_t pid ;
  signals_reset() ;
  config_init((char const *const *)environ, 1) ;  /* for the messages until the env files are read */
  if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
    strerr_diefsys(111, "unable to become a child subreaper") ;
  self_exe_init() ;
  runroot_check() ;
  runroot_wipe() ;
  env_build(&files, &merged) ;
  envp = genalloc_s(char const *, &merged) ;
  config_init(envp, 0) ;
  env_write(envp) ;
  services_copy() ;
  scanner_hooks() ;
  say(2, "stage 1 done: starting the scanner") ;
  pid = fork() ;
  if (pid < 0) strerr_diefsys(111, "unable to fork") ;
  if (!pid)
  {
    environ = (char **)envp ;
    stage2(cmd) ;
  }
  {
    char fmt[UINT_FMT] ;
    char const *argv[6] = { "tend-svscan", "-s", "-T", fmt, scandir_, 0 } ;
    char const *path = env_get2(envp, "PATH") ;
    fmt[uint_fmt(fmt, services_gracetime)] = 0 ;
    if (!path) path = "/usr/local/bin:/usr/bin:/bin" ;
    execvep(argv[0], argv, envp, path) ;
    strerr_diefsys(errno == ENOENT ? 127 : 126, "unable to exec ", argv[0]) ;
  }
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
static int wait_none_left (unsigned int ms, int runner)
{
  tain deadline ;
  deadline_in(&deadline, ms) ;
  for (;;)
  {
    int r = reap() ;
    if (runner ? !runner_alive() : r) return 1 ;
    r = sigchld_pause(&deadline) ;
    if (r < 0) { strerr_warnwsys("iopause") ; return 0 ; }
    if (!r) return 0 ;
  }
}

static void stage3 (void)
{
  char fmt[UINT_FMT] ;
  int code ;
  size_t i ;
  config_init((char const *const *)environ, 1) ;  /* stage 1 warned already */
  sigchld_init() ;
  for (i = 0 ; i < SCANNER_NSIGS ; i++) sig_ignore(scanner_sigs[i]) ;
  if (decide(0) > 0)
  {
    /* stopped without a trigger of ours (tend-svc -S): run the finalize scripts now */
    say(2, "stopping: exit code 0") ;
    run_finalize() ;
  }
  else
  {
    int n = etc_foreach("finalize", LIST_QUIET, 0, 0) ;
    say(3, "waiting for the finalize scripts") ;
    if (!wait_none_left(finalize_maxtime * (n > 0 ? (unsigned int)n : 1) + 1000, 1))
      say(1, "warning: the finalize scripts are still running: going on") ;
  }
  code = decided_code() ;
  if (code < 0) code = 0 ;
  say(2, "sending TERM to every remaining process") ;
  kill_all(SIGTERM) ;
  kill_all(SIGCONT) ;
  if (!wait_none_left(kill_gracetime, 0))
  {
    fmt[uint_fmt(fmt, kill_gracetime)] = 0 ;
    say(1, "processes still there after TEND_KILL_GRACETIME (", fmt, " ms): sending KILL") ;
    kill_all(SIGKILL) ;
    if (!wait_none_left(5000, 0)) say(1, "warning: processes still there after SIGKILL (going on)") ;
  }
  if (sync_disks) { say(2, "syncing disks") ; sync() ; }
  fmt[uint_fmt(fmt, (unsigned int)code)] = 0 ;
  say(2, "exiting with code ", fmt) ;
  _exit(code) ;
}

/* ---- diverted signals and --halt ----------------------------------------------------------- */

static pid_t cmd_pid (void)
{
  char buf[PID_FMT + 2] ;
  pid_t pid ;
  if (boot_read("cmd", buf, sizeof buf) <= 0) return 0 ;
  if (!pid_scan(buf, &pid) || pid <= 1) return 0 ;
  return pid ;
}

static void signal_mode (char const *name)
{
  int sig ;
  config_init((char const *const *)environ, 1) ;
  if (!tend_value_sig(name, strlen(name), &sig)) strerr_dief(100, "unknown signal: ", name) ;
  if (cmd_signals)
  {
    pid_t pid = cmd_pid() ;
    if (pid)
    {
      char fmt[PID_FMT] ;
      fmt[pid_fmt(fmt, pid)] = 0 ;
      say(3, "forwarding ", name, " to the CMD (pid ", fmt, ")") ;
      if (kill(pid, sig) < 0 && errno != ESRCH) strerr_diefsys(111, "unable to kill ", fmt) ;
      _exit(0) ;
    }
  }
  if (sig == SIGTERM || sig == SIGINT)
  {
    say(2, "received ", name, ": stopping") ;
    shutdown_begin(0, 0) ;
  }
  else if (sig == SIGHUP) scanner_send('h', 1000) ;
  _exit(0) ;
}

static void halt_mode (char const *s)
{
  unsigned int code ;
  if (!tend_value_uint(s, strlen(s), &code) || code > 255) dieusage() ;
  config_init((char const *const *)environ, 0) ;
  shutdown_begin((int)code, 0) ;
  say(1, "halt: stopping the container with code ", s) ;
  _exit(0) ;
}


/* ---- --check ---------------------------------------------------------------------------- */

static void check_exec (char const *path, int optional)
{
  struct stat st ;
  if (stat(path, &st) < 0)
  {
    if (errno == ENOENT) { if (!optional) problem(path, "missing") ; }
    else problem(path, strerror(errno)) ;
    return ;
  }
  if (!S_ISREG(st.st_mode)) problem(path, "not a regular file") ;
  else if (!(st.st_mode & 0111)) problem(path, "not executable (chmod +x)") ;
}

static void check_value (char const *dir, char const *name, int issig)
{
  char buf[TEND_VALUE_MAX] ;
  char path[TEND_PATH_MAX] ;
  ssize_t r = tend_value_read(dir, name, buf, sizeof buf) ;
  unsigned int u ;
  int sig ;
  mkpath(path, dir, name) ;
  if (r < 0)
  {
    if (errno == EFBIG) problem(path, "too long") ;
    else if (errno != ENOENT) problem(path, strerror(errno)) ;
    return ;
  }
  if (issig ? !tend_value_sig(buf, (size_t)r, &sig) : !tend_value_uint(buf, (size_t)r, &u))
  {
    char pr[TEND_VALUE_MAX * 4 + 8] ;
    while (r > 0 && (buf[r-1] == '\n' || buf[r-1] == ' ' || buf[r-1] == '\t')) r-- ;  /* shown without the final newline */
    tend_value_printable(pr, sizeof pr, buf, (size_t)r) ;
    problem(path, issig ? "not a signal name or number" : "not a decimal number", ": \"", pr, "\"") ;
  }
  else if (!issig && !strcmp(name, TEND_SVDIR_NOTIFICATION_FD) && u < 3)
    problem(path, "must be 3 or more (0, 1 and 2 are stdin, stdout and stderr)") ;
}

static void check_svdir (char const *dir, int islog)
{
  char path[TEND_PATH_MAX] ;
  struct stat st ;
  mkpath(path, dir, TEND_SVDIR_RUN) ; check_exec(path, 0) ;
  mkpath(path, dir, TEND_SVDIR_FINISH) ; check_exec(path, 1) ;
  check_value(dir, TEND_SVDIR_TIMEOUT_KILL, 0) ;
  check_value(dir, TEND_SVDIR_TIMEOUT_FINISH, 0) ;
  check_value(dir, TEND_SVDIR_MAX_DEATH_TALLY, 0) ;
  check_value(dir, TEND_SVDIR_NOTIFICATION_FD, 0) ;
  check_value(dir, TEND_SVDIR_DOWN_SIGNAL, 1) ;
  if (islog) return ;
  mkpath(path, dir, TEND_SVDIR_LOG) ;
  if (stat(path, &st) == 0)
  {
    if (S_ISDIR(st.st_mode)) check_svdir(path, 1) ;
    else problem(path, "not a directory") ;
  }
}

static void check_exec_one (char const *dir, char const *name, void *ctx)
{
  char path[TEND_PATH_MAX] ;
  (void)ctx ;
  mkpath(path, dir, name) ;
  check_exec(path, 0) ;
}

typedef struct permsread_s permsread ;
struct permsread_s { char const *const *envp ; stralloc content ; } ;

static void check_perms_one (char const *dir, char const *name, void *ctx)
{
  permsread *r = ctx ;
  char path[TEND_PATH_MAX] ;
  char buf[TEND_PERMS_LINEMAX] ;
  size_t pos = 0, line = 0 ;
  mkpath(path, dir, name) ;
  r->content.len = 0 ;
  if (!openslurpclose(&r->content, path)) { problem(path, strerror(errno)) ; return ; }
  while (pos < r->content.len)
  {
    char const *nl = memchr(r->content.s + pos, '\n', r->content.len - pos) ;
    size_t len = nl ? (size_t)(nl - r->content.s) - pos : r->content.len - pos ;
    tend_perms_rule_t rule ;
    tend_perms_err_t err ;
    line++ ;
    if (tend_perms_parse(r->content.s + pos, len, r->envp, buf, sizeof buf, &rule, &err) < 0)
      check_line_problem(path, line, err.reason, err.detail) ;
    pos += len + 1 ;
  }
}

static void check_service_one (char const *dir, char const *name, void *ctx)
{
  char path[TEND_PATH_MAX] ;
  struct stat st ;
  (void)ctx ;
  mkpath(path, dir, name) ;
  if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) problem(path, "not a directory") ;
  else check_svdir(path, 0) ;
}

static void check_mode (void)
{
  stralloc vars = STRALLOC_ZERO ;
  genalloc merged = GENALLOC_ZERO ;
  envread er = { .vars = &vars, .content = STRALLOC_ZERO, .check = 1 } ;
  permsread pr = { .envp = 0, .content = STRALLOC_ZERO } ;
  struct stat st ;
  if (stat(etc, &st) < 0 || !S_ISDIR(st.st_mode))
  {
    problem(etc, "missing or not a directory (set TEND_ETC?)") ;
    _exit(1) ;
  }
  etc_foreach("services", LIST_PROBLEM, &check_service_one, 0) ;
  etc_foreach("envs", LIST_PROBLEM, &env_read_one, &er) ;  /* the assignments, for the perms substitutions */
  if (!tend_env_merge(&merged, 0, (char const *const *)environ, vars.s, vars.len)) strerr_diefsys(111, "unable to allocate") ;
  pr.envp = genalloc_s(char const *, &merged) ;
  etc_foreach("perms", LIST_PROBLEM, &check_perms_one, &pr) ;
  etc_foreach("init", LIST_PROBLEM, &check_exec_one, 0) ;
  etc_foreach("finalize", LIST_PROBLEM, &check_exec_one, 0) ;
  if (problems)
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, problems)] = 0 ;
    strerr_warn(PROG, ": check: ", fmt, problems == 1 ? " problem in " : " problems in ", etc) ;
    _exit(1) ;
  }
  say(1, "check: ", etc, ": no problem found") ;
  _exit(0) ;
}

/* ---- --preboot ---------------------------------------------------------------------------- */

static void preboot_mode (void)
{
  char const *x ;
  uid_t uid = 0 ;
  gid_t gid = 0 ;
  int code ;
  config_init((char const *const *)environ, 0) ;
  x = getenv("USERMAP_UID") ;
  if (x && !uid0_scan(x, &uid)) strerr_dief(100, "bad USERMAP_UID: ", x) ;
  x = getenv("USERMAP_GID") ;
  if (x && !gid0_scan(x, &gid)) strerr_dief(100, "bad USERMAP_GID: ", x) ;
  use_envdir = 0 ;
  code = run_fixperms() ;
  if (code) _exit(code) ;
  if (mkdir(run, 0755) < 0 && errno != EEXIST) strerr_diefsys(111, "unable to mkdir ", run) ;
  if (chown(run, uid, gid) < 0) strerr_diefsys(111, "unable to chown ", run) ;
  {
    char fu[UID_FMT], fg[GID_FMT] ;
    fu[uid_fmt(fu, uid)] = 0 ;
    fg[gid_fmt(fg, gid)] = 0 ;
    say(1, "preboot: perms applied, ", run, " owned by ", fu, ":", fg) ;
  }
  _exit(0) ;
}

/* ---- --log-prefix: the run script of the loggers added for TEND_LOG_PREFIX=1 ------------ */

/* Run as "#!tend-init --log-prefix" in SCANDIR/NAME/log/: execs tend-logger with the script
   "pNAME: " 1, i.e. every whole line, prefixed with the service's name, to stdout (the
   container's, inherited from the scanner). */
static void log_prefix_mode (void)
{
  char cwd[TEND_PATH_MAX] ;
  char prefix[TEND_PATH_MAX + 3] ;
  char const *argv[4] = { "tend-logger", prefix, "1", 0 } ;
  char *slash ;
  size_t n ;
  if (!getcwd(cwd, sizeof cwd)) strerr_diefsys(111, "unable to getcwd") ;
  n = strlen(cwd) ;
  if (n > 4 && !strcmp(cwd + n - 4, "/" TEND_SVDIR_LOG)) cwd[n - 4] = 0 ;
  slash = strrchr(cwd, '/') ;
  slash = slash ? slash + 1 : cwd ;
  prefix[0] = 'p' ;
  n = strlen(slash) ;
  memcpy(prefix + 1, slash, n) ;
  memcpy(prefix + 1 + n, ": ", 3) ;
  xexec(argv) ;
}

/* ---- main ------------------------------------------------------------------------------- */

int main (int argc, char const *const *argv)
{
  char const *base ;
  PROG = "tend-init" ;
  if (!argc) dieusage() ;
  base = strrchr(argv[0], '/') ;
  base = base ? base + 1 : argv[0] ;
  paths_init() ;
  if (!strcmp(base, "finish")) stage3() ;
  if (!strncmp(base, "SIG", 3)) signal_mode(base) ;
  argc-- ; argv++ ;
  if (argc && !strcmp(argv[0], "--halt"))
  {
    if (argc != 2) dieusage() ;
    halt_mode(argv[1]) ;
  }
  if (argc && !strcmp(argv[0], "--log-prefix")) log_prefix_mode() ;
  if (argc && !strcmp(argv[0], "--check")) { if (argc != 1) dieusage() ; check_mode() ; }
  if (argc && !strcmp(argv[0], "--preboot")) { if (argc != 1) dieusage() ; preboot_mode() ; }
  if (argc && !strcmp(argv[0], "--")) { argc-- ; argv++ ; }
  else if (argc && argv[0][0] == '-') dieusage() ;
  stage1(argc ? argv : 0) ;
  return 111 ;
}
