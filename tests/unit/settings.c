/* ISC license. */
/* Unit tests for the TEND_* settings table and the environment merge. */

#include <string.h>
#include <skalibs/genalloc.h>
#include "settings.h"
#include "envmerge.h"
#include "tap.h"

static unsigned int nbad = 0 ;
static char const *lastbad = 0 ;

static void bad (tend_setting const *s, char const *value, void *ctx)
{
  (void)value ; (void)ctx ;
  nbad++ ;
  lastbad = s->name ;
}

/* The value of name in the NULL-terminated list e, or 0; and how many times it is there. */
static char const *get (char const *const *e, char const *name, unsigned int *count)
{
  size_t k = strlen(name) ;
  char const *r = 0 ;
  *count = 0 ;
  for (; *e ; e++)
    if (!strncmp(*e, name, k) && (*e)[k] == '=') { if (!r) r = *e + k + 1 ; (*count)++ ; }
  return r ;
}

int main (void)
{
  unsigned int v[TEND_S_N], c ;
  int i ;
  tap_plan(23) ;

  {
    char const *env[] = { "PATH=/bin", 0 } ;
    ok(tend_settings_read(env, v, &bad, 0) == 0 && nbad == 0, "no TEND_* variable: no bad value") ;
    ok(v[TEND_S_VERBOSITY] == 1 && v[TEND_S_SERVICES_GRACETIME] == 5000 && v[TEND_S_KILL_GRACETIME] == 3000, "defaults") ;
  }
  {
    char const *env[] = { "TEND_VERBOSITY=3", "TEND_VERBOSITY=0", "TEND_SYNC_DISKS=1", "TEND_KILL_GRACETIME= 10 ", 0 } ;
    ok(tend_settings_read(env, v, &bad, 0) == 0, "good values") ;
    ok(v[TEND_S_VERBOSITY] == 3, "the first of two assignments wins (getenv's rule)") ;
    ok(v[TEND_S_SYNC_DISKS] == 1 && v[TEND_S_KILL_GRACETIME] == 10, "values read") ;
  }
  {
    char const *env[] = { "TEND_VERBOSITY=4", "TEND_SKIP_PERMS=yes", "TEND_INIT_MAXTIME=2147483648", "TEND_NOSUCH=1", "TEND_ETC=/x", 0 } ;
    nbad = 0 ;
    ok(tend_settings_read(env, v, &bad, 0) == 3 && nbad == 3, "three bad values reported, unknown and path names ignored") ;
    ok(v[TEND_S_VERBOSITY] == 1 && v[TEND_S_SKIP_PERMS] == 0 && v[TEND_S_INIT_MAXTIME] == 0, "a bad value gets the default") ;
    ok(tend_settings_read(env, v, 0, 0) == 3, "no callback: still counted") ;
  }
  ok(tend_settings_find("TEND_LOG_PREFIX", 15) == TEND_S_LOG_PREFIX, "find a name") ;
  ok(tend_settings_find("TEND_LOG_PREFIXX", 15) == TEND_S_LOG_PREFIX, "find takes the length given") ;
  ok(tend_settings_find("TEND_LOG_PREFI", 14) < 0, "a prefix of a name is not a name") ;
  ok(tend_settings_find("TEND_RUN", 8) == TEND_S_RUN, "paths are settings too") ;
  for (i = 0, c = 0 ; i < TEND_S_N ; i++) if (tend_settings[i].name && !strncmp(tend_settings[i].name, "TEND_", 5) && tend_settings[i].what) c++ ;
  ok(c == TEND_S_N, "every entry of the table has a name and a meaning") ;

  {
    /* files in name order: 10-a sets X=relative, 20-b sets X=/srv/ok: the later file wins */
    static char const vars[] = "X=relative\0Y=1\0X=/srv/ok\0Z=a\0Z=b" ;
    char const *fixed[] = { "TEND_ETC=/etc/tend", 0 } ;
    char const *env[] = { "PATH=/bin", "Y=container", "NOEQUALS", "PATH=/second", "TEND_ETC=/from/env", 0 } ;
    genalloc m = GENALLOC_ZERO ;
    char const *const *e ;
    ok(tend_env_merge(&m, fixed, env, vars, sizeof vars), "merge") ;
    e = genalloc_s(char const *, &m) ;
    ok(!e[genalloc_len(char const *, &m) - 1], "NULL-terminated") ;
    ok(!strcmp(get(e, "X", &c), "/srv/ok") && c == 1, "a later env file wins over an earlier one") ;
    ok(!strcmp(get(e, "Z", &c), "b") && c == 1, "a later line wins over an earlier line") ;
    ok(!strcmp(get(e, "Y", &c), "container") && c == 1, "the container's environment wins over the files") ;
    ok(!strcmp(get(e, "PATH", &c), "/bin") && c == 1, "the first of two container assignments wins") ;
    ok(!strcmp(get(e, "TEND_ETC", &c), "/etc/tend") && c == 1, "fixed wins over everything") ;
    ok(!get(e, "NOEQUALS", &c) && genalloc_len(char const *, &m) == 6, "entries without '=' skipped") ;
    genalloc_free(char const *, &m) ;
  }
  {
    char const *env[] = { 0 } ;
    genalloc m = GENALLOC_ZERO ;
    ok(tend_env_merge(&m, 0, env, "", 0) && genalloc_len(char const *, &m) == 1, "empty merge: just the NULL") ;
    genalloc_free(char const *, &m) ;
  }
  {
    /* merging after something already in merged: earlier entries are not consulted */
    char const *first = "A=old" ;
    char const *env[] = { "A=new", 0 } ;
    genalloc m = GENALLOC_ZERO ;
    genalloc_append(char const *, &m, &first) ;
    ok(tend_env_merge(&m, 0, env, "", 0) && genalloc_len(char const *, &m) == 3 && !strcmp(genalloc_s(char const *, &m)[1], "A=new"), "appends after what merged held") ;
    genalloc_free(char const *, &m) ;
  }
  return tap_failed != 0 ;
}
