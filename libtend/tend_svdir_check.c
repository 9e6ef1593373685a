/* ISC license. */

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/types.h>
#include "dir.h"
#include "svdir.h"
#include "svfiles.h"
#include "namenear.h"
#include "value.h"
#include "check.h"

static void mkpath (char *buf, char const *dir, char const *name)
{
  if (!tend_svdir_path(buf, TEND_PATH_MAX, dir, name)) memcpy(buf, "(path too long)", 16) ;
}

static int find (char const *name)
{
  int i ;
  for (i = 0 ; i < TEND_SVFILE_N ; i++) if (!strcmp(tend_svfiles[i].name, name)) return i ;
  return -1 ;
}

/* The known name nearest to name (not one that tend ignores), or 0. */
static char const *suggest (char const *name)
{
  char const *best = 0 ;
  int bestd = -1, i ;
  for (i = 0 ; i < TEND_SVFILE_N ; i++)
  {
    int d ;
    if (tend_svfiles[i].kind == TEND_SVFILE_IGNORED) continue ;
    d = tend_name_near(name, strlen(name), tend_svfiles[i].name) ;
    if (d >= 0 && (bestd < 0 || d < bestd)) { bestd = d ; best = tend_svfiles[i].name ; }
  }
  return best ;
}

static void value (char const *dir, char const *path, tend_svfile const *f, tend_report *r)
{
  char buf[TEND_VALUE_MAX] ;
  char pr[TEND_VALUE_MAX * 4 + 8] ;
  ssize_t len = tend_value_read(dir, f->name, buf, sizeof buf) ;
  unsigned int u ;
  int sig ;
  if (len < 0)
  {
    if (errno == EFBIG) tend_report(r, path, 0, TEND_REPORT_ERROR, "too long (a value file holds at most 63 bytes)") ;
    else tend_report(r, path, 0, TEND_REPORT_ERROR, strerror(errno)) ;
    return ;
  }
  {
    size_t shown = (size_t)len ;  /* shown without the surrounding white space */
    char const *s = buf ;
    while (shown && (*s == '\n' || *s == ' ' || *s == '\t' || *s == '\r')) { s++ ; shown-- ; }
    while (shown && (s[shown-1] == '\n' || s[shown-1] == ' ' || s[shown-1] == '\t' || s[shown-1] == '\r')) shown-- ;
    tend_value_printable(pr, sizeof pr, s, shown) ;
  }
  if (f->kind == TEND_SVFILE_SIG)
  {
    if (!tend_value_sig(buf, (size_t)len, &sig))
      tend_report(r, path, 0, TEND_REPORT_ERROR, "not a signal name or number: \"", pr, "\"") ;
    else if (f->refused && sig == f->refused)
      tend_report(r, path, 0, TEND_REPORT_ERROR, "refused: \"", pr, "\" (SIGSTOP would never take anything down; SIGTERM is used)") ;
    return ;
  }
  if (!tend_value_uint(buf, (size_t)len, &u))
    tend_report(r, path, 0, TEND_REPORT_ERROR, "not a decimal number: \"", pr, "\"") ;
  else if (u < f->min || u > f->max)
  {
    char lo[UINT_FMT], hi[UINT_FMT] ;
    lo[uint_fmt(lo, f->min)] = 0 ;
    hi[uint_fmt(hi, f->max)] = 0 ;
    if (!strcmp(f->name, TEND_SVDIR_NOTIFICATION_FD) && u < f->min)
      tend_report(r, path, 0, TEND_REPORT_ERROR, "must be 3 or more (0, 1 and 2 are stdin, stdout and stderr)") ;
    else tend_report(r, path, 0, TEND_REPORT_ERROR, "out of range: \"", pr, "\" (", lo, " to ", hi, ")") ;
  }
}

static void check (char const *dir, int islog, char const *root, char const *pathvar, tend_report *r)
{
  stralloc sa = STRALLOC_ZERO ;
  genalloc v = GENALLOC_ZERO ;
  char path[TEND_PATH_MAX] ;
  int n = tend_dir_list(dir, &sa, &v), i, hasrun = 0 ;
  if (n < 0) { tend_report(r, dir, 0, TEND_REPORT_ERROR, strerror(errno)) ; return ; }
  for (i = 0 ; i < n ; i++)
  {
    char const *name = sa.s + genalloc_s(size_t, &v)[i] ;
    int k = find(name) ;
    struct stat st ;
    mkpath(path, dir, name) ;
    if (k < 0)
    {
      char const *s = suggest(name) ;
      if (s) tend_report(r, path, 0, TEND_REPORT_WARNING, "unknown name, ignored by tend (did you mean ", s, "?)") ;
      else tend_report(r, path, 0, TEND_REPORT_WARNING, "unknown name, ignored by tend") ;
      continue ;
    }
    switch (tend_svfiles[k].kind)
    {
      case TEND_SVFILE_EXEC :
        if (!strcmp(name, TEND_SVDIR_RUN)) hasrun = 1 ;
        tend_exec_check(path, root, pathvar, r) ;
        break ;
      case TEND_SVFILE_UINT :
      case TEND_SVFILE_SIG :
        value(dir, path, tend_svfiles + k, r) ;
        break ;
      case TEND_SVFILE_DIR :
        if (islog) tend_report(r, path, 0, TEND_REPORT_WARNING, "a log directory's own log/ is not used by tend") ;
        else if (stat(path, &st) < 0) tend_report(r, path, 0, TEND_REPORT_ERROR, strerror(errno)) ;
        else if (!S_ISDIR(st.st_mode)) tend_report(r, path, 0, TEND_REPORT_ERROR, "not a directory") ;
        else check(path, 1, root, pathvar, r) ;
        break ;
      default : break ;
    }
  }
  if (!hasrun)
  {
    mkpath(path, dir, TEND_SVDIR_RUN) ;
    tend_report(r, path, 0, TEND_REPORT_ERROR, "missing") ;
  }
  stralloc_free(&sa) ;
  genalloc_free(size_t, &v) ;
}

void tend_svdir_check (char const *dir, char const *root, char const *pathvar, tend_report *r)
{
  check(dir, 0, root, pathvar, r) ;
}
