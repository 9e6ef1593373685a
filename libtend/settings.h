/* ISC license. */
/* tend: the TEND_* variables of the boot, in one table (name, default, range, meaning) that
   tend-init, its --check and the documentation test all read. */
#ifndef TEND_SETTINGS_H
#define TEND_SETTINGS_H

#include <stddef.h>

/* Indices in tend_settings[]. TEND_ETC and TEND_RUN are paths (read from the container's
   environment only); the others are unsigned numbers in [0, max]. */
enum tend_setting_id
{
  TEND_S_ETC,
  TEND_S_RUN,
  TEND_S_VERBOSITY,
  TEND_S_SKIP_PERMS,
  TEND_S_INIT_MAXTIME,
  TEND_S_CMD_WAIT_FOR_SERVICES,
  TEND_S_CMD_WAIT_FOR_SERVICES_MAXTIME,
  TEND_S_CMD_RECEIVE_SIGNALS,
  TEND_S_SERVICES_GRACETIME,
  TEND_S_KILL_FINALIZE_MAXTIME,
  TEND_S_KILL_GRACETIME,
  TEND_S_SYNC_DISKS,
  TEND_S_LOG_PREFIX,
  TEND_S_N
} ;

enum tend_setting_kind { TEND_SETTING_PATH, TEND_SETTING_UINT } ;

typedef struct tend_setting_s tend_setting ;
struct tend_setting_s
{
  char const *name ;           /* "TEND_VERBOSITY" */
  enum tend_setting_kind kind ;
  unsigned int def ;           /* TEND_SETTING_UINT: the default */
  unsigned int max ;           /* TEND_SETTING_UINT: the largest value accepted */
  char const *what ;           /* one line, for the docs */
} ;

extern tend_setting const tend_settings[TEND_S_N] ;

/* Called by tend_settings_read for each bad value (not a number, or over max): the setting,
   the value as found, and ctx. */
typedef void tend_settings_bad_fn (tend_setting const *s, char const *value, void *ctx) ;

/* Fills v[0..TEND_S_N) (the TEND_SETTING_UINT entries; path entries are left alone) from the
   NULL-terminated envp: a variable absent from envp gets its default, a bad value gets its
   default and a call to bad (if not NULL). When envp holds a name twice, the first wins
   (execve's and getenv's rule). Returns the number of bad values. */
extern unsigned int tend_settings_read (char const *const *envp, unsigned int *v, tend_settings_bad_fn *bad, void *ctx) ;

/* The index of the setting named s[0..len) (no '='), or -1 when no setting has that name. */
extern int tend_settings_find (char const *s, size_t len) ;

#endif
