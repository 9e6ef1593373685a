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
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/prctl.h>
#include <skalibs/types.h>
#include <skalibs/allreadwrite.h>
#include <skalibs/buffer.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/djbunix.h>
#include <skalibs/direntry.h>
#include <skalibs/env.h>
#include <skalibs/exec.h>
#include <skalibs/sig.h>
#include <skalibs/selfpipe.h>
#include <skalibs/tai.h>
#include "config.h"
#include "stdopts.h"
#include "dir.h"
#include "svdir.h"
#include "value.h"
#include "envfiles.h"
#include "settings.h"
#include "scansig.h"
#include "scanner.h"
#include "spawn.h"
#include "boot.h"
#include "stop.h"
#include "svwait.h"
#include "deadline.h"
#include "svcopy.h"

#define USAGE "tend-init [ --check [ -j ] | --preboot | --halt code | -- ] [ cmd args... ]"
#define dieusage() strerr_dieusage(100, USAGE)

/* Exit codes of the container that tend-init decides itself. */
#define EXIT_NOTREADY 124   /* TEND_CMD_WAIT_FOR_SERVICES_MAXTIME passed */

/* ---- configuration ---------------------------------------------------------------------- */

/* What the boot knows, made by stage 1 and handed to stage 2 (fork), never changed after. */
typedef struct boot_s boot ;
struct boot_s
{
  char const *etc ;                   /* TEND_ETC */
  char const *run ;                   /* TEND_RUN */
  char scandir[TEND_PATH_MAX] ;       /* TEND_RUN/services */
  char envdir[TEND_PATH_MAX] ;        /* TEND_RUN/env, or "" before it is written */
  char self[TEND_PATH_MAX] ;          /* our executable */
  unsigned int v[TEND_S_N] ;          /* the TEND_* settings (settings.h) */
} ;

#define say(b, level, ...) do { if ((int)(b)->v[TEND_S_VERBOSITY] >= (level)) strerr_warn(PROG, ": ", __VA_ARGS__) ; } while (0)

/* A bad TEND_* value: a warning, and the default is used. */
static void setting_bad (tend_setting const *st, char const *value, void *ctx)
{
  char fmt[UINT_FMT] ;
  (void)ctx ;
  fmt[uint_fmt(fmt, st->def)] = 0 ;
  strerr_warnw("bad value for ", st->name, ": \"", value, "\" (using ", fmt, ")") ;
}

static void boot_init (boot *b)
{
  char const *x = getenv("TEND_ETC") ;
  b->etc = x && *x ? x : TEND_ETC ;
  x = getenv("TEND_RUN") ;
  b->run = x && *x ? x : TEND_RUN ;
  b->envdir[0] = 0 ;
  b->self[0] = 0 ;
  if (!tend_svdir_path(b->scandir, sizeof b->scandir, b->run, "services"))
    strerr_diefsys(100, "unable to use runtime root ", b->run) ;
}

static void config_init (boot *b, char const *const *envp, int quiet)
{
  tend_settings_read(envp, b->v, quiet ? 0 : &setting_bad, 0) ;
}

static void mkpath (char *buf, char const *dir, char const *file)
{
  if (!tend_svdir_path(buf, TEND_PATH_MAX, dir, file))
    strerr_diefsys(111, "unable to build a path under ", dir) ;
}

/* ---- small helpers ---------------------------------------------------------------------- */

/* What dir_foreach does when it cannot list a directory (a missing one has no entries). */
enum listfail { LIST_DIE, LIST_WARN, LIST_QUIET } ;

typedef void dir_fn (boot const *b, char const *dir, char const *name, void *ctx) ;

/* Calls fn on each entry of dir not starting with '.', in name order. Returns the number
   of entries, or -1 when dir cannot be listed (after what fail says). */
static int dir_foreach (boot const *b, char const *dir, enum listfail fail, dir_fn *fn, void *ctx)
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
      case LIST_QUIET : break ;
    }
  for (i = 0 ; i < n ; i++) (*fn)(b, dir, sa.s + genalloc_s(size_t, &v)[i], ctx) ;
  stralloc_free(&sa) ;
  genalloc_free(size_t, &v) ;
  return n ;
}

/* The stop's view of the boot. */
static void stop_init (boot const *b, tend_stop *s)
{
  s->etc = b->etc ;
  s->run = b->run ;
  s->finalize_maxtime = b->v[TEND_S_KILL_FINALIZE_MAXTIME] ;
  s->verbosity = (int)b->v[TEND_S_VERBOSITY] ;
}

static void fd_close_keeperrno (int fd)
{
  int e = errno ;
  if (fd >= 0) close(fd) ;
  errno = e ;
}

