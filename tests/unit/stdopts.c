/* ISC license. */
/* Unit tests for tend_stdopts: --help and --version as argv[1], nothing else. */

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <skalibs/strerr.h>
#include "config.h"
#include "stdopts.h"
#include "tap.h"

#define U "tend-x [ -a ] DIR..."

/* Runs tend_stdopts(argc, argv, U) in a child with stdout to out (or to /dev/full when out
   is 0); returns the exit code, 42 when it returned. */
static int run (int argc, char const *const *argv, char *out, size_t max)
{
  int p[2] ;
  int status ;
  size_t len = 0 ;
  pid_t pid ;
  if (pipe(p) < 0) return -1 ;
  pid = fork() ;
  if (pid < 0) return -1 ;
  if (!pid)
  {
    int fd = out ? p[1] : open("/dev/full", O_WRONLY) ;
    close(p[0]) ;
    if (fd < 0 || dup2(fd, 1) < 0) _exit(99) ;
    close(2) ;  /* the error message of the /dev/full case is not TAP */
    PROG = "tend-x" ;
    tend_stdopts(argc, argv, U) ;
    _exit(42) ;
  }
  close(p[1]) ;
  if (out)
  {
    for (;;)
    {
      ssize_t r = read(p[0], out + len, max - 1 - len) ;
      if (r <= 0) break ;
      len += r ;
    }
    out[len] = 0 ;
  }
  close(p[0]) ;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) return -1 ;
  return WEXITSTATUS(status) ;
}

int main (void)
{
  char out[256] ;
  char const *help[] = { "tend-x", "--help", 0 } ;
  char const *version[] = { "tend-x", "--version", "ignored", 0 } ;
  char const *none[] = { "tend-x", 0 } ;
  char const *other[] = { "tend-x", "--helpme", 0 } ;
  char const *later[] = { "tend-x", "-a", "--help", 0 } ;
  char const *dir[] = { "tend-x", "web", 0 } ;
  tap_plan(9) ;
  is_int(run(2, help, out, sizeof out), 0, "--help: exit 0") ;
  is_str(out, U "\n", "--help: the synopsis, one line, on stdout") ;
  is_int(run(3, version, out, sizeof out), 0, "--version: exit 0") ;
  is_str(out, "tend-x " TEND_VERSION "\n", "--version: PROG and TEND_VERSION, one line") ;
  is_int(run(1, none, out, sizeof out), 42, "no argument: returns") ;
  is_int(run(2, other, out, sizeof out), 42, "--helpme: returns (not a prefix match)") ;
  is_int(run(3, later, out, sizeof out), 42, "--help after another argument: returns") ;
  is_int(run(2, dir, out, sizeof out), 42, "an operand: returns") ;
  is_int(run(2, help, 0, 0), 111, "stdout cannot be written: exit 111") ;
  return tap_done() ;
}
