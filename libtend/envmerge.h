/* ISC license. */
/* tend: the merge of the boot's environment, one rule for the boot and for --check. */
#ifndef TEND_ENVMERGE_H
#define TEND_ENVMERGE_H

#include <stddef.h>
#include <skalibs/genalloc.h>

/* Appends to merged (a genalloc of char const *) the environment that the services, the
   scripts and the CMD get, then a NULL. Precedence, highest first:
   1. fixed (NULL-terminated, or NULL): what wins over everything (e.g. TEND_ETC and TEND_RUN
      as in use);
   2. envp (NULL-terminated): the container's environment; entries without '=' are skipped;
   3. vars[0..len): "KEY=VALUE\0"... as tend_envfile_parse appends them, the env files in
      name order, each in line order: a later assignment wins over an earlier one (so a
      later file wins over an earlier file).
   When a name appears twice in fixed or in envp, the first wins (getenv's rule).
   The pointers appended point into fixed, envp and vars, which must outlive merged.
   Returns 1, or 0 with errno set (ENOMEM) and merged as it was. */
extern int tend_env_merge (genalloc *merged, char const *const *fixed, char const *const *envp, char const *vars, size_t len) ;

#endif
