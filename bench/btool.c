/* ISC license. */

/* btool: the benchmark harness's stopwatch and fixture maker. Not part of tend: it is built
   by bench/run into its scratch directory, with libc only, so that it measures every
   supervisor the same way. Times are taken on CLOCK_MONOTONIC around the action, and the
   end of an action is observed through an event wherever the kernel offers one (inotify,
   pidfd, wait), so that the stopwatch itself costs next to nothing. Every wait has a
   deadline: on timeout a mode prints "timeout" and exits 1.

   btool files [-p PIDFILE] [-k PID] DIR N MS [CMD...]
                                              µs from SIGKILL to PID and spawning CMD until DIR
                                              holds >= N entries
   btool gone PID MS CMD...                   µs from spawning CMD until PID has exited
   btool stopwait OUT MS SCANNER... -- TERM...  subreaper: spawn SCANNER, on SIGUSR1 spawn TERM
                                              (with $BTOOL_CHILD = SCANNER's pid), write to OUT the
                                              µs until no descendant is left
   btool orphans N OUT                        make N double-forked orphans, write to OUT the µs
                                              until the pid namespace is back to its size, and
                                              the µs of that after the last fork; pause
   btool spawnall SVDIR                       the floor of supervision: fork and exec every
                                              SVDIR/NAME/run (in its directory) with no supervisor;
                                              on SIGTERM, send SIGTERM to them all and exit
   btool stamp FILE                           write CLOCK_REALTIME in µs to FILE, exit 0
   btool lines N LEN                          N numbered lines of LEN bytes (newline included)
   btool mktree DIR NDIRS NFILES UID GID FMODE DMODE   a tree of NDIRS dirs × NFILES files
   btool chtree DIR UID GID FMODE DMODE       set owner and modes of every entry (no symlinks)
*/

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <ftw.h>

static void die (char const *what)
{
  fprintf(stderr, "btool: fatal: %s: %s\n", what, strerror(errno)) ;
  exit(111) ;
}

static void usage (void)
{
  fputs("btool: usage: btool files|gone|stopwait|spawnall|orphans|stamp|lines|mktree|chtree ...\n", stderr) ;
  exit(100) ;
}

static long long now_us (void)
{
  struct timespec ts ;
  clock_gettime(CLOCK_MONOTONIC, &ts) ;
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 ;
}

static long long real_us (void)
{
  struct timespec ts ;
  clock_gettime(CLOCK_REALTIME, &ts) ;
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 ;
}

static pid_t spawn (char **argv)
{
  pid_t pid = fork() ;
  if (pid < 0) die("fork") ;
  if (!pid)
  {
    sigset_t set ;
    sigemptyset(&set) ;
    sigprocmask(SIG_SETMASK, &set, 0) ;
    execvp(argv[0], argv) ;
    fprintf(stderr, "btool: fatal: unable to exec %s: %s\n", argv[0], strerror(errno)) ;
    _exit(127) ;
  }
  return pid ;
}

static void write_file2 (char const *file, long long v, long long v2)
{
  char tmp[4096] ;
  FILE *f ;
  snprintf(tmp, sizeof tmp, "%s.tmp", file) ;
  f = fopen(tmp, "w") ;
  if (!f) die(tmp) ;
  fprintf(f, "%lld %lld\n", v, v2) ;
  if (fclose(f) == EOF) die(tmp) ;
  if (rename(tmp, file) < 0) die(file) ;
}

static void write_file (char const *file, long long v)
{
  char tmp[4096] ;
  FILE *f ;
  snprintf(tmp, sizeof tmp, "%s.tmp", file) ;
  f = fopen(tmp, "w") ;
  if (!f) die(tmp) ;
  fprintf(f, "%lld\n", v) ;
  if (fclose(f) == EOF) die(tmp) ;
  if (rename(tmp, file) < 0) die(file) ;
}

static long count_dir (char const *dir)
{
  long n = 0 ;
  DIR *d = opendir(dir) ;
  struct dirent *e ;
  if (!d) die(dir) ;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++ ;
  closedir(d) ;
  return n ;
}

