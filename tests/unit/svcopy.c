/* ISC license. */
/* Unit tests for tend_svdir_copy. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include "svcopy.h"
#include <skalibs/strerr.h>
#include "tap.h"

static char root[] = "/tmp/tend-unit-svcopy.XXXXXX" ;

static char *P (char const *name)
{
  static char path[4][256] ;
  static int k = 0 ;
  k = (k + 1) % 4 ;
  snprintf(path[k], sizeof path[k], "%s/%s", root, name) ;
  return path[k] ;
}

static void mk (char const *name, char const *s, mode_t mode)
{
  if (!openwritenclose_unsafe(P(name), s, strlen(s)) || chmod(P(name), mode) < 0) { perror(name) ; exit(2) ; }
}

int main (void)
{
  struct stat st ;
  char buf[64] ;
  int sfd, dfd ;
  mode_t um ;
  ssize_t r ;
  PROG = "unit" ;
  tap_plan(10) ;
  if (!mkdtemp(root)) { perror("mkdtemp") ; return 2 ; }
  if (mkdir(P("src"), 0755) < 0 || mkdir(P("dst"), 0755) < 0 || mkdir(P("src/svc"), 0750) < 0
   || mkdir(P("src/svc/supervise"), 0700) < 0 || mkdir(P("src/svc/event"), 0700) < 0
   || mkdir(P("src/svc/log"), 0755) < 0 || mkdir(P("src/svc/log/supervise"), 0700) < 0
   || mkdir(P("src/svc/data"), 0700) < 0 || mkdir(P("src/svc/data/supervise"), 0700) < 0) return 2 ;
  mk("src/svc/run", "#!/bin/sh\nexec sleep 1\n", 0754) ;
  mk("src/svc/log/run", "#!/bin/sh\n", 0700) ;
  mk("src/svc/data/file", "x", 0604) ;
  mk("src/svc/supervise/status", "old", 0644) ;
  if (symlink("run", P("src/svc/link")) < 0 || mkfifo(P("src/svc/fifo"), 0620) < 0 || chmod(P("src/svc/fifo"), 0620) < 0) return 2 ;
  sfd = open(P("src/svc"), O_RDONLY | O_DIRECTORY) ;
  dfd = open(P("dst"), O_RDONLY | O_DIRECTORY) ;
  if (sfd < 0 || dfd < 0 || fstat(sfd, &st) < 0) return 2 ;
  um = umask(0) ;
  ok(tend_svdir_copy(sfd, &st, dfd, "svc"), "copied") ;
  umask(um) ;
  r = openreadnclose(P("dst/svc/run"), buf, sizeof buf - 1) ;
  buf[r > 0 ? r : 0] = 0 ;
  is_str(buf, "#!/bin/sh\nexec sleep 1\n", "a file's contents") ;
  ok(stat(P("dst/svc/run"), &st) == 0 && (st.st_mode & 07777) == 0754, "a file's mode") ;
  ok(stat(P("dst/svc"), &st) == 0 && (st.st_mode & 07777) == 0750, "the directory's mode") ;
  ok(lstat(P("dst/svc/link"), &st) == 0 && S_ISLNK(st.st_mode) && readlink(P("dst/svc/link"), buf, sizeof buf) == 3, "a symlink, as a symlink") ;
  ok(lstat(P("dst/svc/fifo"), &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0620, "a FIFO, with its mode") ;
  ok(access(P("dst/svc/supervise"), F_OK) < 0 && access(P("dst/svc/event"), F_OK) < 0, "supervise/ and event/ are not copied") ;
  ok(access(P("dst/svc/log/supervise"), F_OK) < 0 && access(P("dst/svc/log/run"), F_OK) == 0, "nor the log's supervise/, but its run is") ;
  ok(access(P("dst/svc/data/supervise"), F_OK) == 0 && access(P("dst/svc/data/file"), F_OK) == 0, "deeper, supervise is an ordinary name") ;
  errno = 0 ;
  ok(!tend_svdir_copy(sfd, &st, dfd, "svc") && errno == EEXIST, "an existing copy is not overwritten: EEXIST") ;
  rm_rf(root) ;
  return tap_failed ? 1 : 0 ;
}
