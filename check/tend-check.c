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
#include <skalibs/env.h>
#include "config.h"
#include "stdopts.h"
#include "dir.h"
#include "svdir.h"
#include "envfiles.h"
#include "envmerge.h"
#include "report.h"
#include "check.h"

#define USAGE "tend-check [ -j ]"
#define dieusage() strerr_dieusage(100, USAGE)

extern char **environ ;

/* Where each env file's assignments are in vars: vars[start..end) came from the file
   whose name is at paths.s + path. */
typedef struct span_s span ;
struct span_s { size_t start ; size_t end ; size_t path ; } ;

/* The findings, collected, and said sorted at the end (report.h). */
typedef struct check_s check ;
struct check_s
{
  char const *etc ;
  char const *run ;
  tend_report report ;
  stralloc const *vars ;   /* the env files' assignments, in file order */
  genalloc spans ;         /* span: one per env file read without a mistake */
  stralloc paths ;         /* their names */
  stralloc content ;       /* an env file read again, to find a line */
  char const *pathvar ;    /* the PATH the services get */
  char const *const *envp ;   /* the boot's merged environment, for the perms rules */
} ;

#define problem(c, path, ...) tend_report(&(c)->report, (path), 0, TEND_REPORT_ERROR, __VA_ARGS__)

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

static void check_service_one (check *c, char const *path)
{
  struct stat st ;
  if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) problem(c, path, "not a directory") ;
  else tend_svdir_check(path, 0, c->pathvar, &c->report) ;
}

static void check_exec_one (check *c, char const *path)
{
  tend_exec_check(path, 0, c->pathvar, &c->report) ;
}

static void check_perms_one (check *c, char const *path)
{
  tend_perms_check(path, c->envp, &c->report) ;
}

/* ---- env files and TEND_* settings ---------------------------------------------------------- */

/* What tend_envfiles_read finds, the same reading as the boot's: here a problem each; a file
   read without a mistake gets its span, to place the TEND_* findings. */
static void env_said (char const *path, int e, size_t line, char const *msg, char const *detail, void *ctx)
{
  check *c = ctx ;
  if (e) problem(c, path, strerror(e)) ;
  else if (msg) tend_report(&c->report, path, line, TEND_REPORT_ERROR, msg, detail ? ": " : "", detail ? detail : "") ;
  else
  {
    size_t n = genalloc_len(span, &c->spans) ;
    span s = { .start = n ? genalloc_s(span, &c->spans)[n-1].end : 0, .end = c->vars->len, .path = c->paths.len } ;
    if (!stralloc_cats(&c->paths, path) || !stralloc_0(&c->paths) || !genalloc_append(span, &c->spans, &s))
      strerr_diefsys(111, "unable to allocate") ;
  }
}

/* tend_settings_where_fn: the env file and line an assignment of vars came from. */
static int env_where (char const *a, void *ctx, char const **file, size_t *line)
{
  check *c = ctx ;
  span const *s = genalloc_s(span, &c->spans) ;
  size_t n = genalloc_len(span, &c->spans), off, i ;
  if (a < c->vars->s || a >= c->vars->s + c->vars->len) return 0 ;
  off = (size_t)(a - c->vars->s) ;
  for (i = 0 ; i < n ; i++)
  {
    if (off < s[i].start || off >= s[i].end) continue ;
    *file = c->paths.s + s[i].path ;
    *line = 0 ;
    c->content.len = 0 ;
    if (openslurpclose(&c->content, *file))
      *line = tend_envfile_line(c->content.s, c->content.len, a, strcspn(a, "=")) ;
    return 1 ;
  }
  return 0 ;
}

/* ---- main ------------------------------------------------------------------------------- */

int main (int argc, char const *const *argv)
{
  stralloc vars = STRALLOC_ZERO, fixed = STRALLOC_ZERO ;
  genalloc merged = GENALLOC_ZERO ;
  check c = { .etc = TEND_ETC, .run = TEND_RUN, .report = TEND_REPORT_ZERO, .vars = &vars, .spans = GENALLOC_ZERO, .paths = STRALLOC_ZERO, .content = STRALLOC_ZERO, .pathvar = 0, .envp = 0 } ;
  struct stat st ;
  char const *x ;
  unsigned int n ;
  int json = 0 ;
  PROG = "tend-check" ;
  tend_stdopts(argc, argv, USAGE) ;
  if (argc == 2 && !strcmp(argv[1], "-j")) json = 1 ;
  else if (argc > 1) dieusage() ;
  x = getenv("TEND_ETC") ;
  if (x && *x) c.etc = x ;
  x = getenv("TEND_RUN") ;
  if (x && *x) c.run = x ;
  if (stat(c.etc, &st) < 0 || !S_ISDIR(st.st_mode))
    problem(&c, c.etc, "missing or not a directory (set TEND_ETC?)") ;
  else
  {
    /* the environment first, as the boot builds it: the services get its PATH, the perms
       rules its variables */
    if (tend_envfiles_merge(c.etc, c.run, (char const *const *)environ, &vars, &fixed, &merged, &env_said, &c) < 0)
    {
      char dir[TEND_PATH_MAX] ;
      if (errno == ENOMEM) strerr_diefsys(111, "unable to allocate") ;
      mkpath(dir, c.etc, "envs") ;
      problem(&c, dir, strerror(errno)) ;
      genalloc_setlen(char const *, &merged, 0) ;
      if (!tend_env_merge(&merged, 0, (char const *const *)environ, 0, 0)) strerr_diefsys(111, "unable to allocate") ;
    }
    c.envp = genalloc_s(char const *, &merged) ;
    c.pathvar = env_get2(c.envp, "PATH") ;
    tend_settings_check(c.envp, vars.s, vars.len, &env_where, &c, &c.report) ;
    etc_foreach(&c, "services", &check_service_one) ;
    etc_foreach(&c, "perms", &check_perms_one) ;
    etc_foreach(&c, "init", &check_exec_one) ;
    etc_foreach(&c, "finalize", &check_exec_one) ;
  }
  if (c.report.err) { errno = c.report.err ; strerr_diefsys(111, "unable to allocate") ; }
  if (json ? !tend_report_json(buffer_1, &c.report, 0) || !buffer_flush(buffer_1)
           : !tend_report_text(buffer_2, "tend-check: ", &c.report) || !buffer_flush(buffer_2))
    strerr_diefsys(111, "unable to write the report") ;
  n = c.report.errors + c.report.warnings ;
  tend_report_free(&c.report) ;
  stralloc_free(&c.content) ;
  stralloc_free(&c.paths) ;
  genalloc_free(span, &c.spans) ;
  genalloc_free(char const *, &merged) ;
  stralloc_free(&fixed) ;
  stralloc_free(&vars) ;
  if (n)
  {
    char fmt[UINT_FMT] ;
    fmt[uint_fmt(fmt, n)] = 0 ;
    strerr_warn(PROG, ": ", fmt, n == 1 ? " problem in " : " problems in ", c.etc) ;
    return 1 ;
  }
  strerr_warn(PROG, ": ", c.etc, ": no problem found") ;
  return 0 ;
}
