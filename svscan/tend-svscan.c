/* ISC license. */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <skalibs/gccattributes.h>
#include <skalibs/types.h>
#include <skalibs/sgetopt.h>
#include <skalibs/strerr.h>
#include <skalibs/tai.h>
#include <skalibs/iopause.h>
#include <skalibs/selfpipe.h>
#include <skalibs/sig.h>
#include <skalibs/nsig.h>
#include <skalibs/djbunix.h>
#include <skalibs/direntry.h>
#include <skalibs/genalloc.h>
#include "svdir.h"
#include "scansig.h"
#include "control.h"
#include "svrunning.h"
#include "stdopts.h"

#define USAGE "tend-svscan [ -s ] [ -T ms ] [ -c pid ] SCANDIR"
#define dieusage() strerr_dieusage(100, USAGE)

#define SUPERVISE "tend-supervise"
#define RESTART_SECS 1          /* s between two starts of one supervisor */
#define RETRY_SECS 1            /* s before retrying after a system error */
#define LOCK_ESCALATE_SECS 10   /* s before a log's lock holder is also told "d" */
#define LOCK_GIVEUP_SECS 60     /* s of a held lock before giving up until the next rescan */
#define EXIT_LOCKED 3           /* tend-supervise: another supervisor holds the lock */

/* Warnings about system errors, with the error before what the scanner does about it
   (the strerr *sys variants put it last). */
#define RETRY " (retrying in 1 second)"
#define warnsys_then(tail, ...) strerr_warnw(__VA_ARGS__, ": ", strerror(errno), tail)
#define warnsys_retry(...) warnsys_then(RETRY, __VA_ARGS__)
#define warn_ignoring(name, ...) strerr_warnw("ignoring ", name, " until the next rescan: ", __VA_ARGS__)

/* --- state ------------------------------------------------------------------------------ */

/* One supervisor slot: h[0] is the service's, h[1] its log's. */
typedef struct half_s half ;
struct half_s
{
  tain start ;       /* no start before this: last start + 1 s, or a retry deadline */
  tain lockfirst ;   /* when exit 3 was first seen, while lockstep != 0 */
  pid_t pid ;        /* the running supervisor, 0 when none */
  uint8_t dormant ;  /* not started again until the next rescan */
  uint8_t lockstep ; /* 0: no lock conflict, 1: holder told to exit, 2: also told "d" */
} ;

#define E_LOG 0x01       /* has a log/ and a pipe */
#define E_SEEN 0x02      /* found by the scan in progress */
#define E_REMOVING 0x04  /* gone from the scan directory, or terminating */
#define E_FREE 0x08      /* both supervisors gone: the slot is reclaimed */

typedef struct entry_s entry ;
struct entry_s
{
  dev_t dev ;              /* identity of the directory: a directory replaced by another */
  ino_t ino ;              /* of the same name is a new entry */
  half h[2] ;
  int p[2] ;               /* the log pipe, -1 when none; both ends kept while the pair lives */
  uint8_t flags ;
  char *name ;             /* heap, its own length: most names are far shorter than NAME_MAX */
} ;

static genalloc entries = GENALLOC_ZERO ;  /* entry: grown by rescans only */
static genalloc hashtab = GENALLOC_ZERO ;  /* uint32_t: index + 1 by dev+ino, built per scan */
static size_t hashcap = 0 ;
static size_t nfree = 0 ;

static char const *sdir = 0 ;
static int ctlfd = -1 ;
static int devnull = -1 ;
static int suspended = 0 ;
static int want_rescan = 0 ;
static int terminating = 0 ;
static tain rescan_retry = TAIN_INFINITE ;
static tain ctl_retry = TAIN_INFINITE ;
static tain term_deadline = TAIN_INFINITE ;
static unsigned int term_ms = 0 ;
static pid_t watched = 0 ;  /* -c: a child whose end runs the child hook */
static struct rlimit nofile_orig ;
static int nofile_raised = 0 ;

#define E(i) (genalloc_s(entry, &entries) + (i))
#define NENTRIES genalloc_len(entry, &entries)

/* --- small helpers ---------------------------------------------------------------------- */

static size_t half_path (char *buf, entry const *e, unsigned int which)
{
  size_t n = strlen(e->name) ;
  memcpy(buf, e->name, n) ;
  if (which) { memcpy(buf + n, "/" TEND_SVDIR_LOG, 4) ; n += 4 ; }
  buf[n] = 0 ;
  return n ;
}

static void retry_in_1s (tain *t)
{
  tain_addsec_g(t, RETRY_SECS) ;
}

