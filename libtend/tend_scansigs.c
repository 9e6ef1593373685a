/* ISC license. */

#include <signal.h>
#include "scansig.h"

tend_scansig const tend_scansigs[TEND_SCANSIGS_N] =
{
  { SIGTERM, "SIGTERM", TEND_SCANSIG_STOP },
  { SIGINT, "SIGINT", TEND_SCANSIG_STOP },
  { SIGQUIT, "SIGQUIT", TEND_SCANSIG_CMD },
  { SIGHUP, "SIGHUP", TEND_SCANSIG_CMD },
  { SIGUSR1, "SIGUSR1", TEND_SCANSIG_CMD },
  { SIGUSR2, "SIGUSR2", TEND_SCANSIG_CMD },
  { SIGWINCH, "SIGWINCH", TEND_SCANSIG_CMD },
  { SIGALRM, "SIGALRM", 0 },   /* a rescan, never diverted by tend-init */
} ;
