/* ISC license. */

#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <skalibs/types.h>
#include <skalibs/strerr.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/djbunix.h>
#include <skalibs/buffer.h>
#include "config.h"
#include "dir.h"
#include "svdir.h"
#include "value.h"
#include "envfiles.h"
#include "envmerge.h"
#include "perms.h"

#define USAGE "tend-check"
#define dieusage() strerr_dieusage(100, USAGE)

extern char **environ ;

/* The findings so far: counted, and said ("PATH: what..."). */
typedef struct check_s check ;
struct check_s
{
  char const *etc ;
  char const *run ;
  unsigned int problems ;
  char const *const *envp ;   /* the boot's merged environment, for the perms rules */
  stralloc content ;          /* a file read */
} ;

#define problem(c, path, ...) do { (c)->problems++ ; strerr_warn(PROG, ": ", (path), ": ", __VA_ARGS__) ; } while (0)

/* A finding on a line of a file: "PATH:LINE: msg[: detail]". */
static void line_problem (check *c, char const *path, size_t line, char const *msg, char const *detail)
{
  char fmt[SIZE_FMT] ;
  int d = detail && *detail ;
  fmt[size_fmt(fmt, line)] = 0 ;
  c->problems++ ;
  strerr_warn(PROG, ": ", path, ":", fmt, ": ", msg, d ? ": " : "", d ? detail : "") ;
}

static void mkpath (char *buf, char const *dir, char const *file)
{
  if (!tend_svdir_path(buf, TEND_PATH_MAX, dir, file))
    strerr_diefsys(111, "unable to build a path under ", dir) ;
}

typedef void check_fn (check *c, char const *path) ;

/* Calls fn on each entry of ETC/sub not starting with '.', in name order; a missing
   directory has none, one that cannot be listed is a problem. */
static void etc_foreach (check *c, char const *sub, check_fn *fn)
{
  stralloc sa = STRALLOC_ZERO ;
  genalloc v = GENALLOC_ZERO ;
  char dir[TEND_PATH_MAX] ;
  int n, i ;
  mkpath(dir, c->etc, sub) ;
  n = tend_dir_list(dir, &sa, &v) ;
  if (n < 0 && errno != ENOENT) problem(c, dir, strerror(errno)) ;
  for (i = 0 ; i < n ; i++)
  {
    char path[TEND_PATH_MAX] ;
    mkpath(path, dir, sa.s + genalloc_s(size_t, &v)[i]) ;
    (*fn)(c, path) ;
  }
  stralloc_free(&sa) ;
  genalloc_free(size_t, &v) ;
}

/* ---- service directories ---------------------------------------------------------------- */

static void check_exec (check *c, char const *path, int optional)
{
  struct stat st ;
  if (stat(path, &st) < 0)
  {
    if (errno == ENOENT) { if (!optional) problem(c, path, "missing") ; }
    else problem(c, path, strerror(errno)) ;
    return ;
  }
  if (!S_ISREG(st.st_mode)) problem(c, path, "not a regular file") ;
  else if (!(st.st_mode & 0111)) problem(c, path, "not executable (chmod +x)") ;
}

static void check_exec_one (check *c, char const *path)
{
  check_exec(c, path, 0) ;
}

static void check_value (check *c, char const *dir, char const *name, int issig)
{
  char buf[TEND_VALUE_MAX] ;
  char path[TEND_PATH_MAX] ;
  ssize_t r = tend_value_read(dir, name, buf, sizeof buf) ;
  unsigned int u ;
  int sig ;
  mkpath(path, dir, name) ;
  if (r < 0)
  {
    if (errno == EFBIG) problem(c, path, "too long") ;
    else if (errno != ENOENT) problem(c, path, strerror(errno)) ;
    return ;
  }
  if (issig ? !tend_value_sig(buf, (size_t)r, &sig) : !tend_value_uint(buf, (size_t)r, &u))
  {
    char pr[TEND_VALUE_MAX * 4 + 8] ;
    while (r > 0 && (buf[r-1] == '\n' || buf[r-1] == ' ' || buf[r-1] == '\t')) r-- ;  /* shown without the final newline */
    tend_value_printable(pr, sizeof pr, buf, (size_t)r) ;
    problem(c, path, issig ? "not a signal name or number" : "not a decimal number", ": \"", pr, "\"") ;
  }
  else if (!issig && !strcmp(name, TEND_SVDIR_NOTIFICATION_FD) && u < 3)
    problem(c, path, "must be 3 or more (0, 1 and 2 are stdin, stdout and stderr)") ;
}

