/* ISC license. */
/* tend: environment files (TEND_ETC/envs/ files) and the envdir of the merged environment.
   The grammar is documented in doc/boot.md. */
#ifndef TEND_ENVFILE_H
#define TEND_ENVFILE_H

#include <stddef.h>
#include <skalibs/stralloc.h>

/* Parses the env file held in s[0..len) (a pure function: no I/O, no global state).
   Appends every assignment, in file order, as "KEY=VALUE\0" to sa.
   Returns 1 on success; 0 on a syntax error, with *line (1-based, the line where the faulty
   construct starts) and *err (a static message, e.g. "unterminated double quote") set;
   -1 with errno on allocation failure. On 0 or -1, sa->len is restored. */
extern int tend_envfile_parse (char const *s, size_t len, stralloc *sa, size_t *line, char const **err) ;

/* Reads the envdir DIR: one file per variable, named after it, whose whole contents is the
   value (any length, newlines kept, an empty file is an empty value). Entries starting with
   '.' are skipped. Appends "KEY=VALUE\0" for each to sa, in name order.
   Returns the number of variables, or -1 with errno (EINVAL: a value holds a NUL byte).
   sa->len is restored on -1. */
extern int tend_envdir_read (char const *dir, stralloc *sa) ;

#endif
