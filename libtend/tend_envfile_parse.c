/* ISC license. */

#include <errno.h>
#include <skalibs/stralloc.h>
#include "envfile.h"

static int iskeystart (char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ; }
static int iskey (char c) { return iskeystart(c) || (c >= '0' && c <= '9') ; }
static int isblank_ (char c) { return c == ' ' || c == '\t' ; }

/* After a quoted value: blanks, an optional comment, then end of line. */
static int rest_of_line (char const *s, size_t len, size_t *i)
{
  while (*i < len && isblank_(s[*i])) (*i)++ ;
  if (*i < len && s[*i] == '#') while (*i < len && s[*i] != '\n') (*i)++ ;
  if (*i < len && s[*i] == '\r') (*i)++ ;
  if (*i < len && s[*i] != '\n') return 0 ;
  return 1 ;
}

int tend_envfile_parse (char const *s, size_t len, stralloc *sa, size_t *line, char const **err)
{
  size_t sabase = sa->len ;
  size_t i = 0 ;
  size_t ln = 1 ;
  char const *msg = 0 ;
  while (i < len)
  {
    size_t start ;
    while (i < len && isblank_(s[i])) i++ ;
    if (i >= len) break ;
    if (s[i] == '\n') { i++ ; ln++ ; continue ; }
    if (s[i] == '\r' && i + 1 < len && s[i+1] == '\n') { i += 2 ; ln++ ; continue ; }
    if (s[i] == '#')
    {
      while (i < len && s[i] != '\n') { if (!s[i]) { msg = "NUL byte" ; goto bad ; } i++ ; }
      continue ;
    }
    /* KEY */
    start = i ;
    if (!iskeystart(s[i])) { msg = "bad variable name (expected KEY=VALUE)" ; goto bad ; }
    while (i < len && iskey(s[i])) i++ ;
    if (i >= len || s[i] != '=')
    {
      msg = (i >= len || s[i] == '\n' || s[i] == '\r') ? "missing = (expected KEY=VALUE)" :
            isblank_(s[i]) ? "blank between the name and = (expected KEY=VALUE)" :
            "bad character in variable name (expected KEY=VALUE)" ;
      goto bad ;
    }
    if (!stralloc_catb(sa, s + start, i - start + 1)) goto nomem ;
    i++ ;
    while (i < len && isblank_(s[i])) i++ ;
    if (i < len && s[i] == '"')
    {
      size_t qline = ln ;
      i++ ;
      for (;;)
      {
        char c ;
        if (i >= len) { ln = qline ; msg = "unterminated double quote" ; goto bad ; }
        c = s[i++] ;
        if (c == '"') break ;
        if (!c) { msg = "NUL byte" ; goto bad ; }
        if (c == '\n') ln++ ;
        if (c == '\\')
        {
          if (i >= len) { ln = qline ; msg = "unterminated double quote" ; goto bad ; }
          switch (s[i++])
          {
            case '\\' : c = '\\' ; break ;
            case '"' : c = '"' ; break ;
            case 'n' : c = '\n' ; break ;
            case 't' : c = '\t' ; break ;
            case 'r' : c = '\r' ; break ;
            default : msg = "unknown escape in double quotes (use \\\\ \\\" \\n \\t \\r)" ; goto bad ;
          }
        }
        if (!stralloc_catb(sa, &c, 1)) goto nomem ;
      }
      if (!rest_of_line(s, len, &i)) { msg = "text after the closing double quote" ; goto bad ; }
    }
    else if (i < len && s[i] == '\'')
    {
      size_t qline = ln ;
      i++ ;
      start = i ;
      for (;;)
      {
        if (i >= len) { ln = qline ; msg = "unterminated single quote" ; goto bad ; }
        if (s[i] == '\'') break ;
        if (!s[i]) { msg = "NUL byte" ; goto bad ; }
        if (s[i] == '\n') ln++ ;
        i++ ;
      }
      if (!stralloc_catb(sa, s + start, i - start)) goto nomem ;
      i++ ;
      if (!rest_of_line(s, len, &i)) { msg = "text after the closing single quote" ; goto bad ; }
    }
    else
    {
      size_t end ;
      start = i ;
      while (i < len && s[i] != '\n') { if (!s[i]) { msg = "NUL byte" ; goto bad ; } i++ ; }
      end = i ;
      while (end > start && (isblank_(s[end-1]) || s[end-1] == '\r')) end-- ;
      if (!stralloc_catb(sa, s + start, end - start)) goto nomem ;
    }
    if (!stralloc_0(sa)) goto nomem ;
    /* now at '\n' or end */
  }
  return 1 ;

 bad:
  sa->len = sabase ;
  *line = ln ;
  *err = msg ;
  return 0 ;
 nomem:
  sa->len = sabase ;
  return -1 ;
}
