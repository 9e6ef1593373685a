/* ISC license. */

#include <string.h>
#include <skalibs/genalloc.h>
#include "envmerge.h"

static size_t keylen (char const *s)
{
  char const *e = strchr(s, '=') ;
  return e ? (size_t)(e - s) : strlen(s) ;
}

/* Adds kv unless its name is already in merged[from..]: the first added wins. */
static int add (genalloc *merged, size_t from, char const *kv)
{
  char const **s = genalloc_s(char const *, merged) ;
  size_t n = genalloc_len(char const *, merged), k = keylen(kv), i ;
  for (i = from ; i < n ; i++)
    if (!strncmp(s[i], kv, k) && s[i][k] == '=') return 1 ;
  return genalloc_append(char const *, merged, &kv) ;
}

int tend_env_merge (genalloc *merged, char const *const *fixed, char const *const *envp, char const *vars, size_t len)
{
  genalloc lines = GENALLOC_ZERO ;  /* char const *: the files' assignments, in order */
  size_t from = genalloc_len(char const *, merged), pos, n ;
  char const *z = 0 ;
  if (fixed) for (; *fixed ; fixed++) if (strchr(*fixed, '=') && !add(merged, from, *fixed)) goto err ;
  for (; *envp ; envp++) if (strchr(*envp, '=') && !add(merged, from, *envp)) goto err ;
  for (pos = 0 ; pos < len ; pos += strlen(vars + pos) + 1)
  {
    char const *p = vars + pos ;
    if (!genalloc_append(char const *, &lines, &p)) goto err ;
  }
  /* from the last to the first, so that the last one wins */
  for (n = genalloc_len(char const *, &lines) ; n-- ; )
    if (!add(merged, from, genalloc_s(char const *, &lines)[n])) goto err ;
  if (!genalloc_append(char const *, merged, &z)) goto err ;
  genalloc_free(char const *, &lines) ;
  return 1 ;
 err:
  genalloc_free(char const *, &lines) ;
  genalloc_setlen(char const *, merged, from) ;
  return 0 ;
}
