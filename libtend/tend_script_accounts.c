/* ISC license. */

#include <string.h>
#include "value.h"
#include "check.h"

static int blank (char c) { return c == ' ' || c == '\t' ; }

/* Ends a word of a command line. */
static int wordend (char c) { return blank(c) || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == ')' ; }

/* A byte that makes a word something other than a literal account. */
static int special (char c) { return strchr("$`\"'\\{}()*?[]<>#~", c) != 0 ; }

static char const *const cmds[] = { "tend-setuidgid", "s6-setuidgid", 0 } ;

/* The account word after the command at s[i..len) (i just after the command name), or 0. */
static size_t account_word (char const *s, size_t len, size_t *i)
{
  for (;;)
  {
    size_t start, j ;
    while (*i < len && blank(s[*i])) (*i)++ ;
    start = *i ;
    for (j = start ; j < len && !wordend(s[j]) ; j++) ;
    if (j == start) return 0 ;
    *i = j ;
    if (s[start] != '-') { *i = start ; return j - start ; }
    if (j - start == 2 && s[start+1] == '-') continue ;  /* "--" */
  }
}

void tend_script_accounts (char const *file, char const *s, size_t len, tend_report *r)
{
  size_t pos = 0, line = 0 ;
  while (pos < len)
  {
    char const *nl = memchr(s + pos, '\n', len - pos) ;
    size_t end = nl ? (size_t)(nl - s) : len, i = pos ;
    line++ ;
    while (i < end && blank(s[i])) i++ ;
    if (i < end && s[i] != '#')
      for (; i < end ; i++)
      {
        unsigned int c ;
        if (i > pos && !wordend(s[i-1]) && s[i-1] != '/' && s[i-1] != '(' && s[i-1] != '{') continue ;
        for (c = 0 ; cmds[c] ; c++)
        {
          size_t k = strlen(cmds[c]), j = i + k, n, t ;
          tend_account_spec_t spec ;
          if (end - i <= k || memcmp(s + i, cmds[c], k) || !blank(s[j])) continue ;
          n = account_word(s, end, &j) ;
          if (!n) continue ;
          for (t = 0 ; t < n && !special(s[j+t]) ; t++) ;
          if (t < n) continue ;
          if (!tend_account_scan(s + j, n, &spec))
          {
            char pr[TEND_VALUE_MAX * 4] ;
            tend_value_printable(pr, sizeof pr, s + j, n) ;
            tend_report(r, file, line, TEND_REPORT_ERROR, cmds[c], ": not an account: ", pr) ;
          }
          else tend_account_check(&spec, file, line, r) ;
          i = j + n - 1 ;
          break ;
        }
      }
    pos = end + 1 ;
  }
}