static void check_svdir (check *c, char const *dir, int islog)
{
  char path[TEND_PATH_MAX] ;
  struct stat st ;
  mkpath(path, dir, TEND_SVDIR_RUN) ; check_exec(c, path, 0) ;
  mkpath(path, dir, TEND_SVDIR_FINISH) ; check_exec(c, path, 1) ;
  check_value(c, dir, TEND_SVDIR_TIMEOUT_KILL, 0) ;
  check_value(c, dir, TEND_SVDIR_TIMEOUT_FINISH, 0) ;
  check_value(c, dir, TEND_SVDIR_MAX_DEATH_TALLY, 0) ;
  check_value(c, dir, TEND_SVDIR_NOTIFICATION_FD, 0) ;
  check_value(c, dir, TEND_SVDIR_DOWN_SIGNAL, 1) ;
  if (islog) return ;
  mkpath(path, dir, TEND_SVDIR_LOG) ;
  if (stat(path, &st) == 0)
  {
    if (S_ISDIR(st.st_mode)) check_svdir(c, path, 1) ;
    else problem(c, path, "not a directory") ;
  }
}

static void check_service_one (check *c, char const *path)
{
  struct stat st ;
  if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) problem(c, path, "not a directory") ;
  else check_svdir(c, path, 0) ;
}

/* ---- env files and perms rules ------------------------------------------------------------ */

/* What tend_envfiles_read finds, the same reading as the boot's: here a problem each. */
static void env_said (char const *path, int e, size_t line, char const *msg, char const *detail, void *ctx)
{
  check *c = ctx ;
  if (e) problem(c, path, strerror(e)) ;
  else if (line) line_problem(c, path, line, msg, 0) ;
  else if (msg) problem(c, path, msg, ": ", detail) ;
}

static void check_perms_one (check *c, char const *path)
{
  char buf[TEND_PERMS_LINEMAX] ;
  size_t pos = 0, line = 0 ;
  c->content.len = 0 ;
  if (!openslurpclose(&c->content, path)) { problem(c, path, strerror(errno)) ; return ; }
  while (pos < c->content.len)
  {
    char const *nl = memchr(c->content.s + pos, '\n', c->content.len - pos) ;
    size_t len = nl ? (size_t)(nl - c->content.s) - pos : c->content.len - pos ;
    tend_perms_rule_t rule ;
    tend_perms_err_t err ;
    line++ ;
    if (tend_perms_parse(c->content.s + pos, len, c->envp, buf, sizeof buf, &rule, &err) < 0)
      line_problem(c, path, line, err.reason, err.detail) ;
    pos += len + 1 ;
  }
}

/* ---- main ------------------------------------------------------------------------------- */

int main (int argc, char const *const *argv)
{
  check c = { .etc = TEND_ETC, .run = TEND_RUN, .problems = 0, .envp = 0, .content = STRALLOC_ZERO } ;
  stralloc vars = STRALLOC_ZERO, fixed = STRALLOC_ZERO ;
  genalloc merged = GENALLOC_ZERO ;
  struct stat st ;
  char const *x ;
  PROG = "tend-check" ;
  if (argc == 2 && !strcmp(argv[1], "--help"))
  {
    if (buffer_putsflush(buffer_1, USAGE "\n") < 0) strerr_diefsys(111, "unable to write to stdout") ;
    return 0 ;
  }
  if (argc == 2 && !strcmp(argv[1], "--version"))
  {
    if (buffer_putsflush(buffer_1, "tend-check " TEND_VERSION "\n") < 0) strerr_diefsys(111, "unable to write to stdout") ;
    return 0 ;
  }
  if (argc > 1) dieusage() ;
  x = getenv("TEND_ETC") ;
  if (x && *x) c.etc = x ;
  x = getenv("TEND_RUN") ;
  if (x && *x) c.run = x ;
  if (stat(c.etc, &st) < 0 || !S_ISDIR(st.st_mode))
  {
    problem(&c, c.etc, "missing or not a directory (set TEND_ETC?)") ;
    return 1 ;
  }
  etc_foreach(&c, "services", &check_service_one) ;
  /* the env files as the boot reads them: the assignments, for the perms substitutions */
  if (tend_envfiles_merge(c.etc, c.run, (char const *const *)environ, &vars, &fixed, &merged, &env_said, &c) < 0)
  {
    if (errno == ENOMEM) strerr_diefsys(111, "unable to allocate") ;
    {
      char dir[TEND_PATH_MAX] ;
      mkpath(dir, c.etc, "envs") ;
      problem(&c, dir, strerror(errno)) ;
    }
    if (!tend_env_merge(&merged, 0, (char const *const *)environ, 0, 0)) strerr_diefsys(111, "unable to allocate") ;
  }
  c.envp = genalloc_s(char const *, &merged) ;
  etc_foreach(&c, "perms", &check_perms_one) ;
  etc_foreach(&c, "init", &check_exec_one) ;
  etc_foreach(&c, "finalize", &check_exec_one) ;
  stralloc_free(&c.content) ;
  genalloc_free(char const *, &merged) ;
  stralloc_free(&fixed) ;
  stralloc_free(&vars) ;
  if (c.problems)
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, c.problems)] = 0 ;
    strerr_warn(PROG, ": ", fmt, c.problems == 1 ? " problem in " : " problems in ", c.etc) ;
    return 1 ;
  }
  strerr_warn(PROG, ": ", c.etc, ": no problem found") ;
  return 0 ;
}
