/* ISC license. */

#include <string.h>
#include "envfiles.h"

int tend_env_nameok (char const *s, size_t len)
{
  return len && len <= TEND_ENV_NAMEMAX && s[0] != '.' && !memchr(s, '/', len) ;
}
