/* ISC license. */
/* Unit tests for spawn.h: tend_wstat_code, tend_spawn_wait, tend_scripts_run,
   tend_envdir_env, tend_child_wait. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/time.h>
#include <skalibs/stralloc.h>
#include <skalibs/genalloc.h>
#include <skalibs/djbunix.h>
#include "spawn.h"
#include <skalibs/strerr.h>
#include "tap.h"

static char root[] = "/tmp/tend-unit-spawn.XXXXXX" ;

static void mkfile (char const *name, char const *s, int mode)
{
  char path[256] ;
  snprintf(path, sizeof path, "%s/%s", root, name) ;
  if (!openwritenclose_unsafe(path, s, strlen(s)) || chmod(path, mode) < 0) { perror(path) ; exit(2) ; }
}

static long ms_since (struct timeval const *a)
{
  struct timeval b ;
  gettimeofday(&b, 0) ;
  return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_usec - a->tv_usec) / 1000 ;
}

typedef struct seen_s { char order[64] ; unsigned int before, after, stopat ; } seen ;

static int note (char const *name, int const *wstat, int killed, void *ctx)
{
  seen *s = ctx ;
  (void)killed ;
  if (!wstat) { s->before++ ; return 1 ; }
  s->after++ ;
  strncat(s->order, name, sizeof s->order - strlen(s->order) - 1) ;
  strncat(s->order, tend_wstat_code(*wstat) ? "!" : " ", sizeof s->order - strlen(s->order) - 1) ;
  return s->after != s->stopat ;
}

int main (void)
{
  char dir[256], envdir[256], out[256], buf[512] ;
  stralloc sa = STRALLOC_ZERO ;
  genalloc ga = GENALLOC_ZERO ;
  struct timeval t0 ;
  char const *const *envp ;
  int wstat, r ;
  PROG = "unit" ;
  tap_plan(17) ;
  if (!mkdtemp(root)) { perror("mkdtemp") ; return 2 ; }

  is_int(tend_wstat_code(255 << 8), 255, "exit 255 is 255 (not wait_estatus' 128)") ;
  is_int(tend_wstat_code(SIGKILL), 137, "killed by signal 9 is 137") ;

  {
    char const *argv[] = { "/bin/sh", "-c", "exit 3", 0 } ;
    r = tend_spawn_wait(argv, 0, 0, 0, &wstat) ;
    ok(r == 1 && tend_wstat_code(wstat) == 3, "a child that exits 3: in time, code 3") ;
  }
  {
    char const *argv[] = { "no-such-program-xyz", 0 } ;
    r = tend_spawn_wait(argv, 0, 0, 0, &wstat) ;
    ok(r == 1 && tend_wstat_code(wstat) == 127, "a program not found: 127") ;
  }
  {
    char const *argv[] = { "/bin/sh", "-c", "sleep 1 & exec sleep 30", 0 } ;
    gettimeofday(&t0, 0) ;
    r = tend_spawn_wait(argv, 0, 200, 1, &wstat) ;
    ok(r == 0 && WIFSIGNALED(wstat) && WTERMSIG(wstat) == SIGKILL, "past its deadline: killed with SIGKILL, 0") ;
    ok(ms_since(&t0) >= 190 && ms_since(&t0) < 5000, "the deadline holds (200 ms, at most a few seconds under load)") ;
  }

  /* the envdir's environment, read at each spawn */
  snprintf(envdir, sizeof envdir, "%s/env", root) ;
  if (mkdir(envdir, 0755) < 0) return 2 ;
  mkfile("env/X", "hello", 0644) ;
  {
    char const *argv[] = { "/bin/sh", "-c", "[ \"$X\" = hello ]", 0 } ;
    r = tend_spawn_wait(argv, envdir, 0, 0, &wstat) ;
    ok(r == 1 && tend_wstat_code(wstat) == 0, "the child gets the envdir's variables") ;
  }
  envp = tend_envdir_env(envdir, &sa, &ga) ;
  ok(envp[0] && !strcmp(envp[0], "X=hello") && !envp[1], "tend_envdir_env: the envdir, NULL-terminated") ;
  ok(tend_envdir_env(0, &sa, &ga) == (char const *const *)environ, "tend_envdir_env(NULL): our environment") ;

  /* scripts in name order */
  snprintf(dir, sizeof dir, "%s/scripts", root) ;
  snprintf(out, sizeof out, "%s/out", root) ;
  if (mkdir(dir, 0755) < 0) return 2 ;
  snprintf(buf, sizeof buf, "#!/bin/sh\necho b >> %s\nexit 1\n", out) ;
  mkfile("scripts/20-b", buf, 0755) ;
  snprintf(buf, sizeof buf, "#!/bin/sh\necho a >> %s\n", out) ;
  mkfile("scripts/10-a", buf, 0755) ;
  snprintf(buf, sizeof buf, "#!/bin/sh\necho c >> %s\n", out) ;
  mkfile("scripts/30-c", buf, 0755) ;
  mkfile("scripts/.hidden", "#!/bin/sh\nexit 9\n", 0755) ;
  {
    seen s = { .order = "", .before = 0, .after = 0, .stopat = 0 } ;
    r = tend_scripts_run(dir, 0, 5000, 0, &note, &s) ;
    is_int(r, 3, "three scripts run (not the dot file)") ;
    is_str(s.order, "10-a 20-b!30-c ", "in name order, each status told") ;
    ok(s.before == 3 && s.after == 3, "told before and after each") ;
    r = openreadnclose(out, buf, sizeof buf - 1) ;
    buf[r > 0 ? r : 0] = 0 ;
    is_str(buf, "a\nb\nc\n", "they really ran, one after the other") ;
  }
  {
    seen s = { .order = "", .before = 0, .after = 0, .stopat = 2 } ;
    r = tend_scripts_run(dir, 0, 5000, 0, &note, &s) ;
    ok(r == 2 && !strcmp(s.order, "10-a 20-b!"), "the callback stops the run") ;
  }
  snprintf(dir, sizeof dir, "%s/none", root) ;
  is_int(tend_scripts_run(dir, 0, 0, 0, 0, 0), 0, "a missing directory: nothing run") ;
  mkfile("plain", "", 0644) ;
  snprintf(dir, sizeof dir, "%s/plain", root) ;
  errno = 0 ;
  ok(tend_scripts_run(dir, 0, 0, 0, 0, 0) < 0 && errno == ENOTDIR, "a file instead of a directory: -1, ENOTDIR") ;

  {
    pid_t pid = fork() ;
    if (!pid) { usleep(50000) ; _exit(5) ; }
    r = tend_child_wait(pid, 5000, tend_sigchld_trap(), &wstat) ;
    ok(r == 1 && tend_wstat_code(wstat) == 5, "tend_child_wait: wakes up on SIGCHLD, its status") ;
  }
  stralloc_free(&sa) ;
  genalloc_free(char const *, &ga) ;
  rm_rf(root) ;
  return tap_failed ? 1 : 0 ;
}