/* For errors of the loop itself, which has no other way to wait: warn, sleep, go on. */
static void pause_after (char const *what)
{
  tain t ;
  warnsys_retry(what) ;
  tain_addsec_g(&t, RETRY_SECS) ;
  deepsleepuntil_g(&t) ;
}

/* What a child of the scanner needs before exec: default signals, original fd limit. */
static void child_reset (void)
{
  selfpipe_finish() ;
  if (nofile_raised) setrlimit(RLIMIT_NOFILE, &nofile_orig) ;
}

/* Supervisors are spawned with vfork(): no copy of the scanner's page tables, and the
   scanner runs again as soon as the child has exec'd, which at boot is once per service
   on the scanner's serial path. The child shares the scanner's memory until then, so it
   makes system calls only (selfpipe_finish() would reset the scanner's own selfpipe
   state: the mask is set directly, and the selfpipe's fd is close-on-exec), and reports a
   failure through these, for the scanner to warn. */
static sigset_t child_sigmask ;       /* the original mask minus the trapped signals */
static int volatile child_errno ;     /* 0, or the errno of the child's failure */
static char const *volatile child_what ;

static void fork_failed (char const *what, char const *arg, char const *then)
{
  strerr_warnw("unable to fork for ", what, arg[0] ? " " : "", arg, ": ", strerror(errno),
    errno == EAGAIN ? " (a process limit is reached: RLIMIT_NPROC or the cgroup's pids.max)" : "", then) ;
}

static pid_t fork_warn (char const *what, char const *arg, char const *then)
{
  pid_t pid = fork() ;
  if (pid < 0) fork_failed(what, arg, then) ;
  return pid ;
}

static int is_executable (char const *path)
{
  struct stat st ;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_mode & 0111 ;
}

/* Spawns the hook argv[0] of .tend-svscan/ (cwd SCANDIR, the scanner's stdin, stdout and
   stderr): its pid, or -1 when it could not be forked (warned, with then). */
static pid_t hook_spawn (char const *const *argv, char const *then)
{
  pid_t pid = fork_warn(argv[0], "", then) ;
  if (pid) return pid ;
  child_reset() ;
  execv(argv[0], (char *const *)argv) ;
  strerr_dieexec(errno == ENOENT ? 127 : 126, argv[0]) ;
}

/* --- supervisors -------------------------------------------------------------------------- */

/* In the vfork child: leaves the reason for the scanner to warn about, and exits. */
static void child_fail (int code, char const *what) gccattr_noreturn ;
static void child_fail (int code, char const *what)
{
  int e = errno ;
  child_what = what ;
  child_errno = e ;
  _exit(code ? code : e == ENOENT ? 127 : 126) ;
}

static void supervise_child (int in, int out, char const *path) gccattr_noreturn ;
static void supervise_child (int in, int out, char const *path)
{
  char const *argv[3] = { SUPERVISE, path, 0 } ;
  /* Own process group: a terminal's ^C or ^Z for the scanner does not reach supervisors.
     First, so that no signal for the scanner's group reaches the child once unblocked. */
  setpgid(0, 0) ;
  if (nofile_raised) setrlimit(RLIMIT_NOFILE, &nofile_orig) ;
  sigprocmask(SIG_SETMASK, &child_sigmask, 0) ;
  if (in >= 0 && fd_copy(0, in) < 0) child_fail(111, "set up stdin of ") ;
  if (out >= 0 && fd_copy(1, out) < 0) child_fail(111, "set up stdout of ") ;
  execvp(argv[0], (char *const *)argv) ;
  child_fail(0, "exec ") ;
}

/* Returns the pid, or -1 after a warning. The child warns about nothing itself: a failure
   before or at exec is reported here (it then exits 111, 126 or 127). */
static pid_t supervise_spawn (entry const *e, unsigned int which, char const *path)
{
  int in = which ? e->p[0] : devnull ;
  int out = !which && e->flags & E_LOG ? e->p[1] : -1 ;
  pid_t pid ;
  child_errno = 0 ;
  /* vfork on purpose (see above): the analyzer's generic objections do not apply to a
     child that only makes system calls and execs or _exits */
  pid = vfork() ;  /* NOLINT(clang-analyzer-security.insecureAPI.vfork) */
  if (pid < 0)
  {
    fork_failed(SUPERVISE, path, RETRY) ;
    return -1 ;
  }
  if (!pid) supervise_child(in, out, path) ;  /* NOLINT(clang-analyzer-unix.Vfork) */
  if (child_errno)
  {
    errno = child_errno ;
    strerr_warnwusys(child_what, SUPERVISE, " for ", path) ;
  }
  return pid ;
}

