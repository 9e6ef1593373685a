/* ISC license. */

#include <string.h>
#include <skalibs/env.h>
#include "perms.h"
#include "value.h"

static int namestart (char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ; }
static int namechar (char c) { return namestart(c) || (c >= '0' && c <= '9') ; }

static ssize_t fail (tend_perms_err_t *err, char const *reason, char const *s, size_t len)
{
  err->reason = reason ;
  tend_value_printable(err->detail, sizeof(err->detail), s, len) ;
  return -1 ;
}

ssize_t tend_perms_subst (char *dst, size_t max, char const *line, size_t len, char const *const *envp, tend_perms_err_t *err)
{
  size_t w = 0 ;
  size_t i = 0 ;
  if (!max) return fail(err, "line too long", "", 0) ;
  while (i < len)
  {
    char const *v ;
    size_t vlen ;
    if (i + 1 < len && line[i] == '{' && line[i+1] == '{')
    {
      char name[TEND_PERMS_DETAILMAX] ;
      size_t j = i + 2 ;
      while (j < len && namechar(line[j])) j++ ;
      if (j == i + 2 || !namestart(line[i+2]) || j + 1 >= len || line[j] != '}' || line[j+1] != '}')
        return fail(err, "malformed {{NAME}}", line + i, len - i < 24 ? len - i : 24) ;
      if (j - i - 2 >= sizeof(name)) return fail(err, "variable name too long", line + i + 2, j - i - 2) ;
      memcpy(name, line + i + 2, j - i - 2) ;
      name[j - i - 2] = 0 ;
      v = env_get2(envp, name) ;
      if (!v)
      {
        if (strcmp(name, "USERMAP_UID") && strcmp(name, "USERMAP_GID"))
          return fail(err, "undefined variable", name, j - i - 2) ;
        v = "0" ;
      }
      vlen = strlen(v) ;
      i = j + 2 ;
    }
    else { v = line + i++ ; vlen = 1 ; }
    if (vlen >= max - w) return fail(err, "line too long", "", 0) ;
    memcpy(dst + w, v, vlen) ;
    w += vlen ;
  }
  dst[w] = 0 ;
  return w ;
}