/* files: inotify on DIR (entries are only ever added), count creations. */
static int do_files (int argc, char **argv)
{
  char const *pidfile = 0 ;
  long want, have ;
  long long ms, t0, deadline ;
  int fd ;
  pid_t child = 0, victim = 0 ;
  for (;;)
  {
    if (argc >= 2 && !strcmp(argv[0], "-p")) pidfile = argv[1] ;
    else if (argc >= 2 && !strcmp(argv[0], "-k")) victim = atol(argv[1]) ;
    else break ;
    argv += 2 ; argc -= 2 ;
  }
  if (argc < 3) usage() ;
  want = atol(argv[1]) ; ms = atoll(argv[2]) ;
  fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK) ;
  if (fd < 0) die("inotify_init1") ;
  if (inotify_add_watch(fd, argv[0], IN_CREATE | IN_MOVED_TO) < 0) die(argv[0]) ;
  have = count_dir(argv[0]) ;  /* before the action: from now on every event is a new entry */
  t0 = now_us() ;
  deadline = t0 + ms * 1000 ;
  if (victim && kill(victim, SIGKILL) < 0) die("kill") ;
  if (argc > 3)
  {
    child = spawn(argv + 3) ;
    if (pidfile) write_file(pidfile, child) ;
  }
  while (have < want)
  {
    char buf[65536] __attribute__((aligned(8))) ;
    struct pollfd p = { .fd = fd, .events = POLLIN } ;
    long long left = deadline - now_us() ;
    ssize_t r ;
    if (left <= 0) { puts("timeout") ; return 1 ; }
    if (poll(&p, 1, left / 1000 + 1) < 0 && errno != EINTR) die("poll") ;
    while ((r = read(fd, buf, sizeof buf)) > 0)
    {
      char *q = buf ;
      while (q < buf + r)
      {
        struct inotify_event *ev = (struct inotify_event *)q ;
        if (ev->mask & IN_Q_OVERFLOW) have = count_dir(argv[0]) - 1 ;
        have++ ;
        q += sizeof *ev + ev->len ;
      }
      if (!child && !victim) have = count_dir(argv[0]) ;  /* no action of ours: entries may predate the watch */
    }
  }
  printf("%lld\n", now_us() - t0) ;
  if (child) waitpid(child, 0, WNOHANG) ;
  return 0 ;
}

/* gone: pidfd becomes readable when the process exits. */
static int do_gone (int argc, char **argv)
{
  long long ms, t0 ;
  int fd ;
  pid_t child ;
  struct pollfd p ;
  int r ;
  if (argc < 3) usage() ;
  ms = atoll(argv[1]) ;
  fd = syscall(SYS_pidfd_open, (pid_t)atol(argv[0]), 0) ;
  if (fd < 0) die("pidfd_open") ;
  t0 = now_us() ;
  child = spawn(argv + 2) ;
  p.fd = fd ; p.events = POLLIN ;
  do r = poll(&p, 1, ms) ; while (r < 0 && errno == EINTR) ;
  if (r < 0) die("poll") ;
  if (!r) { puts("timeout") ; return 1 ; }
  printf("%lld\n", now_us() - t0) ;
  waitpid(child, 0, 0) ;
  return 0 ;
}

/* stopwait: we are a child subreaper, so every process the scanner leaves behind is ours to
   wait for; "no process remains" is wait() answering ECHILD. */
static int do_stopwait (int argc, char **argv)
{
  char const *out ;
  long long ms, t0, deadline ;
  int i, sep = -1 ;
  sigset_t set ;
  siginfo_t si ;
  pid_t scanner ;
  char pidbuf[32] ;
  struct timespec ts = { .tv_sec = 1, .tv_nsec = 0 } ;
  if (argc < 5) usage() ;
  out = argv[0] ; ms = atoll(argv[1]) ;
  for (i = 2 ; i < argc ; i++) if (!strcmp(argv[i], "--")) { sep = i ; break ; }
  if (sep < 3 || sep == argc - 1) usage() ;
  argv[sep] = 0 ;
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) die("prctl") ;
  sigemptyset(&set) ; sigaddset(&set, SIGUSR1) ; sigaddset(&set, SIGCHLD) ;
  sigprocmask(SIG_BLOCK, &set, 0) ;
  scanner = spawn(argv + 2) ;
  snprintf(pidbuf, sizeof pidbuf, "%d", (int)scanner) ;
  setenv("BTOOL_CHILD", pidbuf, 1) ;
  deadline = now_us() + ms * 1000 ;
  for (;;)  /* wait for the go, bounded */
  {
    int s ;
    if (now_us() > deadline) { puts("timeout") ; return 1 ; }
    s = sigtimedwait(&set, &si, &ts) ;
    if (s == SIGUSR1) break ;
    if (s == SIGCHLD) while (waitpid(-1, 0, WNOHANG) > 0) ;
  }
  t0 = now_us() ;
  deadline = t0 + ms * 1000 ;
  spawn(argv + sep + 1) ;
  for (;;)
  {
    pid_t r = waitpid(-1, 0, WNOHANG) ;
    if (r > 0) continue ;
    if (r < 0 && errno == ECHILD) break ;
    if (r < 0) die("waitpid") ;
    if (now_us() > deadline) { puts("timeout") ; return 1 ; }
    sigtimedwait(&set, &si, &ts) ;
  }
  write_file(out, now_us() - t0) ;
  return 0 ;
}

