/* ISC license. */
/* Unit tests for the --check validators: names near known ones, service directories,
   executables and #! lines, accounts in scripts and perms files, TEND_* settings. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include "svfiles.h"
#include "namenear.h"
#include "settings.h"
#include "check.h"
#include "tap.h"

static char root[64] ;

/* Writes root/name with contents and mode (a directory when contents is 0). */
static void put (char const *name, char const *contents, unsigned int mode)
{
  char path[512] ;
  strcpy(path, root) ; strcat(path, "/") ; strcat(path, name) ;
  if (!contents) { mkdir(path, mode) ; return ; }
  if (!openwritenclose_unsafe(path, contents, strlen(contents))) { printf("# cannot write %s\n", path) ; exit(111) ; }
  chmod(path, mode) ;
}

/* Does r hold a problem whose file ends in suffix, at line, whose message contains sub? */
static int has (tend_report const *r, char const *suffix, size_t line, unsigned int sev, char const *sub)
{
  tend_problem const *p = genalloc_s(tend_problem, &r->v) ;
  size_t n = genalloc_len(tend_problem, &r->v), i, k = strlen(suffix) ;
  for (i = 0 ; i < n ; i++)
  {
    char const *f = r->sa.s + p[i].file ;
    size_t fl = strlen(f) ;
    if (fl >= k && !strcmp(f + fl - k, suffix) && p[i].line == line && p[i].severity == sev && strstr(r->sa.s + p[i].msg, sub)) return 1 ;
  }
  for (i = 0 ; i < n ; i++) printf("#   have: %s:%zu: %s\n", r->sa.s + p[i].file, p[i].line, r->sa.s + p[i].msg) ;
  return 0 ;
}

static int where (char const *a, void *ctx, char const **file, size_t *line)
{
  (void)ctx ;
  if (!strncmp(a, "TEND_ETC=", 9) || !strncmp(a, "TEND_VERBOSTY=", 14)) { *file = "/e/envs/10" ; *line = 3 ; return 1 ; }
  return 0 ;
}

