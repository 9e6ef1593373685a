/* ISC license. */

#include <errno.h>
#include <string.h>
#include <skalibs/types.h>
#include "account.h"

/* A decimal number of s[0..len) below 2^32-1; 1 or 0. */
static int number (char const *s, size_t len, uint32_t *n)
{
  uint32_t v = 0 ;
  if (!len || len > 10) return 0 ;
  for (size_t i = 0 ; i < len ; i++)
  {
    if (s[i] < '0' || s[i] > '9') return 0 ;
    if (v > (UINT32_MAX - (uint32_t)(s[i] - '0')) / 10) return 0 ;
    v = v * 10 + (uint32_t)(s[i] - '0') ;
  }
  if (v == UINT32_MAX) return 0 ;  /* (uid_t)-1 means "unchanged" to chown and setreuid */
  *n = v ;
  return 1 ;
}

static int isdigits (char const *s, size_t len)
{
  for (size_t i = 0 ; i < len ; i++) if (s[i] < '0' || s[i] > '9') return 0 ;
  return 1 ;
}

/* A user or group name, copied into dst: 1 or 0. */
static int name (char const *s, size_t len, char *dst)
{
  if (!len || len > TEND_ACCOUNT_NAMEMAX || s[0] == '-') return 0 ;
  for (size_t i = 0 ; i < len ; i++)
  {
    unsigned char c = s[i] ;
    if (c <= ' ' || c == 0x7f || c == ':' || c == ',') return 0 ;
  }
  memcpy(dst, s, len) ;
  dst[len] = 0 ;
  return 1 ;
}

/* USER or GROUP part: a number or a name. */
static int part (char const *s, size_t len, char *dst, uint32_t *n, unsigned int isname, unsigned int *flags)
{
  if (len && isdigits(s, len))
  {
    dst[0] = 0 ;
    return number(s, len, n) ;
  }
  if (!name(s, len, dst)) return 0 ;
  *flags |= isname ;
  return 1 ;
}

int tend_account_scan (char const *s, size_t len, tend_account_spec_t *spec)
{
  tend_account_spec_t sp = { .flags = 0 } ;
  uint32_t u = 0, g = 0 ;
  char const *comma = memchr(s, ',', len) ;
  size_t speclen = comma ? (size_t)(comma - s) : len ;
  char const *colon = memchr(s, ':', speclen) ;
  size_t ulen = colon ? (size_t)(colon - s) : speclen ;

  if (!part(s, ulen, sp.user, &u, TEND_ACCOUNT_USERNAME, &sp.flags)) goto bad ;
  if (colon)
  {
    if (!part(colon + 1, speclen - ulen - 1, sp.group, &g, TEND_ACCOUNT_GROUPNAME, &sp.flags)) goto bad ;
    sp.flags |= TEND_ACCOUNT_HASGROUP ;
  }
  else if (!(sp.flags & TEND_ACCOUNT_USERNAME)) goto bad ;  /* a bare number: which group? */
  sp.uid = u ;
  sp.gid = g ;
  if (comma)
  {
    char const *f = comma + 1 ;
    size_t flen = len - speclen - 1 ;
    char const *fc = memchr(f, ':', flen) ;
    uint32_t fu, fg ;
    if (!fc) goto bad ;
    if (!number(f, fc - f, &fu) || !number(fc + 1, flen - (fc - f) - 1, &fg)) goto bad ;
    /* a fallback only makes sense when there is a name that can be unknown */
    if (!(sp.flags & (TEND_ACCOUNT_USERNAME | TEND_ACCOUNT_GROUPNAME))) goto bad ;
    sp.fbuid = fu ;
    sp.fbgid = fg ;
    sp.flags |= TEND_ACCOUNT_FALLBACK ;
  }
  *spec = sp ;
  return 1 ;
 bad:
  errno = EINVAL ;
  return 0 ;
}
