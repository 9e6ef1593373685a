/* ISC license. */
/* Unit tests for the env-file parser and the envdir reader. */

#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <skalibs/stralloc.h>
#include <skalibs/djbunix.h>
#include "envfile.h"
#include "tap.h"

static stralloc sa = STRALLOC_ZERO ;
static size_t eline ;
static char const *emsg ;

/* Parses lit; returns the output with each \0 shown as '|', or "ERR:LINE:msg". */
static char const *P (char const *s, size_t len)
{
  static char out[4096] ;
  int r ;
  sa.len = 0 ;
  eline = 0 ; emsg = 0 ;
  r = tend_envfile_parse(s, len, &sa, &eline, &emsg) ;
  if (r < 0) return "ENOMEM" ;
  if (!r)
  {
    size_t n = strlen(emsg) ;
    out[0] = 'E' ; out[1] = ':' ; out[2] = '0' + (char)eline ; out[3] = ':' ;
    memcpy(out + 4, emsg, n + 1 > sizeof out - 4 ? sizeof out - 5 : n + 1) ;
    return out ;
  }
  if (sa.len >= sizeof out) return "TOOLONG" ;
  for (size_t i = 0 ; i < sa.len ; i++) out[i] = sa.s[i] ? sa.s[i] : '|' ;
  out[sa.len] = 0 ;
  return out ;
}
#define PL(lit) P(lit, sizeof(lit) - 1)

int main (void)
{
  char tmpl[] = "/tmp/tend-envdir.XXXXXX" ;
  char path[256] ;
  tap_plan(35) ;

  is_str(PL(""), "", "empty file") ;
  is_str(PL("A=1\nB=2\n"), "A=1|B=2|", "two assignments") ;
  is_str(PL("A=1"), "A=1|", "no final newline") ;
  is_str(PL("# comment\n\n   \n\t# indented comment\nA=x"), "A=x|", "comments and blank lines") ;
  is_str(PL("  A=  spaced value  \t\n"), "A=spaced value|", "unquoted: blanks around the value stripped") ;
  is_str(PL("A=a # not a comment"), "A=a # not a comment|", "unquoted: # inside a value is kept") ;
  is_str(PL("A=\n"), "A=|", "empty value") ;
  is_str(PL("A=x=y\n"), "A=x=y|", "= inside a value") ;
  is_str(PL("A=1\r\nB=2\r\n"), "A=1|B=2|", "CRLF line ends") ;
  is_str(PL("A=\"  two\nlines \\\"q\\\" \\\\ \\t\"\n"), "A=  two\nlines \"q\" \\ \t|", "double quotes: blanks, newline, escapes") ;
  is_str(PL("A='it''s'"), "E:1:text after the closing single quote", "single quotes: text after the closing quote") ;
  is_str(PL("A='a \\n $x\nb'  # trailing comment\nB=2"), "A=a \\n $x\nb|B=2|", "single quotes: literal, multi-line, comment after") ;
  is_str(PL("A=\"x\"   \nB=\"\""), "A=x|B=|", "blanks after a closing quote, empty quoted value") ;
  is_str(PL("_a9=1"), "_a9=1|", "underscore and digits in a name") ;
  is_str(PL("A=1\nA=2"), "A=1|A=2|", "duplicates kept in order (the later wins when merged)") ;

  is_str(PL("A=1\nnovalue\n"), "E:2:missing = (expected KEY=VALUE)", "missing =") ;
  is_str(PL("A =1"), "E:1:blank between the name and = (expected KEY=VALUE)", "blank before =") ;
  is_str(PL("9A=1"), "E:1:bad variable name (expected KEY=VALUE)", "name starting with a digit") ;
  is_str(PL("A-B=1"), "E:1:bad character in variable name (expected KEY=VALUE)", "bad character in a name") ;
  is_str(PL("export A=1"), "E:1:blank between the name and = (expected KEY=VALUE)", "export is not shell") ;
  is_str(PL("=1"), "E:1:bad variable name (expected KEY=VALUE)", "empty name") ;
  is_str(PL("A=1\n\nB=\"abc\n\ndef"), "E:3:unterminated double quote", "unterminated double quote names its first line") ;
  is_str(PL("A='abc"), "E:1:unterminated single quote", "unterminated single quote") ;
  is_str(PL("A=\"x\" y"), "E:1:text after the closing double quote", "text after a double quote") ;
  is_str(PL("A=\"\\q\""), "E:1:unknown escape in double quotes (use \\\\ \\\" \\n \\t \\r)", "unknown escape") ;
  is_str(PL("A=\"\\"), "E:1:unterminated double quote", "backslash at end of file") ;
  is_str(P("A=a\0b", 5), "E:1:NUL byte", "NUL byte refused") ;
  is_str(P("B=1\n#\0", 6), "E:2:NUL byte", "NUL byte in a comment refused") ;
  sa.len = 0 ;
  stralloc_cats(&sa, "KEEP") ;
  ok(tend_envfile_parse("A=1\nbad", 7, &sa, &eline, &emsg) == 0 && sa.len == 4, "sa restored on error") ;

  /* 100 KiB value */
  {
    size_t n = 100 * 1024 ;
    char *big = malloc(n + 8) ;
    memcpy(big, "BIG=\"", 5) ;
    memset(big + 5, 'x', n) ;
    big[5 + n / 2] = '\n' ;
    big[5 + n] = '"' ;
    sa.len = 0 ;
    ok(tend_envfile_parse(big, n + 6, &sa, &eline, &emsg) == 1 && sa.len == 4 + n + 1 && sa.s[4 + n/2] == '\n', "100 KiB multi-line value") ;
    free(big) ;
  }

  /* envdir */
  ok(mkdtemp(tmpl) != 0, "temp dir") ;
  snprintf(path, sizeof path, "%s/B", tmpl) ; openwritenclose_unsafe(path, "two\nlines\n", 10) ;
  snprintf(path, sizeof path, "%s/A", tmpl) ; openwritenclose_unsafe(path, "", 0) ;
  snprintf(path, sizeof path, "%s/.tmp", tmpl) ; openwritenclose_unsafe(path, "x", 1) ;
  sa.len = 0 ;
  is_int(tend_envdir_read(tmpl, &sa), 2, "envdir: two variables, dot files skipped") ;
  ok(sa.len == 16 && !memcmp(sa.s, "A=\0B=two\nlines\n\0", 16), "envdir: name order, empty value, newlines kept") ;
  snprintf(path, sizeof path, "%s/C", tmpl) ; openwritenclose_unsafe(path, "a\0b", 3) ;
  sa.len = 0 ;
  errno = 0 ;
  ok(tend_envdir_read(tmpl, &sa) == -1 && errno == EINVAL && !sa.len, "envdir: a NUL in a value is EINVAL") ;
  rm_rf(tmpl) ;
  errno = 0 ;
  ok(tend_envdir_read(tmpl, &sa) == -1 && errno == ENOENT, "envdir: missing dir is ENOENT") ;
  stralloc_free(&sa) ;
  return tap_done() ;
}
