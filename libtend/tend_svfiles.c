/* ISC license. */

#include <signal.h>
#include "svdir.h"
#include "svfiles.h"

#define MS 0x7fffffffU  /* ms values: anything that fits a signed int */

/* The ranges are tend-supervise's (read_conf): a value outside is refused at run time,
   with a warning, and the default is used. */
tend_svfile const tend_svfiles[TEND_SVFILE_N] =
{
  { TEND_SVDIR_RUN, TEND_SVFILE_EXEC, 0, 0, 0, 1, "the service, spawned as ./run NAME" },
  { TEND_SVDIR_FINISH, TEND_SVFILE_EXEC, 0, 0, 0, 0, "runs after each death of run, as ./finish EXITCODE SIGNAL NAME PGID" },
  { TEND_SVDIR_DOWN, TEND_SVFILE_FLAG, 0, 0, 0, 0, "exists: do not start run when the supervisor starts" },
  { TEND_SVDIR_LOG, TEND_SVFILE_DIR, 0, 0, 0, 0, "the service directory of this service's logger" },
  { TEND_SVDIR_NOTIFICATION_FD, TEND_SVFILE_UINT, 3, 1023, 0, 0, "fd on which run writes a newline when ready" },
  { TEND_SVDIR_TIMEOUT_KILL, TEND_SVFILE_UINT, 0, MS, 0, 0, "ms from the down signal to SIGKILL; 0 = never" },
  { TEND_SVDIR_TIMEOUT_FINISH, TEND_SVFILE_UINT, 0, MS, 0, 0, "ms finish may run before SIGKILL; 0 = no limit" },
  { TEND_SVDIR_DOWN_SIGNAL, TEND_SVFILE_SIG, 0, 0, SIGSTOP, 0, "the signal that takes run down (not STOP)" },
  { TEND_SVDIR_MAX_DEATH_TALLY, TEND_SVFILE_UINT, 0, 65535, 0, 0, "give up restarting after this many quick deaths; 0 = never" },
  { TEND_SVDIR_SUPERVISE, TEND_SVFILE_STATE, 0, 0, 0, 0, "the supervisor's state (created)" },
  { TEND_SVDIR_EVENT, TEND_SVFILE_STATE, 0, 0, 0, 0, "listeners' FIFOs (created)" },
  { "nosetsid", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "s6: ignored, tend always starts run in its own session" },
  { "lock-fd", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "s6: ignored" },
  { "instance", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "s6 instances: ignored" },
  { "instances", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "s6 instances: ignored" },
  { "template", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "s6 instances: ignored" },
  { "check", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "runit: run by sv, not by tend" },
  { "control", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "runit: ignored" },
  { "conf", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "runit convention (sourced by run): ignored" },
  { "env", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "runit/s6 convention (read by run): ignored" },
  { "data", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "s6-rc convention (read by run): ignored" },
  { "type", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "s6-rc: ignored" },
  { "dependencies", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "s6-rc: ignored" },
  { "dependencies.d", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "s6-rc: ignored" },
  { "timeout-up", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "s6-rc: ignored" },
  { "timeout-down", TEND_SVFILE_IGNORED, 0, 0, 0, 0, "s6-rc: ignored" },
} ;
