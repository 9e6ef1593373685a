/* ISC license. */

#include <string.h>
#include "perms.h"
#include "value.h"

static int blank (char c) { return c == ' ' || c == '\t' ; }

static int fail (tend_perms_err_t *err, char const *reason, char const *s, size_t len)
{
  err->reason = reason ;
  tend_value_printable(err->detail, sizeof(err->detail), s, len) ;
  return -1 ;
}

/* "-" (0) or octal up to 07777 (1); -1 if malformed. */
static int mode (char const *s, unsigned int *m)
{
  unsigned int v = 0 ;
  size_t n = strlen(s) ;
  if (n == 1 && s[0] == '-') return 0 ;
  if (!n || n > 5) return -1 ;
  for (size_t i = 0 ; i < n ; i++)
  {
    if (s[i] < '0' || s[i] > '7') return -1 ;
    v = (v << 3) | (unsigned int)(s[i] - '0') ;
  }
  if (v > 07777) return -1 ;
  *m = v ;
  return 1 ;
}

/* Absolute, no "." or ".." component; trailing slashes removed in place. */
static int goodpath (char *p)
{
  size_t n = strlen(p) ;
  if (p[0] != '/') return 0 ;
  while (n > 1 && p[n-1] == '/') p[--n] = 0 ;
  for (size_t i = 0 ; i < n ; i++)
  {
    if (p[i] != '/') continue ;
    if (p[i+1] == '.' && (!p[i+2] || p[i+2] == '/')) return 0 ;
    if (p[i+1] == '.' && p[i+2] == '.' && (!p[i+3] || p[i+3] == '/')) return 0 ;
  }
  return 1 ;
}

int tend_perms_parse (char const *line, size_t len, char const *const *envp, char *buf, size_t max, tend_perms_rule_t *rule, tend_perms_err_t *err)
{
  tend_perms_rule_t r = { .path = 0, .recurse = 1 } ;
  char *field[6] ;
  unsigned int nf = 0 ;
  char const *acc ;
  size_t i = 0 ;
  ssize_t n ;
  int m ;

  err->reason = "" ;
  err->detail[0] = 0 ;
  if (len && line[len-1] == '\r') len-- ;
  for (size_t j = 0 ; j < len ; j++)
  {
    unsigned char c = line[j] ;
    if ((c < 0x20 && c != '\t') || c == 0x7f) return fail(err, "control character or NUL in line", "", 0) ;
  }
  while (i < len && blank(line[i])) i++ ;
  if (i == len || line[i] == '#') return 0 ;

  n = tend_perms_subst(buf, max, line, len, envp, err) ;
  if (n < 0) return -1 ;
  for (size_t j = 0 ; j < (size_t)n ; j++)
  {
    unsigned char c = buf[j] ;
    if ((c < 0x20 && c != '\t') || c == 0x7f) return fail(err, "control character in a substituted value", "", 0) ;
  }

  /* split in place */
  for (size_t j = 0 ; j < (size_t)n ;)
  {
    while (j < (size_t)n && blank(buf[j])) buf[j++] = 0 ;
    if (j == (size_t)n) break ;
    if (nf == 6) break ;
    field[nf++] = buf + j ;
    while (j < (size_t)n && !blank(buf[j])) j++ ;
  }
  if (nf != 4 && nf != 5)
    return fail(err, "expected PATH RECURSE ACCOUNT FMODE DMODE (or PATH ACCOUNT FMODE DMODE)", "", 0) ;

  r.path = field[0] ;
  if (!goodpath(field[0])) return fail(err, "PATH must be absolute, without . or .. components", field[0], strlen(field[0])) ;
  if (nf == 5)
  {
    if (!strcmp(field[1], "true")) r.recurse = 1 ;
    else if (!strcmp(field[1], "false")) r.recurse = 0 ;
    else return fail(err, "RECURSE must be true or false", field[1], strlen(field[1])) ;
    acc = field[2] ;
  }
  else acc = field[1] ;
  if (!tend_account_scan(acc, strlen(acc), &r.account))
    return fail(err, "malformed ACCOUNT (user, user:group, uid:gid, or any of them followed by ,uid:gid)", acc, strlen(acc)) ;
  m = mode(field[nf-2], &r.fmode) ;
  if (m < 0) return fail(err, "FMODE must be octal (at most 07777) or -", field[nf-2], strlen(field[nf-2])) ;
  r.hasfmode = m ;
  m = mode(field[nf-1], &r.dmode) ;
  if (m < 0) return fail(err, "DMODE must be octal (at most 07777) or -", field[nf-1], strlen(field[nf-1])) ;
  r.hasdmode = m ;
  *rule = r ;
  return 1 ;
}
