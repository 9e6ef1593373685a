/* ISC license. */
/* tend: the validators of --check. Each finds every problem of what it is given and adds
   it to a report (report.h); none stops at the first, none writes anything. Unreadable
   files are problems too (their errno in the message). */
#ifndef TEND_CHECK_H
#define TEND_CHECK_H

#include <stddef.h>
#include "account.h"
#include "report.h"

/* The PATH a service gets when the environment has none, for "#!/usr/bin/env X". */
#define TEND_CHECK_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Bytes of a script read for the #! line and the account scan. */
#define TEND_CHECK_SCRIPTMAX 65536

/* The service directory dir, as tend-supervise and tend-svscan will use it (svfiles.h):
   run missing or not an executable regular file, finish likewise, the value files parsed
   with tend_value_uint/tend_value_sig and the ranges tend-supervise accepts, log/ not a
   directory (else checked too), unknown names (with "did you mean X?" when near a known
   one), and each executable as tend_exec_check does. root: the image's root directory
   that absolute paths (#! interpreters) are resolved in ("" or NULL: /); pathvar: the
   PATH the services get (NULL: TEND_CHECK_PATH). */
extern void tend_svdir_check (char const *dir, char const *root, char const *pathvar, tend_report *r) ;

/* The executable file: exists, is a regular file, is executable by someone, and its first
   bytes are an ELF header or a #! line whose interpreter exists under root (for
   "#!/usr/bin/env X", X looked up in pathvar) and that does not end in CR; then the
   tend-setuidgid and s6-setuidgid lines of its text (tend_script_accounts). */
extern void tend_exec_check (char const *file, char const *root, char const *pathvar, tend_report *r) ;

/* Scans the script text s[0..len) of file for the words tend-setuidgid and s6-setuidgid
   (also as the last component of a path) followed, after options, by a literal account
   (no quote, $, backquote, brace...), on lines not starting with '#', and checks each
   account with tend_account_check. What is built at run time is not seen. */
extern void tend_script_accounts (char const *file, char const *s, size_t len, tend_report *r) ;

/* Looks spec up (tend_account_resolve) and reports an unknown user or group (the messages
   of tend-fixperms: "unknown user: NAME") or a database error at file:line. */
extern void tend_account_check (tend_account_spec_t const *spec, char const *file, size_t line, tend_report *r) ;

/* The perms file: every line parsed with tend_perms_parse (substitutions from envp, the
   merged environment), every account looked up. */
extern void tend_perms_check (char const *file, char const *const *envp, tend_report *r) ;

/* Where an assignment of the merged environment came from: file and line (0 if unknown).
   Returns 1 when it came from an env file, 0 when from the container's environment. */
typedef int tend_settings_where_fn (char const *assignment, void *ctx, char const **file, size_t *line) ;

/* The TEND_* variables of envp (NULL-terminated, the merged environment, first wins):
   unknown names (warning, with "did you mean X?") and values that tend_settings_read
   refuses (error: the boot warns and uses the default); and in vars[0..len) (the env files'
   assignments, "KEY=VALUE\0"... as tend_envfile_parse appends them) the path settings
   (warning: only the container's environment sets them). where (may be NULL) names the
   place of an assignment of either; without one it is "(environment)". */
extern void tend_settings_check (char const *const *envp, char const *vars, size_t len, tend_settings_where_fn *where, void *ctx, tend_report *r) ;

/* The line (1-based) of the last line of the env file text s[0..len) that assigns key
   (key, optional blanks before it, then '='), or 0: where the winning value is. */
extern size_t tend_envfile_line (char const *s, size_t len, char const *key, size_t keylen) ;

#endif