static void half_locked (entry *, unsigned int) ;

/* fresh: the scan has just found the directory, no need to check it again */
static void half_start (entry *e, unsigned int which, int fresh)
{
  half *h = e->h + which ;
  char path[NAME_MAX + 5] ;
  struct stat st ;
  pid_t pid ;
  half_path(path, e, which) ;
  if (!fresh && (stat(e->name, &st) < 0 || st.st_dev != e->dev || st.st_ino != e->ino))
  {
    strerr_warnw(e->name, ": the directory is gone or was replaced (waiting for a rescan)") ;
    h->dormant = 1 ;
    return ;
  }
  if (h->lockstep && tend_svrunning(path, TEND_SVDIR_LOCK) > 0)
  {
    /* still held: no need to fork a supervisor to hear it exit 3 again */
    half_locked(e, which) ;
    if (!h->dormant) tain_addsec_g(&h->start, RESTART_SECS) ;
    return ;
  }
  if (e->flags & E_LOG && e->p[0] < 0)
  {
    if (pipecoe(e->p) < 0)
    {
      int err = errno ;
      char lim[UINT64_FMT + 24] = "" ;  /* " (RLIMIT_NOFILE is N)" when that is the cause */
      struct rlimit rl ;
      if (err == EMFILE && getrlimit(RLIMIT_NOFILE, &rl) == 0)
      {
        size_t n = 19 ;
        memcpy(lim, " (RLIMIT_NOFILE is ", n) ;
        n += uint64_fmt(lim + n, rl.rlim_cur) ;
        memcpy(lim + n, ")", 2) ;
      }
      strerr_warnw("unable to create the log pipe of ", e->name, ": ", strerror(err), lim, RETRY) ;
      e->p[0] = e->p[1] = -1 ;
      /* both halves wait for the pipe: one warning a second */
      retry_in_1s(&e->h[0].start) ;
      retry_in_1s(&e->h[1].start) ;
      return ;
    }
  }
  pid = supervise_spawn(e, which, path) ;
  if (pid < 0)
  {
    retry_in_1s(&h->start) ;
    return ;
  }
  h->pid = pid ;
  tain_addsec_g(&h->start, RESTART_SECS) ;
}

/* Starts the supervisors of e whose time has come; the next start time goes to *deadline. */
static void entry_start (entry *e, int fresh, tain *deadline)
{
  for (unsigned int j = 0 ; j < 1U + !!(e->flags & E_LOG) ; j++)
  {
    half *h = e->h + j ;
    if (h->pid || h->dormant) continue ;
    if (!tain_less(&STAMP, &h->start)) half_start(e, j, fresh) ;
    if (!h->pid && !h->dormant && tain_less(&h->start, deadline)) *deadline = h->start ;
  }
}

static void entry_release_log (entry *e)
{
  if (e->p[0] >= 0)
  {
    fd_close(e->p[0]) ;
    fd_close(e->p[1]) ;
    e->p[0] = e->p[1] = -1 ;
  }
  if (e->h[1].pid) kill(e->h[1].pid, SIGHUP) ;
}

static void entry_free_if_done (entry *e)
{
  if (e->h[0].pid || e->h[1].pid) return ;
  entry_release_log(e) ;
  e->flags |= E_FREE ;
  nfree++ ;
}

/* The service goes down and its supervisor exits (SIGTERM); its log's supervisor is told to
   exit (SIGHUP) once the service's supervisor is gone and the scanner's pipe ends are closed,
   so the logger reads what is left in the pipe and exits at end of file. */
static void entry_remove (entry *e)
{
  if (e->flags & (E_REMOVING | E_FREE)) return ;
  e->flags |= E_REMOVING ;
  if (e->h[0].pid) kill(e->h[0].pid, SIGTERM) ;
  else entry_release_log(e) ;
  entry_free_if_done(e) ;
}

static void compact (void)
{
  size_t n = NENTRIES, i = 0 ;
  if (!nfree) return ;
  while (i < n)
  {
    if (E(i)->flags & E_FREE)
    {
      free(E(i)->name) ;
      if (i != --n) *E(i) = *E(n) ;
    }
    else i++ ;
  }
  genalloc_setlen(entry, &entries, n) ;
  nfree = 0 ;
}

/* Exit 3: another supervisor (of a previous scanner, or started by hand) holds the lock.
   A service's holder is told "dx" (down, then exit); a log's holder "x" only, so that its
   logger drains the old pipe and exits at end of file, then "dx" after LOCK_ESCALATE_SECS.
   The scanner tries again once a second and gives up after LOCK_GIVEUP_SECS. */
