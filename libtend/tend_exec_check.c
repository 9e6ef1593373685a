/* ISC license. */

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <skalibs/djbunix.h>
#include "svdir.h"
#include "value.h"
#include "check.h"

/* What execve reads of a #! line (Linux's BINPRM_BUF_SIZE). */
#define SHEBANG_MAX 256

static int blank (char c) { return c == ' ' || c == '\t' ; }

/* root + path into buf; 0 when too long. root is never NULL here (tend_exec_check makes
   it ""): memcpy from NULL, even of 0 bytes, lets the compiler drop later NULL tests. */
static int rooted (char *buf, char const *root, char const *path, size_t plen)
{
  size_t rlen = strlen(root) ;
  while (rlen && root[rlen-1] == '/') rlen-- ;
  if (rlen + plen + 1 > TEND_PATH_MAX) return 0 ;
  memcpy(buf, root, rlen) ;
  memcpy(buf + rlen, path, plen) ;
  buf[rlen + plen] = 0 ;
  return 1 ;
}

/* 1: an executable file at root+path (or a symlink that cannot be followed outside the
   image: given the benefit of the doubt); 0: absent or not executable, errno set. */
static int exists (char const *root, char const *path, size_t plen)
{
  char buf[TEND_PATH_MAX] ;
  struct stat st ;
  if (!rooted(buf, root, path, plen)) { errno = ENAMETOOLONG ; return 0 ; }
  if (stat(buf, &st) < 0)
  {
    int e = errno ;
    if (*root && lstat(buf, &st) == 0 && S_ISLNK(st.st_mode)) return 1 ;
    errno = e ;
    return 0 ;
  }
  if (!S_ISREG(st.st_mode) || !(st.st_mode & 0111)) { errno = EACCES ; return 0 ; }
  return 1 ;
}

/* X of "#!/usr/bin/env X", looked up as env(1) does: in pathvar unless it has a '/'. */
static int lookup (char const *root, char const *pathvar, char const *x, size_t xlen)
{
  if (memchr(x, '/', xlen)) return exists(root, x, xlen) ;
  if (!pathvar) pathvar = TEND_CHECK_PATH ;
  while (*pathvar)
  {
    char buf[TEND_PATH_MAX] ;
    size_t n = strcspn(pathvar, ":"), k = n ;
    if (n + xlen + 3 <= TEND_PATH_MAX)
    {
      memcpy(buf, pathvar, n) ;
      if (!k) buf[k++] = '.' ;  /* an empty entry is the current directory */
      buf[k++] = '/' ;
      memcpy(buf + k, x, xlen) ;
      if (exists(root, buf, k + xlen)) return 1 ;
    }
    pathvar += n ;
    if (*pathvar) pathvar++ ;
  }
  errno = ENOENT ;
  return 0 ;
}

static void shebang (char const *file, char const *s, size_t len, char const *root, char const *pathvar, tend_report *r)
{
  char pr[SHEBANG_MAX * 4] ;
  char const *nl ;
  size_t end, i = 2, ilen, a, alen ;
  if (len > SHEBANG_MAX) len = SHEBANG_MAX ;
  nl = memchr(s, '\n', len) ;
  end = nl ? (size_t)(nl - s) : len ;
  if (end && s[end-1] == '\r')
  {
    tend_value_printable(pr, sizeof pr, s, end) ;
    tend_report(r, file, 1, TEND_REPORT_ERROR, "the #! line ends in CR (DOS line endings), which becomes part of the interpreter or its argument: ", pr) ;
    return ;
  }
  while (i < end && blank(s[i])) i++ ;
  for (ilen = 0 ; i + ilen < end && !blank(s[i + ilen]) ; ilen++) ;
  if (!ilen) { tend_report(r, file, 1, TEND_REPORT_ERROR, "the #! line names no interpreter") ; return ; }
  tend_value_printable(pr, sizeof pr, s + i, ilen) ;
  if (s[i] != '/')
  {
    tend_report(r, file, 1, TEND_REPORT_ERROR, "the #! interpreter is not an absolute path: ", pr) ;
    return ;
  }
  if (!exists(root, s + i, ilen))
  {
    tend_report(r, file, 1, TEND_REPORT_ERROR, "the #! interpreter ", pr, errno == ENOENT ? " does not exist" : ": ", errno == ENOENT ? "" : strerror(errno)) ;
    return ;
  }
  if (ilen < 4 || memcmp(s + i + ilen - 4, "/env", 4)) return ;
  /* the rest of the line is one argument for env: "X", or "-S X args" */
  a = i + ilen ;
  while (a < end && blank(s[a])) a++ ;
  if (end - a >= 2 && s[a] == '-' && s[a+1] == 'S') { a += 2 ; while (a < end && blank(s[a])) a++ ; }
  for (alen = 0 ; a + alen < end && !blank(s[a + alen]) ; alen++) ;
  if (!alen || s[a] == '-' || memchr(s + a, '=', alen)) return ;
  if (!lookup(root, pathvar, s + a, alen))
  {
    tend_value_printable(pr, sizeof pr, s + a, alen) ;
    tend_report(r, file, 1, TEND_REPORT_ERROR, "the #! line runs env ", pr, ", which is not in PATH") ;
  }
}

void tend_exec_check (char const *file, char const *root, char const *pathvar, tend_report *r)
{
  char buf[TEND_CHECK_SCRIPTMAX] ;
  struct stat st ;
  ssize_t n ;
  if (!root) root = "" ;
  if (stat(file, &st) < 0)
  {
    tend_report(r, file, 0, TEND_REPORT_ERROR, errno == ENOENT ? "missing" : strerror(errno)) ;
    return ;
  }
  if (!S_ISREG(st.st_mode)) { tend_report(r, file, 0, TEND_REPORT_ERROR, "not a regular file") ; return ; }
  if (!(st.st_mode & 0111)) { tend_report(r, file, 0, TEND_REPORT_ERROR, "not executable (chmod +x)") ; return ; }
  n = openreadnclose(file, buf, sizeof buf) ;
  if (n < 0) { tend_report(r, file, 0, TEND_REPORT_ERROR, strerror(errno)) ; return ; }
  if (n >= 4 && !memcmp(buf, "\177ELF", 4)) return ;
  if (n < 2 || buf[0] != '#' || buf[1] != '!')
  {
    tend_report(r, file, 0, TEND_REPORT_ERROR, "neither a #! script nor an ELF binary: exec fails (Exec format error)") ;
    return ;
  }
  shebang(file, buf, (size_t)n, root, pathvar, r) ;
  tend_script_accounts(file, buf, (size_t)n, r) ;
}
