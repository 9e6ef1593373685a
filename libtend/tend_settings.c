/* ISC license. */

#include "settings.h"

#define MS 0x7fffffffU  /* ms values: anything that fits a signed int */

tend_setting const tend_settings[TEND_S_N] =
{
  [TEND_S_ETC] = { "TEND_ETC", TEND_SETTING_PATH, 0, 0, "the configuration tree (container environment only)" },
  [TEND_S_RUN] = { "TEND_RUN", TEND_SETTING_PATH, 0, 0, "the runtime root (container environment only)" },
  [TEND_S_VERBOSITY] = { "TEND_VERBOSITY", TEND_SETTING_UINT, 1, 3, "0: only errors; 1: also warnings; 2: stage progress; 3: debugging" },
  [TEND_S_SKIP_PERMS] = { "TEND_SKIP_PERMS", TEND_SETTING_UINT, 0, 1, "1: do not run tend-fixperms at boot" },
  [TEND_S_INIT_MAXTIME] = { "TEND_INIT_MAXTIME", TEND_SETTING_UINT, 0, MS, "ms an init script may run before it is killed; 0 = no limit" },
  [TEND_S_CMD_WAIT_FOR_SERVICES] = { "TEND_CMD_WAIT_FOR_SERVICES", TEND_SETTING_UINT, 0, 1, "1: start the CMD only when the services are up/ready" },
  [TEND_S_CMD_WAIT_FOR_SERVICES_MAXTIME] = { "TEND_CMD_WAIT_FOR_SERVICES_MAXTIME", TEND_SETTING_UINT, 5000, MS, "ms to wait for them; 0 = no limit" },
  [TEND_S_CMD_RECEIVE_SIGNALS] = { "TEND_CMD_RECEIVE_SIGNALS", TEND_SETTING_UINT, 0, 1, "1: signals to pid 1 go to the CMD while it runs" },
  [TEND_S_SERVICES_GRACETIME] = { "TEND_SERVICES_GRACETIME", TEND_SETTING_UINT, 5000, MS, "ms the scanner waits for the supervisors at shutdown; 0 = no limit" },
  [TEND_S_KILL_FINALIZE_MAXTIME] = { "TEND_KILL_FINALIZE_MAXTIME", TEND_SETTING_UINT, 5000, MS, "ms each finalize script may run" },
  [TEND_S_KILL_GRACETIME] = { "TEND_KILL_GRACETIME", TEND_SETTING_UINT, 3000, MS, "ms between TERM and KILL to the remaining processes" },
  [TEND_S_SYNC_DISKS] = { "TEND_SYNC_DISKS", TEND_SETTING_UINT, 0, 1, "1: sync() before exiting" },
  [TEND_S_LOG_PREFIX] = { "TEND_LOG_PREFIX", TEND_SETTING_UINT, 0, 1, "1: services without log/ get their lines on the container's output as NAME: line" },
} ;