/* spawnall: what starting and stopping N services costs with nobody supervising them. */
static int do_spawnall (int argc, char **argv)
{
  DIR *d ;
  struct dirent *e ;
  sigset_t set ;
  pid_t *kids = 0 ;
  size_t n = 0, cap = 0, i ;
  int s ;
  if (argc < 1) usage() ;
  sigemptyset(&set) ; sigaddset(&set, SIGTERM) ;
  sigprocmask(SIG_BLOCK, &set, 0) ;
  d = opendir(argv[0]) ;
  if (!d) die(argv[0]) ;
  while ((e = readdir(d)))
  {
    char path[4096] ;
    pid_t pid ;
    if (e->d_name[0] == '.') continue ;
    snprintf(path, sizeof path, "%s/%s", argv[0], e->d_name) ;
    if (n == cap)
    {
      cap = cap ? 2 * cap : 1024 ;
      kids = realloc(kids, cap * sizeof *kids) ;
      if (!kids) die("realloc") ;
    }
    pid = fork() ;
    if (pid < 0) die("fork") ;
    if (!pid)
    {
      sigset_t none ;
      sigemptyset(&none) ;
      sigprocmask(SIG_SETMASK, &none, 0) ;
      if (chdir(path) < 0) die(path) ;
      execl("./run", "./run", (char *)0) ;
      die("exec ./run") ;
    }
    kids[n++] = pid ;
  }
  closedir(d) ;
  do s = sigwaitinfo(&set, 0) ; while (s < 0 && errno == EINTR) ;
  for (i = 0 ; i < n ; i++) kill(kids[i], SIGTERM) ;
  return 0 ;
}

static long count_procs (void)
{
  long n = 0 ;
  DIR *d = opendir("/proc") ;
  struct dirent *e ;
  if (!d) die("/proc") ;
  while ((e = readdir(d)))
    if (e->d_name[0] >= '0' && e->d_name[0] <= '9') n++ ;
  closedir(d) ;
  return n ;
}

/* orphans: whoever reaps them (pid 1, or a subreaper on the way), "none left" is /proc back
   to the number of processes it had before we started. Polled every 0.5 ms: the one thing
   here without an event, the same for every pid 1. */
static int do_orphans (int argc, char **argv)
{
  long n, i, base ;
  long long t0, t1, t2, deadline ;
  if (argc < 2) usage() ;
  n = atol(argv[0]) ;
  t0 = now_us() ;
  deadline = t0 + 120000000LL ;
  base = count_procs() ;
  for (i = 0 ; i < n ; i++)
  {
    pid_t pid = fork() ;
    if (pid < 0) die("fork") ;
    if (!pid)
    {
      if (fork() < 0) _exit(111) ;
      _exit(0) ;
    }
    if (waitpid(pid, 0, 0) < 0) die("waitpid") ;
  }
  t1 = now_us() ;
  while (count_procs() > base)
  {
    struct timespec ts = { .tv_sec = 0, .tv_nsec = 500000 } ;
    if (now_us() > deadline) { write_file2(argv[1], -1, -1) ; return 1 ; }
    nanosleep(&ts, 0) ;
  }
  t2 = now_us() ;
  write_file2(argv[1], t2 - t0, t2 - t1) ;
  for (;;) pause() ;
}

static int do_stamp (int argc, char **argv)
{
  if (argc < 1) usage() ;
  write_file(argv[0], real_us()) ;
  return 0 ;
}

