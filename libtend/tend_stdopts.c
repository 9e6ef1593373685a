/* ISC license. */

#include <string.h>
#include <unistd.h>
#include <skalibs/buffer.h>
#include <skalibs/strerr.h>
#include "config.h"
#include "exitcode.h"
#include "stdopts.h"

void tend_stdopts (int argc, char const *const *argv, char const *usage)
{
  int ok ;
  if (argc < 2) return ;
  if (!strcmp(argv[1], "--help"))
    ok = buffer_puts(buffer_1, usage) >= 0 ;
  else if (!strcmp(argv[1], "--version"))
    ok = buffer_puts(buffer_1, PROG) >= 0 && buffer_puts(buffer_1, " " TEND_VERSION) >= 0 ;
  else return ;
  if (!ok || buffer_puts(buffer_1, "\n") < 0 || !buffer_flush(buffer_1))
    strerr_diefsys(TEND_EXIT_SYS, "unable to write to stdout") ;
  _exit(TEND_EXIT_OK) ;
}