static void half_locked (entry *e, unsigned int which)
{
  half *h = e->h + which ;
  char path[NAME_MAX + 5] ;
  char const *cmd = 0 ;
  tain t ;
  half_path(path, e, which) ;
  if (!h->lockstep)
  {
    h->lockfirst = STAMP ;
    h->lockstep = 1 ;
    cmd = which ? "x" : "dx" ;
    strerr_warnw(path, "/", TEND_SVDIR_LOCK, " is held by another supervisor: telling it \"", cmd, "\" and waiting for it to exit") ;
  }
  else
  {
    tain_addsec(&t, &h->lockfirst, LOCK_GIVEUP_SECS) ;
    if (!tain_less(&STAMP, &t))
    {
      strerr_warnw(path, "/", TEND_SVDIR_LOCK, " is still held by another supervisor: giving up until the next rescan") ;
      h->dormant = 1 ;
      h->lockstep = 0 ;
      return ;
    }
    tain_addsec(&t, &h->lockfirst, LOCK_ESCALATE_SECS) ;
    if (which && h->lockstep == 1 && !tain_less(&STAMP, &t))
    {
      h->lockstep = 2 ;
      cmd = "dx" ;
      strerr_warnw(path, "/", TEND_SVDIR_LOCK, " is still held by another supervisor: telling it \"dx\"") ;
    }
  }
  if (cmd && !tend_control_send(path, TEND_SVDIR_CONTROL, cmd, strlen(cmd)) && errno != ENXIO && errno != ENOENT)
    strerr_warnwusys("send \"", cmd, "\" to ", path, "/", TEND_SVDIR_CONTROL) ;
}

static void half_died (entry *e, unsigned int which, int wstat)
{
  half *h = e->h + which ;
  h->pid = 0 ;
  if (e->flags & E_REMOVING)
  {
    if (!which) entry_release_log(e) ;
    entry_free_if_done(e) ;
    return ;
  }
  if (WIFEXITED(wstat) && WEXITSTATUS(wstat) == EXIT_LOCKED) { half_locked(e, which) ; return ; }
  h->lockstep = 0 ;
  {
    char path[NAME_MAX + 5] ;
    char fmt[UINT_FMT] ;
    half_path(path, e, which) ;
    if (WIFSIGNALED(wstat))
      strerr_warnw(SUPERVISE, " ", path, " was killed by SIG", sig_name(WTERMSIG(wstat)), " (restarting it within 1 second)") ;
    else
    {
      fmt[uint_fmt(fmt, WEXITSTATUS(wstat))] = 0 ;
      strerr_warnw(SUPERVISE, " ", path, " exited ", fmt, " (restarting it within 1 second)") ;
    }
  }
}

/* The -c child is reaped: SCANDIR/.tend-svscan/child PID WSTAT is spawned when executable.
   We reaped it ourselves, so the pid names no other process. */
static void watched_died (pid_t pid, int wstat)
{
  char fpid[PID_FMT], fw[UINT_FMT] ;
  char const *argv[4] = { TEND_SCANDIR_CHILD, fpid, fw, 0 } ;
  watched = 0 ;
  if (!is_executable(TEND_SCANDIR_CHILD)) return ;
  fpid[pid_fmt(fpid, pid)] = 0 ;
  fw[uint_fmt(fw, (unsigned int)wstat)] = 0 ;
  hook_spawn(argv, "") ;
}

static void reap (void)
{
  for (;;)
  {
    size_t n = NENTRIES ;
    int wstat ;
    pid_t pid = wait_nohang(&wstat) ;
    if (pid <= 0)
    {
      if (pid < 0 && errno != ECHILD) strerr_warnwusys("wait for children") ;
      break ;
    }
    if (watched && pid == watched) { watched_died(pid, wstat) ; continue ; }
    for (size_t i = 0 ; i < n ; i++)
    {
      entry *e = E(i) ;
      if (e->flags & E_FREE) continue ;
      if (e->h[0].pid == pid) { half_died(e, 0, wstat) ; break ; }
      if (e->h[1].pid == pid) { half_died(e, 1, wstat) ; break ; }
    }
    /* not found: an orphan we inherited, or a diverted signal's handler */
  }
}

/* --- scanning ----------------------------------------------------------------------------- */

static size_t hash_slot (dev_t dev, ino_t ino)
{
  uint64_t h = ((uint64_t)ino * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)dev * 0xc2b2ae3d27d4eb4fULL) ;
  return (size_t)(h ^ (h >> 29)) & (hashcap - 1) ;
}