int main (void)
{
  tend_report r = TEND_REPORT_ZERO ;
  char dir[128], bin[128] ;
  int i ;
  tap_plan(54) ;

  /* names */
  is_int(tend_name_near("Down", 4, "down"), 0, "near: case folded") ;
  is_int(tend_name_near("timeout_kill", 12, "timeout-kill"), 0, "near: _ taken as -") ;
  is_int(tend_name_near("notfication-fd", 14, "notification-fd"), 1, "near: one letter missing") ;
  is_int(tend_name_near("tiemout-kill", 12, "timeout-kill"), 1, "near: two letters swapped") ;
  is_int(tend_name_near("TEND_VERBOSTY", 13, "TEND_VERBOSITY"), 1, "near: a setting name") ;
  is_int(tend_name_near("README", 6, "run"), -1, "not near: a different word") ;
  is_int(tend_name_near("rum", 3, "run"), 1, "near: short names allow one edit") ;
  is_int(tend_name_near("rxx", 3, "run"), -1, "not near: two edits on a short name") ;

  /* the table */
  for (i = 0 ; i < TEND_SVFILE_N ; i++) if (!tend_svfiles[i].name || !tend_svfiles[i].what) break ;
  ok(i == TEND_SVFILE_N, "every file of the table has a name and a meaning") ;
  for (i = 0 ; i < TEND_SVFILE_N ; i++) if (!strcmp(tend_svfiles[i].name, "notification-fd")) break ;
  ok(i < TEND_SVFILE_N && tend_svfiles[i].min == 3 && tend_svfiles[i].max == 1023, "notification-fd: 3 to 1023, as tend-supervise") ;

  strcpy(root, "/tmp/tend-unit-check.XXXXXX") ;
  if (!mkdtemp(root)) { printf("Bail out! mkdtemp\n") ; return 111 ; }
  put("usr", 0, 0755) ; put("usr/bin", 0, 0755) ;
  put("usr/bin/env", "#!/bin/true\n", 0755) ;
  put("usr/bin/python3", "#!/bin/true\n", 0755) ;
  put("usr/bin/noexec", "x", 0644) ;
  put("sv", 0, 0755) ;
  put("sv/run", "#!/usr/bin/python3\nprint(1)\n", 0755) ;
  put("sv/finish", "#!/bin/sh\n", 0644) ;
  put("sv/notification-fd", "5000\n", 0644) ;
  put("sv/down-signal", "STOP\n", 0644) ;
  put("sv/max-death-tally", "70000", 0644) ;
  put("sv/timeout-kill", " 2147483647 \n", 0644) ;
  put("sv/timeout-finish", "soon\n", 0644) ;
  put("sv/notfication-fd", "3\n", 0644) ;
  put("sv/timeout_kill", "1\n", 0644) ;
  put("sv/Down", "", 0644) ;
  put("sv/README", "hello", 0644) ;
  put("sv/nosetsid", "", 0644) ;
  put("sv/log", 0, 0755) ;
  put("sv/log/run", "#!/usr/bin/env python3\r\n", 0755) ;
  put("sv/log/notification-fd", "2", 0644) ;
  put("sv/log/down-signal", "HUP", 0644) ;
  put("sv2", 0, 0755) ;
  put("sv2/run", 0, 0755) ;
  put("sv2/log", "x", 0644) ;
  put("sv3", 0, 0755) ;
  put("sv3/run", "#!/usr/bin/env nosuchprog\ntend-setuidgid nosuchuser42 prog\n", 0755) ;
  put("sv3/finish", "echo no shebang\n", 0755) ;
  put("sv3/max-death-tally", "65535\n", 0644) ;
  put("sv4", 0, 0755) ;
  put("sv4/run", "#! /usr/bin/nope -f\n", 0755) ;
  put("sv4/finish", "#!/usr/bin/noexec\n", 0755) ;

  snprintf(dir, sizeof dir, "%s/sv", root) ;
  tend_svdir_check(dir, root, "/usr/bin", &r) ;
  ok(has(&r, "/sv/notification-fd", 0, TEND_REPORT_ERROR, "out of range: \"5000\" (3 to 1023)"), "notification-fd 5000 refused, with the range") ;
  ok(has(&r, "/sv/down-signal", 0, TEND_REPORT_ERROR, "refused: \"STOP\""), "down-signal STOP refused") ;
  ok(has(&r, "/sv/max-death-tally", 0, TEND_REPORT_ERROR, "out of range: \"70000\" (0 to 65535)"), "max-death-tally 70000 refused") ;
  ok(has(&r, "/sv/timeout-finish", 0, TEND_REPORT_ERROR, "not a decimal number: \"soon\""), "not a number") ;
  ok(has(&r, "/sv/finish", 0, TEND_REPORT_ERROR, "not executable (chmod +x)"), "finish not executable") ;
  ok(has(&r, "/sv/notfication-fd", 0, TEND_REPORT_WARNING, "did you mean notification-fd?"), "typo: did you mean") ;
  ok(has(&r, "/sv/timeout_kill", 0, TEND_REPORT_WARNING, "did you mean timeout-kill?"), "underscore: did you mean") ;
  ok(has(&r, "/sv/Down", 0, TEND_REPORT_WARNING, "did you mean down?"), "case: did you mean") ;
  ok(has(&r, "/sv/README", 0, TEND_REPORT_WARNING, "unknown name, ignored by tend"), "unknown name") ;
  ok(has(&r, "/sv/log/run", 1, TEND_REPORT_ERROR, "ends in CR"), "log/ checked: #! line ending in CR") ;
  ok(has(&r, "/sv/log/notification-fd", 0, TEND_REPORT_ERROR, "must be 3 or more"), "log/: notification-fd 2") ;
  is_int(r.errors, 7, "sv: 7 errors (run, timeout-kill 2147483647, nosetsid, log/down-signal HUP are fine)") ;
  is_int(r.warnings, 4, "sv: 4 warnings") ;
  tend_report_free(&r) ;

  snprintf(dir, sizeof dir, "%s/sv2", root) ;
  tend_svdir_check(dir, root, 0, &r) ;
  ok(has(&r, "/sv2/run", 0, TEND_REPORT_ERROR, "not a regular file"), "run is a directory") ;
  ok(has(&r, "/sv2/log", 0, TEND_REPORT_ERROR, "not a directory"), "log is a file") ;
  is_int(r.errors + r.warnings, 2, "sv2: 2 problems") ;
  tend_report_free(&r) ;

  snprintf(dir, sizeof dir, "%s/sv3", root) ;
  tend_svdir_check(dir, root, "/nowhere:/usr/bin", &r) ;
  ok(has(&r, "/sv3/run", 1, TEND_REPORT_ERROR, "runs env nosuchprog, which is not in PATH"), "env X: X not in PATH") ;
  ok(has(&r, "/sv3/run", 2, TEND_REPORT_ERROR, "unknown user: nosuchuser42"), "tend-setuidgid with an unknown user") ;
  ok(has(&r, "/sv3/finish", 0, TEND_REPORT_ERROR, "neither a #! script nor an ELF binary"), "no #! line") ;
  is_int(r.errors + r.warnings, 3, "sv3: 3 problems (max-death-tally 65535 is fine)") ;
  tend_report_free(&r) ;

  snprintf(dir, sizeof dir, "%s/sv4", root) ;
  tend_svdir_check(dir, root, 0, &r) ;
  ok(has(&r, "/sv4/run", 1, TEND_REPORT_ERROR, "the #! interpreter /usr/bin/nope does not exist"), "missing interpreter, resolved under root") ;
  ok(has(&r, "/sv4/finish", 1, TEND_REPORT_ERROR, "the #! interpreter /usr/bin/noexec: Permission denied"), "interpreter not executable") ;
  is_int(r.errors + r.warnings, 2, "sv4: 2 problems") ;
  tend_report_free(&r) ;

  /* no root, no PATH given: / and the default PATH (the real /usr/bin/env exists) */
  put("sv5", 0, 0755) ;
  put("sv5/run", "#!/usr/bin/env tend-nosuchprog3\n", 0755) ;
  snprintf(dir, sizeof dir, "%s/sv5", root) ;
  tend_svdir_check(dir, 0, 0, &r) ;
  ok(has(&r, "/sv5/run", 1, TEND_REPORT_ERROR, "runs env tend-nosuchprog3, which is not in PATH"), "no root, default PATH") ;
  is_int(r.errors + r.warnings, 1, "sv5: 1 problem") ;
  tend_report_free(&r) ;

  /* env X found in the second PATH entry (the first one short) */
  put("sv6", 0, 0755) ;
  put("sv6/run", "#!/usr/bin/env python3\n", 0755) ;
  snprintf(dir, sizeof dir, "%s/sv6", root) ;
  tend_svdir_check(dir, root, "/a:/usr/bin", &r) ;
  is_int(r.errors + r.warnings, 0, "env X: found in the second PATH entry") ;
  tend_report_free(&r) ;

  snprintf(dir, sizeof dir, "%s/nosuchdir", root) ;
  tend_svdir_check(dir, 0, 0, &r) ;
  ok(has(&r, "/nosuchdir", 0, TEND_REPORT_ERROR, "No such file or directory"), "a missing directory") ;
  tend_report_free(&r) ;

  /* a real binary: ELF, no #! */
  tend_exec_check("/bin/true", 0, 0, &r) ;
  is_int(r.errors + r.warnings, 0, "an ELF binary is fine") ;

  /* accounts in scripts */
  {
    static char const s[] =
      "#!/bin/sh\n"
      "# tend-setuidgid commentuser x\n"
      "exec /usr/bin/tend-setuidgid -e nobody prog\n"
      "exec s6-setuidgid nouser43 prog\n"
      "exec tend-setuidgid \"$USER\" prog\n"
      "exec tend-setuidgid nobody:nogroupx44 prog\n"
      "exec my-tend-setuidgid nouser45 x\n"
      "fdmove -c 2 1 s6-setuidgid 65534:65534 prog\n"
      "tend-setuidgid nobody,1:2 ; tend-setuidgid -e -- nobody y\n" ;
    tend_script_accounts("/s", s, sizeof s - 1, &r) ;
    ok(has(&r, "/s", 4, TEND_REPORT_ERROR, "unknown user: nouser43"), "s6-setuidgid USER seen") ;
    ok(has(&r, "/s", 6, TEND_REPORT_ERROR, "unknown group: nogroupx44"), "USER:GROUP: unknown group") ;
    is_int(r.errors + r.warnings, 2, "comments, options, variables, other words and numbers not reported") ;
    tend_report_free(&r) ;
  }

  /* perms files */
  snprintf(dir, sizeof dir, "%s/perms", root) ;
  put("perms", "# comment\n/srv true nobody 0644 0755\n/srv true nouser46 0644 0755\nrelative true nobody 0644 0755\n/x {{NOPE}} - -\n/y nobody:nogroupx47 - -\n/z nouser48,1:1 - -\n", 0644) ;
  {
    char const *env[] = { 0 } ;
    tend_perms_check(dir, env, &r) ;
  }
  ok(has(&r, "/perms", 3, TEND_REPORT_ERROR, "unknown user: nouser46"), "perms: unknown user, with its line") ;
  ok(has(&r, "/perms", 4, TEND_REPORT_ERROR, "absolute"), "perms: a syntax error, with its line") ;
  ok(has(&r, "/perms", 5, TEND_REPORT_ERROR, "NOPE"), "perms: an unset variable") ;
  ok(has(&r, "/perms", 6, TEND_REPORT_ERROR, "unknown group: nogroupx47"), "perms: unknown group") ;
  is_int(r.errors + r.warnings, 4, "perms: 4 problems (a fallback account is fine)") ;
  tend_report_free(&r) ;

  /* TEND_* settings */
  {
    char const *env[] = { "TEND_VERBOSITY=9", "TEND_VERBOSITY=1", "TEND_VERBOSTY=2", "TEND_SYNC_DISKS=1", "TEND_KILL_GRACETIME=soon", "TEND_ETC=/x", "TEND_RUN=/y", "TEND_FOO=1", "PATH=/bin", 0 } ;
    static char const vars[] = "A=1\0TEND_ETC=/z" ;
    tend_settings_check(env, vars, sizeof vars, &where, 0, &r) ;
    ok(has(&r, "(environment)", 0, TEND_REPORT_ERROR, "bad value for TEND_VERBOSITY: \"9\" (0 to 3; the boot uses 1)"), "settings: out of range") ;
    ok(has(&r, "/e/envs/10", 3, TEND_REPORT_WARNING, "unknown variable TEND_VERBOSTY, ignored by tend (did you mean TEND_VERBOSITY?)"), "settings: a typo, placed by where") ;
    ok(has(&r, "(environment)", 0, TEND_REPORT_ERROR, "bad value for TEND_KILL_GRACETIME: \"soon\""), "settings: not a number") ;
    ok(has(&r, "/e/envs/10", 3, TEND_REPORT_WARNING, "TEND_ETC set in an env file is ignored"), "settings: a path set in a file") ;
    ok(has(&r, "(environment)", 0, TEND_REPORT_WARNING, "unknown variable TEND_FOO, ignored by tend"), "settings: unknown, nothing near") ;
    is_int(r.errors + r.warnings, 5, "settings: 5 problems (the second TEND_VERBOSITY is not the one used, paths in envp are fine)") ;
    tend_report_free(&r) ;
  }

  {
    static char const s[] = "A=1\n  TEND_X=2\nTEND_XY=3\n\nTEND_X=4\nB=\"\nTEND_X=5 inside quotes\"\n" ;
    is_int(tend_envfile_line(s, sizeof s - 1, "TEND_X", 6), 7, "envfile_line: the last line assigning the key") ;
    is_int(tend_envfile_line(s, sizeof s - 1, "TEND_Z", 6), 0, "envfile_line: absent") ;
  }

  snprintf(bin, sizeof bin, "rm -rf %s", root) ;
  if (system(bin)) printf("# cleanup failed\n") ;
  return tap_done() ;
}