static int do_lines (int argc, char **argv)
{
  long n, len, i ;
  static char buf[1 << 16] ;
  size_t w = 0 ;
  if (argc < 2) usage() ;
  n = atol(argv[0]) ; len = atol(argv[1]) ;
  if (len < 12 || len > 4096) usage() ;
  for (i = 0 ; i < n ; i++)
  {
    if (w + len > sizeof buf)
    {
      if (fwrite(buf, 1, w, stdout) != w) die("write") ;
      w = 0 ;
    }
    snprintf(buf + w, 12, "%010lu ", (unsigned long)i % 10000000000UL) ;
    memset(buf + w + 11, 'x', len - 12) ;
    buf[w + len - 1] = '\n' ;
    w += len ;
  }
  if (fwrite(buf, 1, w, stdout) != w || fflush(stdout)) die("write") ;
  return 0 ;
}

static int do_mktree (int argc, char **argv)
{
  long nd, nf, i, j ;
  uid_t uid ; gid_t gid ;
  mode_t fm, dm ;
  int top ;
  if (argc < 7) usage() ;
  nd = atol(argv[1]) ; nf = atol(argv[2]) ;
  uid = atol(argv[3]) ; gid = atol(argv[4]) ;
  fm = strtol(argv[5], 0, 8) ; dm = strtol(argv[6], 0, 8) ;
  if (mkdir(argv[0], dm) < 0) die(argv[0]) ;
  top = open(argv[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (top < 0) die(argv[0]) ;
  for (i = 0 ; i < nd ; i++)
  {
    char name[32] ;
    int d ;
    snprintf(name, sizeof name, "d%ld", i) ;
    if (mkdirat(top, name, dm) < 0) die(name) ;
    d = openat(top, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
    if (d < 0) die(name) ;
    for (j = 0 ; j < nf ; j++)
    {
      char f[32] ;
      int fd ;
      snprintf(f, sizeof f, "f%ld", j) ;
      fd = openat(d, f, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fm) ;
      if (fd < 0) die(f) ;
      if (fchown(fd, uid, gid) < 0 || fchmod(fd, fm) < 0) die(f) ;
      close(fd) ;
    }
    if (fchown(d, uid, gid) < 0 || fchmod(d, dm) < 0) die(name) ;
    close(d) ;
  }
  if (fchown(top, uid, gid) < 0 || fchmod(top, dm) < 0) die(argv[0]) ;
  return 0 ;
}

static uid_t ch_uid ;
static gid_t ch_gid ;
static mode_t ch_fm, ch_dm ;

static int chone (char const *path, struct stat const *st, int flag, struct FTW *ftw)
{
  (void)ftw ;
  if (flag == FTW_SL) return 0 ;
  if (lchown(path, ch_uid, ch_gid) < 0) die(path) ;
  if (chmod(path, S_ISDIR(st->st_mode) ? ch_dm : ch_fm) < 0) die(path) ;
  return 0 ;
}

static int do_chtree (int argc, char **argv)
{
  if (argc < 5) usage() ;
  ch_uid = atol(argv[1]) ; ch_gid = atol(argv[2]) ;
  ch_fm = strtol(argv[3], 0, 8) ; ch_dm = strtol(argv[4], 0, 8) ;
  if (nftw(argv[0], &chone, 64, FTW_PHYS) < 0) die(argv[0]) ;
  return 0 ;
}

int main (int argc, char **argv)
{
  if (argc < 2) usage() ;
  setvbuf(stdout, 0, _IOFBF, 1 << 16) ;
  if (!strcmp(argv[1], "files")) return do_files(argc - 2, argv + 2) ;
  if (!strcmp(argv[1], "gone")) return do_gone(argc - 2, argv + 2) ;
  if (!strcmp(argv[1], "stopwait")) return do_stopwait(argc - 2, argv + 2) ;
  if (!strcmp(argv[1], "orphans")) return do_orphans(argc - 2, argv + 2) ;
  if (!strcmp(argv[1], "spawnall")) return do_spawnall(argc - 2, argv + 2) ;
  if (!strcmp(argv[1], "stamp")) return do_stamp(argc - 2, argv + 2) ;
  if (!strcmp(argv[1], "lines")) return do_lines(argc - 2, argv + 2) ;
  if (!strcmp(argv[1], "mktree")) return do_mktree(argc - 2, argv + 2) ;
  if (!strcmp(argv[1], "chtree")) return do_chtree(argc - 2, argv + 2) ;
  usage() ;
  return 100 ;
}