static void hash_insert (size_t i)
{
  uint32_t *tab = genalloc_s(uint32_t, &hashtab) ;
  size_t s = hash_slot(E(i)->dev, E(i)->ino) ;
  while (tab[s]) s = (s + 1) & (hashcap - 1) ;
  tab[s] = (uint32_t)i + 1 ;
}

/* Index of the live entry for dev+ino, or -1. */
static ssize_t hash_find (dev_t dev, ino_t ino)
{
  uint32_t const *tab = genalloc_s(uint32_t, &hashtab) ;
  size_t s = hash_slot(dev, ino) ;
  while (tab[s])
  {
    entry const *e = E(tab[s] - 1) ;
    if (e->dev == dev && e->ino == ino) return (ssize_t)tab[s] - 1 ;
    s = (s + 1) & (hashcap - 1) ;
  }
  return -1 ;
}

/* Makes the table hold at least 2*(n+1) slots, and fills it with the live entries. */
static int hash_build (size_t n)
{
  size_t cap = hashcap ? hashcap : 64 ;
  while (cap < 2 * (n + 1)) cap <<= 1 ;
  if (!genalloc_ready(uint32_t, &hashtab, cap) || !hashtab.s) return 0 ;
  hashcap = cap ;
  memset(hashtab.s, 0, cap * sizeof(uint32_t)) ;
  for (size_t i = 0 ; i < NENTRIES ; i++)
    if (!(E(i)->flags & (E_REMOVING | E_FREE))) hash_insert(i) ;
  return 1 ;
}

static int stat_sub (char const *name, char const *sub, struct stat *st)
{
  char path[NAME_MAX + 9] ;
  size_t n = strlen(name), m = strlen(sub) ;
  memcpy(path, name, n) ;
  path[n] = '/' ;
  memcpy(path + n + 1, sub, m + 1) ;
  return stat(path, st) ;
}

/* Checks a new service directory. Returns 1 (E_LOG in *flags when it has a log), or 0
   after a warning naming what is wrong. */
static int entry_check (char const *name, uint8_t *flags)
{
  struct stat st ;
  char const *bad = 0 ;
  *flags = 0 ;
  if (stat_sub(name, TEND_SVDIR_RUN, &st) < 0) bad = "/" TEND_SVDIR_RUN ;
  else if (stat_sub(name, TEND_SVDIR_LOG, &st) < 0)
  {
    if (errno != ENOENT) bad = "/" TEND_SVDIR_LOG ;
  }
  else if (!S_ISDIR(st.st_mode))
  {
    warn_ignoring(name, name, "/", TEND_SVDIR_LOG, " is not a directory") ;
    return 0 ;
  }
  else if (stat_sub(name, TEND_SVDIR_LOG "/" TEND_SVDIR_RUN, &st) < 0) bad = "/" TEND_SVDIR_LOG "/" TEND_SVDIR_RUN ;
  else *flags = E_LOG ;
  if (bad)
  {
    warn_ignoring(name, "unable to stat ", name, bad, ": ", strerror(errno)) ;
    return 0 ;
  }
  return 1 ;
}

static void scan_entry (char const *name)
{
  struct stat st ;
  entry *e ;
  ssize_t i ;
  uint8_t flags ;
  if (stat(name, &st) < 0)
  {
    warn_ignoring(name, "unable to stat ", name, ": ", strerror(errno)) ;
    return ;
  }
  if (!S_ISDIR(st.st_mode))
  {
    warn_ignoring(name, "not a directory") ;
    return ;
  }
  i = hash_find(st.st_dev, st.st_ino) ;
  if (i >= 0)
  {
    e = E(i) ;
    if (e->flags & E_SEEN)
    {
      strerr_warnw(name, ": same directory as ", e->name, " (ignored)") ;
      return ;
    }
    e->flags |= E_SEEN ;
    if (strcmp(e->name, name))  /* renamed: it keeps its old name until memory allows */
    {
      char *s = strdup(name) ;
      if (!s)
      {
        warnsys_then(" (scanning again in 1 second)", "unable to record the new name of ", name) ;
        retry_in_1s(&rescan_retry) ;
      }
      else { free(e->name) ; e->name = s ; }
    }
    for (unsigned int j = 0 ; j < 2 ; j++)
      if (e->h[j].dormant) { e->h[j].dormant = 0 ; e->h[j].lockstep = 0 ; }
    return ;
  }
  if (!entry_check(name, &flags)) return ;
  if (2 * (NENTRIES + 1) > hashcap && !hash_build(NENTRIES + 1)) goto nomem ;
  {
    entry new = { .dev = st.st_dev, .ino = st.st_ino, .p = { -1, -1 }, .flags = flags | E_SEEN } ;
    new.h[0].start = new.h[1].start = tain_zero ;
    new.name = strdup(name) ;
    if (!new.name) goto nomem ;
    if (!genalloc_append(entry, &entries, &new)) { free(new.name) ; goto nomem ; }
  }
  hash_insert(NENTRIES - 1) ;
  /* started now, not after the whole scan: the other cores get to work at once (a start
     that fails sets its retry time, which run_timers takes into its deadline) */
  {
    tain unused = TAIN_INFINITE ;
    entry_start(E(NENTRIES - 1), 1, &unused) ;
  }
  return ;
 nomem:
  warnsys_then(" (scanning again in 1 second)", "unable to add ", name) ;
  retry_in_1s(&rescan_retry) ;
}