static void scanner_warn (boot const *b, char c)
{
  char s[2] = { c, 0 } ;
  strerr_warnwsys("unable to send ", s, " to the scanner at ", b->scandir) ;
}
/* ---- stage 1: the runtime root ------------------------------------------------------------ */

static void runroot_check (boot const *b)
{
  struct stat st ;
  struct statvfs vfs ;
  uid_t uid = geteuid() ;
  char fmt[UID_FMT], fmt2[UID_FMT] ;
  if (stat(b->run, &st) < 0)
  {
    if (errno != ENOENT) strerr_diefsys(111, "unable to stat runtime root ", b->run) ;
    if (uid || mkdir(b->run, 0755) < 0)
      strerr_dief(100, "runtime root ", b->run, " does not exist: create it in the image or mount a tmpfs there (docker run --tmpfs ", b->run, ":exec,mode=0755), or set TEND_RUN") ;
    say(b, 2, "created the runtime root ", b->run) ;
    if (stat(b->run, &st) < 0) strerr_diefsys(111, "unable to stat runtime root ", b->run) ;
  }
  if (!S_ISDIR(st.st_mode)) strerr_dief(100, "runtime root ", b->run, " is not a directory") ;
  if (uid && st.st_uid != uid)
  {
    fmt[uid_fmt(fmt, st.st_uid)] = 0 ;
    fmt2[uid_fmt(fmt2, uid)] = 0 ;
    strerr_dief(100, "runtime root ", b->run, " is owned by uid ", fmt, " but tend-init runs as uid ", fmt2,
      ": mount a tmpfs there with uid=", fmt2, " (docker run --tmpfs ", b->run, ":exec,uid=", fmt2, "), or chown it at build time (tend-init --preboot)") ;
  }
  if (access(b->run, W_OK) < 0)
  {
    if (errno != EACCES && errno != EROFS && errno != EPERM) strerr_diefsys(111, "unable to check runtime root ", b->run) ;
    if (uid)
      strerr_dief(100, "runtime root ", b->run, " is not writable by uid ", (fmt[uid_fmt(fmt, uid)] = 0, fmt),
        ": mount a tmpfs there (docker run --tmpfs ", b->run, ":exec,uid=", fmt, ")") ;
    if (mount("tmpfs", b->run, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
      strerr_diefsys(111, "runtime root ", b->run, " is not writable, and mounting a tmpfs there failed") ;
    say(b, 1, "runtime root ", b->run, " is not writable: mounted a tmpfs on it") ;
  }
  if (statvfs(b->run, &vfs) < 0) strerr_diefsys(111, "unable to statvfs runtime root ", b->run) ;
  if (vfs.f_flag & ST_NOEXEC)
    strerr_dief(100, "runtime root ", b->run, " is mounted noexec: the service scripts copied there could not run: mount it with exec (docker run --tmpfs ", b->run, ":exec)") ;
}

static void runroot_wipe (boot const *b)
{
  char path[TEND_PATH_MAX] ;
  DIR *d = opendir(b->run) ;
  if (!d) strerr_diefsys(111, "unable to open runtime root ", b->run) ;
  for (;;)
  {
    direntry *de ;
    errno = 0 ;
    de = readdir(d) ;
    if (!de) break ;
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue ;
    mkpath(path, b->run, de->d_name) ;
    if (rm_rf(path) < 0) strerr_diefsys(111, "unable to remove ", path) ;
  }
  if (errno) strerr_diefsys(111, "unable to read runtime root ", b->run) ;
  dir_close(d) ;
  if (mkdir(b->scandir, 0755) < 0) strerr_diefsys(111, "unable to mkdir ", b->scandir) ;
  mkpath(path, b->run, TEND_BOOT_DIR) ;
  if (mkdir(path, 0755) < 0) strerr_diefsys(111, "unable to mkdir ", path) ;
}

/* ---- stage 1: the environment ----------------------------------------------------------- */

/* What tend_envfiles_read finds at boot: a mistake stops the boot (tend-check reports the
   same findings, read by the same function). */
static void env_said (char const *path, int e, size_t line, char const *msg, char const *detail, void *ctx)
{
  boot const *b = ctx ;
  char fmt[SIZE_FMT] ;
  if (e) { errno = e ; strerr_diefsys(111, "unable to read ", path) ; }
  if (detail && !strcmp(detail, TEND_ENV_BADNAME)) { strerr_warnw(path, ": ", msg, ": ", detail) ; return ; }
  if (line)
  {
    fmt[size_fmt(fmt, line)] = 0 ;
    strerr_dief(100, path, ":", fmt, ": ", msg) ;
  }
  if (msg) strerr_dief(100, path, ": ", msg, ": ", detail) ;
  say(b, 3, "read env file ", path) ;
}

/* Reads TEND_ETC/envs/ and builds the merged environment into merged (pointers into vars,
   fixed and environ). */
static void env_build (boot const *b, stralloc *vars, stralloc *fixed, genalloc *merged)
{
  if (tend_envfiles_merge(b->etc, b->run, (char const *const *)environ, vars, fixed, merged, &env_said, (void *)b) < 0)
    strerr_diefsys(111, "unable to read ", b->etc, "/envs") ;
}

/* Writes the envdir: made whole as env.tmp, then renamed to env, so that it is never seen
   half written (one rename instead of one per file). */
static void env_write (boot *b, char const *const *envp)
{
  char tmp[TEND_PATH_MAX] ;
  int dfd ;
  mkpath(tmp, b->run, "env.tmp") ;
  if (mkdir(tmp, 0755) < 0) strerr_diefsys(111, "unable to mkdir ", tmp) ;
  dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
  if (dfd < 0) strerr_diefsys(111, "unable to open ", tmp) ;
  for (; *envp ; envp++)
  {
    char const *eq = strchr(*envp, '=') ;
    size_t k = eq - *envp, len ;
    char name[TEND_PATH_MAX] ;
    int fd ;
    if (!tend_env_nameok(*envp, k)) continue ;  /* not reached: tend_envfiles_merge dropped it */
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
  mkpath(b->envdir, b->run, "env") ;
  if (rename(tmp, b->envdir) < 0) strerr_diefsys(111, "unable to rename ", tmp, " to ", b->envdir) ;
}

/* ---- our executable and its siblings --------------------------------------------------- */

static void self_init (boot *b)
{
  ssize_t r = readlink("/proc/self/exe", b->self, sizeof b->self - 1) ;
  if (r <= 0) strerr_diefsys(111, "unable to readlink /proc/self/exe") ;
  b->self[r] = 0 ;
}

/* The path of the program name: beside self (our executable) when it is there, else the
   first executable name in PATH. 1, or 0 when there is none. */
static int sibling_find (char *buf, char const *self, char const *name)
{
  char const *slash = strrchr(self, '/') ;
  char const *path = getenv("PATH") ;
  size_t n = strlen(name) ;
  if (slash && (size_t)(slash - self) + n + 2 <= TEND_PATH_MAX)
  {
    memcpy(buf, self, (size_t)(slash - self) + 1) ;
    memcpy(buf + (slash - self) + 1, name, n + 1) ;
    if (access(buf, X_OK) == 0) return 1 ;
  }
  if (!path) path = "/usr/local/bin:/usr/bin:/bin" ;
  while (*path)
  {
    size_t len = strcspn(path, ":") ;
    if (len && len + n + 2 <= TEND_PATH_MAX)
    {
      memcpy(buf, path, len) ;
      buf[len] = '/' ;
      memcpy(buf + len + 1, name, n + 1) ;
      if (buf[0] == '/' && access(buf, X_OK) == 0) return 1 ;
    }
    path += len + (path[len] == ':') ;
  }
  return 0 ;
}

/* Execs the program argv[0], found by sibling_find: tend-init --check and --halt. */
static void sibling_exec (char const *const *argv) gccattr_noreturn ;
static void sibling_exec (char const *const *argv)
{
  boot b ;
  char path[TEND_PATH_MAX] ;
  self_init(&b) ;
  if (!sibling_find(path, b.self, argv[0])) strerr_dief(127, "unable to find ", argv[0], " beside ", b.self, " or in PATH") ;
  execv(path, (char *const *)argv) ;
  strerr_dieexec(errno == ENOENT ? 127 : 126, path) ;
}

/* A log/ directory whose run is a script interpreted by tend-init --log-prefix, which
   execs the logger in its prefix mode: no shell needed in the image. */
static void add_prefix_logger (boot const *b, char const *svc, char const *name)
{
  char path[TEND_PATH_MAX] ;
  stralloc sa = STRALLOC_ZERO ;
  mkpath(path, svc, TEND_SVDIR_LOG) ;
  if (mkdir(path, 0755) < 0) strerr_diefsys(111, "unable to mkdir ", path) ;
  mkpath(path, path, TEND_SVDIR_RUN) ;
  if (!stralloc_cats(&sa, "#!") || !stralloc_cats(&sa, b->self) || !stralloc_cats(&sa, " --log-prefix\n")
   || !stralloc_cats(&sa, "# written by tend-init for TEND_LOG_PREFIX=1: lines of ")
   || !stralloc_cats(&sa, name) || !stralloc_cats(&sa, " go to the container's stdout\n"))
    strerr_diefsys(111, "unable to allocate") ;
  if (!openwritenclose_unsafe(path, sa.s, sa.len) || chmod(path, 0755) < 0)
    strerr_diefsys(111, "unable to write ", path) ;
  stralloc_free(&sa) ;
}

/* Copying the services: set up at the first one (nothing is opened for an empty services/). */
typedef struct svcopy_s svcopy ;
struct svcopy_s { int sfd ; int dfd ; mode_t um ; } ;

static void service_copy (boot const *b, char const *dir, char const *name, void *ctx)
{
  svcopy *c = ctx ;
  char src[TEND_PATH_MAX], dst[TEND_PATH_MAX], path[TEND_PATH_MAX] ;
  struct stat st ;
  int fd ;
  if (c->sfd < 0)
  {
    c->sfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
    if (c->sfd < 0) strerr_diefsys(111, "unable to open ", dir) ;
    c->dfd = open(b->scandir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;
    if (c->dfd < 0) strerr_diefsys(111, "unable to open ", b->scandir) ;
    c->um = umask(0) ;
  }
  mkpath(src, dir, name) ;
  if (fstatat(c->sfd, name, &st, 0) < 0 || !S_ISDIR(st.st_mode))
  {
    strerr_warnw("ignoring ", src, ": not a directory") ;
    return ;
  }
  mkpath(dst, b->scandir, name) ;
  fd = openat(c->sfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC) ;  /* a symlink is followed */
  if (fd < 0 || !tend_svdir_copy(fd, &st, c->dfd, name)) strerr_diefsys(111, "unable to copy ", src, " to ", dst) ;
  fd_close(fd) ;
  if (b->v[TEND_S_LOG_PREFIX])
  {
    mkpath(path, dst, TEND_SVDIR_LOG) ;
    if (stat(path, &st) < 0)
    {
      umask(c->um) ;
      add_prefix_logger(b, dst, name) ;
      umask(0) ;
    }
  }
  say(b, 3, "copied ", src, " to ", dst) ;
}

static void services_copy (boot const *b)
{
  char dir[TEND_PATH_MAX] ;
  svcopy c = { .sfd = -1 } ;
  mkpath(dir, b->etc, "services") ;
  dir_foreach(b, dir, LIST_DIE, &service_copy, &c) ;
  if (c.sfd < 0) return ;
  umask(c.um) ;
  fd_close(c.dfd) ;
  fd_close(c.sfd) ;
}

/* The scanner's hooks, links to tend-shutdown (found beside us, else in PATH): its finish
   and the signals that stop the container, then, with TEND_CMD_RECEIVE_SIGNALS=1 only, those
   diverted to the CMD (scansig.h). */
static void scanner_hooks (boot const *b)
{
  char dir[TEND_PATH_MAX], path[TEND_PATH_MAX], target[TEND_PATH_MAX] ;
  size_t i ;
  if (!sibling_find(target, b->self, "tend-shutdown")) strerr_dief(127, "unable to find tend-shutdown beside ", b->self, " or in PATH") ;
  mkpath(dir, b->scandir, TEND_SCANDIR_SELF) ;
  if (mkdir(dir, 0755) < 0) strerr_diefsys(111, "unable to mkdir ", dir) ;
  /* the scanner's control FIFO, as it makes it: stage 2 can wait in open() for the scanner */
  mkpath(path, b->scandir, TEND_SCANDIR_CONTROL) ;
  if (mkfifo(path, 0600) < 0) strerr_diefsys(111, "unable to mkfifo ", path) ;
  for (i = 0 ; i <= TEND_SCANSIGS_N ; i++)
  {
    unsigned int want = i ? tend_scansigs[i-1].flags & (b->v[TEND_S_CMD_RECEIVE_SIGNALS] ? TEND_SCANSIG_STOP | TEND_SCANSIG_CMD : TEND_SCANSIG_STOP) : 1 ;
    if (!want) continue ;
    mkpath(path, dir, i ? tend_scansigs[i-1].hook : TEND_SCANHOOK_FINISH) ;
    if (symlink(target, path) < 0) strerr_diefsys(111, "unable to symlink ", path) ;
  }
  /* the scanner runs it when it reaps stage 2 (-c): an early end stops the container */
  mkpath(path, dir, TEND_SCANHOOK_CHILD) ;
  if (symlink(target, path) < 0) strerr_diefsys(111, "unable to symlink ", path) ;
}

/* ---- stage 2 ---------------------------------------------------------------------------- */

/* Stops the container with code, stage 2 running the finalize scripts itself. */
static void stage2_fail (boot const *b, int code) gccattr_noreturn ;
static void stage2_fail (boot const *b, int code)
{
  tend_stop s ;
  stop_init(b, &s) ;
  tend_stop_begin(&s, code, 1) ;
  _exit(111) ;  /* not reached: tend_stop_begin exits when inplace */
}

/* Appends "dir/name" and a NUL to the stralloc ctx. */
static void path_add (boot const *b, char const *dir, char const *name, void *ctx)
{
  stralloc *sa = ctx ;
  (void)b ;
  if (!stralloc_cats(sa, dir) || !stralloc_catb(sa, "/", 1) || !stralloc_catb(sa, name, strlen(name) + 1))
    strerr_diefsys(111, "unable to allocate") ;
}

/* Runs tend-fixperms on every file of TEND_ETC/perms/ with the envdir's environment (our
   own when envdir is NULL); returns its exit code. */
static int run_fixperms (boot const *b, char const *envdir)
{
  stralloc paths = STRALLOC_ZERO ;
  char dir[TEND_PATH_MAX] ;
  int n, i, wstat ;
  mkpath(dir, b->etc, "perms") ;
  n = dir_foreach(b, dir, LIST_WARN, &path_add, &paths) ;
  if (n < 0) return 111 ;
  if (!n) return 0 ;
  {
    char const *argv[n + 2] ;
    size_t pos = 0 ;
    argv[0] = "tend-fixperms" ;
    for (i = 1 ; i <= n ; i++) { argv[i] = paths.s + pos ; pos += strlen(paths.s + pos) + 1 ; }
    argv[i] = 0 ;
    say(b, 2, "perms: applying the rules of ", dir) ;
    tend_spawn_wait(argv, envdir, 0, 0, &wstat) ;
    if ((int)b->v[TEND_S_VERBOSITY] >= (tend_wstat_code(wstat) ? 1 : 2)) tend_wstat_say("perms: ", "tend-fixperms", wstat) ;
  }
  stralloc_free(&paths) ;
  return tend_wstat_code(wstat) ;
}

/* Says what happens to each init script; a failure stops the container with its code. */
static int init_said (char const *name, int const *wstat, int killed, void *ctx)
{
  boot const *b = ctx ;
  if (!wstat) { say(b, 1, "init: ", name, " starting") ; return 1 ; }
  if (killed)
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, b->v[TEND_S_INIT_MAXTIME])] = 0 ;
    say(b, 0, "init: ", name, " killed after TEND_INIT_MAXTIME (", fmt, " ms)") ;
    stage2_fail(b, tend_wstat_code(*wstat)) ;
  }
  if ((int)b->v[TEND_S_VERBOSITY] >= 1) tend_wstat_say("init: ", name, *wstat) ;
  if (tend_wstat_code(*wstat)) stage2_fail(b, tend_wstat_code(*wstat)) ;
  return 1 ;
}

static void stage2_init_scripts (boot const *b)
{
  char dir[TEND_PATH_MAX] ;
  mkpath(dir, b->etc, "init") ;
  if (tend_scripts_run(dir, b->envdir, b->v[TEND_S_INIT_MAXTIME], 0, &init_said, (void *)b) < 0)
  {
    strerr_warnwsys("unable to list ", dir) ;
    stage2_fail(b, 111) ;
  }
}

/* Appends to the stralloc ctx the supervised directories of the service name that are not
   marked down: the service and its log/, each with a NUL. */
static void wanted_add (boot const *b, char const *dir, char const *name, void *ctx)
{
  stralloc *paths = ctx ;
  char d[TEND_PATH_MAX], x[TEND_PATH_MAX] ;
  int k ;
  (void)b ;
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
static unsigned int wanted_services (boot const *b, stralloc *paths)
{
  unsigned int n = 0 ;
  size_t pos ;
  dir_foreach(b, b->scandir, LIST_QUIET, &wanted_add, paths) ;
  for (pos = 0 ; pos < paths->len ; pos += strlen(paths->s + pos) + 1) n++ ;
  return n ;
}

/* Opens the scanner's FIFO to send it 'a' (start the services); on failure, stage 2 ends. */
static int start_open (boot const *b, int *ifd)
{
  int fd ;
  say(b, 2, "starting the services") ;
  fd = tend_scanner_open(b->scandir, 5000, ifd) ;
  if (fd < 0)
  {
    scanner_warn(b, 'a') ;
    fd_close_keeperrno(*ifd) ;
    stage2_fail(b, 111) ;
  }
  return fd ;
}

static void stage2_scan_and_wait (boot const *b, int waiting)
{
  stralloc paths = STRALLOC_ZERO ;
  unsigned int n = waiting ? wanted_services(b, &paths) : 0, i ;
  unsigned int maxtime = b->v[TEND_S_CMD_WAIT_FOR_SERVICES_MAXTIME] ;
  char const *dirs[n ? n : 1] ;
  tend_svwait_t w[n ? n : 1] ;
  iopause_fd x[n ? n : 1] ;
  int fd, ifd ;
  {
    size_t pos = 0 ;
    for (i = 0 ; i < n ; i++) { dirs[i] = paths.s + pos ; pos += strlen(dirs[i]) + 1 ; }
  }
  if (n) tend_svwait_start(w, dirs, n, TEND_SVWAIT_READY, TEND_SVWAIT_MKEVENT) ;
  fd = start_open(b, &ifd) ;
  if (!tend_scanner_write(fd, 'a')) { scanner_warn(b, 'a') ; fd_close_keeperrno(ifd) ; stage2_fail(b, 111) ; }
  close(fd) ;
  if (n)
  {
    tain deadline ;
    int r ;
    tend_deadline_in(&deadline, maxtime) ;
    r = tend_svwait_wait(w, n, x, maxtime ? &deadline : 0) ;
    if (r < 0) { strerr_warnwsys("unable to wait for the services") ; stage2_fail(b, 111) ; }
    {
      stralloc list = STRALLOC_ZERO ;
      size_t base = strlen(b->scandir) + 1 ;
      for (i = 0 ; i < n ; i++)
        if (w[i].result != TEND_SVWAIT_REACHED)
          if (!stralloc_catb(&list, " ", 1) || !stralloc_cats(&list, dirs[i] + base)) strerr_diefsys(111, "unable to allocate") ;
      tend_svwait_end(w, n) ;
      if (list.len)
      {
        char fmt[UINT_FMT] ;
        fmt[uint_fmt(fmt, maxtime)] = 0 ;
        if (!stralloc_0(&list)) strerr_diefsys(111, "unable to allocate") ;
        say(b, 0, "fatal: services not ready after TEND_CMD_WAIT_FOR_SERVICES_MAXTIME (", fmt, " ms):", list.s) ;
        stage2_fail(b, EXIT_NOTREADY) ;
      }
    }
    say(b, 2, "services ready") ;
  }
  fd_close_keeperrno(ifd) ;
  stralloc_free(&paths) ;
}

/* Runs the CMD and waits for it. With start (the CMD does not wait for the services), the
   services are asked to start here, by the CMD's process right before its exec: the byte to
   the scanner and the exec follow each other in a process that has the CPU, so the CMD does
   not queue behind the supervisors the scanner is about to spawn. */
static void stage2_cmd (boot const *b, char const *const *argv, int start) gccattr_noreturn ;
static void stage2_cmd (boot const *b, char const *const *argv, int start)
{
  char path[TEND_PATH_MAX] ;
  stralloc sa = STRALLOC_ZERO ;
  genalloc ga = GENALLOC_ZERO ;
  char const *const *envp ;
  int tty = isatty(0) ;
  int wstat ;
  int fd = -1, ifd = -1 ;
  int sigfd = tend_sigchld_trap() ;
  pid_t pid ;
  sigset_t set, old ;
  envp = tend_envdir_env(b->envdir, &sa, &ga) ;  /* first: while the scanner may still be starting */
  if (start) fd = start_open(b, &ifd) ;
  sigemptyset(&set) ;
  sigaddset(&set, SIGTTOU) ;
  sigaddset(&set, SIGTTIN) ;
  sigaddset(&set, SIGTSTP) ;
  sigprocmask(SIG_BLOCK, &set, &old) ;
  pid = fork() ;
  if (pid < 0) { strerr_warnwsys("unable to fork") ; stage2_fail(b, 111) ; }
  if (!pid)
  {
    setpgid(0, 0) ;
    if (tty) tcsetpgrp(0, getpid()) ;
    selfpipe_finish() ;
    if (fd >= 0 && !tend_scanner_write(fd, 'a')) { scanner_warn(b, 'a') ; _exit(111) ; }
    tend_exec_child(argv, envp) ;
  }
  if (fd >= 0) close(fd) ;
  setpgid(pid, pid) ;
  if (tty) tcsetpgrp(0, pid) ;
  stralloc_free(&sa) ;
  genalloc_free(char const *, &ga) ;
  {
    char fmt[PID_FMT + 1] ;
    size_t n = pid_fmt(fmt, pid) ;
    fmt[n++] = '\n' ;
    mkpath(path, b->run, TEND_BOOT_DIR "/" TEND_BOOT_CMD) ;
    if (!tend_boot_write(b->run, TEND_BOOT_CMD, fmt, n)) strerr_warnwsys("unable to write ", path) ;
  }
  say(b, 2, "cmd: ", argv[0], " started") ;
  if (tend_child_wait(pid, 0, sigfd, &wstat) < 0)
  {
    strerr_warnwsys("unable to wait for the CMD") ;
    wait_pid(pid, &wstat) ;
  }
  fd_close_keeperrno(ifd) ;  /* after the CMD's copy is gone: closing the last copy waits */
  unlink(path) ;
  if (tty) tcsetpgrp(0, getpgrp()) ;
  sigprocmask(SIG_SETMASK, &old, 0) ;
  if ((int)b->v[TEND_S_VERBOSITY] >= (WIFSIGNALED(wstat) ? 1 : 2)) tend_wstat_say("cmd: ", argv[0], wstat) ;
  stage2_fail(b, tend_wstat_code(wstat)) ;
}

/* Our own command line, as main got it: stage 2 hides the CMD's part of it. */
static int args_n = 0 ;
static char **args = 0 ;

/* Stage 2 is a fork of pid 1 before it exec'd the scanner: its /proc/PID/cmdline was
   "tend-init CMD ARGS...", and pgrep -f / pkill -f for the CMD matched it. Copies cmd to
   the heap and zeroes the argument area after argv[0]: the cmdline reads "tend-init". */
static char const *const *cmd_hide (char const *const *cmd)
{
  stralloc sa = STRALLOC_ZERO ;
  char const **v ;
  size_t n = 0, i, pos = 0 ;
  int k ;
  if (!cmd) return 0 ;
  while (cmd[n]) n++ ;
  for (i = 0 ; i < n ; i++)
    if (!stralloc_catb(&sa, cmd[i], strlen(cmd[i]) + 1)) strerr_diefsys(111, "unable to allocate") ;
  v = malloc((n + 1) * sizeof(char const *)) ;
  if (!v) strerr_diefsys(111, "unable to allocate") ;
  for (i = 0 ; i < n ; i++) { v[i] = sa.s + pos ; pos += strlen(sa.s + pos) + 1 ; }
  v[n] = 0 ;
  for (k = 1 ; k < args_n ; k++) memset(args[k], 0, strlen(args[k])) ;
  return v ;  /* kept for the life of stage 2 */
}

static void stage2 (boot const *b, char const *const *cmd) gccattr_noreturn ;
static void stage2 (boot const *b, char const *const *cmd)
{
  unsigned int cmd_wait = b->v[TEND_S_CMD_WAIT_FOR_SERVICES] ;
  cmd = cmd_hide(cmd) ;
  sig_blocknone() ;
  if (tend_sigchld_trap() < 0) strerr_diefsys(111, "unable to trap SIGCHLD") ;
  if (!b->v[TEND_S_SKIP_PERMS])
  {
    int code = run_fixperms(b, b->envdir) ;
    if (code) stage2_fail(b, code) ;
  }
  stage2_init_scripts(b) ;
  if (cmd && !cmd_wait) stage2_cmd(b, cmd, 1) ;
  stage2_scan_and_wait(b, cmd && cmd_wait) ;
  if (cmd) stage2_cmd(b, cmd, 0) ;
  _exit(0) ;
}

/* A container's pid 1 starts with what the runtime gave it; its children must not inherit
   blocked or ignored signals (a CMD with SIGTERM blocked would never stop). */
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
  for (i = 0 ; i < TEND_SCANSIGS_N ; i++) sigaddset(&set, tend_scansigs[i].sig) ;
  sigprocmask(SIG_SETMASK, &set, 0) ;
}

/* ---- stage 1 ---------------------------------------------------------------------------- */

static void stage1 (char const *const *cmd) gccattr_noreturn ;
static void stage1 (char const *const *cmd)
{
  boot b ;
  genalloc merged = GENALLOC_ZERO ;
  stralloc files = STRALLOC_ZERO, fixed = STRALLOC_ZERO ;
  char const **envp ;
  pid_t pid ;
  signals_reset() ;
  boot_init(&b) ;
  config_init(&b, (char const *const *)environ, 1) ;  /* for the messages until the env files are read */
  if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
    strerr_diefsys(111, "unable to become a child subreaper") ;
  self_init(&b) ;
  runroot_check(&b) ;
  runroot_wipe(&b) ;
  env_build(&b, &files, &fixed, &merged) ;
  envp = genalloc_s(char const *, &merged) ;
  config_init(&b, envp, 0) ;
  env_write(&b, envp) ;
  services_copy(&b) ;
  scanner_hooks(&b) ;
  say(&b, 2, "stage 1 done: starting the scanner") ;
  pid = fork() ;
  if (pid < 0) strerr_diefsys(111, "unable to fork") ;
  if (!pid)
  {
    environ = (char **)envp ;
    stage2(&b, cmd) ;
  }
  {
    char fmt[UINT_FMT], fpid[PID_FMT] ;
    char const *argv[8] = { "tend-svscan", "-s", "-T", fmt, "-c", fpid, b.scandir, 0 } ;
    char const *path = env_get2(envp, "PATH") ;
    fmt[uint_fmt(fmt, b.v[TEND_S_SERVICES_GRACETIME])] = 0 ;
    fpid[pid_fmt(fpid, pid)] = 0 ;
    if (!path) path = "/usr/local/bin:/usr/bin:/bin" ;
    execvep(argv[0], argv, envp, path) ;
    strerr_diefsys(errno == ENOENT ? 127 : 126, "unable to exec ", argv[0]) ;
  }
}

/* ---- --preboot: the boot's preparation at image build time ------------------------------ */

/* Applies the perms rules as stage 2 does and makes TEND_RUN as stage 1 wants it (owned by
   the user the container will run as): the two halves of the boot a non-root container
   cannot do. */
static void preboot_mode (void) gccattr_noreturn ;
static void preboot_mode (void)
{
  boot b ;
  char const *x ;
  uid_t uid = 0 ;
  gid_t gid = 0 ;
  int code ;
  boot_init(&b) ;
  config_init(&b, (char const *const *)environ, 0) ;
  x = getenv("USERMAP_UID") ;
  if (x && !uid0_scan(x, &uid)) strerr_dief(100, "bad USERMAP_UID: ", x) ;
  x = getenv("USERMAP_GID") ;
  if (x && !gid0_scan(x, &gid)) strerr_dief(100, "bad USERMAP_GID: ", x) ;
  code = run_fixperms(&b, 0) ;
  if (code) _exit(code) ;
  if (mkdir(b.run, 0755) < 0 && errno != EEXIST) strerr_diefsys(111, "unable to mkdir ", b.run) ;
  if (chown(b.run, uid, gid) < 0) strerr_diefsys(111, "unable to chown ", b.run) ;
  {
    char fu[UID_FMT], fg[GID_FMT] ;
    fu[uid_fmt(fu, uid)] = 0 ;
    fg[gid_fmt(fg, gid)] = 0 ;
    say(&b, 1, "preboot: perms applied, ", b.run, " owned by ", fu, ":", fg) ;
  }
  _exit(0) ;
}

/* ---- --log-prefix: the run script of the loggers added for TEND_LOG_PREFIX=1 ------------ */

/* Run as "#!tend-init --log-prefix" in SCANDIR/NAME/log/ (stage 1 writes these scripts,
   naming itself: the writer and the interpreter stay one program): execs tend-logger with
   the script "pNAME: " 1, i.e. every whole line, prefixed with the service's name, to
   stdout (the container's, inherited from the scanner). */
static void log_prefix_mode (void) gccattr_noreturn ;
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
  PROG = "tend-init" ;
  args_n = argc ;
  args = (char **)argv ;
  if (!argc) dieusage() ;
  tend_stdopts(argc, argv, USAGE) ;
  argc-- ; argv++ ;
  if (argc && !strcmp(argv[0], "--halt"))
  {
    unsigned int code ;
    char const *xargv[4] = { "tend-shutdown", "--halt", argv[1], 0 } ;
    if (argc != 2 || !tend_value_uint(argv[1], strlen(argv[1]), &code) || code > 255) dieusage() ;
    sibling_exec(xargv) ;
  }
  if (argc && !strcmp(argv[0], "--log-prefix")) log_prefix_mode() ;
  if (argc && !strcmp(argv[0], "--check"))
  {
    char const *xargv[3] = { "tend-check", argc == 2 ? argv[1] : 0, 0 } ;
    if (argc > 2 || (argc == 2 && strcmp(argv[1], "-j"))) dieusage() ;
    sibling_exec(xargv) ;
  }
  if (argc && !strcmp(argv[0], "--preboot")) { if (argc != 1) dieusage() ; preboot_mode() ; }
  if (argc && !strcmp(argv[0], "--")) { argc-- ; argv++ ; }
  else if (argc && argv[0][0] == '-') dieusage() ;
  stage1(argc ? argv : 0) ;
}
