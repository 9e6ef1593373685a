/* ISC license. */
/* Unit tests for perms rule lines ({{NAME}} substitution, fields) and account specs. */

#include <errno.h>
#include <string.h>
#include "account.h"
#include "perms.h"
#include "tap.h"

static char buf[TEND_PERMS_LINEMAX] ;
static tend_perms_rule_t r ;
static tend_perms_err_t e ;
static char const *env[] = { "USERMAP_UID=1000", "X=a b", "NL=x\ny", "EMPTY=", 0 } ;
static char const *noenv[] = { 0 } ;

#define P(lit) tend_perms_parse(lit, sizeof(lit) - 1, env, buf, sizeof(buf), &r, &e)
#define A(lit) tend_account_scan(lit, sizeof(lit) - 1, &sp)

int main (void)
{
  tend_account_spec_t sp ;
  tend_account_t a ;
  char small[8] ;
  ssize_t n ;
  tap_plan(70) ;

  /* account specs */
  ok(A("root") && sp.flags == TEND_ACCOUNT_USERNAME && !strcmp(sp.user, "root"), "account: user") ;
  ok(A("www:adm") && sp.flags == (TEND_ACCOUNT_USERNAME | TEND_ACCOUNT_HASGROUP | TEND_ACCOUNT_GROUPNAME) && !strcmp(sp.group, "adm"), "account: user:group") ;
  ok(A("1000:100") && sp.flags == TEND_ACCOUNT_HASGROUP && sp.uid == 1000 && sp.gid == 100, "account: uid:gid") ;
  ok(A("1000:staff") && sp.flags == (TEND_ACCOUNT_HASGROUP | TEND_ACCOUNT_GROUPNAME) && sp.uid == 1000, "account: uid:group") ;
  ok(A("app,1000:1001") && sp.flags == (TEND_ACCOUNT_USERNAME | TEND_ACCOUNT_FALLBACK) && sp.fbuid == 1000 && sp.fbgid == 1001, "account: user,uid:gid") ;
  ok(A("app:grp,5:6") && (sp.flags & TEND_ACCOUNT_FALLBACK) && sp.fbgid == 6, "account: user:group,uid:gid") ;
  ok(A("4294967294:0") && sp.uid == 4294967294U, "account: largest uid") ;
  errno = 0 ;
  ok(!A("4294967295:0") && errno == EINVAL, "account: uid -1 refused (EINVAL)") ;
  ok(!A("4294967296:0"), "account: uid overflow refused") ;
  ok(!A("1000"), "account: a bare number refused") ;
  ok(!A(""), "account: empty refused") ;
  ok(!A(":"), "account: lone colon refused") ;
  ok(!A("a:"), "account: empty group refused") ;
  ok(!A(":a"), "account: empty user refused") ;
  ok(!A("a:b:c"), "account: two colons refused") ;
  ok(!A("a,"), "account: empty fallback refused") ;
  ok(!A("a,1"), "account: fallback without gid refused") ;
  ok(!A("a,b:1"), "account: non-numeric fallback refused") ;
  ok(!A("a,1:2,3:4"), "account: two fallbacks refused") ;
  ok(!A("1:2,3:4"), "account: fallback of a numeric account refused") ;
  ok(!A("-rf"), "account: leading dash refused") ;
  ok(!A("a b"), "account: blank refused") ;
  ok(!tend_account_scan("ro\0t", 4, &sp), "account: NUL refused") ;
  {
    char big[TEND_ACCOUNT_NAMEMAX + 2] ;
    memset(big, 'u', sizeof(big)) ;
    ok(tend_account_scan(big, TEND_ACCOUNT_NAMEMAX, &sp), "account: longest name") ;
    ok(!tend_account_scan(big, TEND_ACCOUNT_NAMEMAX + 1, &sp), "account: overlong name refused") ;
  }

  /* account lookups (root exists everywhere; the other name nowhere) */
  ok(A("root") && tend_account_resolve(&sp, &a) && a.uid == 0 && a.gid == 0 && !strcmp(a.name, "root") && !a.usedfallback, "resolve: root") ;
  errno = 0 ;
  ok(A("tend-no-such-user") && !tend_account_resolve(&sp, &a) && errno == ESRCH, "resolve: unknown user is ESRCH") ;
  errno = 0 ;
  ok(A("root:tend-no-such-group") && !tend_account_resolve(&sp, &a) && errno == ENXIO, "resolve: unknown group is ENXIO") ;
  ok(A("tend-no-such-user,7:8") && tend_account_resolve(&sp, &a) && a.uid == 7 && a.gid == 8 && a.usedfallback && !a.name[0], "resolve: fallback used") ;
  ok(A("root,7:8") && tend_account_resolve(&sp, &a) && a.uid == 0 && !a.usedfallback, "resolve: fallback not used for a known name") ;
  ok(A("12:34") && tend_account_resolve(&sp, &a) && a.uid == 12 && a.gid == 34 && !a.name[0], "resolve: numbers, no lookup") ;

  /* substitution */
  n = tend_perms_subst(buf, sizeof(buf), "a{{USERMAP_UID}}b", 17, env, &e) ;
  ok(n == 6 && !strcmp(buf, "a1000b"), "subst: a set variable") ;
  n = tend_perms_subst(buf, sizeof(buf), "{{USERMAP_GID}}", 15, env, &e) ;
  ok(n == 1 && !strcmp(buf, "0"), "subst: USERMAP_GID defaults to 0") ;
  n = tend_perms_subst(buf, sizeof(buf), "{{USERMAP_UID}}", 15, noenv, &e) ;
  ok(n == 1 && !strcmp(buf, "0"), "subst: USERMAP_UID defaults to 0") ;
  n = tend_perms_subst(buf, sizeof(buf), "{{EMPTY}}x", 10, env, &e) ;
  ok(n == 1 && !strcmp(buf, "x"), "subst: empty value") ;
  n = tend_perms_subst(buf, sizeof(buf), "{{NOPE}}", 8, env, &e) ;
  ok(n < 0 && !strcmp(e.reason, "undefined variable") && !strcmp(e.detail, "NOPE"), "subst: undefined variable named") ;
  n = tend_perms_subst(buf, sizeof(buf), "{{X}", 4, env, &e) ;
  ok(n < 0 && !strcmp(e.reason, "malformed {{NAME}}"), "subst: unclosed reference") ;
  n = tend_perms_subst(buf, sizeof(buf), "{{1X}}", 6, env, &e) ;
  ok(n < 0, "subst: name starting with a digit refused") ;
  n = tend_perms_subst(buf, sizeof(buf), "{{}}", 4, env, &e) ;
  ok(n < 0, "subst: empty name refused") ;
  n = tend_perms_subst(buf, sizeof(buf), "a}}b{c", 6, env, &e) ;
  ok(n == 6 && !strcmp(buf, "a}}b{c"), "subst: lone braces are literal") ;
  n = tend_perms_subst(buf, sizeof(buf), "{{X}}{{X}}", 10, env, &e) ;
  ok(n == 6 && !strcmp(buf, "a ba b"), "subst: values not scanned again, repeated") ;
  n = tend_perms_subst(small, sizeof(small), "{{USERMAP_UID}}{{USERMAP_UID}}", 30, env, &e) ;
  ok(n < 0 && !strcmp(e.reason, "line too long"), "subst: overflow refused") ;
  n = tend_perms_subst(small, sizeof(small), "1234567", 7, env, &e) ;
  ok(n == 7 && !strcmp(small, "1234567"), "subst: exact fit") ;

  /* rule lines */
  ok(P("") == 0, "parse: empty line") ;
  ok(P("  \t ") == 0, "parse: blank line") ;
  ok(P("  # /x true 0:0 - -") == 0, "parse: comment") ;
  ok(P("/srv/data true app:grp 0640 0750") == 1 && !strcmp(r.path, "/srv/data") && r.recurse && r.hasfmode && r.fmode == 0640 && r.hasdmode && r.dmode == 0750 && !strcmp(r.account.group, "grp"), "parse: five fields") ;
  ok(P("/srv/data\tfalse\t0:0\t-\t4755") == 1 && !r.recurse && !r.hasfmode && r.hasdmode && r.dmode == 04755, "parse: tabs, false, - mode") ;
  ok(P("/var/lib/x {{USERMAP_UID}}:{{USERMAP_GID}} 0600 0700") == 1 && r.recurse && r.account.uid == 1000 && r.account.gid == 0 && r.fmode == 0600, "parse: ignity four fields mean recurse, substitution") ;
  ok(P("/a/b/// true app,1:2 - -\r") == 1 && !strcmp(r.path, "/a/b") && (r.account.flags & TEND_ACCOUNT_FALLBACK), "parse: trailing slashes and CR dropped, fallback") ;
  ok(P("/ false 0:0 0755 0755") == 1 && !strcmp(r.path, "/"), "parse: the root") ;
  ok(P("/x true 0:0 7777 0") == 1 && r.fmode == 07777 && r.dmode == 0, "parse: extreme modes") ;
  ok(P("/x true 0:0 10000 -") < 0 && strstr(e.reason, "FMODE") && !strcmp(e.detail, "10000"), "parse: mode too big") ;
  ok(P("/x true 0:0 0648 -") < 0, "parse: non-octal digit") ;
  ok(P("/x true 0:0 - +7") < 0 && strstr(e.reason, "DMODE"), "parse: signed mode") ;
  ok(P("/x true 0:0 - --") < 0, "parse: -- is not a mode") ;
  ok(P("/x yes 0:0 - -") < 0 && strstr(e.reason, "RECURSE") && !strcmp(e.detail, "yes"), "parse: bad RECURSE named") ;
  ok(P("x true 0:0 - -") < 0 && strstr(e.reason, "absolute"), "parse: relative path") ;
  ok(P("/a/../etc true 0:0 - -") < 0, "parse: .. component") ;
  ok(P("/a/./b true 0:0 - -") < 0, "parse: . component") ;
  ok(P("/a/..b true 0:0 - -") == 1, "parse: ..b is a name") ;
  ok(P("/x true nobody: - -") < 0 && strstr(e.reason, "ACCOUNT"), "parse: bad account") ;
  ok(P("/x true 0:0") < 0 && strstr(e.reason, "expected"), "parse: three fields") ;
  ok(P("/x true 0:0 - - extra") < 0, "parse: six fields") ;
  ok(P("/x true {{NOPE}} - -") < 0 && !strcmp(e.reason, "undefined variable"), "parse: undefined variable") ;
  ok(P("/x{{X}} true 0:0 - -") < 0, "parse: a value with a blank adds a field") ;
  ok(P("/x{{NL}} true 0:0 - -") < 0 && strstr(e.reason, "substituted"), "parse: a value with a newline refused") ;
  ok(tend_perms_parse("/x\0 true 0:0 - -", 16, env, buf, sizeof(buf), &r, &e) < 0 && strstr(e.reason, "NUL"), "parse: NUL refused") ;
  ok(P("/x\033 true 0:0 - -") < 0, "parse: escape byte refused") ;
  ok(tend_perms_parse("/xyzw true 0:0 - -", 18, env, small, sizeof(small), &r, &e) < 0 && !strcmp(e.reason, "line too long"), "parse: small buffer") ;
  return tap_done() ;
}