static void scan (void)
{
  DIR *dir ;
  size_t n ;
  want_rescan = 0 ;
  rescan_retry = tain_infinite ;
  compact() ;
  n = NENTRIES ;
  if (!hash_build(n))
  {
    warnsys_retry("unable to scan ", sdir) ;
    retry_in_1s(&rescan_retry) ;
    return ;
  }
  for (size_t i = 0 ; i < n ; i++) E(i)->flags &= ~E_SEEN ;
  dir = opendir(".") ;
  if (!dir)
  {
    warnsys_retry("unable to open ", sdir) ;
    retry_in_1s(&rescan_retry) ;
    return ;
  }
  for (;;)
  {
    direntry *d ;
    errno = 0 ;
    d = readdir(dir) ;
    if (!d) break ;
    if (d->d_name[0] == '.') continue ;
    scan_entry(d->d_name) ;
  }
  if (errno)
  {
    warnsys_retry("unable to read ", sdir) ;
    dir_close(dir) ;
    retry_in_1s(&rescan_retry) ;
    return ;  /* an incomplete scan removes nothing */
  }
  dir_close(dir) ;
  n = NENTRIES ;
  for (size_t i = 0 ; i < n ; i++)
    if (!(E(i)->flags & (E_SEEN | E_REMOVING | E_FREE))) entry_remove(E(i)) ;
}

/* --- commands, signals, termination --------------------------------------------------------- */

static void request_rescan (void)
{
  suspended = 0 ;
  want_rescan = 1 ;
}

static void terminate_start (void)
{
  size_t n = NENTRIES ;
  if (terminating) return ;
  terminating = 1 ;
  if (term_ms)
  {
    tain t ;
    tain_from_millisecs(&t, term_ms) ;
    tain_add_g(&term_deadline, &t) ;
  }
  for (size_t i = 0 ; i < n ; i++) entry_remove(E(i)) ;
}

/* A signal is diverted when SCANDIR/.tend-svscan/SIGNAME is executable: it is spawned
   (cwd SCANDIR, the scanner's stdin, stdout and stderr) instead of the default action. */
static int divert (int sig)
{
  char path[sizeof(TEND_SCANDIR_SELF) + 24] = TEND_SCANDIR_SELF "/SIG" ;
  char const *name = sig_name(sig) ;
  size_t n = sizeof(TEND_SCANDIR_SELF) + 3, m = strlen(name) ;
  char const *argv[2] = { path, 0 } ;
  if (n + m >= sizeof(path)) return 0 ;
  memcpy(path + n, name, m + 1) ;
  if (!is_executable(path)) return 0 ;
  return hook_spawn(argv, " (applying the default action instead)") > 0 ;
}

static void handle_signals (void)
{
  for (;;)
  {
    int sig = selfpipe_read() ;
    if (sig < 0) { pause_after("unable to read the self-pipe") ; return ; }
    if (!sig) return ;
    if (sig == SIGCHLD) { reap() ; continue ; }
    if (divert(sig)) continue ;
    switch (sig)
    {
      case SIGHUP :
      case SIGALRM : request_rescan() ; break ;
      case SIGTERM :
      case SIGINT : terminate_start() ; break ;
      default : break ;  /* SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH: only when diverted */
    }
  }
}

/* fd (opened O_NOFOLLOW) must be of type (S_IFDIR…) and ours; then it gets exactly mode,
   whatever the umask it was created under. 0 and errno (EPERM: not ours) if not. */
static int ownmode (int fd, mode_t type, mode_t mode)
{
  struct stat st ;
  if (fstat(fd, &st) < 0) return 0 ;
  if ((st.st_mode & S_IFMT) != type) return (errno = EINVAL, 0) ;
  if (st.st_uid != geteuid()) return (errno = EPERM, 0) ;
  if ((st.st_mode & 07777) != mode && fchmod(fd, mode) < 0) return 0 ;
  return 1 ;
}

