/* ISC license. */
/* Unit tests for tend_service_resolve and tend_scandir_default. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include "config.h"
#include "service.h"
#include "tap.h"

static char root[] = "/tmp/tend-unit-service.XXXXXX" ;
static char scan[64] ;

static void mkd (char const *name)
{
  char path[256] ;
  snprintf(path, sizeof path, "%s/%s", root, name) ;
  if (mkdir(path, 0755) < 0) { perror(path) ; exit(2) ; }
}

/* The resolved path, or "ERRNO:n" */
static char const *R (char const *arg)
{
  static char out[256] ;
  static char buf[128] ;
  errno = 0 ;
  if (tend_service_resolve(buf, sizeof buf, arg, scan)) return buf ;
  snprintf(out, sizeof out, "ERRNO:%d", errno) ;
  return out ;
}

int main (void)
{
  char want[256] ;
  char buf[256] ;
  char err[32] ;
  char small[8] ;
  tap_plan(18) ;
  if (!mkdtemp(root)) { printf("Bail out! mkdtemp\n") ; return 111 ; }
  snprintf(scan, sizeof scan, "%s/scan", root) ;
  mkd("scan") ; mkd("scan/web") ; mkd("scan/.tend-svscan") ; mkd("cwd") ; mkd("cwd/web") ; mkd("cwd/local") ;
  snprintf(buf, sizeof buf, "%s/scan/file", root) ;
  if (!openwritenclose_unsafe(buf, "", 0)) { perror(buf) ; return 2 ; }
  snprintf(buf, sizeof buf, "%s/scan/link", root) ;
  if (symlink("web", buf) < 0) { perror(buf) ; return 2 ; }
  snprintf(buf, sizeof buf, "%s/cwd", root) ;
  if (chdir(buf) < 0) { perror(buf) ; return 2 ; }

  snprintf(want, sizeof want, "%s/web", scan) ;
  is_str(R("web"), want, "a name in the scan directory wins over the working directory") ;
  snprintf(want, sizeof want, "%s/link", scan) ;
  is_str(R("link"), want, "a symlink to a directory in the scan directory") ;
  is_str(R("local"), "local", "a name only in the working directory") ;
  snprintf(err, sizeof err, "ERRNO:%d", ENOENT) ;
  is_str(R("nosuch"), err, "a name that matches nothing: ENOENT") ;
  is_str(R("file"), err, "a regular file in the scan directory is no service: ENOENT") ;
  is_str(R("./web"), "./web", "./NAME is a path") ;
  is_str(R("web/"), "web/", "NAME/ is a path") ;
  is_str(R("."), ".", ". is a path") ;
  is_str(R(".."), "..", ".. is a path") ;
  is_str(R(".tend-svscan"), ".tend-svscan", "a name starting with a dot is a path, never a scan directory entry") ;
  is_str(R(""), "", "the empty argument is left alone") ;
  is_str(R("/abs/x"), "/abs/x", "an absolute path") ;
  errno = 0 ;
  ok(!tend_service_resolve(small, sizeof small, "/a/long/path", scan) && errno == ENAMETOOLONG, "a path too long for buf: ENAMETOOLONG") ;
  errno = 0 ;
  ok(!tend_service_resolve(small, sizeof small, "web", scan) && errno == ENAMETOOLONG, "a name too long with the scan directory: ENAMETOOLONG") ;

  setenv("TEND_RUN", "/x/run", 1) ;
  ok(tend_scandir_default(buf, sizeof buf) == 15 && !strcmp(buf, "/x/run/services"), "TEND_RUN from the environment") ;
  setenv("TEND_RUN", "", 1) ;
  tend_scandir_default(buf, sizeof buf) ;
  is_str(buf, TEND_RUN "/services", "an empty TEND_RUN: the default of config.h") ;
  unsetenv("TEND_RUN") ;
  tend_scandir_default(buf, sizeof buf) ;
  is_str(buf, TEND_RUN "/services", "no TEND_RUN: the default of config.h") ;
  errno = 0 ;
  ok(!tend_scandir_default(small, sizeof small) && errno == ENAMETOOLONG, "too long: 0, ENAMETOOLONG") ;

  rm_rf(root) ;
  return tap_done() ;
}
