/* ISC license. */

#include <string.h>
#include <skalibs/types.h>
#include "settings.h"
#include "namenear.h"
#include "value.h"
#include "check.h"

#define NOWHERE "(environment)"

static char const *suggest (char const *s, size_t len)
{
  char const *best = 0 ;
  int bestd = -1, i ;
  for (i = 0 ; i < TEND_S_N ; i++)
  {
    int d = tend_name_near(s, len, tend_settings[i].name) ;
    if (d >= 0 && (bestd < 0 || d < bestd)) { bestd = d ; best = tend_settings[i].name ; }
  }
  return best ;
}

/* Where a is, and its name in printable form into name. */
static void place (char const *a, size_t k, tend_settings_where_fn *where, void *ctx, char const **file, size_t *line, char *name, size_t max)
{
  *file = NOWHERE ; *line = 0 ;
  if (where) (*where)(a, ctx, file, line) ;
  if (!*file) *file = NOWHERE ;
  tend_value_printable(name, max, a, k) ;
}

void tend_settings_check (char const *const *envp, char const *vars, size_t len, tend_settings_where_fn *where, void *ctx, tend_report *r)
{
  char const *const *e ;
  size_t pos = 0 ;
  while (pos < len)
  {
    char const *a = vars + pos ;
    char const *eq = strchr(a, '=') ;
    pos += strlen(a) + 1 ;
    if (eq && !strncmp(a, "TEND_", 5))
    {
      int i = tend_settings_find(a, (size_t)(eq - a)) ;
      if (i >= 0 && tend_settings[i].kind == TEND_SETTING_PATH)
      {
        char const *file ;
        size_t line ;
        char name[TEND_NAMENEAR_MAX * 4 + 4] ;
        place(a, (size_t)(eq - a), where, ctx, &file, &line, name, sizeof name) ;
        tend_report(r, file, line, TEND_REPORT_WARNING, name, " set in an env file is ignored (only the container's environment sets it)") ;
      }
    }
  }
  for (e = envp ; *e ; e++)
  {
    char const *eq = strchr(*e, '=') ;
    char const *const *prev ;
    char const *file ;
    char name[TEND_NAMENEAR_MAX * 4 + 4] ;
    size_t k, line ;
    int i ;
    if (!eq || strncmp(*e, "TEND_", 5)) continue ;
    k = (size_t)(eq - *e) ;
    for (prev = envp ; prev < e ; prev++)  /* the first of two assignments wins */
      if (!strncmp(*prev, *e, k + 1)) break ;
    if (prev < e) continue ;
    i = tend_settings_find(*e, k) ;
    if (i >= 0 && tend_settings[i].kind == TEND_SETTING_PATH) continue ;  /* see above */
    place(*e, k, where, ctx, &file, &line, name, sizeof name) ;
    if (i < 0)
    {
      char const *s = suggest(*e, k) ;
      if (s) tend_report(r, file, line, TEND_REPORT_WARNING, "unknown variable ", name, ", ignored by tend (did you mean ", s, "?)") ;
      else tend_report(r, file, line, TEND_REPORT_WARNING, "unknown variable ", name, ", ignored by tend") ;
    }
    else
    {
      unsigned int u ;
      if (!tend_value_uint(eq + 1, strlen(eq + 1), &u) || u > tend_settings[i].max)
      {
        char pr[TEND_VALUE_MAX * 4 + 8] ;
        char max[UINT_FMT], def[UINT_FMT] ;
        size_t vlen = strlen(eq + 1) ;
        tend_value_printable(pr, sizeof pr, eq + 1, vlen > TEND_VALUE_MAX ? TEND_VALUE_MAX : vlen) ;
        max[uint_fmt(max, tend_settings[i].max)] = 0 ;
        def[uint_fmt(def, tend_settings[i].def)] = 0 ;
        tend_report(r, file, line, TEND_REPORT_ERROR, "bad value for ", name, ": \"", pr, "\" (0 to ", max, "; the boot uses ", def, ")") ;
      }
    }
  }
}
