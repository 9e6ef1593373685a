/* ISC license. */
/* Unit tests for envfiles.h: tend_envfiles_read and tend_envfiles_merge. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/djbunix.h>
#include "envfiles.h"
#include <skalibs/strerr.h>
#include "tap.h"

static char root[] = "/tmp/tend-unit-envfiles.XXXXXX" ;
static char said[1024] ;

static void mk (char const *name, char const *s)
{
  char path[256] ;
  snprintf(path, sizeof path, "%s/%s", root, name) ;
  if (!openwritenclose_unsafe(path, s, strlen(s))) { perror(path) ; exit(2) ; }
}

static void note (char const *path, int e, size_t line, char const *msg, char const *detail, void *ctx)
{
  char const *base = strrchr(path, '/') ;
  size_t n = strlen(said) ;
  (void)ctx ;
  snprintf(said + n, sizeof said - n, "%s:%d:%zu:%s:%s|", base ? base + 1 : path, e, line, msg ? msg : "-", detail ? "D" : "-") ;
}

static char const *flat (stralloc const *sa)
{
  static char out[1024] ;
  size_t i ;
  for (i = 0 ; i < sa->len && i < sizeof out - 1 ; i++) out[i] = sa->s[i] ? sa->s[i] : ',' ;
  out[i] = 0 ;
  return out ;
}

int main (void)
{
  char dir[256] ;
  stralloc vars = STRALLOC_ZERO, fixed = STRALLOC_ZERO ;
  genalloc merged = GENALLOC_ZERO ;
  char const *envp[] = { "X=container", "PATH=/bin", 0 } ;
  char const *const *m ;
  int r ;
  PROG = "unit" ;
  tap_plan(16) ;
  if (!mkdtemp(root)) { perror("mkdtemp") ; return 2 ; }
  snprintf(dir, sizeof dir, "%s/envs", root) ;
  is_int(tend_envfiles_read(dir, &vars, &note, 0), 0, "a missing envs/: no file, no mistake") ;
  if (mkdir(dir, 0755) < 0) return 2 ;
  mk("envs/20-b", "Y=later\nZ=z\n") ;
  mk("envs/10-a", "Y=earlier\nX=file\n") ;
  mk("envs/.hidden", "bad line\n") ;
  said[0] = 0 ;
  r = tend_envfiles_read(dir, &vars, &note, 0) ;
  is_int(r, 0, "two good files") ;
  is_str(flat(&vars), "Y=earlier,X=file,Y=later,Z=z,", "the assignments in file order") ;
  is_str(said, "10-a:0:0:-:-|20-b:0:0:-:-|", "each file told as read, in name order") ;
  mk("envs/15-bad", "OK=1\nbad line\n") ;
  vars.len = 0 ; said[0] = 0 ;
  r = tend_envfiles_read(dir, &vars, &note, 0) ;
  is_int(r, 1, "one file with a mistake") ;
  ok(!strncmp(said, "10-a:0:0:-:-|15-bad:0:2:", 24), "its name and line told") ;
  is_str(flat(&vars), "Y=earlier,X=file,Y=later,Z=z,", "a file with a mistake adds nothing, the others are read") ;
  snprintf(dir, sizeof dir, "%s/envs/15-bad", root) ;
  unlink(dir) ;
  vars.len = 0 ;
  r = tend_envfiles_merge(root, "/run/x", envp, &vars, &fixed, &merged, &note, 0) ;
  m = genalloc_s(char const *, &merged) ;
  ok(r == 0 && !strcmp(m[0], "TEND_ETC=") == 0 && !strncmp(m[0], "TEND_ETC=/tmp/", 14) && !strcmp(m[1], "TEND_RUN=/run/x"), "merge: TEND_ETC and TEND_RUN as in use, first") ;
  {
    int x = 0, y = 0 ;
    for (; *m ; m++)
    {
      if (!strcmp(*m, "X=container")) x++ ;
      if (!strcmp(*m, "Y=later")) y++ ;
      if (!strcmp(*m, "X=file") || !strcmp(*m, "Y=earlier")) x = y = -10 ;
    }
    ok(x == 1 && y == 1, "merge: the container wins over the files, a later file over an earlier one") ;
  }
  {
    char longname[300] ;
    memset(longname, 'L', 256) ;
    longname[256] = 0 ;
    ok(tend_env_nameok("A", 1) && tend_env_nameok(longname, 255), "nameok: 1 to 255 bytes") ;
    ok(!tend_env_nameok(longname, 256) && !tend_env_nameok("", 0), "nameok: not 0, not 256") ;
    ok(!tend_env_nameok("a/b", 3) && !tend_env_nameok(".x", 2), "nameok: no /, no leading .") ;
    /* an env file and the container's environment with unusable names: dropped, said once each */
    longname[256] = '=' ; longname[257] = 'v' ; longname[258] = '\n' ; longname[259] = 0 ;
    mk("envs/30-long", longname) ;
    mk("envs/31-keep", "KEEP=1\n") ;
    {
      char envlong[300] ;
      char const *envp2[] = { envlong, "A/B=1", "C=container", 0 } ;
      memset(envlong, 'E', 260) ;
      memcpy(envlong + 260, "=1", 3) ;
      vars.len = 0 ; said[0] = 0 ;
      genalloc_setlen(char const *, &merged, 0) ;
      r = tend_envfiles_merge(root, "/run/x", envp2, &vars, &fixed, &merged, &note, 0) ;
      is_int(r, 0, "unusable names are not mistakes") ;
      ok(strstr(said, "30-long:0:0:LLLL") && strstr(said, "...:D|30-long:0:0:-:-|"), "the long name in a file: said (shortened), then the file read") ;
      ok(strstr(said, "the container's environment:0:0:A/B:D|") && strstr(said, "the container's environment:0:0:EEEE"), "a / and a long name in the container's environment: said") ;
      {
        int bad = 0, keep = 0, c = 0 ;
        for (m = genalloc_s(char const *, &merged) ; *m ; m++)
        {
          if (**m == 'L' || **m == 'E' || !strncmp(*m, "A/B", 3)) bad++ ;
          if (!strcmp(*m, "KEEP=1")) keep++ ;
          if (!strcmp(*m, "C=container")) c++ ;
        }
        ok(!bad && keep == 1 && c == 1, "merge: the unusable names are gone, the rest kept") ;
      }
    }
  }
  stralloc_free(&vars) ;
  stralloc_free(&fixed) ;
  genalloc_free(char const *, &merged) ;
  rm_rf(root) ;
  return tap_failed ? 1 : 0 ;
}
