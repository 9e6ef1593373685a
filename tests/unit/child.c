/* ISC license. */
/* Unit tests for the child that execs only when told to (libtend/child.h). */

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#include "child.h"
#include "tap.h"

int main (void)
{
  char dir[] = "/tmp/tend-unit-child.XXXXXX" ;
  char cmd[128] ;
  tend_child_t ch ;
  int setup, w, p[2] ;
  char c = 0 ;
  tap_plan(9) ;
  if (!mkdtemp(dir)) return 111 ;
  snprintf(cmd, sizeof(cmd), "touch %s/ran", dir) ;
  {
    char const *argv[4] = { "/bin/sh", "-c", cmd, 0 } ;
    char path[64] ;
    snprintf(path, sizeof(path), "%s/ran", dir) ;
    ok(tend_child_fork(&ch, argv, -1, -1), "fork") ;
    usleep(50000) ;
    ok(access(path, F_OK) < 0, "the child waits for go") ;
    tend_child_abort(&ch) ;
    ok(access(path, F_OK) < 0 && kill(ch.pid, 0) < 0, "aborted: never ran, reaped") ;
    ok(tend_child_fork(&ch, argv, -1, -1) && tend_child_go(&ch, &setup), "go: exec'd") ;
    waitpid(ch.pid, &w, 0) ;
    ok(WIFEXITED(w) && !WEXITSTATUS(w) && access(path, F_OK) == 0, "... and ran") ;
  }
  {
    char const *argv[2] = { "/nonexistent/x", 0 } ;
    errno = 0 ;
    ok(tend_child_fork(&ch, argv, -1, -1) && !tend_child_go(&ch, &setup) && errno == ENOENT && !setup, "exec failure: ENOENT comes back") ;
    waitpid(ch.pid, &w, 0) ;
    is_int(WEXITSTATUS(w), 127, "... exit 127") ;
  }
  {
    char const *argv[4] = { "/bin/sh", "-c", "echo x >&9", 0 } ;
    if (pipe(p) < 0) return 111 ;
    ok(tend_child_fork(&ch, argv, p[1], 9) && tend_child_go(&ch, &setup), "fd moved to 9") ;
    close(p[1]) ;
    waitpid(ch.pid, &w, 0) ;
    ok(read(p[0], &c, 1) == 1 && c == 'x', "... the child wrote on it") ;
  }
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir) ;
  if (system(cmd)) return 111 ;
  return tap_done() ;
}