static int control_open (void)
{
  if (mkfifo(TEND_SCANDIR_CONTROL, 0600) < 0 && errno != EEXIST) return -1 ;
  /* read+write: the scanner is a writer too, so it never reads end of file */
  ctlfd = open(TEND_SCANDIR_CONTROL, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW) ;
  if (ctlfd < 0) return -1 ;
  if (!ownmode(ctlfd, S_IFIFO, 0600)) goto err ;
  return 0 ;
 err:
  fd_close(ctlfd) ;
  ctlfd = -1 ;
  return -1 ;
}

static void handle_control (void)
{
  char buf[256] ;
  ssize_t r = read(ctlfd, buf, sizeof(buf)) ;
  if (r <= 0)
  {
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) return ;
    if (!r) errno = EPIPE ;
    warnsys_then(" (reopening it in 1 second)", "unable to read ", sdir, "/", TEND_SCANDIR_CONTROL) ;
    fd_close(ctlfd) ;
    ctlfd = -1 ;
    retry_in_1s(&ctl_retry) ;
    return ;
  }
  for (ssize_t i = 0 ; i < r ; i++)
    switch (buf[i])
    {
      case 'a' :
      case 'h' : request_rescan() ; break ;
      case 't' :
      case 'i' : terminate_start() ; break ;
      default : break ;
    }
}

static void finish (void) gccattr_noreturn ;
static void finish (void)
{
  if (is_executable(TEND_SCANDIR_FINISH))
  {
    char const *argv[2] = { TEND_SCANDIR_FINISH, 0 } ;
    child_reset() ;
    execv(argv[0], (char *const *)argv) ;
    strerr_dieexec(111, argv[0]) ;
  }
  _exit(0) ;
}

/* --- the loop ------------------------------------------------------------------------------- */

static void earliest (tain *deadline, tain const *t)
{
  if (tain_less(t, deadline)) *deadline = *t ;
}

/* Starts every supervisor whose time has come; returns the next deadline. */
static void run_timers (tain *deadline)
{
  size_t n ;
  *deadline = tain_infinite ;
  if (terminating)
  {
    earliest(deadline, &term_deadline) ;
    return ;
  }
  if (!suspended && !tain_less(&STAMP, &rescan_retry)) want_rescan = 1 ;
  if (ctlfd < 0 && !tain_less(&STAMP, &ctl_retry))
  {
    ctl_retry = tain_infinite ;
    if (control_open() < 0)
    {
      warnsys_retry("unable to open ", sdir, "/", TEND_SCANDIR_CONTROL) ;
      retry_in_1s(&ctl_retry) ;
    }
  }
  if (want_rescan) scan() ;
  n = NENTRIES ;
  for (size_t i = 0 ; i < n ; i++)
    if (!(E(i)->flags & (E_REMOVING | E_FREE))) entry_start(E(i), 0, deadline) ;
  earliest(deadline, &rescan_retry) ;
  earliest(deadline, &ctl_retry) ;
}

static void raise_nofile (void)
{
  struct rlimit rl ;
  if (getrlimit(RLIMIT_NOFILE, &nofile_orig) < 0)
  {
    strerr_warnwusys("get RLIMIT_NOFILE") ;
    return ;
  }
  if (nofile_orig.rlim_cur >= nofile_orig.rlim_max) return ;
  rl.rlim_cur = nofile_orig.rlim_max ;
  rl.rlim_max = nofile_orig.rlim_max ;
  if (setrlimit(RLIMIT_NOFILE, &rl) < 0) strerr_warnwusys("raise RLIMIT_NOFILE") ;
  else nofile_raised = 1 ;
}

