/* ISC license. */

#include <string.h>
#include <unistd.h>
#include "svdir.h"

char const *tend_svdir_name (char *buf, size_t max, char const *dir, int usecwd)
{
  size_t len, i, j ;
  if (usecwd) { if (!getcwd(buf, max)) return 0 ; }
  else
  {
    len = strlen(dir) ;
    if (len >= max) return 0 ;
    memcpy(buf, dir, len + 1) ;
  }
  len = strlen(buf) ;
  while (len > 1 && buf[len-1] == '/') buf[--len] = 0 ;
  i = len ;
  while (i && buf[i-1] != '/') i-- ;
  if (!buf[i] || !strcmp(buf + i, ".") || !strcmp(buf + i, "..")) return 0 ;
  if (strcmp(buf + i, TEND_SVDIR_LOG)) return buf + i ;
  j = i ;
  while (j && buf[j-1] == '/') j-- ;
  if (!j) return 0 ;
  len = j ;
  while (j && buf[j-1] != '/') j-- ;
  if (!strncmp(buf + j, ".", len - j) || !strncmp(buf + j, "..", len - j)) return 0 ;
  buf[len] = '/' ;
  memmove(buf + len + 1, TEND_SVDIR_LOG, sizeof(TEND_SVDIR_LOG)) ;
  return buf + j ;
}
