/* ISC license. */
/* tend: the rule lines of perms files (tend-fixperms), parsed without touching anything. */
#ifndef TEND_PERMS_H
#define TEND_PERMS_H

#include <sys/types.h>
#include <stddef.h>
#include "account.h"

/*
  One rule per line; blank lines and lines whose first non-blank byte is '#' are ignored.
  Before splitting, every {{NAME}} (NAME = [A-Za-z_][A-Za-z0-9_]*) is replaced by the value
  of the environment variable NAME; USERMAP_UID and USERMAP_GID default to 0, any other
  unset NAME is an error. Values are inserted verbatim (not scanned again).
  Fields are separated by spaces and tabs:
    PATH RECURSE ACCOUNT FMODE DMODE    RECURSE: true | false
    PATH ACCOUNT FMODE DMODE            (ignity's form: RECURSE is true)
  PATH: absolute, no "." or ".." component, trailing slashes ignored.
  ACCOUNT: see account.h. FMODE, DMODE: octal, at most 07777, or "-" (leave modes alone).
  A line may not contain NUL or control characters other than tab (a final CR is ignored).
*/

#define TEND_PERMS_LINEMAX 8192  /* bytes of a line after substitution, NUL included */
#define TEND_PERMS_DETAILMAX 80  /* bytes of the printable detail of an error */

typedef struct tend_perms_rule_s tend_perms_rule_t ;
struct tend_perms_rule_s
{
  char const *path ;  /* NUL-terminated, inside the caller's buffer */
  tend_account_spec_t account ;
  unsigned int fmode ;
  unsigned int dmode ;
  unsigned char recurse ;
  unsigned char hasfmode ;  /* 0: FMODE was "-" */
  unsigned char hasdmode ;
} ;

typedef struct tend_perms_err_s tend_perms_err_t ;
struct tend_perms_err_s
{
  char const *reason ;                   /* static text */
  char detail[TEND_PERMS_DETAILMAX] ;    /* printable copy of the offending text, or "" */
} ;

/* Replaces {{NAME}} in line[0..len) into dst (size max, NUL-terminated), values from envp
   (a NULL-terminated environ-like array). Returns the length, or -1 with err filled. */
extern ssize_t tend_perms_subst (char *dst, size_t max, char const *line, size_t len, char const *const *envp, tend_perms_err_t *err) ;

/* Parses line[0..len) (no newline), using buf (size max, at least TEND_PERMS_LINEMAX is
   sensible) for the substituted text that rule->path points into.
   Returns 1 with *rule filled, 0 for a blank or comment line, -1 with err filled. */
extern int tend_perms_parse (char const *line, size_t len, char const *const *envp, char *buf, size_t max, tend_perms_rule_t *rule, tend_perms_err_t *err) ;

#endif