int main (int argc, char const *const *argv)
{
  static char progbuf[TEND_PATH_MAX + 16] ;
  sigset_t set ;
  int lockfd, spfd ;
  PROG = "tend-svscan" ;
  tend_stdopts(argc, argv, USAGE) ;
  {
    subgetopt l = SUBGETOPT_ZERO ;
    for (;;)
    {
      int opt = subgetopt_r(argc, argv, "sT:c:", &l) ;
      if (opt == -1) break ;
      switch (opt)
      {
        case 's' : suspended = 1 ; break ;
        case 'T' : if (!uint0_scan(l.arg, &term_ms)) dieusage() ; break ;
        case 'c' : if (!pid0_scan(l.arg, &watched) || watched <= 0) dieusage() ; break ;
        default : dieusage() ;
      }
    }
    argc -= l.ind ; argv += l.ind ;
  }
  if (argc != 1 || !argv[0][0]) dieusage() ;
  sdir = argv[0] ;
  {
    size_t n = strlen(sdir) ;
    if (n > TEND_PATH_MAX) n = TEND_PATH_MAX ;
    memcpy(progbuf, "tend-svscan ", 12) ;
    memcpy(progbuf + 12, sdir, n) ;
    progbuf[12 + n] = 0 ;
    PROG = progbuf ;
  }

  if (!fd_sanitize()) strerr_diefusys(111, "make sure fds 0, 1 and 2 are open") ;
  raise_nofile() ;
  if (chdir(sdir) < 0) strerr_diefusys(111, "chdir to ", sdir) ;
  /* .tend-svscan/ and its lock: ours, no symlink followed, exact modes whatever the umask.
     The lock is 0600: another user who could open it could hold a shared lock on it and
     keep every later scanner out. */
  if (mkdir(TEND_SCANDIR_SELF, 0755) < 0 && errno != EEXIST)
    strerr_diefusys(111, "mkdir ", sdir, "/", TEND_SCANDIR_SELF) ;
  {
    int selffd = open(TEND_SCANDIR_SELF, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY) ;
    if (selffd < 0 || !ownmode(selffd, S_IFDIR, 0755))
      strerr_diefusys(111, "open ", sdir, "/", TEND_SCANDIR_SELF, " as a directory of the scanner's user, mode 0755") ;
    lockfd = openat(selffd, TEND_SCANDIR_LOCK + sizeof(TEND_SCANDIR_SELF), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0600) ;
    if (lockfd < 0 || !ownmode(lockfd, S_IFREG, 0600))
      strerr_diefusys(111, "open ", sdir, "/", TEND_SCANDIR_LOCK, " as a file of the scanner's user, mode 0600") ;
    fd_close(selffd) ;
  }
  switch (fd_lock(lockfd, 1, 1))
  {
    case 1 : break ;
    case 0 : strerr_dief(EXIT_LOCKED, "another tend-svscan is running on ", sdir, " (", sdir, "/", TEND_SCANDIR_LOCK, " is locked)") ;
    default : strerr_diefusys(111, "lock ", sdir, "/", TEND_SCANDIR_LOCK) ;
  }
  if (control_open() < 0) strerr_diefusys(111, "open ", sdir, "/", TEND_SCANDIR_CONTROL) ;
  devnull = open("/dev/null", O_RDONLY | O_CLOEXEC | O_NOCTTY) ;
  if (devnull < 0) strerr_warnwusys("open /dev/null (services get the scanner's stdin)") ;

  spfd = selfpipe_init() ;
  if (spfd < 0) strerr_diefusys(111, "init the self-pipe") ;
  sigemptyset(&set) ;
  sigaddset(&set, SIGCHLD) ;
  for (int i = 0 ; i < TEND_SCANSIGS_N ; i++) sigaddset(&set, tend_scansigs[i].sig) ;
  sigprocmask(SIG_BLOCK, 0, &child_sigmask) ;
  for (int i = 1 ; i < SKALIBS_NSIG ; i++)
    if (sigismember(&set, i) == 1) sigdelset(&child_sigmask, i) ;
  if (!selfpipe_trapset(&set)) strerr_diefusys(111, "trap signals") ;
  if (!sig_altignore(SIGPIPE)) strerr_diefusys(111, "ignore SIGPIPE") ;
  reap() ;  /* a child that ended before the trap (the -c one) sent a SIGCHLD we lost */

  tain_now_set_stopwatch_g() ;
  if (!suspended) want_rescan = 1 ;

  for (;;)
  {
    iopause_fd x[2] = { { .fd = spfd, .events = IOPAUSE_READ }, { .fd = -1, .events = IOPAUSE_READ } } ;
    tain deadline ;
    int r ;
    run_timers(&deadline) ;
    x[1].fd = ctlfd ;
    compact() ;
    if (terminating && (!NENTRIES || !tain_less(&STAMP, &term_deadline)))
    {
      if (NENTRIES)
      {
        char fmt[UINT_FMT] ;
        fmt[uint_fmt(fmt, term_ms)] = 0 ;
        strerr_warnw("supervisors still running after ", fmt, " ms: not waiting for them") ;
      }
      finish() ;
    }
    r = iopause_g(x, 1 + (ctlfd >= 0), &deadline) ;
    if (r < 0) { pause_after("unable to iopause") ; continue ; }
    if (x[0].revents & IOPAUSE_READ) handle_signals() ;
    if (ctlfd >= 0 && x[1].revents & IOPAUSE_READ) handle_control() ;
  }
}
